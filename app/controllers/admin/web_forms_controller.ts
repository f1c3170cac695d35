/*
 * /admin/web-forms: form tokens for record types that allow public web
 * forms (web-to-record). Records are created as the admin who made the form.
 */
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import NotFoundException from '#exceptions/not_found_exception'
import { createWebFormToken, webFormTypes } from '#kernel/webforms/web_forms'

export default class WebFormsAdminController {
  async #render(ctx: HttpContext, errors: Record<string, string> = {}, status = 200) {
    const types = webFormTypes()
    const label = (l: { 'zh-CN': string; 'en': string }) => (ctx.i18n.locale === 'en' ? l.en : l['zh-CN'])
    const rows = await db
      .from('web_form_tokens')
      .leftJoin('users', 'users.id', 'web_form_tokens.user_id')
      .select('web_form_tokens.*', 'users.name as user_name')
      .orderBy('web_form_tokens.id')
    const forms = rows.map((r) => {
      const type = types.find((t) => t.type === r.record_type)
      return {
        ...r,
        active: !!r.active,
        typeLabel: type ? label(type.label) : r.record_type,
        fields: type?.webForm?.fields ?? [],
        url: `${ctx.request.protocol()}://${ctx.request.host()}/public/forms/${r.token}`,
      }
    })
    const html = await ctx.view.render('pages/admin/web_forms/index', {
      forms,
      types: types.map((t) => ({ value: t.type, label: `${label(t.label)} (${t.type})` })),
      errors,
      input: status === 422 ? ctx.request.all() : null,
    })
    return ctx.response.status(status).send(html)
  }

  async index(ctx: HttpContext) {
    return this.#render(ctx)
  }

  async store(ctx: HttpContext) {
    const type = String(ctx.request.input('record_type') ?? '')
    const name = String(ctx.request.input('name') ?? '').trim()
    const errors: Record<string, string> = {}
    if (!webFormTypes().some((t) => t.type === type)) errors.record_type = ctx.i18n.t('api.web_forms.errors.record_type')
    if (!name || name.length > 120) errors.name = ctx.i18n.t('validator.shared.messages.required', { field: ctx.i18n.t('api.web_forms.name') })
    if (Object.keys(errors).length) return this.#render(ctx, errors, 422)
    await createWebFormToken(type, name, ctx.auth.user!.id)
    return ctx.response.redirect().toRoute('admin.web_forms.index')
  }

  async toggle(ctx: HttpContext) {
    const row = await db.from('web_form_tokens').where('id', Number(ctx.params.id) || 0).first()
    if (!row) throw new NotFoundException()
    await db.from('web_form_tokens').where('id', row.id).update({ active: !row.active })
    ctx.session.flash('success', ctx.i18n.t('api.web_forms.toggled'))
    return ctx.response.redirect().toRoute('admin.web_forms.index')
  }
}
