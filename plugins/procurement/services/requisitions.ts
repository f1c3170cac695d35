/*
 * Purchase requisitions (请购单): by hand, from inventory's stock alerts
 * (`inventory:stock.low`) and from MRP through api.ts `createRequisition`.
 * draft → submitted → (approval) → confirmed → done (every line ordered or
 * closed); cancel. Lines are open → ordered | closed.
 */
import db from '@adonisjs/lucid/services/db'
import { Quantity } from '#kernel/numbers/index'
import { transition } from '#kernel/documents/transition_document'
import { pendingInstanceOf } from '#kernel/approvals/engine'
import { getItem, toBaseQuantity, type StockLowPayload, type Trx } from '#plugins/inventory/api'
import ProcurementRequisition from '../models/procurement_requisition.js'
import { BuyingError } from './buying_error.js'
import { today } from './orders.js'

export interface RequisitionLineInput {
  itemId: number
  unitId?: number | null
  /** In unitId (base unit when omitted), a decimal string. */
  quantity: string | Quantity
  neededBy?: string | null
  warehouseId?: number | null
  suggestedSupplierId?: number | null
  note?: string | null
}

export interface RequisitionInput {
  source?: 'manual' | 'stock_alert' | 'mrp'
  requesterId?: number | null
  departmentId?: number | null
  requestedOn?: string | null
  note?: string | null
  lines: RequisitionLineInput[]
}

async function lineRows(trx: Trx, lines: RequisitionLineInput[], firstNo = 1) {
  const rows = []
  let total = Quantity.zero()
  for (const [index, line] of lines.entries()) {
    const item = await getItem(line.itemId, trx)
    if (!item) throw new BuyingError('item_missing', {}, `lines.${index}.item_id`)
    const unitId = line.unitId ?? item.baseUnitId
    const text = typeof line.quantity === 'string' ? line.quantity : line.quantity.toString()
    const base = await toBaseQuantity(item.id, unitId, text, { field: `lines.${index}.quantity`, trx })
    if (line.warehouseId && !(await trx.from('inventory_warehouses').where('id', line.warehouseId).first())) {
      throw new BuyingError('warehouse_missing', {}, `lines.${index}.warehouse_id`)
    }
    if (line.suggestedSupplierId && !(await trx.from('procurement_suppliers').where('id', line.suggestedSupplierId).first())) {
      throw new BuyingError('supplier_missing', {}, `lines.${index}.suggested_supplier_id`)
    }
    total = total.plus(base)
    rows.push({
      line_no: firstNo + index,
      item_id: item.id,
      unit_id: unitId,
      quantity: Quantity.parse(text, { precision: 6 }).toMicros().toString(),
      quantity_base: base.toMicros().toString(),
      needed_by: line.neededBy || null,
      warehouse_id: line.warehouseId ?? item.defaultWarehouseId ?? null,
      suggested_supplier_id: line.suggestedSupplierId ?? null,
      status: 'open',
      note: line.note ?? null,
    })
  }
  return { rows, total }
}

/**
 * Creates a draft requisition with its lines inside `trx` (for manufacturing's
 * MRP too: source 'mrp'). Refuses bad input with a BuyingError / StockError.
 */
export async function createRequisition(trx: Trx, input: RequisitionInput, user: { id: number; departmentId?: number | null } | null = null): Promise<{ id: number }> {
  if (!input.lines.length) throw new BuyingError('no_lines', {}, 'lines')
  const { rows, total } = await lineRows(trx, input.lines)
  const requisition = new ProcurementRequisition()
  requisition.useTransaction(trx)
  requisition.merge({
    source: input.source ?? 'manual',
    requesterId: input.requesterId ?? user?.id ?? null,
    requestedOn: input.requestedOn || today(),
    totalQuantity: total.toMicros().toString(),
    note: input.note ?? null,
    ownerId: user?.id ?? null,
    createdBy: user?.id ?? null,
    departmentId: input.departmentId ?? user?.departmentId ?? null,
  })
  await requisition.save()
  for (const row of rows) await trx.table('procurement_requisition_lines').insert({ ...row, requisition_id: requisition.id })
  return { id: requisition.id }
}

/** Replaces a draft requisition's header and lines. */
export async function updateRequisition(id: number, input: RequisitionInput) {
  return db.transaction(async (trx) => {
    const requisition = await ProcurementRequisition.query({ client: trx }).where('id', id).firstOrFail()
    if (requisition.state !== 'draft') throw new BuyingError('not_draft', { number: requisition.number ?? '' })
    if (!input.lines.length) throw new BuyingError('no_lines', {}, 'lines')
    const { rows, total } = await lineRows(trx, input.lines)
    requisition.merge({ requestedOn: input.requestedOn || requisition.requestedOn, note: input.note ?? null, totalQuantity: total.toMicros().toString() })
    if (input.departmentId !== undefined) requisition.departmentId = input.departmentId
    await requisition.save()
    await trx.from('procurement_requisition_lines').where('requisition_id', id).delete()
    for (const row of rows) await trx.table('procurement_requisition_lines').insert({ ...row, requisition_id: id })
  })
}

/** Submits; without a pending approval it is confirmed at once. */
export async function submitRequisition(requisition: ProcurementRequisition, user: { id: number } | null): Promise<string> {
  await transition(requisition, 'submitted', { user })
  const fresh = await ProcurementRequisition.findOrFail(requisition.id)
  if (await pendingInstanceOf('procurement.requisition', requisition.id)) return fresh.state
  await transition(fresh, 'confirmed', { user })
  return 'confirmed'
}

/** Closes one open line (not to be bought); the requisition completes when no line stays open. */
export async function closeRequisitionLine(trx: Trx, lineId: number) {
  await trx.from('procurement_requisition_lines').where({ id: lineId, status: 'open' }).update({ status: 'closed' })
}

/** After lines were ordered or closed: completes the confirmed requisitions with no open line left. */
export async function completeFinishedRequisitions(trx: Trx, requisitionIds: number[], user: { id: number } | null) {
  for (const id of new Set(requisitionIds)) {
    const open = await trx.from('procurement_requisition_lines').where({ requisition_id: id, status: 'open' }).first()
    if (open) continue
    const requisition = await ProcurementRequisition.query({ client: trx }).where('id', id).first()
    if (requisition && requisition.state === 'confirmed') await transition(requisition, 'done', { user, trx })
  }
}

export const requisitionHooks = {
  beforeSubmit: async ({ document, trx }: any) => {
    const line = await trx.from('procurement_requisition_lines').where('requisition_id', document.id).first()
    if (!line) throw new BuyingError('no_lines')
  },
  beforeCancel: async ({ document, trx }: any) => {
    const ordered = await trx.from('procurement_requisition_lines').where({ requisition_id: document.id, status: 'ordered' }).first()
    if (ordered) throw new BuyingError('cancel_ordered', { number: document.number ?? '' })
  },
  afterCancel: async ({ document, trx }: any) => {
    await trx.from('procurement_requisition_lines').where({ requisition_id: document.id, status: 'open' }).update({ status: 'closed' })
  },
}

/**
 * Listener of `inventory:stock.low`: proposes the suggested quantity as a line
 * of the open draft stock-alert requisition — once: nothing when an open line
 * for the item and warehouse already exists on a requisition not cancelled.
 */
export async function requisitionFromStockAlert(payload: StockLowPayload): Promise<number | null> {
  const quantity = Quantity.of(payload.suggestedQuantity)
  if (!quantity.isPositive()) return null
  return db.transaction(async (trx) => {
    const item = await getItem(payload.itemId, trx)
    if (!item) return null
    const already = await trx
      .from('procurement_requisition_lines as l')
      .join('procurement_requisitions as r', 'r.id', 'l.requisition_id')
      .where('l.item_id', payload.itemId)
      .where('l.status', 'open')
      .whereNot('r.state', 'cancelled')
      .where((q) => (payload.warehouseId === null ? q.whereNull('l.warehouse_id') : q.where('l.warehouse_id', payload.warehouseId)))
      .first()
    if (already) return null
    const line = { itemId: item.id, quantity: quantity.round(item.precision, 'up').toString(), warehouseId: payload.warehouseId, note: null }
    const draft = await trx.from('procurement_requisitions').where({ source: 'stock_alert', state: 'draft' }).orderBy('id', 'desc').first()
    if (!draft) return (await createRequisition(trx, { source: 'stock_alert', lines: [line] })).id
    const last = await trx.from('procurement_requisition_lines').where('requisition_id', draft.id).max('line_no as n').first()
    const { rows, total } = await lineRows(trx, [line], Number(last?.n ?? 0) + 1)
    await trx.table('procurement_requisition_lines').insert({ ...rows[0], requisition_id: draft.id })
    await trx.from('procurement_requisitions').where('id', draft.id).update({
      total_quantity: Quantity.fromMicros(draft.total_quantity).plus(total).toMicros().toString(),
    })
    return Number(draft.id)
  })
}
