/*
 * RFQ pages (询价单): list, create (suppliers asked, item lines), send, the
 * detail page which is also the comparison (比价): quotes entered per supplier
 * and line, the lowest price highlighted, a supplier chosen per line, and the
 * chosen lines turned into draft orders (optionally price agreements).
 */
import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import vine from '@vinejs/vine'
import { listQuery, renderList, type ListOptions } from '#services/list_query'
import { findInScopeOrFail } from '#services/data_scope'
import { redirectAfterSave, renderInvalid, validateForm } from '#services/forms'
import { toast } from '#services/toast'
import { transition } from '#kernel/documents/transition_document'
import { respondToDocumentError } from '#kernel/documents/document_responses'
import { parseDate } from '#kernel/records/values'
import ProcurementRfq from '../models/procurement_rfq.js'
import { comparison, createRfq, ordersFromRfq, saveQuote } from '../services/rfqs.js'
import { blankRows, readLines, refuse, sharePerms } from './helpers.js'
import { choices } from './orders_controller.js'

const STATES = ['draft', 'submitted', 'confirmed', 'done', 'cancelled']

const rfqValidator = vine.compile(
  vine.object({
    title: vine.string().trim().minLength(1).maxLength(200),
    warehouse_id: vine.number().withoutDecimals().positive(),
    respond_by: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
    note: vine.string().trim().maxLength(500).optional(),
    supplier_ids: vine.array(vine.number().withoutDecimals().positive()).minLength(1),
  })
)

const quoteValidator = vine.compile(
  vine.object({
    rfq_line_id: vine.number().withoutDecimals().positive(),
    supplier_id: vine.number().withoutDecimals().positive(),
    unit_price: vine.string().trim().minLength(1),
    lead_time_days: vine.number().withoutDecimals().min(0).max(3650).optional(),
    min_order_qty: vine.string().trim().optional(),
    valid_to: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
  })
)

const listOptions = (): ListOptions => ({
  searchable: ['number', 'title'],
  sortable: { number: 'number', date: 'issued_on' },
  defaultSort: 'date',
  defaultDirection: 'desc',
  filters: { state: { column: 'state', values: STATES } },
  scope: { permission: 'procurement.rfq.view' },
})

export default class RfqsController {
  async index(ctx: HttpContext) {
    await sharePerms(ctx)
    const { rows, list } = await listQuery(ctx, db.from('procurement_rfqs').select('*'), listOptions())
    for (const row of rows as any[]) row.dateText = parseDate(row.issued_on)
    return renderList(ctx, { page: 'procurement::pages/rfqs/index', table: 'procurement::pages/rfqs/_table' }, { rows, list, states: STATES })
  }

  async create(ctx: HttpContext) {
    return ctx.view.render('procurement::pages/rfqs/form', await this.#formData())
  }

  async store(ctx: HttpContext) {
    const raw = ctx.request.input('supplier_ids')
    const body = { ...ctx.request.all(), supplier_ids: raw === undefined ? [] : Array.isArray(raw) ? raw : [raw] }
    const header = await validateForm<any>(ctx, rfqValidator, { fields: ['procurement_buying.fields'], data: body })
    const { lines, errors: lineErrors } = await readLines(ctx)
    const data = await this.#formData()
    const errors = { ...(header.errors ?? {}), ...lineErrors }
    if (Object.keys(errors).length) return renderInvalid(ctx, 'procurement::pages/rfqs/_form', data, errors)
    try {
      const id = await createRfq(
        {
          title: header.data.title, warehouseId: header.data.warehouse_id, respondBy: header.data.respond_by ? parseDate(header.data.respond_by) : null,
          note: header.data.note ?? null, supplierIds: header.data.supplier_ids,
          lines: lines.map((l) => ({ itemId: l.itemId, quantity: l.quantity, neededBy: l.date ? parseDate(l.date) : null })),
        },
        ctx.auth.user!
      )
      ctx.session.flash('success', ctx.i18n.t('procurement_buying.rfqs.saved'))
      return redirectAfterSave(ctx, router.builder().params({ id }).make('procurement.rfqs.show'))
    } catch (error) {
      return refuse(ctx, error, 'procurement::pages/rfqs/_form', data, lines)
    }
  }

  async show(ctx: HttpContext) {
    await sharePerms(ctx)
    const row = await findInScopeOrFail('procurement_rfqs', ctx.params.id, ctx.auth.user!, 'procurement.rfq.view')
    return ctx.view.render('procurement::pages/rfqs/show', await this.#detail(ctx, row))
  }

  async quote(ctx: HttpContext) {
    const row = await findInScopeOrFail('procurement_rfqs', ctx.params.id, ctx.auth.user!, 'procurement.rfq.edit')
    const result = await validateForm<any>(ctx, quoteValidator, { fields: ['procurement_buying.fields'] })
    if (result.errors) return renderInvalid(ctx, 'procurement::pages/rfqs/_quote_form', await this.#detail(ctx, row), result.errors)
    try {
      await saveQuote(row.id, {
        rfqLineId: result.data.rfq_line_id, supplierId: result.data.supplier_id, unitPrice: result.data.unit_price,
        leadTimeDays: result.data.lead_time_days ?? null, minOrderQty: result.data.min_order_qty ?? null, validTo: result.data.valid_to ? parseDate(result.data.valid_to) : null,
      })
    } catch (error) {
      return refuse(ctx, error, 'procurement::pages/rfqs/_quote_form', await this.#detail(ctx, row))
    }
    ctx.session.flash('success', ctx.i18n.t('procurement_buying.rfqs.quote_saved'))
    return redirectAfterSave(ctx, router.builder().params({ id: row.id }).make('procurement.rfqs.show'))
  }

  async createOrders(ctx: HttpContext) {
    const row = await findInScopeOrFail('procurement_rfqs', ctx.params.id, ctx.auth.user!, 'procurement.rfq.view')
    const raw = ctx.request.input('choices') ?? {}
    const picks: Record<number, number> = {}
    for (const [lineId, supplierId] of Object.entries(raw)) {
      const id = Number(String(lineId).replace(/^l/, ''))
      if (supplierId && Number.isInteger(id) && Number.isInteger(Number(supplierId))) picks[id] = Number(supplierId)
    }
    let ids: number[]
    try {
      const update = ['on', '1', 'true'].includes(String(ctx.request.input('update_agreements')))
      ids = await ordersFromRfq(row.id, picks, { updateAgreements: update }, ctx.auth.user!)
    } catch (error) {
      return respondToDocumentError(ctx, error)
    }
    ctx.session.flash('success', ctx.i18n.t('procurement_buying.plans.created', { count: ids.length }))
    return redirectAfterSave(ctx, ids.length === 1 ? router.builder().params({ id: ids[0] }).make('procurement.orders.show') : router.builder().qs({ state: 'draft' }).make('procurement.orders.index'))
  }

  async act(ctx: HttpContext) {
    const row = await findInScopeOrFail('procurement_rfqs', ctx.params.id, ctx.auth.user!, 'procurement.rfq.edit')
    const rfq = await ProcurementRfq.findOrFail(row.id)
    try {
      if (ctx.params.action === 'send') {
        await transition(rfq, 'submitted', { user: ctx.auth.user! })
        await transition(await ProcurementRfq.findOrFail(row.id), 'confirmed', { user: ctx.auth.user! })
      } else {
        await transition(rfq, 'cancelled', { user: ctx.auth.user! })
      }
    } catch (error) {
      return respondToDocumentError(ctx, error)
    }
    toast(ctx, 'success', ctx.i18n.t(`procurement_buying.rfqs.done_${ctx.params.action}`))
    return redirectAfterSave(ctx, router.builder().params({ id: row.id }).make('procurement.rfqs.show'))
  }

  async #detail(ctx: HttpContext, row: any) {
    const locale = ctx.i18n.locale
    const { suppliers, rows } = await comparison(row.id)
    const lines = rows.map((line: any) => ({
      ...line,
      quantityText: line.quantity.toString(),
      cells: suppliers.map((s: any) => {
        const cell = line.cells.get(Number(s.id))
        return cell
          ? { supplierId: Number(s.id), has: true, lowest: cell.lowest, price: cell.unitPrice.format(locale, { places: 4 }), amount: cell.amount.format(locale),
              lead: cell.leadTimeDays, moq: cell.minOrderQty ? cell.minOrderQty.toString() : '', validTo: cell.validTo ?? '' }
          : { supplierId: Number(s.id), has: false }
      }),
      lowestSupplierId: [...line.cells.values()].find((c: any) => c.lowest)?.supplierId ?? null,
    }))
    return { rfq: { ...row, issued_on: parseDate(row.issued_on), respond_by: row.respond_by ? parseDate(row.respond_by) : null }, suppliers, lines }
  }

  async #formData() {
    return { rows: blankRows(5), ...(await choices()) }
  }
}
