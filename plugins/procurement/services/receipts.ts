/*
 * Receipts against purchase orders (到货单/采购入库). A receipt is made and
 * posted in one transaction: the checks (open quantity and tolerance, target
 * location in the order's warehouse, lot codes) run before anything is
 * written; the afterPost hook posts the stock moves (supplier → stock, or →
 * quarantine pending IQC; subcontracting: materials consumed at the
 * subcontractor, finished goods at material cost + processing fee), keeps
 * the order lines' received quantities and the order's on-order figures.
 * Cancelling reverses all of it; refused once the goods were inspected,
 * returned or billed, or (by the ledger) when the stock was used since.
 */
import db from '@adonisjs/lucid/services/db'
import type { DocumentHookEvent } from '#kernel/plugins/define_plugin'
import { transition } from '#kernel/documents/transition_document'
import { afterCommit } from '#kernel/records/after_commit'
import { emitEvent } from '#services/events'
import { Money, Quantity } from '#kernel/numbers/index'
import {
  getItem,
  locationOf,
  defaultLocation,
  quarantineLocation,
  subcontractorLocation,
  virtualLocation,
  postMoves,
  reverseDocumentMoves,
  toBaseQuantity,
  type MoveInput,
  type Trx,
} from '#plugins/inventory/api'
import Receipt from '../models/receipt.js'
import { syncOrderProgress, openQuantity } from './receiving_progress.js'
import { ReceivingError, dayString, insertedId, micros, money, percentFraction, qty, today } from './receiving_util.js'

export interface ReceiptLineInput {
  orderLineId: number
  /** In the order line's unit; blank or 0 skips the line. */
  quantity: string
  lotCode?: string | null
  /** Target stock location; default the warehouse's main stock location. */
  locationId?: number | null
}

export interface ReceiptInput {
  orderId: number
  receiptDate?: string | null
  deliveryNote?: string | null
  note?: string | null
  lines: ReceiptLineInput[]
}

export const subcontractorRef = (supplierId: number) => `procurement.supplier:${supplierId}`

/** Cost per base unit of an order line (its unit price over the unit's factor), 6 decimals. */
export function baseUnitCost(orderLine: any, currency = 'CNY'): Money {
  const base = qty(orderLine.quantity_base)
  if (base.isZero()) return money(orderLine.unit_price, currency)
  return money(orderLine.amount, currency).dividedBy(base).round(6)
}

/** The order row, locked on PostgreSQL so two receipts of one order queue up. */
export async function lockOrder(trx: Trx, orderId: number) {
  const query = trx.from('procurement_orders').where('id', orderId)
  if (trx.dialect.name === 'postgres') query.forUpdate()
  return query.first()
}

/** What may still be received on an order line (base units): ordered + tolerance − net received. */
export function receivableQuantity(order: any, line: any): Quantity {
  const ordered = qty(line.quantity_base)
  const ceiling = ordered.plus(ordered.times(percentFraction(order.over_receipt_pct))).round(6, 'down')
  const left = ceiling.minus(qty(line.received_qty)).plus(qty(line.returned_qty))
  return left.isNegative() ? Quantity.zero() : left
}

/** Makes and posts a receipt. Refuses with ReceivingError / StockError naming the field. */
export async function receiveOrder(input: ReceiptInput, user: { id: number } | null): Promise<Receipt> {
  return db.transaction(async (trx) => {
    const order = await lockOrder(trx, input.orderId)
    if (!order) throw new ReceivingError('order_missing', {}, 'order_id')
    if (order.state !== 'confirmed' || order.receipt_status === 'closed_short') {
      throw new ReceivingError('order_not_receivable', { number: order.number ?? '' }, 'order_id')
    }
    const kind = order.kind === 'subcontract' ? 'subcontract' : 'standard'
    const orderLines = await trx.from('procurement_order_lines').where('order_id', order.id)
    const warehouseId = Number(order.warehouse_id)
    const warehouse = await trx.from('inventory_warehouses').where('id', warehouseId).first()
    const mainLocation = await defaultLocation(warehouseId, trx)
    const thisReceipt = new Map<number, Quantity>()
    const rows: any[] = []

    for (const [index, line] of input.lines.entries()) {
      const text = String(line.quantity ?? '').trim()
      if (text === '' || /^0*(\.0*)?$/.test(text)) continue
      const field = (name: string) => `lines.${index}.${name}`
      const orderLine = orderLines.find((l: any) => Number(l.id) === Number(line.orderLineId))
      if (!orderLine) throw new ReceivingError('line_not_of_order', { number: order.number ?? '' }, field('quantity'))
      const item = (await getItem(Number(orderLine.item_id), trx))!
      const base = await toBaseQuantity(item.id, Number(orderLine.unit_id), text, { field: field('quantity'), trx })
      const already = thisReceipt.get(Number(orderLine.id)) ?? Quantity.zero()
      const allowed = receivableQuantity(order, orderLine).minus(already)
      if (base.greaterThan(allowed)) {
        throw new ReceivingError(
          'over_receipt',
          {
            line: orderLine.line_no,
            item: item.code,
            open: openQuantity(orderLine).toFixed(item.precision),
            tolerance: qty(order.over_receipt_pct).toFixed(2).replace(/\.?0+$/, ''),
            max: (allowed.isNegative() ? Quantity.zero() : allowed).toFixed(item.precision),
            unit: item.baseUnitCode,
          },
          field('quantity')
        )
      }
      thisReceipt.set(Number(orderLine.id), already.plus(base))
      const lotCode = String(line.lotCode ?? '').trim() || null
      if ((item.lotTracked || item.serialTracked) && !lotCode) {
        throw new ReceivingError(item.serialTracked ? 'serial_required' : 'lot_required', { item: item.code }, field('lot_code'))
      }
      if (item.serialTracked && !base.equals(1)) throw new ReceivingError('serial_one', { item: item.code }, field('quantity'))
      let locationId = mainLocation
      if (line.locationId) {
        const location = await locationOf(Number(line.locationId), trx)
        if (!location || location.warehouseId !== warehouseId || location.kind !== 'internal' || !location.active) {
          throw new ReceivingError(
            'location_other_warehouse',
            { location: location?.fullCode ?? String(line.locationId), warehouse: warehouse?.code ?? '' },
            field('location_id')
          )
        }
        locationId = location.id
      }
      rows.push({
        order_line_id: Number(orderLine.id),
        item_id: item.id,
        unit_id: Number(orderLine.unit_id),
        quantity: micros(Quantity.parse(text, { precision: 6 })),
        quantity_base: micros(base),
        lot_code: lotCode,
        location_id: locationId,
      })
    }
    if (!rows.length) throw new ReceivingError('nothing_to_receive', {}, 'lines')

    const receipt = new Receipt()
    receipt.fill({
      orderId: Number(order.id),
      orderNumber: order.number ?? null,
      supplierId: Number(order.supplier_id),
      supplierName: order.supplier_name,
      warehouseId,
      kind,
      receiptDate: input.receiptDate || today(),
      deliveryNote: input.deliveryNote?.trim() || null,
      note: input.note?.trim() || null,
      totalValue: '0',
      ownerId: user?.id ?? null,
      createdBy: user?.id ?? null,
      departmentId: order.department_id ?? null,
    })
    receipt.useTransaction(trx)
    await receipt.save()
    for (const [index, row] of rows.entries()) {
      await trx.insertQuery().table('procurement_receipt_lines').insert({ ...row, receipt_id: receipt.id, line_no: index + 1 })
    }
    await transition(receipt, 'submitted', { user, trx })
    await transition(receipt, 'posted', { user, trx })
    return receipt
  })
}

/** afterPost of procurement.receipt: the stock moves and the order's figures. */
export async function postReceipt(event: DocumentHookEvent) {
  const { trx } = event
  const receipt = event.document as any
  const order = await trx.from('procurement_orders').where('id', receipt.orderId).first()
  const lines = await trx.from('procurement_receipt_lines').where('receipt_id', receipt.id).orderBy('line_no')
  const supplier = await virtualLocation('supplier', trx)
  const currency = order.currency ?? 'CNY'
  let total = Money.zero(currency)
  for (const line of lines) {
    const orderLine = await trx.from('procurement_order_lines').where('id', line.order_line_id).first()
    const item = (await getItem(Number(line.item_id), trx))!
    const base = qty(line.quantity_base)
    let unitCost = baseUnitCost(orderLine, currency)
    let materialCost: Money | null = null
    if (receipt.kind === 'subcontract') {
      materialCost = await consumeMaterials(trx, receipt, order, line, base, event.userId)
      unitCost = materialCost.plus(unitCost.times(base)).dividedBy(base).round(6)
    }
    const inspect = item.requiresInspection
    const to = inspect ? await quarantineLocation(Number(receipt.warehouseId), trx) : Number(line.location_id)
    const move: MoveInput = {
      itemId: item.id,
      lotCode: line.lot_code,
      fromLocationId: supplier,
      toLocationId: to,
      quantity: base,
      unitCost,
      documentType: 'procurement.receipt',
      documentId: receipt.id,
      documentNumber: receipt.number,
      documentLineId: Number(line.id),
    }
    const [posted] = await postMoves(trx, [move], { userId: event.userId })
    const value = posted ? posted.value : unitCost.times(base).round()
    total = total.plus(value)
    await trx.from('procurement_receipt_lines').where('id', line.id).update({
      unit_cost: micros(unitCost),
      value: micros(value),
      material_cost: materialCost ? micros(materialCost) : null,
      lot_id: posted?.lotId ?? null,
      received_location_id: to,
      inspection_status: inspect ? 'pending' : 'none',
      accepted_qty: inspect ? '0' : micros(base),
    })
    await trx
      .from('procurement_order_lines')
      .where('id', line.order_line_id)
      .update({ received_qty: micros(qty(orderLine.received_qty).plus(base)) })
  }
  await trx.from('procurement_receipts').where('id', receipt.id).update({ total_value: micros(total) })
  await syncOrderProgress(trx, Number(order.id))
  const payload = {
    receiptId: Number(receipt.id),
    number: String(receipt.number),
    orderId: Number(order.id),
    supplierId: Number(order.supplier_id),
    value: total.toFixed(2),
  }
  afterCommit(trx, () => emitEvent('procurement:receipt.posted', payload))
}

/** Subcontracting: materials at the subcontractor consumed for `base` finished units; returns their cost. */
async function consumeMaterials(trx: Trx, receipt: any, order: any, line: any, base: Quantity, userId: number | null): Promise<Money> {
  const materials = await trx.from('procurement_subcontract_materials').where('order_line_id', line.order_line_id).orderBy('id')
  if (!materials.length) return Money.zero(order.currency ?? 'CNY')
  const at = await subcontractorLocation(trx, subcontractorRef(Number(order.supplier_id)), order.supplier_name)
  const production = await virtualLocation('production', trx)
  const moves: MoveInput[] = []
  const needs: Quantity[] = []
  for (const material of materials) {
    const item = (await getItem(Number(material.item_id), trx))!
    const need = qty(material.qty_per_unit).times(base).round(item.precision, 'half_up')
    const left = qty(material.sent_qty).minus(qty(material.consumed_qty))
    if (need.greaterThan(left)) {
      throw new ReceivingError('materials_short', { item: item.code, need: need.toFixed(item.precision), left: left.toFixed(item.precision), unit: item.baseUnitCode }, 'lines')
    }
    needs.push(need)
    if (need.isPositive()) {
      moves.push({
        itemId: item.id, fromLocationId: at, toLocationId: production, quantity: need,
        documentType: 'procurement.receipt', documentId: receipt.id, documentNumber: receipt.number, documentLineId: Number(line.id),
        note: 'subcontract consumption',
      })
    }
  }
  const posted = moves.length ? await postMoves(trx, moves, { userId }) : []
  let cost = Money.zero(order.currency ?? 'CNY')
  for (const [index, material] of materials.entries()) {
    const move = posted.find((m) => m.itemId === Number(material.item_id))
    const value = move ? move.value : Money.zero()
    cost = cost.plus(Money.fromMicros(value.toMicros(), order.currency ?? 'CNY'))
    await trx.from('procurement_subcontract_materials').where('id', material.id).update({
      consumed_qty: micros(qty(material.consumed_qty).plus(needs[index])),
      consumed_value: micros(money(material.consumed_value).plus(Money.fromMicros(value.toMicros()))),
    })
  }
  return cost
}

/** beforeCancel of procurement.receipt (from posted): refuse when used, reverse the moves and figures. */
export async function cancelReceipt(event: DocumentHookEvent) {
  if (event.from !== 'posted') return
  const { trx } = event
  const receipt = event.document as any
  const lines = await trx.from('procurement_receipt_lines').where('receipt_id', receipt.id)
  for (const line of lines) {
    if (qty(line.inspected_qty).isPositive() || qty(line.returned_qty).isPositive() || qty(line.billed_qty).isPositive()) {
      throw new ReceivingError('receipt_in_use', { number: receipt.number ?? '' })
    }
  }
  const reversed = await reverseDocumentMoves(trx, { documentType: 'procurement.receipt', documentId: receipt.id }, { userId: event.userId })
  const order = await trx.from('procurement_orders').where('id', receipt.orderId).first()
  if (receipt.kind === 'subcontract') {
    const production = await virtualLocation('production', trx)
    for (const move of reversed.filter((m) => m.fromLocationId === production)) {
      const orderLineIds = lines.map((l: any) => Number(l.order_line_id))
      const material = await trx
        .from('procurement_subcontract_materials')
        .whereIn('order_line_id', orderLineIds)
        .where('item_id', move.itemId)
        .where('consumed_qty', '>', 0)
        .orderBy('id')
        .first()
      if (!material) continue
      await trx.from('procurement_subcontract_materials').where('id', material.id).update({
        consumed_qty: micros(qty(material.consumed_qty).minus(move.quantity.abs())),
        consumed_value: micros(money(material.consumed_value).minus(Money.fromMicros(move.value.abs().toMicros()))),
      })
    }
  }
  for (const line of lines) {
    const orderLine = await trx.from('procurement_order_lines').where('id', line.order_line_id).first()
    await trx
      .from('procurement_order_lines')
      .where('id', line.order_line_id)
      .update({ received_qty: micros(qty(orderLine.received_qty).minus(qty(line.quantity_base))) })
  }
  await syncOrderProgress(trx, Number(order.id))
}

export async function cancelReceiptById(id: number, user: { id: number } | null) {
  const receipt = await Receipt.findOrFail(id)
  return transition(receipt, 'cancelled', { user })
}

export { dayString, insertedId }
