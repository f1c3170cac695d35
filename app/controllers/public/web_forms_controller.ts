/*
 * POST /public/forms/<token>: a public website's form creates a record
 * (web-to-record). JSON in, JSON out for scripts; a plain form post gets a
 * small HTML page. See app/webforms/web_forms.ts.
 */
import { createHash } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import { createRecord } from '#kernel/records/record_writer'
import { apiErrorResponse, simpleError, type ApiResponse } from '#kernel/api/api_errors'
import { fieldsOf } from '#kernel/records/fields'
import { findWebForm, HONEYPOT_FIELD, WEB_FORM_RATE } from '#kernel/webforms/web_forms'

export default class WebFormsController {
  async submit(ctx: HttpContext) {
    const response = await this.#handle(ctx)
    ctx.response.header('Cache-Control', 'no-store')
    if (ctx.request.accepts(['json', 'html']) === 'html') {
      const errors = response.status >= 400 ? ((response.body as any).errors ?? []) : []
      return ctx.response.status(response.status).send(await ctx.view.render('pages/public/form_result', { errors }))
    }
    return ctx.response.status(response.status).send(response.body)
  }

  async #handle(ctx: HttpContext): Promise<ApiResponse> {
    const form = await findWebForm(String(ctx.params.token))
    if (!form) return simpleError(ctx.i18n, 404, 'not_found', 'errors.not_found')

    const throttle = limiter.use({ ...WEB_FORM_RATE })
    // Keyed by a hash of the form's token (never stored in the limiter's table) and the visitor's IP.
    const key = `webform_${createHash('sha256').update(form.row.token).digest('hex').slice(0, 16)}_${ctx.request.ip()}`
    try {
      // Every submission counts, accepted or not.
      await throttle.consume(key)
    } catch (error) {
      const seconds = (error as any)?.response?.availableIn
      if (seconds === undefined) throw error
      ctx.response.header('Retry-After', String(seconds))
      return simpleError(ctx.i18n, 429, 'too_many', 'api.errors.too_many', { seconds })
    }

    const body = { ...(ctx.request.body() as Record<string, unknown>) }
    const trap = body[HONEYPOT_FIELD]
    delete body[HONEYPOT_FIELD]
    delete body._csrf
    // A robot filled the hidden field: thank it, keep nothing.
    if (typeof trap === 'string' ? trap.trim() !== '' : trap !== undefined && trap !== null) return { status: 201, body: { ok: true } }

    const owner = await User.find(form.row.user_id)
    if (!owner || !owner.isActive) return simpleError(ctx.i18n, 404, 'not_found', 'errors.not_found')
    try {
      await createRecord(form.recordType, body, owner, { allowedFields: form.recordType.webForm!.fields, locale: ctx.i18n.locale })
    } catch (error) {
      const known = apiErrorResponse(error, ctx.i18n, await fieldsOf(form.recordType))
      if (known) return known
      throw error
    }
    await db.from('web_form_tokens').where('id', form.row.id).increment('submissions', 1)
    return { status: 201, body: { ok: true } }
  }
}
