/*
 * Incoming inspection (IQC, 来料检验) of a receipt line received into
 * quarantine: inspected = accepted + rejected; accepted goods move
 * quarantine → the line's stock location (an internal transfer at cost),
 * rejected goods stay in quarantine until returned to the supplier.
 */
import db from '@adonisjs/lucid/services/db'
import type { DocumentHookEvent } from '#kernel/plugins/define_plugin'
import { transition } from '#kernel/documents/transition_document'
import { Quantity } from '#kernel/numbers/index'
import { getItem, postMoves, reverseDocumentMoves, toBaseQuantity, type Trx } from '#plugins/inventory/api'
import Inspection from '../models/inspection.js'
import { ReceivingError, micros, qty, today } from './receiving_util.js'

export const REJECT_REASONS = ['appearance', 'dimension', 'performance', 'short', 'other'] as const

export interface InspectionInput {
  receiptLineId: number
  inspectedQty: string
  acceptedQty: string
  rejectedQty: string
  reasonCode?: string | null
  reasonText?: string | null
  note?: string | null
}

export async function lockReceiptLine(trx: Trx, id: number) {
  const query = trx.from('procurement_receipt_lines').where('id', id)
  if (trx.dialect.name === 'postgres') query.forUpdate()
  return query.first()
}

/** Base quantity of a receipt line already returned from one location (posted returns). */
export async function returnedFrom(trx: Trx, receiptLineId: number, locationId: number, exceptReturnId?: number): Promise<Quantity> {
  const query = trx
    .from('procurement_return_lines as rl')
    .join('procurement_returns as r', 'r.id', 'rl.return_id')
    .where('rl.receipt_line_id', receiptLineId)
    .where('rl.from_location_id', locationId)
    .where('r.state', 'posted')
  if (exceptReturnId) query.whereNot('r.id', exceptReturnId)
  const row = await query.sum('rl.quantity_base as total').first()
  return qty(row?.total ?? 0)
}

export async function inspectReceiptLine(input: InspectionInput, user: { id: number } | null): Promise<Inspection> {
  return db.transaction(async (trx) => {
    const line = await lockReceiptLine(trx, input.receiptLineId)
    if (!line) throw new ReceivingError('receipt_line_missing', {}, 'receipt_line_id')
    const receipt = await trx.from('procurement_receipts').where('id', line.receipt_id).first()
    if (receipt.state !== 'posted' || !['pending', 'partial'].includes(line.inspection_status)) {
      throw new ReceivingError('not_pending_inspection', { number: receipt.number ?? '' }, 'inspected_qty')
    }
    const item = (await getItem(Number(line.item_id), trx))!
    const inspected = await toBaseQuantity(item.id, null, input.inspectedQty, { field: 'inspected_qty', trx })
    const accepted = await toBaseQuantity(item.id, null, input.acceptedQty || '0', { field: 'accepted_qty', allowZero: true, trx })
    const rejected = await toBaseQuantity(item.id, null, input.rejectedQty || '0', { field: 'rejected_qty', allowZero: true, trx })
    const pending = qty(line.quantity_base).minus(qty(line.inspected_qty))
    if (inspected.greaterThan(pending)) {
      throw new ReceivingError('inspect_more_than_pending', { item: item.code, pending: pending.toFixed(item.precision), unit: item.baseUnitCode }, 'inspected_qty')
    }
    if (!accepted.plus(rejected).equals(inspected)) {
      throw new ReceivingError('inspection_sum', { inspected: inspected.toFixed(item.precision) }, 'rejected_qty')
    }
    const reasonCode = String(input.reasonCode ?? '').trim() || null
    const reasonText = String(input.reasonText ?? '').trim().slice(0, 255) || null
    if (rejected.isPositive()) {
      if (!reasonCode || !(REJECT_REASONS as readonly string[]).includes(reasonCode)) throw new ReceivingError('reason_required', {}, 'reason_code')
      if (reasonCode === 'other' && !reasonText) throw new ReceivingError('reason_text_required', {}, 'reason_text')
    }
    const inspection = new Inspection()
    inspection.fill({
      receiptId: Number(receipt.id),
      receiptLineId: Number(line.id),
      itemId: item.id,
      itemName: item.name,
      inspectedOn: today(),
      inspectedQty: micros(inspected),
      acceptedQty: micros(accepted),
      rejectedQty: micros(rejected),
      reasonCode: rejected.isPositive() ? reasonCode : null,
      reasonText: rejected.isPositive() ? reasonText : null,
      locationId: Number(line.location_id),
      note: input.note?.trim().slice(0, 500) || null,
      ownerId: user?.id ?? null,
      createdBy: user?.id ?? null,
      departmentId: receipt.department_id ?? null,
    })
    inspection.useTransaction(trx)
    await inspection.save()
    await transition(inspection, 'submitted', { user, trx })
    await transition(inspection, 'posted', { user, trx })
    return inspection
  })
}

/** afterPost of procurement.inspection. */
export async function postInspection(event: DocumentHookEvent) {
  const { trx } = event
  const inspection = event.document as any
  const line = await trx.from('procurement_receipt_lines').where('id', inspection.receiptLineId).first()
  const accepted = qty(inspection.acceptedQty)
  const rejected = qty(inspection.rejectedQty)
  if (accepted.isPositive()) {
    await postMoves(
      trx,
      [
        {
          itemId: Number(line.item_id),
          lotId: line.lot_id ? Number(line.lot_id) : null,
          fromLocationId: Number(line.received_location_id),
          toLocationId: Number(line.location_id),
          quantity: accepted,
          documentType: 'procurement.inspection',
          documentId: Number(inspection.id),
          documentNumber: inspection.number,
          documentLineId: Number(line.id),
        },
      ],
      { userId: event.userId }
    )
  }
  await applyToLine(trx, line, qty(inspection.inspectedQty), accepted, rejected)
}

async function applyToLine(trx: Trx, line: any, inspected: Quantity, accepted: Quantity, rejected: Quantity) {
  const inspectedTotal = qty(line.inspected_qty).plus(inspected)
  const status = inspectedTotal.isZero() ? 'pending' : inspectedTotal.lessThan(qty(line.quantity_base)) ? 'partial' : 'done'
  await trx.from('procurement_receipt_lines').where('id', line.id).update({
    inspected_qty: micros(inspectedTotal),
    accepted_qty: micros(qty(line.accepted_qty).plus(accepted)),
    rejected_qty: micros(qty(line.rejected_qty).plus(rejected)),
    inspection_status: status,
  })
  const orderLine = await trx.from('procurement_order_lines').where('id', line.order_line_id).first()
  await trx
    .from('procurement_order_lines')
    .where('id', line.order_line_id)
    .update({ rejected_qty: micros(qty(orderLine.rejected_qty).plus(rejected)) })
}

/** beforeCancel of procurement.inspection: its rejected goods must still be in quarantine, its accepted ones in stock. */
export async function cancelInspection(event: DocumentHookEvent) {
  if (event.from !== 'posted') return
  const { trx } = event
  const inspection = event.document as any
  const line = await lockReceiptLine(trx, Number(inspection.receiptLineId))
  const rejected = qty(inspection.rejectedQty)
  const accepted = qty(inspection.acceptedQty)
  const rejectedLeft = qty(line.rejected_qty).minus(await returnedFrom(trx, Number(line.id), Number(line.received_location_id)))
  const acceptedLeft = qty(line.accepted_qty).minus(await returnedFrom(trx, Number(line.id), Number(line.location_id)))
  if (rejected.greaterThan(rejectedLeft) || accepted.greaterThan(acceptedLeft) || qty(line.billed_qty).isPositive()) {
    throw new ReceivingError('inspection_in_use', { number: inspection.number ?? '' })
  }
  await reverseDocumentMoves(trx, { documentType: 'procurement.inspection', documentId: Number(inspection.id) }, { userId: event.userId })
  await applyToLine(trx, line, qty(inspection.inspectedQty).negated(), accepted.negated(), rejected.negated())
}
