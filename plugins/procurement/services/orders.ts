/*
 * Purchase orders: drafts by hand or from plans / RFQs, submission (with the
 * kernel's approvals), confirmation (on-order expectations), close short and
 * cancel. Everything in one transaction; bad input is a BuyingError or
 * inventory's StockError naming the field.
 */
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { Money, Quantity } from '#kernel/numbers/index'
import { transition } from '#kernel/documents/transition_document'
import { pendingInstanceOf } from '#kernel/approvals/engine'
import { afterCommit } from '#kernel/records/after_commit'
import { dbTimestamp } from '#kernel/records/record_writer'
import { emitEventAfterSave } from '#services/events'
import { getItem, toBaseQuantity, type Trx } from '#plugins/inventory/api'
import ProcurementOrder from '../models/procurement_order.js'
import ProcurementOrderLine from '../models/procurement_order_line.js'
import { BuyingError } from './buying_error.js'
import { agreedPrice } from './pricing.js'
import { recomputeOrderProgress } from './order_progress.js'

export interface OrderLineInput {
  itemId: number
  unitId?: number | null
  quantity: string | Quantity
  /** Per unit of unitId; omitted/null → the agreement's price break for the quantity. */
  unitPrice?: string | Money | null
  expectedDate?: string | null
  note?: string | null
  requisitionLineId?: number | null
}

export interface OrderInput {
  supplierId: number
  warehouseId: number
  orderDate?: string | null
  expectedDate?: string | null
  overReceiptPct?: string | null
  note?: string | null
  rfqId?: number | null
  lines: OrderLineInput[]
}

type User = { id: number; departmentId?: number | null } | null

export const today = () => DateTime.now().toISODate()!

async function activeSupplier(trx: Trx, supplierId: number) {
  const supplier = await trx.from('procurement_suppliers').where('id', supplierId).first()
  if (!supplier) throw new BuyingError('supplier_missing', {}, 'supplier_id')
  if (!supplier.active) throw new BuyingError('supplier_inactive', { name: supplier.name }, 'supplier_id')
  return supplier
}

function parsePrice(raw: unknown, currency: string, field: string): Money {
  let price: Money
  try {
    price = Money.parse(raw, { currency, maxDecimals: 6 })
  } catch {
    throw new BuyingError('price_invalid', {}, field)
  }
  if (price.isNegative()) throw new BuyingError('price_negative', {}, field)
  return price
}

/** Writes the order's header and lines (replacing a draft's lines) inside trx; returns the order. */
export async function writeOrder(trx: Trx, input: OrderInput, user: User, existing?: ProcurementOrder): Promise<ProcurementOrder> {
  const supplier = await activeSupplier(trx, input.supplierId)
  const warehouse = await trx.from('inventory_warehouses').where('id', input.warehouseId).first()
  if (!warehouse) throw new BuyingError('warehouse_missing', {}, 'warehouse_id')
  if (!input.lines.length) throw new BuyingError('no_lines', {}, 'lines')
  const currency = supplier.currency ?? 'CNY'
  const orderDate = input.orderDate || today()
  let overPct = Quantity.zero()
  if (input.overReceiptPct !== null && input.overReceiptPct !== undefined && String(input.overReceiptPct).trim() !== '') {
    try {
      overPct = Quantity.parse(input.overReceiptPct, { precision: 2 })
    } catch {
      throw new BuyingError('percent_invalid', {}, 'over_receipt_pct')
    }
    if (overPct.isNegative() || overPct.greaterThan(100)) throw new BuyingError('percent_invalid', {}, 'over_receipt_pct')
  }

  const lines: Array<Record<string, unknown>> = []
  let total = Money.zero(currency)
  for (const [index, line] of input.lines.entries()) {
    const item = await getItem(line.itemId, trx)
    if (!item) throw new BuyingError('item_missing', {}, `lines.${index}.item_id`)
    const unitId = line.unitId ?? item.baseUnitId
    const quantity = typeof line.quantity === 'string' ? line.quantity : line.quantity.toString()
    const base = await toBaseQuantity(item.id, unitId, quantity, { field: `lines.${index}.quantity`, trx })
    const entered = Quantity.parse(quantity, { precision: 6 })
    let unitPrice: Money
    if (line.unitPrice === null || line.unitPrice === undefined || String(line.unitPrice).trim() === '') {
      const agreed = await agreedPrice(supplier.id, item.id, base, orderDate, trx)
      if (!agreed) throw new BuyingError('price_required', { item: item.code }, `lines.${index}.unit_price`)
      // agreement prices are per base unit; the line's price is per its unit
      unitPrice = Money.of(agreed.unitPrice.amount, currency).times(base.dividedBy(entered)).round(6)
    } else {
      unitPrice = line.unitPrice instanceof Money ? line.unitPrice : parsePrice(line.unitPrice, currency, `lines.${index}.unit_price`)
    }
    const amount = unitPrice.times(entered).round()
    total = total.plus(amount)
    lines.push({
      line_no: index + 1,
      item_id: item.id,
      unit_id: unitId,
      quantity: entered.toMicros().toString(),
      quantity_base: base.toMicros().toString(),
      unit_price: unitPrice.toMicros().toString(),
      amount: amount.toMicros().toString(),
      expected_date: line.expectedDate || null,
      requisition_line_id: line.requisitionLineId ?? null,
      note: line.note ?? null,
    })
  }

  const order = existing ?? new ProcurementOrder()
  order.useTransaction(trx)
  order.merge({
    kind: 'standard',
    supplierId: supplier.id,
    supplierName: supplier.name,
    supplierGrade: supplier.grade ?? null,
    warehouseId: Number(warehouse.id),
    orderDate,
    expectedDate: input.expectedDate || null,
    currency,
    total,
    overReceiptPct: overPct.toMicros().toString(),
    note: input.note ?? null,
    rfqId: input.rfqId ?? order.rfqId ?? null,
  })
  if (!existing) {
    order.ownerId = user?.id ?? null
    order.createdBy = user?.id ?? null
    order.departmentId = user?.departmentId ?? null
  }
  await order.save()
  if (existing) {
    const old = await ProcurementOrderLine.query({ client: trx }).where('order_id', order.id)
    for (const line of old) await line.delete()
  }
  for (const line of lines) {
    await ProcurementOrderLine.create({ ...camel(line), orderId: order.id } as any, { client: trx })
  }
  return order
}

function camel(row: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), v]))
}

export async function createOrder(input: OrderInput, user: User, trx?: Trx): Promise<ProcurementOrder> {
  if (trx) return writeOrder(trx, input, user)
  return db.transaction((t) => writeOrder(t, input, user))
}

export async function updateOrder(order: ProcurementOrder, input: OrderInput, user: User): Promise<ProcurementOrder> {
  if (order.state !== 'draft') throw new BuyingError('not_draft', { number: order.number ?? '' })
  return db.transaction(async (trx) => writeOrder(trx, input, user, order))
}

/**
 * Submits; when no approval flow holds it back, confirms at once (a purchase
 * order needs no second click). Returns the state it ended in.
 */
export async function submitOrder(order: ProcurementOrder, user: User): Promise<string> {
  await transition(order, 'submitted', { user })
  const fresh = await ProcurementOrder.findOrFail(order.id)
  if (await pendingInstanceOf('procurement.order', order.id)) return fresh.state
  await transition(fresh, 'confirmed', { user })
  return 'confirmed'
}

/** Closes a confirmed order short: what is still open is no longer expected. */
export async function closeOrderShort(order: ProcurementOrder, user: User) {
  await transition(order, 'done', { user })
}

/** Hooks of procurement.order (declared in manifest/buying.ts). */
export const orderHooks = {
  beforeSubmit: async ({ document, trx }: any) => {
    const count = await trx.from('procurement_order_lines').where('order_id', document.id).count('* as n').first()
    if (Number(count?.n ?? 0) === 0) throw new BuyingError('no_lines')
    const supplier = await trx.from('procurement_suppliers').where('id', document.supplierId).first()
    if (!supplier?.active) throw new BuyingError('supplier_inactive', { name: document.supplierName })
    // the grade approval conditions read is the supplier's grade now
    await trx.from('procurement_orders').where('id', document.id).update({ supplier_grade: supplier.grade ?? null })
  },
  afterConfirm: async ({ document, trx }: any) => {
    await recomputeOrderProgress(trx, document.id)
    const payload = { orderId: document.id, number: document.number ?? '', supplierId: document.supplierId, total: document.total.toString(), currency: document.currency }
    afterCommit(trx, () => emitEventAfterSave('procurement:order.confirmed', payload, { orderId: document.id }))
  },
  beforeCancel: async ({ document, trx }: any) => {
    const received = await trx.from('procurement_order_lines').where('order_id', document.id).where('received_qty', '>', 0).first()
    if (received) throw new BuyingError('cancel_received', { number: document.number ?? '' })
  },
  afterCancel: async ({ document, trx }: any) => {
    await recomputeOrderProgress(trx, document.id)
    // its requisition lines may be ordered again
    const lineIds = (await trx.from('procurement_order_lines').where('order_id', document.id).select('id')).map((l: any) => Number(l.id))
    if (lineIds.length) {
      await trx.from('procurement_requisition_lines').whereIn('order_line_id', lineIds).update({ status: 'open', order_line_id: null })
      await trx.from('procurement_rfq_lines').whereIn('order_line_id', lineIds).update({ order_line_id: null })
    }
  },
  beforeComplete: async ({ document }: any) => {
    if (document.state !== 'confirmed') throw new BuyingError('close_not_confirmed', { number: document.number ?? '' })
  },
  afterComplete: async ({ document, trx }: any) => {
    await recomputeOrderProgress(trx, document.id)
  },
}

/** Marks the order as sent to the supplier (after the e-mail, or by hand with the PDF). */
export async function markOrderSent(orderId: number) {
  await db.from('procurement_orders').where('id', orderId).update({ sent_at: dbTimestamp(new Date(), db.connection()) })
}
