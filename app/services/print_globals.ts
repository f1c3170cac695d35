/*
 * Edge globals for print views and pages: barcode(), qrcode() and printUrl().
 * No application services here, so the benchmarks can use them standalone.
 */
import { registerBarcodeGlobals } from '#services/barcode'

export type PrintFormat = 'pdf' | 'html'

/** `/print/<type>/<id>.pdf` (or `.html`): where a document prints. */
export function printUrl(type: string, id: string | number, format: PrintFormat = 'pdf') {
  return `/print/${encodeURIComponent(type)}/${encodeURIComponent(String(id))}.${format}`
}

/** Edge globals for print views and pages: barcode(), qrcode(), printUrl(). */
export function registerPrintGlobals(edge: { global: (name: string, value: unknown) => unknown }) {
  registerBarcodeGlobals(edge)
  edge.global('printUrl', (type: string, id: string | number, format: PrintFormat = 'pdf') => printUrl(type, id, format))
}

