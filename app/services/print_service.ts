/*
 * Printing documents: finds the print template a document type registered
 * (kernel_manifest.ts or a plugin's manifest), checks the permission, runs
 * the template's loader (which applies the caller's data scope), renders the
 * Edge view and, for `.pdf`, prints it through the shared PdfService.
 */
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import plugins from '#services/plugins'
import { printUrl, type PrintFormat } from '#services/print_globals'
import { footerTemplate, headerTemplate, type CompanyInfo, type PrintContext } from '#services/print_header_footer'
import { userCan } from '#services/authorization'
import ForbiddenException from '#exceptions/forbidden_exception'
import { companyNow } from '#services/settings'
import NotFoundException from '#exceptions/not_found_exception'
import PrintUnavailableException from '#exceptions/print_unavailable_exception'

export type { CompanyInfo, PrintContext }
export type { PrintFormat }
export { printUrl }

function parseSetting(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw
  try {
    return JSON.parse(raw)
  } catch {
    return raw
  }
}

/**
 * The company as printed: `kernel.company_name` (text, or `{ "zh-CN": …, "en": … }`)
 * and `kernel.company_logo` (a data:image URL; anything else is ignored so a
 * print never fetches a URL).
 */
export async function companyInfo(locale: string): Promise<CompanyInfo> {
  const rows = await db.from('settings').whereIn('key', ['kernel.company_name', 'kernel.company_logo']).select('key', 'value')
  const values = new Map(rows.map((r) => [r.key, parseSetting(r.value)]))
  const rawName = values.get('kernel.company_name')
  let name = 'Loom'
  if (typeof rawName === 'string' && rawName.trim()) name = rawName
  else if (rawName && typeof rawName === 'object') {
    const byLocale = rawName as Record<string, string>
    name = byLocale[locale] || byLocale['zh-CN'] || byLocale['en'] || name
  }
  const rawLogo = values.get('kernel.company_logo')
  const logo = typeof rawLogo === 'string' && /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=]+$/.test(rawLogo) ? rawLogo : null
  return { name, logo }
}

export interface PrintResult {
  body: string | Buffer
  contentType: string
  filename: string
}

/**
 * Prints document `id` of `type` for the signed-in user of `ctx`:
 * unknown type (or one without a loader) → 404, missing permission → 403,
 * loader returns null (absent, or outside the user's data scope) → 404.
 */
export async function printDocument(ctx: HttpContext, type: string, id: string, format: PrintFormat): Promise<PrintResult> {
  const template = plugins.printTemplateDeclaration(type)
  if (!template || typeof template.load !== 'function') throw new NotFoundException(`No print template for "${type}"`)
  const user = ctx.auth.user
  if (!user) throw new ForbiddenException(template.permission)
  if (template.permission && !(await userCan(user, template.permission))) throw new ForbiddenException(template.permission)

  const data = await template.load(id, ctx)
  if (!data) throw new NotFoundException()

  const locale = ctx.i18n.locale
  // Paper shows the company's local time (setting kernel.timezone), whatever the server's clock zone.
  const now = await companyNow()
  const print: PrintContext = {
    type,
    id,
    title: template.title ? template.title(data, ctx) : `${type} ${id}`,
    paper: template.paper ?? 'A4',
    landscape: !!template.landscape,
    company: await companyInfo(locale),
    locale,
    printedAt: now.setLocale(locale).toFormat('yyyy-MM-dd HH:mm'),
    screen: format === 'html',
  }
  // Shared, so the print/layout component sees it too.
  ctx.view.share({ print })
  const html = await ctx.view.render(template.view, data)
  const filename = `${print.title}.${format}`.replace(/[\\/:*?"<>|\r\n]+/g, '_')
  if (format === 'html') return { body: html, contentType: 'text/html; charset=utf-8', filename }

  const pageOf = ctx.i18n.t('printing.page_of', { page: '<span class="pageNumber"></span>', pages: '<span class="totalPages"></span>' })
  const printedAt = ctx.i18n.t('printing.printed_at', { time: print.printedAt, user: user.name })
  // Loaded on first print: puppeteer-core stays out of the server's start-up.
  const { default: pdfService } = await import('#services/pdf_service')
  let pdf: Buffer
  try {
    pdf = await pdfService.pdf(html, {
      paper: print.paper,
      landscape: print.landscape,
      headerTemplate: headerTemplate(print),
      footerTemplate: footerTemplate(print, pageOf, printedAt),
    })
  } catch (error) {
    throw new PrintUnavailableException(error)
  }
  return { body: pdf, contentType: 'application/pdf', filename }
}
