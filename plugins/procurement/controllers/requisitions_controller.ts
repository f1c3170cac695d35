/*
 * Requisition pages (请购单): list, create/edit a draft (lines by item code,
 * needed-by date, suggested supplier), detail, submit / cancel / back to
 * draft, and closing a line that is not to be bought.
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
import { approvalStatus } from '#kernel/approvals/inbox'
import { Quantity } from '#kernel/numbers/index'
import { parseDate } from '#kernel/records/values'
import ProcurementRequisition from '../models/procurement_requisition.js'
import { closeRequisitionLine, completeFinishedRequisitions, createRequisition, submitRequisition, updateRequisition, type RequisitionInput } from '../services/requisitions.js'
import { blankRows, readLines, refuse, sharePerms } from './helpers.js'
import { choices } from './orders_controller.js'

const STATES = ['draft', 'submitted', 'confirmed', 'done', 'cancelled']
const SOURCES = ['manual', 'stock_alert', 'mrp']

const headerValidator = vine.compile(
  vine.object({
    requested_on: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
    warehouse_id: vine.number().withoutDecimals().positive().optional(),
    note: vine.string().trim().maxLength(500).optional(),
  })
)

const listOptions = (): ListOptions => ({
  searchable: ['number', 'note'],
  sortable: { number: 'number', date: 'requested_on' },
  defaultSort: 'date',
  defaultDirection: 'desc',
  filters: { state: { column: 'state', values: STATES }, source: { column: 'source', values: SOURCES } },
  scope: { permission: 'procurement.requisition.view' },
})

export default class RequisitionsController {
  async index(ctx: HttpContext) {
    await sharePerms(ctx)
    const { rows, list } = await listQuery(ctx, db.from('procurement_requisitions').select('*'), listOptions())
    for (const row of rows as any[]) {
      row.dateText = parseDate(row.requested_on)
      row.totalText = Quantity.fromMicros(row.total_quantity).toString()
    }
    return renderList(ctx, { page: 'procurement::pages/requisitions/index', table: 'procurement::pages/requisitions/_table' }, { rows, list, states: STATES, sources: SOURCES })
  }

  async create(ctx: HttpContext) {
    return ctx.view.render('procurement::pages/requisitions/form', await this.#formData(null, []))
  }

  async store(ctx: HttpContext) {
    return this.#save(ctx, null)
  }

  async edit(ctx: HttpContext) {
    const row = await findInScopeOrFail('procurement_requisitions', ctx.params.id, ctx.auth.user!, 'procurement.requisition.edit')
    if (row.state !== 'draft') return ctx.response.redirect().toRoute('procurement.requisitions.show', { id: row.id })
    return ctx.view.render('procurement::pages/requisitions/form', await this.#formData(row, await this.#lines(row.id)))
  }

  async update(ctx: HttpContext) {
    const row = await findInScopeOrFail('procurement_requisitions', ctx.params.id, ctx.auth.user!, 'procurement.requisition.edit')
    return this.#save(ctx, row)
  }

  async show(ctx: HttpContext) {
    await sharePerms(ctx)
    const row = await findInScopeOrFail('procurement_requisitions', ctx.params.id, ctx.auth.user!, 'procurement.requisition.view')
    const requester = row.requester_id ? await db.from('users').where('id', row.requester_id).select('name').first() : null
    return ctx.view.render('procurement::pages/requisitions/show', {
      requisition: { ...row, requested_on: parseDate(row.requested_on) }, requester, lines: await this.#lines(row.id), approval: await approvalStatus('procurement.requisition', row.id),
    })
  }

  async act(ctx: HttpContext) {
    const row = await findInScopeOrFail('procurement_requisitions', ctx.params.id, ctx.auth.user!, 'procurement.requisition.edit')
    const requisition = await ProcurementRequisition.findOrFail(row.id)
    const action = ctx.params.action as 'submit' | 'confirm' | 'cancel' | 'draft'
    try {
      if (action === 'submit') await submitRequisition(requisition, ctx.auth.user!)
      else await transition(requisition, action === 'cancel' ? 'cancelled' : action === 'draft' ? 'draft' : 'confirmed', { user: ctx.auth.user! })
    } catch (error) {
      return respondToDocumentError(ctx, error)
    }
    toast(ctx, 'success', ctx.i18n.t(`procurement_buying.requisitions.done_${action}`))
    return redirectAfterSave(ctx, router.builder().params({ id: row.id }).make('procurement.requisitions.show'))
  }

  async closeLine(ctx: HttpContext) {
    const row = await findInScopeOrFail('procurement_requisitions', ctx.params.id, ctx.auth.user!, 'procurement.requisition.edit')
    if (row.state !== 'confirmed') return respondToDocumentError(ctx, new (await import('../services/buying_error.js')).BuyingError('line_close_state'))
    await db.transaction(async (trx) => {
      await closeRequisitionLine(trx, Number(ctx.params.lineId))
      await completeFinishedRequisitions(trx, [row.id], ctx.auth.user!)
    })
    toast(ctx, 'success', ctx.i18n.t('procurement_buying.requisitions.line_closed'))
    return redirectAfterSave(ctx, router.builder().params({ id: row.id }).make('procurement.requisitions.show'))
  }

  async #save(ctx: HttpContext, existing: any) {
    const header = await validateForm<any>(ctx, headerValidator, { fields: ['procurement_buying.fields'] })
    const { lines, errors: lineErrors } = await readLines(ctx)
    const data = await this.#formData(existing, [])
    const errors = { ...(header.errors ?? {}), ...lineErrors }
    if (Object.keys(errors).length) return renderInvalid(ctx, 'procurement::pages/requisitions/_form', data, errors)
    const input: RequisitionInput = {
      requestedOn: header.data.requested_on ? parseDate(header.data.requested_on) : null,
      note: header.data.note ?? null,
      lines: lines.map((l) => ({
        itemId: l.itemId, unitId: l.unitId, quantity: l.quantity, neededBy: l.date ? parseDate(l.date) : null,
        warehouseId: header.data.warehouse_id ?? null, suggestedSupplierId: l.supplierId, note: l.note,
      })),
    }
    try {
      let id = existing?.id
      if (existing) await updateRequisition(existing.id, input)
      else id = (await db.transaction((trx) => createRequisition(trx, input, ctx.auth.user!))).id
      ctx.session.flash('success', ctx.i18n.t('procurement_buying.requisitions.saved'))
      return redirectAfterSave(ctx, router.builder().params({ id }).make('procurement.requisitions.show'))
    } catch (error) {
      return refuse(ctx, error, 'procurement::pages/requisitions/_form', data, lines)
    }
  }

  async #lines(id: number) {
    const rows = await db
      .from('procurement_requisition_lines as l')
      .join('inventory_items as i', 'i.id', 'l.item_id')
      .join('inventory_units as u', 'u.id', 'l.unit_id')
      .leftJoin('procurement_suppliers as s', 's.id', 'l.suggested_supplier_id')
      .leftJoin('procurement_order_lines as ol', 'ol.id', 'l.order_line_id')
      .leftJoin('procurement_orders as o', 'o.id', 'ol.order_id')
      .where('l.requisition_id', id)
      .select('l.*', 'i.code as item_code', 'i.name as item_name', 'u.code as unit_code', 's.name as supplier_name', 'o.id as order_id', 'o.number as order_number')
      .orderBy('l.line_no')
    return rows.map((l: any) => ({
      ...l, quantityText: Quantity.fromMicros(l.quantity).toString(), neededText: l.needed_by ? parseDate(l.needed_by) : '',
      supplier_id: l.suggested_supplier_id, date: l.needed_by ? parseDate(l.needed_by) : '',
    }))
  }

  async #formData(requisition: any, lines: any[]) {
    const form = requisition ? { ...requisition, requested_on: parseDate(requisition.requested_on) } : null
    const warehouseId = lines[0]?.warehouse_id ?? ''
    return { requisition: form, warehouseId, rows: [...lines, ...blankRows(Math.max(3, 8 - lines.length))], ...(await choices()) }
  }
}
