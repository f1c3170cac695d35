/*
 * Requests for quotation (询价单): item lines asked of several suppliers,
 * their quotes (price per base unit, lead time, MOQ, validity), the
 * side-by-side comparison (比价) and the chosen quotes turned into draft
 * orders — one per supplier — optionally writing price agreements.
 * draft → submitted → confirmed (sent: quotes being entered) → done (ordered); cancel.
 */
import db from '@adonisjs/lucid/services/db'
import { Money, Quantity } from '#kernel/numbers/index'
import { dbTimestamp } from '#kernel/records/record_writer'
import { parseDate } from '#kernel/records/values'
import { transition } from '#kernel/documents/transition_document'
import { getItem, toBaseQuantity, type Trx } from '#plugins/inventory/api'
import ProcurementRfq from '../models/procurement_rfq.js'
import { BuyingError } from './buying_error.js'
import { writeOrder, today } from './orders.js'

export interface RfqInput {
  title: string
  warehouseId: number
  respondBy?: string | null
  note?: string | null
  supplierIds: number[]
  lines: Array<{ itemId: number; quantity: string; neededBy?: string | null }>
}

export async function createRfq(input: RfqInput, user: { id: number; departmentId?: number | null } | null): Promise<number> {
  return db.transaction(async (trx) => {
    if (!(await trx.from('inventory_warehouses').where('id', input.warehouseId).first())) throw new BuyingError('warehouse_missing', {}, 'warehouse_id')
    const supplierIds = [...new Set(input.supplierIds)]
    if (supplierIds.length < 1) throw new BuyingError('rfq_suppliers', {}, 'supplier_ids')
    const found = await trx.from('procurement_suppliers').whereIn('id', supplierIds).where('active', true).select('id')
    if (found.length !== supplierIds.length) throw new BuyingError('supplier_missing', {}, 'supplier_ids')
    if (!input.lines.length) throw new BuyingError('no_lines', {}, 'lines')
    const rows = []
    for (const [index, line] of input.lines.entries()) {
      const item = await getItem(line.itemId, trx)
      if (!item) throw new BuyingError('item_missing', {}, `lines.${index}.item_id`)
      const base = await toBaseQuantity(item.id, null, line.quantity, { field: `lines.${index}.quantity`, trx })
      rows.push({ line_no: index + 1, item_id: item.id, quantity_base: base.toMicros().toString(), needed_by: line.neededBy || null })
    }
    const rfq = new ProcurementRfq()
    rfq.useTransaction(trx)
    rfq.merge({ title: input.title, warehouseId: input.warehouseId, issuedOn: today(), respondBy: input.respondBy || null, note: input.note ?? null, ownerId: user?.id ?? null, createdBy: user?.id ?? null, departmentId: user?.departmentId ?? null })
    await rfq.save()
    for (const row of rows) await trx.table('procurement_rfq_lines').insert({ ...row, rfq_id: rfq.id })
    for (const supplierId of supplierIds) await trx.table('procurement_rfq_suppliers').insert({ rfq_id: rfq.id, supplier_id: supplierId })
    return rfq.id
  })
}

export interface QuoteInput {
  rfqLineId: number
  supplierId: number
  unitPrice: string
  leadTimeDays?: number | null
  minOrderQty?: string | null
  validTo?: string | null
}

/** Enters (or replaces) a supplier's quote for one line of a sent RFQ. */
export async function saveQuote(rfqId: number, input: QuoteInput) {
  return db.transaction(async (trx) => {
    const rfq = await trx.from('procurement_rfqs').where('id', rfqId).first()
    if (!rfq || rfq.state !== 'confirmed') throw new BuyingError('rfq_not_open', { number: rfq?.number ?? '' })
    const line = await trx.from('procurement_rfq_lines').where({ id: input.rfqLineId, rfq_id: rfqId }).first()
    if (!line) throw new BuyingError('rfq_line_missing', {}, 'rfq_line_id')
    const asked = await trx.from('procurement_rfq_suppliers').where({ rfq_id: rfqId, supplier_id: input.supplierId }).first()
    if (!asked) throw new BuyingError('rfq_supplier_not_asked', {}, 'supplier_id')
    let price: Money
    try {
      price = Money.parse(input.unitPrice, { maxDecimals: 6 })
    } catch {
      throw new BuyingError('price_invalid', {}, 'unit_price')
    }
    if (!price.isPositive()) throw new BuyingError('price_positive', {}, 'unit_price')
    let moq: string | null = null
    if (input.minOrderQty && String(input.minOrderQty).trim()) {
      moq = (await toBaseQuantity(Number(line.item_id), null, input.minOrderQty, { field: 'min_order_qty', trx })).toMicros().toString()
    }
    if (input.leadTimeDays !== null && input.leadTimeDays !== undefined && (!Number.isInteger(input.leadTimeDays) || input.leadTimeDays < 0 || input.leadTimeDays > 3650)) {
      throw new BuyingError('lead_time_invalid', {}, 'lead_time_days')
    }
    const values = {
      unit_price: price.toMicros().toString(),
      lead_time_days: input.leadTimeDays ?? null,
      min_order_qty: moq,
      valid_to: input.validTo || null,
    }
    const existing = await trx.from('procurement_rfq_quotes').where({ rfq_line_id: line.id, supplier_id: input.supplierId }).first()
    if (existing) await trx.from('procurement_rfq_quotes').where('id', existing.id).update(values)
    else await trx.table('procurement_rfq_quotes').insert({ ...values, rfq_line_id: line.id, supplier_id: input.supplierId, created_at: dbTimestamp(new Date(), trx) })
  })
}

export interface ComparisonCell {
  supplierId: number
  unitPrice: Money
  amount: Money
  leadTimeDays: number | null
  minOrderQty: Quantity | null
  validTo: string | null
  lowest: boolean
}

/** Lines × suppliers with each quote, the lowest price of each line marked. */
export async function comparison(rfqId: number, client: any = db.connection()) {
  const suppliers = await client
    .from('procurement_rfq_suppliers as rs')
    .join('procurement_suppliers as s', 's.id', 'rs.supplier_id')
    .where('rs.rfq_id', rfqId)
    .select('s.id', 's.code', 's.name', 's.grade')
    .orderBy('s.code')
  const lines = await client
    .from('procurement_rfq_lines as l')
    .join('inventory_items as i', 'i.id', 'l.item_id')
    .where('l.rfq_id', rfqId)
    .select('l.*', 'i.code as item_code', 'i.name as item_name')
    .orderBy('l.line_no')
  const quotes = lines.length ? await client.from('procurement_rfq_quotes').whereIn('rfq_line_id', lines.map((l: any) => l.id)) : []
  const rows = lines.map((line: any) => {
    const quantity = Quantity.fromMicros(line.quantity_base)
    const cells = new Map<number, ComparisonCell>()
    for (const q of quotes.filter((q: any) => Number(q.rfq_line_id) === Number(line.id))) {
      const unitPrice = Money.fromMicros(q.unit_price)
      cells.set(Number(q.supplier_id), {
        supplierId: Number(q.supplier_id), unitPrice, amount: unitPrice.times(quantity).round(),
        leadTimeDays: q.lead_time_days === null ? null : Number(q.lead_time_days),
        minOrderQty: q.min_order_qty === null ? null : Quantity.fromMicros(q.min_order_qty),
        validTo: q.valid_to ? parseDate(q.valid_to) : null, lowest: false,
      })
    }
    const prices = [...cells.values()]
    if (prices.length) {
      const min = prices.reduce((a, b) => (b.unitPrice.lessThan(a.unitPrice) ? b : a)).unitPrice
      for (const cell of prices) cell.lowest = cell.unitPrice.equals(min)
    }
    return {
      id: Number(line.id), lineNo: Number(line.line_no), itemId: Number(line.item_id), itemCode: line.item_code, itemName: line.item_name,
      quantity, neededBy: line.needed_by ? parseDate(line.needed_by) : null,
      chosenSupplierId: line.chosen_supplier_id === null ? null : Number(line.chosen_supplier_id),
      orderLineId: line.order_line_id === null ? null : Number(line.order_line_id), cells,
    }
  })
  return { suppliers, rows }
}

/**
 * Turns the chosen quote of each line (lineId → supplierId) into draft orders,
 * one per supplier, at the quoted price; with `updateAgreements` writes the
 * quote as that supplier's price agreement (valid until the quote's date).
 * Completes the RFQ. Returns the order ids.
 */
export async function ordersFromRfq(rfqId: number, choices: Record<number, number>, options: { updateAgreements?: boolean }, user: { id: number; departmentId?: number | null } | null): Promise<number[]> {
  return db.transaction(async (trx) => {
    const rfq = await ProcurementRfq.query({ client: trx }).where('id', rfqId).forUpdate().firstOrFail()
    if (rfq.state !== 'confirmed') throw new BuyingError('rfq_not_open', { number: rfq.number ?? '' })
    const { rows } = await comparison(rfqId, trx)
    const chosen = rows.filter((r: any) => choices[r.id] && !r.orderLineId)
    if (!chosen.length) throw new BuyingError('rfq_nothing_chosen', {}, 'choices')
    const bySupplier = new Map<number, any[]>()
    for (const row of chosen) {
      const supplierId = Number(choices[row.id])
      const cell = row.cells.get(supplierId)
      if (!cell) throw new BuyingError('rfq_no_quote', { item: row.itemCode }, `choices.${row.id}`)
      bySupplier.set(supplierId, [...(bySupplier.get(supplierId) ?? []), { row, cell }])
    }
    const orderIds: number[] = []
    for (const [supplierId, picks] of bySupplier) {
      const supplier = await trx.from('procurement_suppliers').where('id', supplierId).first()
      const order = await writeOrder(
        trx,
        {
          supplierId, warehouseId: rfq.warehouseId, rfqId,
          lines: picks.map(({ row, cell }: any) => ({
            itemId: row.itemId, quantity: row.quantity, unitPrice: Money.fromMicros(cell.unitPrice.toMicros(), supplier.currency ?? 'CNY'), expectedDate: row.neededBy,
          })),
        },
        user
      )
      orderIds.push(order.id)
      const orderLines = await trx.from('procurement_order_lines').where('order_id', order.id).orderBy('line_no')
      for (const [index, { row, cell }] of picks.entries()) {
        await trx.from('procurement_rfq_lines').where('id', row.id).update({ chosen_supplier_id: supplierId, order_line_id: orderLines[index].id })
        if (options.updateAgreements) await upsertAgreement(trx, supplierId, row.itemId, cell)
      }
    }
    await transition(rfq, 'done', { user, trx })
    return orderIds
  })
}

async function upsertAgreement(trx: Trx, supplierId: number, itemId: number, cell: ComparisonCell) {
  const now = dbTimestamp(new Date(), trx)
  const values = {
    unit_price: cell.unitPrice.toMicros().toString(),
    lead_time_days: cell.leadTimeDays,
    min_order_qty: cell.minOrderQty ? cell.minOrderQty.toMicros().toString() : null,
    valid_from: today(),
    valid_to: cell.validTo,
    updated_at: now,
  }
  const existing = await trx.from('procurement_price_agreements').where({ supplier_id: supplierId, item_id: itemId }).orderBy('id', 'desc').first()
  if (existing) {
    await trx.from('procurement_price_agreements').where('id', existing.id).update(values)
    await trx.from('procurement_price_breaks').where('agreement_id', existing.id).delete()
  } else {
    await trx.table('procurement_price_agreements').insert({ ...values, supplier_id: supplierId, item_id: itemId, currency: 'CNY', preferred: false, created_at: now })
  }
}
