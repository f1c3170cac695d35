/*
 * A small stock ledger with figures a person can check by hand, for the
 * report tests. Moves and balances are written directly (the rows the
 * posting service writes: one move, the balances of its stock ends updated
 * in the same transaction), values = quantity × unit cost in exact micros,
 * so `inventory:verify` finds balances equal to the sums of the moves.
 *
 * Days are counted back from today (D-n = n days ago, at noon).
 *
 * Item X (EA, moving average), warehouses A (bins STOCK and A2) and B:
 *   D-200  supplier → A   100 @ 10.00   value 1000.00   RC-1
 *   D-100  supplier → A    50 @ 16.00   value  800.00   RC-2   (average 12.00)
 *   D-60   A → customer    60 @ 12.00   value  720.00   DL-1
 *   D-20   supplier → A    30 @ 14.00   value  420.00   RC-3   (average 12.50)
 *   D-10   A → B           20 @ 12.50   value  250.00   TR-1
 *   D-5    A → production  10 @ 12.50   value  125.00   IS-1
 *   now: A 90 (value 1125.00), B 20 (250.00); 5 reserved and 40 on order at A
 * Item Y (KG, 3 decimals, lot L1): D-400 supplier → A2 12.5 @ 8.00 = 100.00, never issued
 * Item Z (EA): D-10 supplier → A 5 @ 2.00 = 10.00, never issued
 * All three in one category (a child of a parent category).
 */
import { DateTime } from 'luxon'
import { dbTimestamp } from '#kernel/records/record_writer'
import { Quantity, Money } from '#kernel/numbers/index'
import type { Trx } from '../../api.js'
import { STOCK_LOCATION_KINDS } from '../../api.js'
import { makeItem, makeLocation, makeWarehouse, uniqueCode, type WarehouseFixture } from './stock_fixtures.js'

export const daysAgo = (n: number) => DateTime.local().minus({ days: n }).set({ hour: 12, minute: 0, second: 0, millisecond: 0 })
export const dayString = (n: number) => daysAgo(n).toFormat('yyyy-MM-dd')

async function virtual(trx: Trx, code: string): Promise<number> {
  const row = await trx.from('inventory_locations').whereNull('warehouse_id').where('code', code).firstOrFail()
  return Number(row.id)
}

export interface MoveRow {
  itemId: number
  from: number
  to: number
  quantity: string
  unitCost: string
  at: DateTime
  documentType?: string
  documentId?: number
  documentNumber?: string
  lotId?: number | null
}

/** Writes one move and updates the balances of its stock ends, as the posting service does. */
export async function writeMove(trx: Trx, move: MoveRow): Promise<number> {
  const qty = Quantity.of(move.quantity).toMicros()
  const cost = Money.of(move.unitCost).toMicros()
  const value = (qty * cost) / 1_000_000n
  const [row] = await trx
    .table('inventory_moves')
    .insert({
      item_id: move.itemId, lot_id: move.lotId ?? null, from_location_id: move.from, to_location_id: move.to,
      quantity: qty.toString(), unit_cost: cost.toString(), value: value.toString(),
      posted_at: dbTimestamp(move.at.toJSDate(), trx), document_type: move.documentType ?? 'inventory.receipt',
      document_id: move.documentId ?? 1, document_number: move.documentNumber ?? null, created_at: dbTimestamp(new Date(), trx),
    })
    .returning('id')
  for (const [locationId, sign] of [[move.to, 1n], [move.from, -1n]] as const) {
    await adjustBalance(trx, move.itemId, locationId, move.lotId ?? 0, { on_hand: sign * qty })
  }
  return Number(typeof row === 'object' ? row.id : row)
}

/** Adds to a balance row of a stock location (creating it), like the posting service. */
export async function adjustBalance(trx: Trx, itemId: number, locationId: number, lotId: number, deltas: Partial<Record<'on_hand' | 'reserved' | 'on_order', bigint>>) {
  const location = await trx.from('inventory_locations').where('id', locationId).firstOrFail()
  if (!STOCK_LOCATION_KINDS.includes(location.kind)) return
  const existing = await trx.from('inventory_balances').where({ item_id: itemId, location_id: locationId, lot_id: lotId }).first()
  if (!existing) {
    await trx.table('inventory_balances').insert({
      item_id: itemId, location_id: locationId, warehouse_id: location.warehouse_id, lot_id: lotId,
      on_hand: (deltas.on_hand ?? 0n).toString(), reserved: (deltas.reserved ?? 0n).toString(), on_order: (deltas.on_order ?? 0n).toString(),
      updated_at: dbTimestamp(new Date(), trx),
    })
    return
  }
  await trx.from('inventory_balances').where('id', existing.id).update({
    on_hand: (BigInt(existing.on_hand) + (deltas.on_hand ?? 0n)).toString(),
    reserved: (BigInt(existing.reserved) + (deltas.reserved ?? 0n)).toString(),
    on_order: (BigInt(existing.on_order) + (deltas.on_order ?? 0n)).toString(),
  })
}

export interface ReportLedger {
  prefix: string
  categoryId: number
  parentCategoryId: number
  a: WarehouseFixture
  b: WarehouseFixture
  a2: number
  x: { id: number; code: string }
  y: { id: number; code: string; lotCode: string }
  z: { id: number; code: string }
}

export async function buildReportLedger(trx: Trx): Promise<ReportLedger> {
  const prefix = uniqueCode('RPT')
  const now = dbTimestamp(new Date(), trx)
  const [parent] = await trx.table('inventory_categories').insert({ code: `${prefix}-P`, name: 'Parent', path: '/', created_at: now }).returning('id')
  const parentId = Number(typeof parent === 'object' ? parent.id : parent)
  await trx.from('inventory_categories').where('id', parentId).update({ path: `/${parentId}/` })
  const [child] = await trx.table('inventory_categories').insert({ code: `${prefix}-C`, name: 'Child', parent_id: parentId, path: '/', created_at: now }).returning('id')
  const categoryId = Number(typeof child === 'object' ? child.id : child)
  await trx.from('inventory_categories').where('id', categoryId).update({ path: `/${parentId}/${categoryId}/` })

  const a = await makeWarehouse({ code: `${prefix}-A` }, trx)
  const b = await makeWarehouse({ code: `${prefix}-B` }, trx)
  const a2 = await makeLocation(a, 'A2', {}, trx)
  const x = { id: await makeItem({ code: `${prefix}-X`, name: `Bolt ${prefix}` }, trx), code: `${prefix}-X` }
  const y = { id: await makeItem({ code: `${prefix}-Y`, name: `Resin ${prefix}`, unit: 'KG', lotTracked: true }, trx), code: `${prefix}-Y`, lotCode: `${prefix}-L1` }
  const z = { id: await makeItem({ code: `${prefix}-Z`, name: `Washer ${prefix}` }, trx), code: `${prefix}-Z` }
  await trx.from('inventory_items').whereIn('id', [x.id, y.id, z.id]).update({ category_id: categoryId })
  const [lot] = await trx.table('inventory_lots').insert({ item_id: y.id, code: y.lotCode, kind: 'lot', created_at: now }).returning('id')
  const lotId = Number(typeof lot === 'object' ? lot.id : lot)

  const supplier = await virtual(trx, 'SUPPLIER')
  const customer = await virtual(trx, 'CUSTOMER')
  const production = await virtual(trx, 'PRODUCTION')
  let doc = 1000
  const m = (itemId: number, from: number, to: number, quantity: string, unitCost: string, days: number, documentType: string, documentNumber: string, lotId?: number) =>
    writeMove(trx, { itemId, from, to, quantity, unitCost, at: daysAgo(days), documentType, documentId: ++doc, documentNumber, lotId })
  await m(x.id, supplier, a.stockId, '100', '10', 200, 'inventory.receipt', `${prefix}-RC-1`)
  await m(x.id, supplier, a.stockId, '50', '16', 100, 'inventory.receipt', `${prefix}-RC-2`)
  await m(x.id, a.stockId, customer, '60', '12', 60, 'sales.delivery', `${prefix}-DL-1`)
  await m(x.id, supplier, a.stockId, '30', '14', 20, 'inventory.receipt', `${prefix}-RC-3`)
  await m(x.id, a.stockId, b.stockId, '20', '12.5', 10, 'inventory.transfer', `${prefix}-TR-1`)
  await m(x.id, a.stockId, production, '10', '12.5', 5, 'inventory.issue', `${prefix}-IS-1`)
  await m(y.id, supplier, a2, '12.5', '8', 400, 'inventory.receipt', `${prefix}-RC-4`, lotId)
  await m(z.id, supplier, a.stockId, '5', '2', 10, 'inventory.receipt', `${prefix}-RC-5`)
  // 5 reserved for a sales order line and 40 on order from a purchase order line, with the rows the balances sum.
  await trx.table('inventory_reservations').insert({
    item_id: x.id, location_id: a.stockId, lot_id: 0, quantity: '5000000', consumed: '0', document_type: 'sales.order', document_id: ++doc,
    document_line_id: 1, state: 'active', created_at: now,
  })
  await trx.table('inventory_expectations').insert({
    item_id: x.id, location_id: a.stockId, kind: 'on_order', quantity: '40000000', expected_date: dayString(-7), document_type: 'procurement.order',
    document_id: ++doc, document_line_id: doc, created_at: now,
  })
  await adjustBalance(trx, x.id, a.stockId, 0, { reserved: 5_000_000n, on_order: 40_000_000n })
  return { prefix, categoryId, parentCategoryId: parentId, a, b, a2, x, y, z }
}
