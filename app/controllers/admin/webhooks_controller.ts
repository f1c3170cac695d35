/*
 * /admin/webhooks: subscribe URLs to events, see each webhook's deliveries
 * (status code, attempts, next retry, answer). The secret is shown once.
 */
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import NotFoundException from '#exceptions/not_found_exception'
import { EVENT_NAME, knownEvents, newSecret, urlProblem } from '#kernel/webhooks/webhooks'
import { dbTimestamp } from '#kernel/records/record_writer'
import type { FieldErrors } from '#services/forms'

function eventsOf(row: { events: string }): string[] {
  try {
    return JSON.parse(row.events)
  } catch {
    return []
  }
}

export default class WebhooksController {
  async #render(ctx: HttpContext, extra: { created?: string | null; errors?: FieldErrors } = {}, status = 200) {
    const rows = await db.from('webhooks').orderBy('id')
    const counts = await db.from('webhook_deliveries').select('webhook_id', 'status').count('* as n').groupBy('webhook_id', 'status')
    const webhooks = rows.map((r) => ({
      ...r,
      active: !!r.active,
      events: eventsOf(r),
      counts: Object.fromEntries(counts.filter((c) => Number(c.webhook_id) === Number(r.id)).map((c) => [c.status, Number(c.n)])),
    }))
    ctx.response.header('Cache-Control', 'no-store')
    const input = status === 422 ? ctx.request.all() : null
    const html = await ctx.view.render('pages/admin/webhooks/index', { webhooks, events: knownEvents(), created: extra.created ?? null, errors: extra.errors ?? {}, input })
    return ctx.response.status(status).send(html)
  }

  async index(ctx: HttpContext) {
    return this.#render(ctx)
  }

  async store(ctx: HttpContext) {
    const { i18n } = ctx
    const name = String(ctx.request.input('name') ?? '').trim()
    const url = String(ctx.request.input('url') ?? '').trim()
    const picked = ctx.request.input('events')
    const other = String(ctx.request.input('other_events') ?? '')
      .split(/[\s,，]+/)
      .filter(Boolean)
    const events = [...new Set([...(Array.isArray(picked) ? picked : picked ? [picked] : []).map(String), ...other])]
    const errors: Record<string, string> = {}
    if (!name || name.length > 120) errors.name = i18n.t('validator.shared.messages.required', { field: i18n.t('api.webhooks.name') })
    const problem = url.length > 2000 ? 'api.webhooks.errors.url' : await urlProblem(url)
    if (problem) errors.url = i18n.t(problem)
    const bad = events.find((e) => !EVENT_NAME.test(e))
    if (!events.length) errors.events = i18n.t('api.webhooks.errors.events')
    else if (bad) errors.events = i18n.t('api.webhooks.errors.unknown_event', { event: bad })
    if (Object.keys(errors).length) return this.#render(ctx, { errors }, 422)

    const secret = newSecret()
    const now = dbTimestamp(new Date(), db.connection())
    await db.table('webhooks').insert({ name, url, events: JSON.stringify(events), secret, active: true, created_by: ctx.auth.user!.id, created_at: now, updated_at: now })
    return this.#render(ctx, { created: secret }, 201)
  }

  async #find(ctx: HttpContext) {
    const row = await db.from('webhooks').where('id', Number(ctx.params.id) || 0).first()
    if (!row) throw new NotFoundException()
    return row
  }

  async show(ctx: HttpContext) {
    const row = await this.#find(ctx)
    const deliveries = await db.from('webhook_deliveries').where('webhook_id', row.id).orderBy('id', 'desc').limit(100)
    return ctx.view.render('pages/admin/webhooks/show', { webhook: { ...row, active: !!row.active, events: eventsOf(row) }, deliveries })
  }

  async toggle(ctx: HttpContext) {
    const row = await this.#find(ctx)
    await db.from('webhooks').where('id', row.id).update({ active: !row.active, updated_at: dbTimestamp(new Date(), db.connection()) })
    ctx.session.flash('success', ctx.i18n.t('api.webhooks.updated'))
    return ctx.response.redirect().toRoute('admin.webhooks.index')
  }

  async destroy(ctx: HttpContext) {
    const row = await this.#find(ctx)
    await db.transaction(async (trx) => {
      await trx.from('webhook_deliveries').where('webhook_id', row.id).delete()
      await trx.from('webhooks').where('id', row.id).delete()
    })
    ctx.session.flash('success', ctx.i18n.t('api.webhooks.deleted'))
    return ctx.response.redirect().toRoute('admin.webhooks.index')
  }
}
