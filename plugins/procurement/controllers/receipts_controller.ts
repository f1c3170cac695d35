/*
 * Receipt pages: the list (with the orders waiting for goods), receiving an
 * order (lines pre-filled with the open quantities; a barcode scanner fills
 * them: a scan re-renders the form with the line's quantity raised), the
 * receipt page (lines, IQC, returns) and cancelling.
 */
import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import { listQuery, exportQuery, renderList, sendExport, wantsFragment } from '#services/list_query'
import { findViewableDocument } from '#kernel/documents/record_access'
import { respondToDocumentError } from '#kernel/documents/document_responses'
import { redirectAfterSave } from '#services/forms'
import { applyDataScope } from '#services/data_scope'
import { userCan } from '#services/authorization'
import { Quantity } from '#kernel/numbers/index'
import { findByBarcode } from '#plugins/inventory/api'
import { receiveOrder, cancelReceiptById, receivableQuantity } from '../services/receipts.js'
import { openQuantity } from '../services/receiving_progress.js'
import { REJECT_REASONS } from '../services/inspections.js'
import { qty, dayString, today } from '../services/receiving_util.js'
import { answerRefusal, fmtQty, receiptLines, viewHelpers, warehouseLocations } from './receiving_support.js'

const listOptions = () => ({
  searchable: ['number', 'supplier_name', 'order_number', 'delivery_note'],
  sortable: { number: 'number', date: 'receipt_date', value: 'total_value' },
  defaultSort: 'date',
  defaultDirection: 'desc' as const,
  filters: { state: { column: 'state', values: ['posted', 'cancelled'] }, kind: { column: 'kind', values: ['standard', 'subcontract'] } },
  exportUrl: router.builder().make('procurement.receipts.export'),
  scope: { permission: 'procurement.receipt.view' },
})

/** Confirmed orders with goods still to come (the page offers to receive them). */
async function ordersToReceive() {
  return db
    .from('procurement_orders')
    .where('state', 'confirmed')
    .whereIn('receipt_status', ['open', 'partially_received'])
    .orderBy('expected_date')
    .orderBy('id')
    .limit(50)
}

interface LineValue {
  quantity?: string
  lot_code?: string
  location_id?: string
}

/** What the receive form shows for an order: its open lines, the values to put in, the locations. */
async function formData(orderId: number, values: Record<number, LineValue> | null) {
  const order = await db.from('procurement_orders').where('id', orderId).first()
  if (!order) return null
  const rows = await db
    .from('procurement_order_lines as l')
    .join('inventory_items as i', 'i.id', 'l.item_id')
    .join('inventory_units as u', 'u.id', 'l.unit_id')
    .where('l.order_id', orderId)
    .select('l.*', 'i.code as item_code', 'i.name as item_name', 'i.lot_tracked', 'i.serial_tracked', 'i.requires_inspection', 'u.code as unit_code', 'u.precision as unit_precision')
    .orderBy('l.line_no')
  const lines = rows.map((row: any) => {
    const factor = qty(row.quantity_base).dividedBy(qty(row.quantity).isZero() ? Quantity.of(1) : qty(row.quantity))
    const open = openQuantity(row).dividedBy(factor).round(Number(row.unit_precision), 'down')
    const max = receivableQuantity(order, row).dividedBy(factor).round(Number(row.unit_precision), 'down')
    const value = values ? values[Number(row.id)] : undefined
    return {
      id: Number(row.id),
      lineNo: Number(row.line_no),
      itemId: Number(row.item_id),
      itemCode: row.item_code,
      itemName: row.item_name,
      unit: row.unit_code,
      factor,
      ordered: fmtQty(row.quantity),
      received: fmtQty(qty(row.received_qty).dividedBy(factor).toMicros()),
      open: fmtQty(open.toMicros()),
      max: fmtQty(max.toMicros()),
      tracked: Boolean(row.lot_tracked) || Boolean(row.serial_tracked),
      inspection: Boolean(row.requires_inspection),
      quantity: value ? value.quantity ?? '' : open.isPositive() ? fmtQty(open.toMicros()) : '',
      lotCode: value?.lot_code ?? '',
      locationId: value?.location_id ?? '',
    }
  })
  const warehouse = await db.from('inventory_warehouses').where('id', order.warehouse_id).first()
  return { order, lines, warehouse, locations: await warehouseLocations(Number(order.warehouse_id)) }
}

function submittedLines(ctx: HttpContext): Record<number, LineValue> {
  const lines = ctx.request.input('lines', [])
  const values: Record<number, LineValue> = {}
  for (const line of Array.isArray(lines) ? lines : Object.values(lines ?? {})) {
    if (line && line.order_line_id) values[Number(line.order_line_id)] = { quantity: line.quantity ?? '', lot_code: line.lot_code ?? '', location_id: line.location_id ?? '' }
  }
  return values
}

export default class ReceiptsController {
  async index(ctx: HttpContext) {
    const { rows, list } = await listQuery(ctx, db.from('procurement_receipts'), listOptions())
    const orders = wantsFragment(ctx) ? [] : await ordersToReceive()
    return renderList(ctx, { page: 'procurement::pages/receiving/receipts/index', table: 'procurement::pages/receiving/receipts/_table' }, { rows, list, orders, h: viewHelpers(ctx) })
  }

  async export(ctx: HttpContext) {
    const rows = await exportQuery(ctx, db.from('procurement_receipts'), listOptions())
    const t = (key: string) => ctx.i18n.t(`procurement_receiving.fields.${key}`)
    return sendExport(ctx, 'receipts', rows, [
      { label: t('number'), field: 'number', value: (r: any) => r.number },
      { label: t('receipt_date'), field: 'receipt_date', value: (r: any) => dayString(r.receipt_date) ?? '' },
      { label: t('order'), field: 'order_number', value: (r: any) => r.order_number ?? '' },
      { label: t('supplier'), field: 'supplier_name', value: (r: any) => r.supplier_name },
      { label: t('delivery_note'), field: 'delivery_note', value: (r: any) => r.delivery_note ?? '' },
      { label: t('state'), field: 'state', value: (r: any) => ctx.i18n.t(`ui.status.${r.state}`) },
      { label: t('value'), field: 'total_value', kind: 'money', value: (r: any) => qty(r.total_value).toFixed(2) },
    ])
  }

  async create(ctx: HttpContext) {
    const orderId = Number(ctx.params.orderId)
    const data = Number.isInteger(orderId) && orderId > 0 ? await formData(orderId, null) : null
    if (!data) {
      ctx.session.flash('error', ctx.i18n.t('procurement_receiving.errors.order_missing'))
      return ctx.response.redirect().toRoute('procurement.receipts.index')
    }
    if (data.order.state !== 'confirmed') {
      ctx.session.flash('error', ctx.i18n.t('procurement_receiving.errors.order_not_receivable', { number: data.order.number ?? '' }))
      return ctx.response.redirect().toRoute('procurement.receipts.index')
    }
    return ctx.view.render('procurement::pages/receiving/receipts/create', { ...data, today: today(), scanned: null })
  }

  /** A scanner typed a code and Enter: raise the matching open line by one (packing unit: its factor) and show the form again. */
  async scan(ctx: HttpContext) {
    const orderId = Number(ctx.request.input('order_id'))
    const values = submittedLines(ctx)
    const data = await formData(orderId, values)
    if (!data) return ctx.response.notFound()
    const code = String(ctx.request.input('scan') ?? '').trim()
    const hit = code ? await findByBarcode(code) : null
    let scanned: { ok: boolean; message: string }
    const candidates = hit ? data.lines.filter((l) => l.itemId === hit.item.id) : []
    if (!hit || !candidates.length) {
      scanned = { ok: false, message: ctx.i18n.t(hit ? 'procurement_receiving.scan.not_on_order' : 'procurement_receiving.scan.unknown', { code, item: hit?.item.code ?? '' }) }
    } else {
      // The first line of the item that is not yet full, else the last one (the over-receipt check speaks when posting).
      const parse = (v: string) => {
        try {
          return Quantity.parse(v || '0', { precision: 6 })
        } catch {
          return Quantity.zero()
        }
      }
      const line = candidates.find((l) => parse(l.quantity).lessThan(Quantity.of(l.open))) ?? candidates[candidates.length - 1]
      const step = hit.factor.dividedBy(line.factor).round(6)
      line.quantity = fmtQty(parse(line.quantity).plus(step).toMicros())
      scanned = { ok: true, message: ctx.i18n.t('procurement_receiving.scan.added', { item: hit.item.code, quantity: fmtQty(step.toMicros()), unit: line.unit, total: line.quantity }) }
    }
    const view = { ...data, today: today(), scanned, input: ctx.request.all() }
    if (wantsFragment(ctx)) return ctx.view.render('procurement::pages/receiving/receipts/_form', view)
    return ctx.view.render('procurement::pages/receiving/receipts/create', view)
  }

  async store(ctx: HttpContext) {
    const orderId = Number(ctx.request.input('order_id'))
    const values = submittedLines(ctx)
    const lines = Object.entries(values).map(([id, v]) => ({
      orderLineId: Number(id),
      quantity: String(v.quantity ?? ''),
      lotCode: v.lot_code || null,
      locationId: v.location_id ? Number(v.location_id) : null,
    }))
    try {
      const receipt = await receiveOrder(
        {
          orderId,
          receiptDate: dayString(ctx.request.input('receipt_date')) || null,
          deliveryNote: ctx.request.input('delivery_note'),
          note: ctx.request.input('note'),
          lines,
        },
        ctx.auth.user!
      )
      ctx.session.flash('success', ctx.i18n.t('procurement_receiving.receipts.posted', { number: receipt.number ?? '' }))
      return redirectAfterSave(ctx, router.builder().params({ id: receipt.id }).make('procurement.receipts.show'))
    } catch (error) {
      const data = await formData(orderId, values)
      if (!data) return ctx.response.notFound()
      // The form's fields carry the lines by position: map `lines.<i>` of the service to the form's order.
      const translated = remapLineErrors(error, Object.keys(values).map(Number), data.lines.map((l) => l.id))
      return answerRefusal(ctx, 'procurement::pages/receiving/receipts/_form', { ...data, today: today(), scanned: null }, translated)
    }
  }

  async show(ctx: HttpContext) {
    await findViewableDocument(ctx.auth.user!, 'procurement.receipt', ctx.params.id)
    const receipt = await db.from('procurement_receipts').where('id', ctx.params.id).firstOrFail()
    const lines = await receiptLines(Number(receipt.id))
    const inspections = await db.from('procurement_inspections').where('receipt_id', receipt.id).orderBy('id')
    const returns = await db.from('procurement_returns').where('receipt_id', receipt.id).orderBy('id')
    const warehouse = await db.from('inventory_warehouses').where('id', receipt.warehouse_id).first()
    const user = ctx.auth.user!
    const can = {
      inspect: await userCan(user, 'procurement.inspection.perform'),
      return: await userCan(user, 'procurement.return.create'),
      cancel: await userCan(user, 'procurement.receipt.cancel'),
    }
    const reasons = REJECT_REASONS.map((r) => ({ value: r, label: ctx.i18n.t(`procurement_receiving.reasons.${r}`) }))
    const inspectionOpen = lines.some((l: any) => ['pending', 'partial'].includes(l.inspection_status))
    return ctx.view.render('procurement::pages/receiving/receipts/show', { receipt, lines, inspections, returns, warehouse, reasons, can, inspectionOpen, h: viewHelpers(ctx) })
  }

  async cancel(ctx: HttpContext) {
    const user = ctx.auth.user!
    const query = db.from('procurement_receipts').where('id', ctx.params.id)
    await applyDataScope(query, user, 'procurement.receipt.cancel')
    const row = await query.first()
    if (!row) return ctx.response.notFound()
    try {
      await cancelReceiptById(Number(row.id), user)
    } catch (error) {
      return respondToDocumentError(ctx, error)
    }
    ctx.session.flash('success', ctx.i18n.t('procurement_receiving.receipts.cancelled', { number: row.number ?? '' }))
    return redirectAfterSave(ctx, router.builder().params({ id: row.id }).make('procurement.receipts.show'))
  }
}

/** The service names lines by their position in the submitted list; the form lists every order line. */
function remapLineErrors(error: unknown, submittedIds: number[], formIds: number[]) {
  const field = (error as any)?.field
  if (typeof field !== 'string') return error
  const match = /^lines\.(\d+)\.(.+)$/.exec(field)
  if (!match) return error
  const formIndex = formIds.indexOf(submittedIds[Number(match[1])])
  if (formIndex >= 0) (error as any).field = `lines.${formIndex}.${match[2]}`
  return error
}
