/*
 * Supplier bills (供应商发票/对账) matched 3-way to the order and receipt:
 * per line, the billed quantity against what was received less returned
 * less billed before (within the quantity tolerance) and the price against
 * the order's (within the price tolerance). A bill with a mismatch is held:
 * it posts only once an approval flow approved it (the kernel's approvals;
 * declare a flow on "has mismatch"). Posting keeps the billed quantities and
 * announces procurement:bill.posted for accounting.
 */
import db from '@adonisjs/lucid/services/db'
import type { DocumentHookEvent } from '#kernel/plugins/define_plugin'
import { transition } from '#kernel/documents/transition_document'
import { afterCommit } from '#kernel/records/after_commit'
import { emitEvent } from '#services/events'
import { isUniqueViolation } from '#services/forms'
import { Money, Quantity, NumberFormatError } from '#kernel/numbers/index'
import { getItem, toBaseQuantity, type Trx } from '#plugins/inventory/api'
import Bill from '../models/bill.js'
import { baseUnitCost } from './receipts.js'
import { lockReceiptLine } from './inspections.js'
import { ReceivingError, micros, money, percentFraction, qty } from './receiving_util.js'

/** Default tolerances (percent), copied onto each bill; see docs/decisions/020-procurement-receiving.md. */
export const DEFAULT_QTY_TOLERANCE = '0'
export const DEFAULT_PRICE_TOLERANCE = '2'

export interface BillLineInput {
  receiptLineId: number
  /** In the order line's unit; blank or 0 skips the line. */
  quantity: string
  /** Per order-line unit, before tax. */
  unitPrice: string
  /** Percent, e.g. '13'. */
  taxRate?: string | null
}

export interface BillInput {
  supplierId: number
  invoiceNumber: string
  invoiceDate: string
  dueDate?: string | null
  note?: string | null
  qtyTolerancePct?: string | null
  priceTolerancePct?: string | null
  lines: BillLineInput[]
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

function parsePercent(value: unknown, field: string, fallback: string): Quantity {
  const text = String(value ?? '').trim() || fallback
  try {
    const pct = Quantity.parse(text, { precision: 4 })
    if (pct.isNegative() || pct.greaterThan(100)) throw new ReceivingError('percent_invalid', {}, field)
    return pct
  } catch (error) {
    if (error instanceof NumberFormatError) throw new ReceivingError('percent_invalid', {}, field)
    throw error
  }
}

/** Base quantity of a receipt line still open for billing: received − returned − billed. */
export function matchableQuantity(line: any): Quantity {
  const open = qty(line.quantity_base).minus(qty(line.returned_qty)).minus(qty(line.billed_qty))
  return open.isNegative() ? Quantity.zero() : open
}

export async function createBill(input: BillInput, user: { id: number } | null): Promise<Bill> {
  try {
    return await db.transaction(async (trx) => {
      const supplier = await trx.from('procurement_suppliers').where('id', input.supplierId || 0).first()
      if (!supplier) throw new ReceivingError('supplier_missing', {}, 'supplier_id')
      const invoiceNumber = String(input.invoiceNumber ?? '').trim()
      if (!invoiceNumber) throw new ReceivingError('invoice_required', {}, 'invoice_number')
      if (invoiceNumber.length > 60) throw new ReceivingError('invoice_too_long', {}, 'invoice_number')
      const duplicate = await trx.from('procurement_bills').where({ supplier_id: supplier.id, invoice_number: invoiceNumber }).first()
      if (duplicate) throw new ReceivingError('invoice_duplicate', { invoice: invoiceNumber, number: duplicate.number ?? '' }, 'invoice_number')
      if (!DAY.test(String(input.invoiceDate ?? ''))) throw new ReceivingError('date_invalid', {}, 'invoice_date')
      if (input.dueDate && !DAY.test(input.dueDate)) throw new ReceivingError('date_invalid', {}, 'due_date')
      const qtyTolerance = parsePercent(input.qtyTolerancePct, 'qty_tolerance_pct', DEFAULT_QTY_TOLERANCE)
      const priceTolerance = parsePercent(input.priceTolerancePct, 'price_tolerance_pct', DEFAULT_PRICE_TOLERANCE)
      const currency = supplier.currency ?? 'CNY'

      const rows: any[] = []
      const inThisBill = new Map<number, Quantity>()
      let subtotal = Money.zero(currency)
      let taxTotal = Money.zero(currency)
      let mismatch = Money.zero(currency)
      for (const [index, lineInput] of input.lines.entries()) {
        const text = String(lineInput.quantity ?? '').trim()
        if (text === '' || /^0*(\.0*)?$/.test(text)) continue
        const field = (name: string) => `lines.${index}.${name}`
        const line = await lockReceiptLine(trx, Number(lineInput.receiptLineId))
        const receipt = line ? await trx.from('procurement_receipts').where('id', line.receipt_id).first() : null
        if (!line || !receipt || receipt.state !== 'posted') throw new ReceivingError('receipt_line_missing', {}, field('quantity'))
        if (Number(receipt.supplier_id) !== Number(supplier.id)) {
          throw new ReceivingError('receipt_other_supplier', { number: receipt.number, supplier: supplier.name }, field('quantity'))
        }
        const orderLine = await trx.from('procurement_order_lines').where('id', line.order_line_id).first()
        const item = (await getItem(Number(line.item_id), trx))!
        const base = await toBaseQuantity(item.id, Number(orderLine.unit_id), text, { field: field('quantity'), trx })
        const quantity = Quantity.parse(text, { precision: 6 })
        let unitPrice: Money
        try {
          unitPrice = Money.parse(String(lineInput.unitPrice ?? '').trim(), { currency, maxDecimals: 6 })
        } catch (error) {
          if (error instanceof NumberFormatError) throw new ReceivingError('price_invalid', {}, field('unit_price'))
          throw error
        }
        if (unitPrice.isNegative()) throw new ReceivingError('price_invalid', {}, field('unit_price'))
        const taxRate = parsePercent(lineInput.taxRate, field('tax_rate'), '0')

        const already = inThisBill.get(Number(line.id)) ?? Quantity.zero()
        const matchable = matchableQuantity(line).minus(already)
        inThisBill.set(Number(line.id), already.plus(base))
        const qtyOk = !base.greaterThan(matchable.plus(matchable.times(qtyTolerance.dividedBy(100))))
        const orderPrice = money(orderLine.unit_price, currency)
        const priceOk = !unitPrice.minus(orderPrice).abs().greaterThan(orderPrice.times(priceTolerance.dividedBy(100)))
        const amount = unitPrice.times(quantity).round()
        const tax = amount.times(taxRate.dividedBy(100)).round()
        subtotal = subtotal.plus(amount)
        taxTotal = taxTotal.plus(tax)
        if (!qtyOk || !priceOk) {
          const matched = base.greaterThan(matchable) ? (matchable.isNegative() ? Quantity.zero() : matchable) : base
          const expected = baseUnitCost(orderLine, currency).times(matched).round()
          mismatch = mismatch.plus(amount.minus(expected).abs())
        }
        rows.push({
          receipt_line_id: Number(line.id),
          order_line_id: Number(orderLine.id),
          item_id: item.id,
          quantity: micros(quantity),
          quantity_base: micros(base),
          unit_price: micros(unitPrice),
          tax_rate: micros(taxRate),
          amount: micros(amount),
          tax_amount: micros(tax),
          order_price: micros(orderPrice),
          matchable_qty: micros(matchable.isNegative() ? Quantity.zero() : matchable),
          qty_ok: qtyOk,
          price_ok: priceOk,
        })
      }
      if (!rows.length) throw new ReceivingError('nothing_to_bill', {}, 'lines')
      const hasMismatch = rows.some((r) => !r.qty_ok || !r.price_ok)
      const bill = new Bill()
      bill.fill({
        supplierId: Number(supplier.id),
        supplierName: supplier.name,
        invoiceNumber,
        invoiceDate: input.invoiceDate,
        dueDate: input.dueDate || null,
        currency,
        subtotal: micros(subtotal),
        taxTotal: micros(taxTotal),
        total: micros(subtotal.plus(taxTotal)),
        qtyTolerancePct: micros(qtyTolerance),
        priceTolerancePct: micros(priceTolerance),
        hasMismatch,
        mismatchAmount: micros(hasMismatch ? mismatch : Money.zero(currency)),
        note: input.note?.trim().slice(0, 500) || null,
        ownerId: user?.id ?? null,
        createdBy: user?.id ?? null,
        departmentId: supplier.department_id ?? null,
      })
      bill.useTransaction(trx)
      await bill.save()
      for (const [index, row] of rows.entries()) {
        await trx.insertQuery().table('procurement_bill_lines').insert({ ...row, bill_id: bill.id, line_no: index + 1 })
      }
      return bill
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new ReceivingError('invoice_duplicate', { invoice: input.invoiceNumber, number: '' }, 'invoice_number')
    throw error
  }
}

export type BillOutcome = 'posted' | 'awaiting_approval' | 'held'

async function approvalState(trx: Trx, billId: number, state: string) {
  return trx.from('approval_instances').where({ document_type: 'procurement.bill', document_id: billId, state }).first()
}

/**
 * Submits a draft bill and posts it when it may: a matched bill posts at
 * once; a mismatched one waits for its approval (the last approver posts it),
 * or is held when no flow asked for one.
 */
export async function submitBill(bill: Bill, user: { id: number } | null): Promise<BillOutcome> {
  return db.transaction(async (trx) => {
    if (bill.state === 'draft') await transition(bill, 'submitted', { user, trx })
    if (await approvalState(trx, bill.id, 'pending')) return 'awaiting_approval'
    if (bill.hasMismatch && !(await approvalState(trx, bill.id, 'approved'))) return 'held'
    await transition(bill, 'posted', { user, trx })
    return 'posted'
  })
}

/** beforePost of procurement.bill: a mismatch needs an approval; quantities are checked again (another bill may have come first). */
export async function checkBillBeforePost(event: DocumentHookEvent) {
  const { trx } = event
  const bill = event.document as any
  if (bill.hasMismatch && !(await approvalState(trx, Number(bill.id), 'approved'))) {
    throw new ReceivingError('bill_on_hold', { number: bill.number ?? '' })
  }
  if (bill.hasMismatch) return
  const lines = await trx.from('procurement_bill_lines').where('bill_id', bill.id).orderBy('line_no')
  const tolerance = percentFraction(bill.qtyTolerancePct)
  const used = new Map<number, Quantity>()
  for (const line of lines) {
    const receiptLine = await lockReceiptLine(trx, Number(line.receipt_line_id))
    const already = used.get(Number(receiptLine.id)) ?? Quantity.zero()
    const matchable = matchableQuantity(receiptLine).minus(already)
    used.set(Number(receiptLine.id), already.plus(qty(line.quantity_base)))
    if (qty(line.quantity_base).greaterThan(matchable.plus(matchable.times(tolerance)))) {
      throw new ReceivingError('bill_stale', { line: line.line_no })
    }
  }
}

async function applyBilled(trx: Trx, billId: number, sign: 1 | -1) {
  const lines = await trx.from('procurement_bill_lines').where('bill_id', billId)
  for (const line of lines) {
    const amount = qty(line.quantity_base).times(sign)
    const receiptLine = await trx.from('procurement_receipt_lines').where('id', line.receipt_line_id).first()
    await trx.from('procurement_receipt_lines').where('id', line.receipt_line_id).update({ billed_qty: micros(qty(receiptLine.billed_qty).plus(amount)) })
    const orderLine = await trx.from('procurement_order_lines').where('id', line.order_line_id).first()
    await trx.from('procurement_order_lines').where('id', line.order_line_id).update({ billed_qty: micros(qty(orderLine.billed_qty).plus(amount)) })
  }
}

/** afterPost of procurement.bill. */
export async function postBill(event: DocumentHookEvent) {
  const bill = event.document as any
  await applyBilled(event.trx, Number(bill.id), 1)
  const payload = { billId: Number(bill.id), number: String(bill.number), supplierId: Number(bill.supplierId), total: money(bill.total).toFixed(2), currency: bill.currency }
  afterCommit(event.trx, () => emitEvent('procurement:bill.posted', payload))
}

/** beforeCancel of procurement.bill: a posted bill gives its quantities back. */
export async function cancelBill(event: DocumentHookEvent) {
  if (event.from !== 'posted') return
  await applyBilled(event.trx, Number(event.document.$primaryKeyValue), -1)
}
