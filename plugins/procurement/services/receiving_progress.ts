/*
 * A purchase order's receiving progress, kept in the transaction of every
 * receipt, inspection and return. One formula for the whole plugin:
 * recomputeOrderProgress (services/order_progress.ts, decision 019):
 *   open = max(0, ordered − (received − returned))
 * so a return re-opens the quantity (a replacement is expected). A return
 * that credits the order instead reduces the order line's quantity by what
 * was returned (reduceOrderLine), so the same formula leaves nothing open
 * for it (decision 020).
 */
import type { Trx } from '#plugins/inventory/api'
import { Money, Quantity } from '#kernel/numbers/index'
import { recomputeOrderProgress, lineProgress } from './order_progress.js'
import { micros, qty } from './receiving_util.js'

export async function syncOrderProgress(trx: Trx, orderId: number): Promise<void> {
  await recomputeOrderProgress(trx, orderId)
}

/** Ordered − (received − returned), at least 0 (base units). */
export function openQuantity(line: any): Quantity {
  return lineProgress({ quantityBase: qty(line.quantity_base), receivedQty: qty(line.received_qty), returnedQty: qty(line.returned_qty) }).open
}

/**
 * A credit return: the order line is reduced by `base` base units (sign −1)
 * or restored when the return is cancelled (sign +1); amount and order total follow.
 */
export async function reduceOrderLine(trx: Trx, orderLineId: number, base: Quantity, sign: 1 | -1) {
  const line = await trx.from('procurement_order_lines').where('id', orderLineId).first()
  const order = await trx.from('procurement_orders').where('id', line.order_id).first()
  const quantityBase = qty(line.quantity_base)
  const ratio = quantityBase.isZero() ? Quantity.of(1) : qty(line.quantity).dividedBy(quantityBase)
  const delta = base.times(ratio).round(6).times(sign === 1 ? 1 : -1)
  const quantity = qty(line.quantity).plus(delta)
  const amount = Money.fromMicros(line.unit_price, order.currency ?? 'CNY').times(quantity).round()
  await trx.from('procurement_order_lines').where('id', orderLineId).update({
    quantity: micros(quantity),
    quantity_base: micros(quantityBase.plus(base.times(sign === 1 ? 1 : -1))),
    amount: micros(amount),
  })
  const lines = await trx.from('procurement_order_lines').where('order_id', order.id)
  const total = lines.reduce((sum: Money, l: any) => sum.plus(Money.fromMicros(l.amount, order.currency ?? 'CNY')), Money.zero(order.currency ?? 'CNY'))
  await trx.from('procurement_orders').where('id', order.id).update({ total: micros(total) })
}
