import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { listSeries, updateSeries, formatNumber, patternProblems } from '#kernel/documents/number_series'
import { numberSeriesValidator } from '#validators/number_series_validator'
import { validateForm } from '#services/forms'
import { documentsWording } from '#validators/document_extras_validator'
import NotFoundException from '#exceptions/not_found_exception'
import { companyNow } from '#services/settings'

/** Admin page of number series: list, edit a pattern inline, live preview. */
export default class NumberSeriesController {
  async index({ view }: HttpContext) {
    return view.render('pages/admin/series/index', { series: await listSeries() })
  }

  async #find(type: string) {
    const row = (await listSeries()).find((s) => s.document_type === type)
    if (!row) throw new NotFoundException()
    return row
  }

  async edit(ctx: HttpContext) {
    const row = await this.#find(ctx.params.type)
    return this.#renderForm(ctx, row, { pattern: row.pattern, reset_yearly: row.reset_yearly }, {}, 200)
  }

  async update(ctx: HttpContext) {
    const row = await this.#find(ctx.params.type)
    const input = { pattern: String(ctx.request.input('pattern') ?? ''), reset_yearly: !!ctx.request.input('reset_yearly') }
    const { data: values, errors } = await validateForm<any>(ctx, numberSeriesValidator, { data: ctx.request.all(), ...documentsWording })
    if (errors) return this.#renderForm(ctx, row, input, errors, 422)
    await updateSeries(row.document_type, { pattern: values.pattern, resetYearly: values.reset_yearly === true })
    const saved = await this.#find(row.document_type)
    const label = saved.label ? saved.label[ctx.i18n.locale === 'en' ? 'en' : 'zh-CN'] : saved.document_type
    if (ctx.isHtmx) return ctx.view.render('pages/admin/series/_row', { row: saved })
    ctx.session.flash('success', ctx.i18n.t('documents.series.saved', { type: label }))
    return ctx.response.redirect().toRoute('admin.series.index')
  }

  /** The number a pattern would give next (htmx, as the admin types). */
  async preview({ request, i18n, response }: HttpContext) {
    const pattern = String(request.input('pattern') ?? '')
    const resetYearly = !!request.input('reset_yearly')
    const problems = patternProblems(pattern, resetYearly)
    if (problems.length) return response.send(`<span class="text-red-600">${escapeHtml(i18n.t(problems[0]))}</span>`)
    let next = 1n
    const today = await companyNow()
    const type = request.input('type')
    if (type) {
      const counter = await db
        .from('number_series_counters')
        .join('number_series', 'number_series.id', 'number_series_counters.series_id')
        .where('number_series.document_type', String(type))
        .where('period', resetYearly ? today.toFormat('yyyy') : '')
        .first()
      next = BigInt(counter?.last_value ?? 0) + 1n
    }
    return response.send(`<span class="font-mono" data-test="preview">${escapeHtml(formatNumber(pattern, next, today))}</span>`)
  }

  #renderForm(ctx: HttpContext, row: any, values: { pattern: string; reset_yearly: boolean }, errors: Record<string, string>, status: number) {
    ctx.response.status(status)
    const view = ctx.isHtmx ? 'pages/admin/series/_form_row' : 'pages/admin/series/edit'
    return ctx.view.render(view, { row, values, errors })
  }
}

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}
