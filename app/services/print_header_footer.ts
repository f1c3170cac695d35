/*
 * The running header and footer of printed documents (Chromium's header and
 * footer templates): company logo and name, the document title, who printed
 * it when, and "page x / y". No application services here, so the
 * benchmarks can use it without booting Loom.
 */
import { edgeGlobals } from 'edge.js'
import type { PaperSize } from '#services/pdf_service'

export interface CompanyInfo {
  name: string
  /** data: URL of the logo image, or null */
  logo: string | null
}

/** What every print view (and the print/layout component) can read as `print`. */
export interface PrintContext {
  type: string
  id: string
  title: string
  paper: PaperSize
  landscape: boolean
  company: CompanyInfo
  locale: string
  printedAt: string
  /** true when rendered for the browser (`.html`), false inside the PDF */
  screen: boolean
}

const escape = (value: string) => edgeGlobals.html.escape(value) as string
const FONT = `font-family: 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif`

/** Chromium header template: logo and company on the left, the document title on the right. */
export function headerTemplate(print: PrintContext): string {
  const side = print.paper === 'A5' ? '10mm' : '15mm'
  const logo = print.company.logo ? `<img src="${escape(print.company.logo)}" style="height: 7mm; margin-right: 2mm; vertical-align: middle">` : ''
  return (
    `<div style="${FONT}; font-size: 8.5px; color: #334155; width: 100%; margin: 0 ${side}; padding-bottom: 1.5mm; ` +
    `border-bottom: 0.3mm solid #cbd5e1; display: flex; align-items: center; justify-content: space-between; -webkit-print-color-adjust: exact">` +
    `<span style="display: flex; align-items: center">${logo}<span style="font-weight: 700; font-size: 10px">${escape(print.company.name)}</span></span>` +
    `<span>${escape(print.title)}</span></div>`
  )
}

/** Chromium footer template: when it was printed, and "page x / y". */
export function footerTemplate(print: PrintContext, pageOf: string, printedAtLabel: string): string {
  const side = print.paper === 'A5' ? '10mm' : '15mm'
  return (
    `<div style="${FONT}; font-size: 8px; color: #64748b; width: 100%; margin: 0 ${side}; display: flex; justify-content: space-between">` +
    `<span>${escape(printedAtLabel)}</span><span>${pageOf}</span></div>`
  )
}

