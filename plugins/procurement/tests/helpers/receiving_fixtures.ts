/*
 * Test data for receiving: suppliers and confirmed purchase orders written
 * straight into the tables (slice 6 owns the order pages and states), plus
 * small readers of what a test checks.
 */
import db from '@adonisjs/lucid/services/db'
import { randomUUID } from 'node:crypto'
import { dbTimestamp } from '#kernel/records/record_writer'
import { Money, Quantity } from '#kernel/numbers/index'
import { stockOf, type Trx } from '#plugins/inventory/api'
import { unitId } from '#plugins/inventory/tests/helpers/stock_fixtures'

const code = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8).toUpperCase()}`
const id = (row: any) => Number(typeof row === 'object' ? row.id : row)
const micros = (decimal: string) => Quantity.of(decimal).toMicros().toString()

export async function makeSupplier(options: { name?: string; subcontractor?: boolean; currency?: string } = {}, trx?: Trx): Promise<number> {
  const client = trx ?? db.connection()
  const [row] = await client
    .table('procurement_suppliers')
    .insert({
      code: code('SUP'), name: options.name ?? `Supplier ${code('S')}`, currency: options.currency ?? 'CNY',
      is_subcontractor: options.subcontractor ?? false, active: true, created_at: dbTimestamp(new Date(), client),
    })
    .returning('id')
  return id(row)
}

export interface OrderLineSpec {
  itemId: number
  /** In `unit` (default the item's base unit EA). */
  quantity: string
  unitPrice: string
  unit?: string
  /** Base units per `unit` (default 1). */
  factor?: string
}

export interface OrderFixture {
  id: number
  number: string
  supplierId: number
  lineIds: number[]
}

/** A confirmed order (state 'confirmed', numbered) with its lines. */
export async function makeOrder(
  options: { warehouseId: number; supplierId?: number; kind?: 'standard' | 'subcontract'; overReceiptPct?: string; lines: OrderLineSpec[]; state?: string },
  trx?: Trx
): Promise<OrderFixture> {
  const client = trx ?? db.connection()
  const supplierId = options.supplierId ?? (await makeSupplier({ subcontractor: options.kind === 'subcontract' }, trx))
  const supplier = await client.from('procurement_suppliers').where('id', supplierId).first()
  const number = code('PO')
  let total = Money.zero()
  const now = dbTimestamp(new Date(), client)
  const [row] = await client
    .table('procurement_orders')
    .insert({
      number, state: options.state ?? 'confirmed', kind: options.kind ?? 'standard', supplier_id: supplierId, supplier_name: supplier.name,
      order_date: '2026-11-01', expected_date: '2026-11-20', warehouse_id: options.warehouseId, currency: 'CNY', total: '0',
      over_receipt_pct: micros(options.overReceiptPct ?? '0'), receipt_status: 'open', created_at: now, updated_at: now, confirmed_at: now,
    })
    .returning('id')
  const orderId = id(row)
  const lineIds: number[] = []
  for (const [index, line] of options.lines.entries()) {
    const quantity = Quantity.of(line.quantity)
    const amount = Money.of(line.unitPrice).times(quantity).round()
    total = total.plus(amount)
    const [lineRow] = await client
      .table('procurement_order_lines')
      .insert({
        order_id: orderId, line_no: index + 1, item_id: line.itemId, unit_id: await unitId(line.unit ?? 'EA', trx),
        quantity: quantity.toMicros().toString(), quantity_base: quantity.times(Quantity.of(line.factor ?? '1')).toMicros().toString(),
        unit_price: Money.of(line.unitPrice).toMicros().toString(), amount: amount.toMicros().toString(), expected_date: '2026-11-20',
      })
      .returning('id')
    lineIds.push(id(lineRow))
  }
  await client.from('procurement_orders').where('id', orderId).update({ total: total.toMicros().toString() })
  return { id: orderId, number, supplierId, lineIds }
}

export async function orderLine(lineId: number) {
  return db.from('procurement_order_lines').where('id', lineId).firstOrFail()
}

/** On-hand at a location, as a decimal string ("10"). */
export async function onHand(itemId: number, locationId: number): Promise<string> {
  return trim((await stockOf(itemId, { locationId })).onHand)
}

export async function onOrder(itemId: number, warehouseId: number): Promise<string> {
  return trim((await stockOf(itemId, { warehouseId })).onOrder)
}

/** Micros or a Quantity as a plain decimal ("12.5"). */
export function trim(value: Quantity | string | number | bigint): string {
  const quantity = value instanceof Quantity ? value : Quantity.fromMicros(String(value))
  const text = quantity.toFixed(6)
  return text.replace(/\.?0+$/, '') || '0'
}
