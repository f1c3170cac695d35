/*
 * A purchase order's receiving progress, kept in the transaction of every
 * receipt, inspection and return: per line the open quantity still expected
 * (inventory's on-order expectation at the warehouse's stock location) and
 * the order's receipt_status.
 *
 * open = ordered − received + returned-for-replacement (never < 0). A return
 * that credits the order (no replacement) leaves the line as received: the
 * order is reduced by what was returned.
 *
 * Slice 6 owns the order's states and may replace this with its
 * recomputeOrderProgress (services/order_progress.ts); receiving calls only
 * syncOrderProgress, so the switch is one line here.
 */
import { defaultLocation, setExpectation, type Trx } from '#plugins/inventory/api'
import { Quantity } from '#kernel/numbers/index'
import { dayString, qty } from './receiving_util.js'

/** Base quantity returned for replacement, per order line of the order (posted returns only). */
export async function replacementReturned(trx: Trx, orderId: number): Promise<Map<number, Quantity>> {
  const rows = await trx
    .from('procurement_return_lines as rl')
    .join('procurement_returns as r', 'r.id', 'rl.return_id')
    .where('r.order_id', orderId)
    .where('r.state', 'posted')
    .where('r.expect_replacement', true)
    .groupBy('rl.order_line_id')
    .select('rl.order_line_id')
    .sum('rl.quantity_base as total')
  return new Map(rows.map((r: any) => [Number(r.order_line_id), qty(r.total ?? 0)]))
}

export async function syncOrderProgress(trx: Trx, orderId: number): Promise<void> {
  const order = await trx.from('procurement_orders').where('id', orderId).first()
  if (!order) return
  const lines = await trx.from('procurement_order_lines').where('order_id', orderId).orderBy('line_no')
  const replaced = await replacementReturned(trx, orderId)
  const closed = ['cancelled', 'done', 'draft'].includes(order.state) || order.receipt_status === 'closed_short'
  const stockLocation = await defaultLocation(Number(order.warehouse_id), trx)
  let anyReceived = false
  let allReceived = true
  for (const line of lines) {
    const open = openQuantity(line, replaced.get(Number(line.id)))
    if (qty(line.received_qty).isPositive()) anyReceived = true
    if (open.isPositive()) allReceived = false
    await setExpectation(trx, {
      kind: 'on_order',
      documentType: 'procurement.order',
      documentId: orderId,
      documentLineId: Number(line.id),
      itemId: Number(line.item_id),
      locationId: stockLocation,
      quantity: closed ? Quantity.zero() : open,
      expectedDate: dayString(line.expected_date),
    })
  }
  if (order.receipt_status !== 'closed_short') {
    const status = allReceived && lines.length ? 'received' : anyReceived ? 'partially_received' : 'open'
    if (status !== order.receipt_status) await trx.from('procurement_orders').where('id', orderId).update({ receipt_status: status })
  }
}

/** Ordered − received + returned for replacement, at least 0 (base units). */
export function openQuantity(line: any, replaced: Quantity = Quantity.zero()): Quantity {
  const open = qty(line.quantity_base).minus(qty(line.received_qty)).plus(replaced)
  return open.isNegative() ? Quantity.zero() : open
}
