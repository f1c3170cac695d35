/*
 * Stock count pages: list, create, the count page (scope, progress per
 * location, lines, actions), a phone-friendly count sheet per location
 * (scan location → scan item → type quantity), recount, submit / post /
 * cancel. The work is in services/count_service.ts.
 */
import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import { exportQuery, listQuery, renderList, sendExport, wantsFragment, type ListOptions } from '#services/list_query'
import { redirectAfterSave, renderInvalid, validateForm } from '#services/forms'
import { toast } from '#services/toast'
import { transition } from '#kernel/documents/transition_document'
import { respondToDocumentError } from '#kernel/documents/document_responses'
import { pendingInstanceOf } from '#kernel/approvals/engine'
import { approvalStatus } from '#kernel/approvals/inbox'
import { timelineState } from '#kernel/documents/document_extras_views'
import { Money } from '#kernel/numbers/index'
import { userCan } from '#services/authorization'
import { StockError } from '../services/stock_error.js'
import InventoryCount from '../models/inventory_count.js'
import {
  COUNT_TYPE,
  COUNTED_KINDS,
  countLabel,
  createCount,
  recordCount,
  recountLine,
  scanIntoLocation,
  startCount,
  updateCount,
  type CountInput,
} from '../services/count_service.js'
import { countHeader, countLines, countLocations, findCountLocation } from '../services/count_pages.js'

const STATES = ['draft', 'submitted', 'posted', 'cancelled']

const countValidator = vine.compile(
  vine.object({
    warehouse_id: vine.number().positive().withoutDecimals(),
    location_id: vine.number().positive().withoutDecimals().optional(),
    category_id: vine.number().positive().withoutDecimals().optional(),
    item_codes: vine.string().trim().maxLength(2000).optional(),
    mode: vine.enum(['open', 'blind'] as const),
    count_date: vine.date({ formats: ['YYYY-MM-DD'] }),
    note: vine.string().trim().maxLength(255).optional(),
  })
)

function listOptions(): ListOptions {
  return {
    searchable: ['c.number', 'w.name', 'w.code'],
    sortable: { number: 'c.number', date: 'c.count_date', warehouse: 'w.code', state: 'c.state' },
    defaultSort: 'date',
    defaultDirection: 'desc',
    filters: {
      state: { column: 'c.state', values: STATES },
      mode: { column: 'c.mode', values: ['open', 'blind'] },
    },
    perPage: 20,
    exportUrl: router.builder().make('inventory.counts.export'),
  } as ListOptions
}

const listBase = () =>
  db
    .from('inventory_counts as c')
    .join('inventory_warehouses as w', 'w.id', 'c.warehouse_id')
    .select('c.*', 'w.code as warehouse_code', 'w.name as warehouse_name')

function presentRow(row: any) {
  return {
    ...row,
    label: countLabel(row),
    countDate: typeof row.count_date === 'string' ? row.count_date.slice(0, 10) : DateTime.fromJSDate(row.count_date).toISODate(),
    varianceValue: Money.fromMicros(String(row.variance_value ?? 0)).toFixed(2),
    showVariance: row.state === 'submitted' || row.state === 'posted',
  }
}

async function formOptions(ctx: HttpContext) {
  const { i18n } = ctx
  const warehouses = await db.from('inventory_warehouses').where('active', true).orderBy('code').select('id', 'code', 'name')
  const locations = await db
    .from('inventory_locations as l')
    .join('inventory_warehouses as w', 'w.id', 'l.warehouse_id')
    .whereIn('l.kind', ['view', ...COUNTED_KINDS])
    .where('l.active', true)
    .orderBy('l.full_code')
    .select('l.id', 'l.full_code', 'l.name')
  const categories = await db.from('inventory_categories').orderBy('path').orderBy('code').select('id', 'code', 'name')
  return {
    warehouses: warehouses.map((w: any) => ({ value: String(w.id), label: `${w.code} ${w.name}` })),
    locations: locations.map((l: any) => ({ value: String(l.id), label: `${l.full_code} ${l.name}` })),
    categories: categories.map((c: any) => ({ value: String(c.id), label: `${c.code} ${c.name}` })),
    modes: ['open', 'blind'].map((m) => ({ value: m, label: i18n.t(`inventory_counts.modes.${m}`) })),
    today: DateTime.now().toISODate(),
  }
}

/** The header input, item codes resolved; StockError / field messages on failure. */
async function readHeader(ctx: HttpContext): Promise<{ input?: CountInput; errors?: Record<string, string> }> {
  const result = await validateForm<any>(ctx, countValidator, { fields: ['inventory_counts.fields'] })
  if (result.errors) return { errors: result.errors }
  const data = result.data
  const codes = String(data.item_codes ?? '').split(/[\s,，;；]+/).filter(Boolean)
  const itemIds: number[] = []
  for (const code of codes) {
    const item = await db.from('inventory_items').where('code', code).select('id').first()
    if (!item) return { errors: { item_codes: ctx.i18n.t('inventory_counts.errors.item_code_unknown', { code }) } }
    itemIds.push(Number(item.id))
  }
  return {
    input: {
      warehouseId: data.warehouse_id,
      locationId: data.location_id ?? null,
      categoryId: data.category_id ?? null,
      itemIds,
      mode: data.mode,
      countDate: DateTime.fromJSDate(data.count_date).toISODate()!,
      note: data.note ?? null,
    },
  }
}

const showUrl = (id: number) => router.builder().params({ id }).make('inventory.counts.show')
const sheetUrl = (id: number, locationId: number) => router.builder().params({ id, locationId }).make('inventory.counts.sheet')

function stockMessage(ctx: HttpContext, error: unknown): { field: string; message: string } | null {
  if (error instanceof StockError) return { field: error.field ?? 'form', message: error.translate(ctx.i18n) }
  return null
}

export default class CountsController {
  async index(ctx: HttpContext) {
    const { rows, list } = await listQuery(ctx, listBase(), listOptions())
    return renderList(
      ctx,
      { page: 'inventory::pages/counts/index', table: 'inventory::pages/counts/_table' },
      { rows: rows.map(presentRow), list, states: STATES, canCreate: await userCan(ctx.auth.user!, 'inventory.count.create') }
    )
  }

  async export(ctx: HttpContext) {
    const { i18n } = ctx
    const rows = (await exportQuery(ctx, listBase(), listOptions())).map(presentRow)
    return sendExport(ctx, 'stock-counts', rows, [
      { label: i18n.t('inventory_counts.fields.number'), value: (r) => r.number ?? '' },
      { label: i18n.t('inventory_counts.fields.count_date'), value: (r) => r.countDate },
      { label: i18n.t('inventory_counts.fields.warehouse_id'), value: (r) => `${r.warehouse_code} ${r.warehouse_name}` },
      { label: i18n.t('inventory_counts.fields.mode'), value: (r) => i18n.t(`inventory_counts.modes.${r.mode}`) },
      { label: i18n.t('inventory_counts.fields.state'), value: (r) => i18n.t(`ui.status.${r.state}`) },
      { label: i18n.t('inventory_counts.fields.variance_value'), value: (r) => (r.showVariance ? r.varianceValue : ''), kind: 'money' },
    ])
  }

  async create(ctx: HttpContext) {
    return ctx.view.render('inventory::pages/counts/create', { ...(await formOptions(ctx)), count: null })
  }

  async store(ctx: HttpContext) {
    const options = { ...(await formOptions(ctx)), count: null }
    const { input, errors } = await readHeader(ctx)
    if (errors) return renderInvalid(ctx, 'inventory::pages/counts/_form', options, errors)
    try {
      const id = await createCount(input!, ctx.auth.user!.id)
      ctx.session.flash('success', ctx.i18n.t('inventory_counts.counts.created'))
      return redirectAfterSave(ctx, showUrl(id))
    } catch (error) {
      const stock = stockMessage(ctx, error)
      if (stock) return renderInvalid(ctx, 'inventory::pages/counts/_form', options, { [stock.field]: stock.message })
      throw error
    }
  }

  async edit(ctx: HttpContext) {
    const count = await countHeader(Number(ctx.params.id))
    if (!count) return ctx.response.notFound(ctx.i18n.t('inventory_counts.errors.not_found'))
    return ctx.view.render('inventory::pages/counts/create', { ...(await formOptions(ctx)), count })
  }

  async update(ctx: HttpContext) {
    const id = Number(ctx.params.id)
    const count = await countHeader(id)
    if (!count) return ctx.response.notFound(ctx.i18n.t('inventory_counts.errors.not_found'))
    const options = { ...(await formOptions(ctx)), count }
    const { input, errors } = await readHeader(ctx)
    if (errors) return renderInvalid(ctx, 'inventory::pages/counts/_form', options, errors)
    try {
      await updateCount(id, input!)
      ctx.session.flash('success', ctx.i18n.t('inventory_counts.counts.saved'))
      return redirectAfterSave(ctx, showUrl(id))
    } catch (error) {
      const stock = stockMessage(ctx, error)
      if (stock) return renderInvalid(ctx, 'inventory::pages/counts/_form', options, { [stock.field]: stock.message })
      throw error
    }
  }

  async show(ctx: HttpContext) {
    const count = await countHeader(Number(ctx.params.id))
    if (!count) return ctx.response.notFound(ctx.i18n.t('inventory_counts.errors.not_found'))
    const [lines, locations, approval, timeline] = await Promise.all([
      countLines(count),
      countLocations(count),
      approvalStatus(COUNT_TYPE, count.id),
      timelineState(COUNT_TYPE, count.id),
    ])
    const user = ctx.auth.user!
    const can = {
      create: await userCan(user, 'inventory.count.create'),
      count: await userCan(user, 'inventory.count.count'),
      post: await userCan(user, 'inventory.count.post'),
      cancel: await userCan(user, 'inventory.count.cancel'),
    }
    const counted = locations.reduce((n, l) => n + l.counted, 0)
    const total = locations.reduce((n, l) => n + l.total, 0)
    const pending = approval?.instance.state === 'pending'
    return ctx.view.render('inventory::pages/counts/show', { count, lines, locations, approval, timeline, can, counted, total, pending })
  }

  async start(ctx: HttpContext) {
    const id = Number(ctx.params.id)
    try {
      await startCount(id, ctx.auth.user!.id)
    } catch (error) {
      return respondToDocumentError(ctx, error)
    }
    const count = await countHeader(id)
    toast(ctx, 'success', ctx.i18n.t('inventory_counts.counts.started', { count: Number(count?.line_count ?? 0) }))
    return redirectAfterSave(ctx, showUrl(id))
  }

  /** Finish counting: submit (the variance is computed); posted at once unless an approval flow holds it. */
  async submit(ctx: HttpContext) {
    const id = Number(ctx.params.id)
    const user = ctx.auth.user!
    let pending = false
    try {
      await db.transaction(async (trx) => {
        const count = await InventoryCount.query({ client: trx }).where('id', id).firstOrFail()
        await transition(count, 'submitted', { user, trx })
        pending = Boolean(await pendingInstanceOf(COUNT_TYPE, id, trx))
        if (!pending) await transition(count, 'posted', { user, trx })
      })
    } catch (error) {
      return respondToDocumentError(ctx, error)
    }
    toast(ctx, 'success', ctx.i18n.t(pending ? 'inventory_counts.counts.submitted_pending' : 'inventory_counts.counts.posted'))
    return redirectAfterSave(ctx, showUrl(id))
  }

  /** Posts a submitted count whose approval is settled (or that had none). */
  async post(ctx: HttpContext) {
    const id = Number(ctx.params.id)
    try {
      const count = await InventoryCount.findOrFail(id)
      await transition(count, 'posted', { user: ctx.auth.user! })
    } catch (error) {
      return respondToDocumentError(ctx, error)
    }
    toast(ctx, 'success', ctx.i18n.t('inventory_counts.counts.posted'))
    return redirectAfterSave(ctx, showUrl(id))
  }

  async cancel(ctx: HttpContext) {
    const id = Number(ctx.params.id)
    try {
      const count = await InventoryCount.findOrFail(id)
      await transition(count, 'cancelled', { user: ctx.auth.user! })
    } catch (error) {
      return respondToDocumentError(ctx, error)
    }
    toast(ctx, 'success', ctx.i18n.t('inventory_counts.counts.cancelled'))
    return redirectAfterSave(ctx, showUrl(id))
  }

  /** Scan a location barcode on the count page → its sheet. */
  async scanLocation(ctx: HttpContext) {
    const id = Number(ctx.params.id)
    const count = await countHeader(id)
    if (!count) return ctx.response.notFound(ctx.i18n.t('inventory_counts.errors.not_found'))
    const code = String(ctx.request.input('location_code', '') ?? '')
    const location = await findCountLocation(count, code)
    if (!location) {
      const message = ctx.i18n.t('inventory_counts.errors.location_unknown', { code: code.trim() })
      return renderInvalid(ctx, 'inventory::pages/counts/_scan_location', { count }, { location_code: message })
    }
    return redirectAfterSave(ctx, sheetUrl(id, Number(location.id)))
  }

  async sheet(ctx: HttpContext) {
    return this.renderSheet(ctx, {}, 200)
  }

  private async renderSheet(ctx: HttpContext, extra: Record<string, any>, status: number) {
    const id = Number(ctx.params.id)
    const locationId = Number(ctx.params.locationId)
    const count = await countHeader(id)
    if (!count) return ctx.response.notFound(ctx.i18n.t('inventory_counts.errors.not_found'))
    const location = (await countLocations(count)).find((l) => l.id === locationId) ?? (await findCountLocation(count, String((await db.from('inventory_locations').where('id', locationId).first())?.full_code ?? '')))
    if (!location) return ctx.response.notFound(ctx.i18n.t('inventory_counts.errors.location_not_in_scope'))
    const place = await db.from('inventory_locations').where('id', locationId).select('id', 'full_code', 'name', 'barcode').first()
    const lines = await countLines(count, { locationId })
    const data = { count, location: place, lines, focusLineId: null, errors: {}, ...extra }
    ctx.response.status(status)
    if (wantsFragment(ctx)) return ctx.view.render('inventory::pages/counts/_sheet', data)
    return ctx.view.render('inventory::pages/counts/sheet', data)
  }

  /** The scan form of a sheet: item code [+ lot] [+ quantity]. */
  async scan(ctx: HttpContext) {
    const id = Number(ctx.params.id)
    const locationId = Number(ctx.params.locationId)
    const code = String(ctx.request.input('code', '') ?? '')
    const quantity = ctx.request.input('quantity', null)
    const lotCode = ctx.request.input('lot_code', null)
    try {
      const result = await scanIntoLocation(id, { locationId, code, quantity, lotCode }, ctx.auth.user!.id)
      if (!result.recorded) {
        // Item found: keep the code, ask for the quantity.
        return this.renderSheet(ctx, { scan: { code: code.trim(), lotCode: lotCode ?? '', found: true } }, 200)
      }
      toast(ctx, 'success', ctx.i18n.t('inventory_counts.counts.recorded'))
      if (!wantsFragment(ctx)) return ctx.response.redirect(sheetUrl(id, locationId))
      return this.renderSheet(ctx, { scan: null, focusLineId: result.lineId }, 200)
    } catch (error) {
      const stock = stockMessage(ctx, error)
      if (!stock) return respondToDocumentError(ctx, error)
      if (!wantsFragment(ctx)) {
        ctx.session.flash('error', stock.message)
        return ctx.response.redirect(sheetUrl(id, locationId))
      }
      return this.renderSheet(ctx, { scan: { code: code.trim(), lotCode: lotCode ?? '', found: false }, errors: { [stock.field === 'form' ? 'code' : stock.field]: stock.message } }, 422)
    }
  }

  /** Counted quantity of one line (the row form). */
  async record(ctx: HttpContext) {
    const id = Number(ctx.params.id)
    const lineId = Number(ctx.params.lineId)
    const line = await db.from('inventory_count_lines').where({ id: lineId, count_id: id }).first()
    if (!line) return ctx.response.notFound(ctx.i18n.t('inventory_counts.errors.line_missing'))
    const field = `counted_${lineId}`
    try {
      await recordCount(id, lineId, ctx.request.input('counted', ''), ctx.auth.user!.id, { field })
    } catch (error) {
      const stock = stockMessage(ctx, error)
      if (!stock) return respondToDocumentError(ctx, error)
      if (!wantsFragment(ctx)) {
        ctx.session.flash('error', stock.message)
        return ctx.response.redirect().back()
      }
      return this.renderRow(ctx, id, lineId, { [field]: stock.message }, 422)
    }
    if (!wantsFragment(ctx)) {
      ctx.session.flash('success', ctx.i18n.t('inventory_counts.counts.recorded'))
      return ctx.response.redirect().back()
    }
    return this.renderRow(ctx, id, lineId, {}, 200)
  }

  async recount(ctx: HttpContext) {
    const id = Number(ctx.params.id)
    const lineId = Number(ctx.params.lineId)
    try {
      await recountLine(id, lineId, ctx.auth.user!.id)
    } catch (error) {
      return respondToDocumentError(ctx, error)
    }
    if (!wantsFragment(ctx)) {
      ctx.session.flash('success', ctx.i18n.t('inventory_counts.counts.recounted'))
      return ctx.response.redirect().back()
    }
    toast(ctx, 'success', ctx.i18n.t('inventory_counts.counts.recounted'))
    return this.renderRow(ctx, id, lineId, {}, 200)
  }

  private async renderRow(ctx: HttpContext, id: number, lineId: number, errors: Record<string, string>, status: number) {
    const count = await countHeader(id)
    const line = (await countLines(count)).find((l) => l.id === lineId)
    ctx.response.status(status)
    return ctx.view.render('inventory::pages/counts/_line', { count, line, errors, formInput: errors && Object.keys(errors).length ? ctx.request.all() : null })
  }
}
