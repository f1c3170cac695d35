/*
 * A small stock ledger with figures a person can check by hand, for the
 * report tests, posted through inventory's api.ts (postMoves, reserve,
 * setExpectation) so valuation sets the issue costs and the ledger verifies.
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
import type { Trx } from '../../api.js'
import { postMoves, reserve, setExpectation } from '../../api.js'
import { makeItem, makeLocation, makeWarehouse, uniqueCode, type WarehouseFixture } from './stock_fixtures.js'

export const daysAgo = (n: number) => DateTime.local().minus({ days: n }).set({ hour: 12, minute: 0, second: 0, millisecond: 0 })
export const dayString = (n: number) => daysAgo(n).toFormat('yyyy-MM-dd')

async function virtual(trx: Trx, code: string): Promise<number> {
  const row = await trx.from('inventory_locations').whereNull('warehouse_id').where('code', code).firstOrFail()
  return Number(row.id)
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

  const supplier = await virtual(trx, 'SUPPLIER')
  const customer = await virtual(trx, 'CUSTOMER')
  const production = await virtual(trx, 'PRODUCTION')
  let doc = 1000
  // Receipts carry their price; issues and transfers take the item's cost from valuation.
  const m = (itemId: number, from: number, to: number, quantity: string, unitCost: string | null, days: number, documentType: string, documentNumber: string, lotCode?: string) =>
    postMoves(trx, [{ itemId, fromLocationId: from, toLocationId: to, quantity, unitCost, postedAt: daysAgo(days), documentType, documentId: ++doc, documentNumber, lotCode }])
  await m(x.id, supplier, a.stockId, '100', '10', 200, 'inventory.receipt', `${prefix}-RC-1`)
  await m(x.id, supplier, a.stockId, '50', '16', 100, 'inventory.receipt', `${prefix}-RC-2`)
  await m(x.id, a.stockId, customer, '60', null, 60, 'sales.delivery', `${prefix}-DL-1`)
  await m(x.id, supplier, a.stockId, '30', '14', 20, 'inventory.receipt', `${prefix}-RC-3`)
  await m(x.id, a.stockId, b.stockId, '20', null, 10, 'inventory.transfer', `${prefix}-TR-1`)
  await m(x.id, a.stockId, production, '10', null, 5, 'inventory.issue', `${prefix}-IS-1`)
  await m(y.id, supplier, a2, '12.5', '8', 400, 'inventory.receipt', `${prefix}-RC-4`, y.lotCode)
  await m(z.id, supplier, a.stockId, '5', '2', 10, 'inventory.receipt', `${prefix}-RC-5`)
  // 5 reserved for a sales order line, 40 on order from a purchase order line.
  await reserve(trx, { itemId: x.id, locationId: a.stockId, quantity: '5', documentType: 'sales.order', documentId: ++doc, documentLineId: 1 })
  await setExpectation(trx, { kind: 'on_order', itemId: x.id, locationId: a.stockId, quantity: '40', expectedDate: dayString(-7), documentType: 'procurement.order', documentId: ++doc, documentLineId: doc })
  return { prefix, categoryId, parentCategoryId: parentId, a, b, a2, x, y, z }
}
