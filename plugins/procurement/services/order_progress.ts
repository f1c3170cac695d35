/*
 * Where a purchase order stands after receipts, returns, close-short and
 * cancellation: each line's open quantity, the on-order expectation inventory
 * keeps for it, and the order's receipt_status. Receiving (slice 7) calls
 * recomputeOrderProgress in its own transaction after it has updated the
 * line's running totals; the order's own actions (confirm, close short,
 * cancel) call it too, so there is one formula.
 *
 * The formula (docs/decisions/019-procurement-buying.md):
 *   net received = received_qty − returned_qty           (base units)
 *   open         = max(0, quantity_base − net received)  while the order is confirmed, else 0
 * received_qty counts everything that arrived (accepted or rejected at IQC);
 * rejected goods still lie in quarantine and count as received until they are
 * returned; a return to the supplier reopens the quantity (a replacement is
 * expected) — close the order short when none is.
 *   receipt_status = closed_short   when the order was closed with something open
 *                  = received       when no line is open
 *                  = partially_received when some net quantity arrived
 *                  = open           otherwise
 */
import { Quantity } from '#kernel/numbers/index'
import { parseDate } from '#kernel/records/values'
import { setExpectation, defaultLocation } from '#plugins/inventory/api'
import type { Trx } from '#plugins/inventory/api'

export const ORDER_DOCUMENT_TYPE = 'procurement.order'

export type ReceiptStatus = 'open' | 'partially_received' | 'received' | 'closed_short'

export interface LineProgressInput {
  quantityBase: Quantity
  receivedQty: Quantity
  returnedQty: Quantity
}

/** Net received and open quantity of one line (pure). */
export function lineProgress(line: LineProgressInput): { netReceived: Quantity; open: Quantity } {
  const netReceived = line.receivedQty.minus(line.returnedQty)
  const open = line.quantityBase.minus(netReceived)
  return { netReceived, open: open.isNegative() ? Quantity.zero() : open }
}

/** The order's receipt status from its lines (pure). `closedShort`: the order was closed with quantities open. */
export function receiptStatusOf(lines: LineProgressInput[], options: { closedShort?: boolean } = {}): ReceiptStatus {
  const progress = lines.map(lineProgress)
  const anyOpen = progress.some((p) => p.open.isPositive())
  if (!anyOpen) return 'received'
  if (options.closedShort) return 'closed_short'
  return progress.some((p) => p.netReceived.isPositive()) ? 'partially_received' : 'open'
}

/**
 * Recomputes an order's on-order expectations and receipt_status inside `trx`.
 * A confirmed order expects every line's open quantity at its warehouse's
 * default location by the line's (else the order's) expected date; any other
 * state expects nothing. Returns the new status.
 */
export async function recomputeOrderProgress(trx: Trx, orderId: number): Promise<ReceiptStatus> {
  const order = await trx.from('procurement_orders').where('id', orderId).forUpdate().first()
  if (!order) throw new Error(`procurement: order ${orderId} not found`)
  const lines = await trx.from('procurement_order_lines').where('order_id', orderId).orderBy('line_no')
  const inputs = lines.map((line: any) => ({
    quantityBase: Quantity.fromMicros(line.quantity_base),
    receivedQty: Quantity.fromMicros(line.received_qty),
    returnedQty: Quantity.fromMicros(line.returned_qty),
  }))
  const expecting = order.state === 'confirmed'
  const locationId = await defaultLocation(Number(order.warehouse_id), trx)
  for (const [index, line] of lines.entries()) {
    const { open } = lineProgress(inputs[index])
    await setExpectation(trx, {
      kind: 'on_order',
      documentType: ORDER_DOCUMENT_TYPE,
      documentId: orderId,
      documentLineId: Number(line.id),
      itemId: Number(line.item_id),
      locationId,
      quantity: expecting ? open : Quantity.zero(),
      expectedDate: dateOrNull(line.expected_date) ?? dateOrNull(order.expected_date) ?? dateOrNull(order.order_date),
    })
  }
  // closed short = completed ('done') with something still open; a cancelled order keeps its last status.
  let status: ReceiptStatus
  if (order.state === 'cancelled') status = order.receipt_status as ReceiptStatus
  else status = receiptStatusOf(inputs, { closedShort: order.state === 'done' })
  if (status !== order.receipt_status) {
    await trx.from('procurement_orders').where('id', orderId).update({ receipt_status: status })
  }
  return status
}

function dateOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : parseDate(value)
}
