/*
 * Returns to supplier (退货单) of goods of one receipt: rejected goods from
 * quarantine or accepted goods from stock, never more than was received
 * less what was returned already. Posting moves them location → supplier at
 * the receipt's cost; the order either expects replacements (its on-order
 * quantity re-opens) or is reduced by the return (a credit).
 */
import db from '@adonisjs/lucid/services/db'
import type { DocumentHookEvent } from '#kernel/plugins/define_plugin'
import { transition } from '#kernel/documents/transition_document'
import { Money, Quantity } from '#kernel/numbers/index'
import { getItem, postMoves, reverseDocumentMoves, toBaseQuantity, virtualLocation } from '#plugins/inventory/api'
import SupplierReturn from '../models/supplier_return.js'
import { lockReceiptLine, returnedFrom } from './inspections.js'
import { reduceOrderLine, syncOrderProgress } from './receiving_progress.js'
import { ReceivingError, micros, money, qty, today } from './receiving_util.js'

export interface ReturnLineInput {
  receiptLineId: number
  /** Base units; blank or 0 skips the line. */
  quantity: string
  /** quarantine: rejected goods waiting in QC; stock: accepted goods. */
  source: 'quarantine' | 'stock'
}

export interface ReturnInput {
  receiptId: number
  expectReplacement: boolean
  reason?: string | null
  returnDate?: string | null
  lines: ReturnLineInput[]
}

export async function returnToSupplier(input: ReturnInput, user: { id: number } | null): Promise<SupplierReturn> {
  return db.transaction(async (trx) => {
    const receipt = await trx.from('procurement_receipts').where('id', input.receiptId).first()
    if (!receipt || receipt.state !== 'posted') throw new ReceivingError('receipt_not_posted', { number: receipt?.number ?? '' }, 'receipt_id')
    const rows: any[] = []
    const inThisReturn = new Map<number, Quantity>()
    for (const [index, input_line] of input.lines.entries()) {
      const text = String(input_line.quantity ?? '').trim()
      if (text === '' || /^0*(\.0*)?$/.test(text)) continue
      const field = (name: string) => `lines.${index}.${name}`
      const line = await lockReceiptLine(trx, Number(input_line.receiptLineId))
      if (!line || Number(line.receipt_id) !== Number(receipt.id)) throw new ReceivingError('line_not_of_receipt', { number: receipt.number }, field('quantity'))
      const item = (await getItem(Number(line.item_id), trx))!
      const base = await toBaseQuantity(item.id, null, text, { field: field('quantity'), trx })
      const already = inThisReturn.get(Number(line.id)) ?? Quantity.zero()
      const returnable = qty(line.quantity_base).minus(qty(line.returned_qty)).minus(already)
      if (base.greaterThan(returnable)) {
        throw new ReceivingError(
          'return_more_than_received',
          { item: item.code, received: qty(line.quantity_base).toFixed(item.precision), returned: qty(line.returned_qty).plus(already).toFixed(item.precision), unit: item.baseUnitCode },
          field('quantity')
        )
      }
      const fromQuarantine = input_line.source === 'quarantine'
      const locationId = Number(fromQuarantine ? line.received_location_id : line.location_id)
      const there = (fromQuarantine ? qty(line.rejected_qty) : qty(line.accepted_qty)).minus(await returnedFrom(trx, Number(line.id), locationId)).minus(already)
      if (fromQuarantine && line.inspection_status === 'none') throw new ReceivingError('nothing_in_quarantine', { item: item.code }, field('source'))
      if (base.greaterThan(there)) {
        throw new ReceivingError(
          fromQuarantine ? 'return_more_than_rejected' : 'return_more_than_accepted',
          { item: item.code, max: (there.isNegative() ? Quantity.zero() : there).toFixed(item.precision), unit: item.baseUnitCode },
          field('quantity')
        )
      }
      inThisReturn.set(Number(line.id), already.plus(base))
      rows.push({
        receipt_line_id: Number(line.id),
        order_line_id: Number(line.order_line_id),
        item_id: item.id,
        from_location_id: locationId,
        quantity_base: micros(base),
        unit_cost: String(line.unit_cost),
        value: '0',
      })
    }
    if (!rows.length) throw new ReceivingError('nothing_to_return', {}, 'lines')
    const doc = new SupplierReturn()
    doc.fill({
      receiptId: Number(receipt.id),
      orderId: Number(receipt.order_id),
      supplierId: Number(receipt.supplier_id),
      supplierName: receipt.supplier_name,
      returnDate: input.returnDate || today(),
      expectReplacement: Boolean(input.expectReplacement),
      reason: input.reason?.trim().slice(0, 255) || null,
      totalValue: '0',
      ownerId: user?.id ?? null,
      createdBy: user?.id ?? null,
      departmentId: receipt.department_id ?? null,
    })
    doc.useTransaction(trx)
    await doc.save()
    for (const row of rows) await trx.insertQuery().table('procurement_return_lines').insert({ ...row, return_id: doc.id })
    await transition(doc, 'submitted', { user, trx })
    await transition(doc, 'posted', { user, trx })
    return doc
  })
}

async function applyReturn(trx: any, doc: any, sign: 1 | -1) {
  const lines = await trx.from('procurement_return_lines').where('return_id', doc.id)
  for (const line of lines) {
    // A credit: the order no longer expects what went back (restored when the return is cancelled).
    if (!doc.expectReplacement) await reduceOrderLine(trx, Number(line.order_line_id), qty(line.quantity_base), sign === 1 ? -1 : 1)
    const amount = qty(line.quantity_base).times(sign)
    const receiptLine = await trx.from('procurement_receipt_lines').where('id', line.receipt_line_id).first()
    await trx.from('procurement_receipt_lines').where('id', line.receipt_line_id).update({ returned_qty: micros(qty(receiptLine.returned_qty).plus(amount)) })
    const orderLine = await trx.from('procurement_order_lines').where('id', line.order_line_id).first()
    await trx.from('procurement_order_lines').where('id', line.order_line_id).update({ returned_qty: micros(qty(orderLine.returned_qty).plus(amount)) })
  }
  return lines
}

/** afterPost of procurement.return. */
export async function postReturn(event: DocumentHookEvent) {
  const { trx } = event
  const doc = event.document as any
  const supplier = await virtualLocation('supplier', trx)
  const lines = await trx.from('procurement_return_lines').where('return_id', doc.id).orderBy('id')
  let total = Money.zero()
  for (const line of lines) {
    const receiptLine = await trx.from('procurement_receipt_lines').where('id', line.receipt_line_id).first()
    const [posted] = await postMoves(
      trx,
      [
        {
          itemId: Number(line.item_id),
          lotId: receiptLine.lot_id ? Number(receiptLine.lot_id) : null,
          fromLocationId: Number(line.from_location_id),
          toLocationId: supplier,
          quantity: qty(line.quantity_base),
          unitCost: money(line.unit_cost),
          documentType: 'procurement.return',
          documentId: Number(doc.id),
          documentNumber: doc.number,
          documentLineId: Number(line.id),
        },
      ],
      { userId: event.userId }
    )
    const value = posted ? Money.fromMicros(posted.value.abs().toMicros()) : money(line.unit_cost).times(qty(line.quantity_base)).round()
    total = total.plus(value)
    await trx.from('procurement_return_lines').where('id', line.id).update({ value: micros(value) })
  }
  await trx.from('procurement_returns').where('id', doc.id).update({ total_value: micros(total) })
  await applyReturn(trx, doc, 1)
  await syncOrderProgress(trx, Number(doc.orderId))
}

/** beforeCancel of procurement.return: the goods come back into the location they left. */
export async function cancelReturn(event: DocumentHookEvent) {
  if (event.from !== 'posted') return
  const { trx } = event
  const doc = event.document as any
  await reverseDocumentMoves(trx, { documentType: 'procurement.return', documentId: Number(doc.id) }, { userId: event.userId })
  await applyReturn(trx, doc, -1)
  await syncOrderProgress(trx, Number(doc.orderId))
}
