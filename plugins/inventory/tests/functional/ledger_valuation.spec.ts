/*
 * Valuation with numbers one can check by hand: moving average, FIFO,
 * back-dated moves restating only the later moves of their item, reversals,
 * rounding, and stock / value at a date.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { postMoves, reverseDocumentMoves, virtualLocation, valueAt, balanceAt } from '#plugins/inventory/api'
import type { MoveInput } from '#plugins/inventory/api'
import { verifyLedger } from '#plugins/inventory/services/ledger_verify'
import { makeItem, makeWarehouse } from '#plugins/inventory/tests/helpers/stock_fixtures'

const day = (d: string) => DateTime.fromISO(`${d}T10:00:00`)

async function post(move: Partial<MoveInput> & { itemId: number; from: number | string; to: number | string; quantity: string }) {
  return db.transaction(async (trx) => {
    const loc = async (l: number | string) => (typeof l === 'number' ? l : virtualLocation(l as any, trx))
    const { from, to, ...rest } = move
    const [posted] = await postMoves(trx, [{ documentType: 'test.val', documentId: 1, ...rest, fromLocationId: await loc(from), toLocationId: await loc(to) }])
    return posted
  })
}

async function itemCost(itemId: number) {
  const row = await db.from('inventory_item_costs').where('item_id', itemId).firstOrFail()
  return { qty: String(row.quantity), value: String(row.value) }
}

async function moveValue(id: number) {
  const row = await db.from('inventory_moves').where('id', id).firstOrFail()
  return { unitCost: String(row.unit_cost), value: String(row.value) }
}

const M = (units: string) => (BigInt(Math.round(Number(units) * 100)) * 10_000n).toString() // test literals only

test.group('Inventory ledger: valuation', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a back-dated receipt restates the later issue at the new average', async ({ assert }) => {
    const item = await makeItem({ costingMethod: 'moving_average' })
    const wh = await makeWarehouse()
    await post({ itemId: item, from: 'supplier', to: wh.stockId, quantity: '10', unitCost: '5', postedAt: day('2026-01-01') })
    const issue = await post({ itemId: item, from: wh.stockId, to: 'customer', quantity: '4', postedAt: day('2026-01-03') })
    assert.equal(issue.value.toFixed(), '20.00')
    const late = await post({ itemId: item, from: 'supplier', to: wh.stockId, quantity: '10', unitCost: '8', postedAt: day('2026-01-02') })
    assert.equal(late.value.toFixed(), '80.00')
    // (50 + 80) / 20 = 6.50 → the issue of 4 now costs 26.00; 16 left worth 104.00
    assert.deepEqual(await moveValue(issue.id), { unitCost: '6500000', value: M('26') })
    assert.deepEqual(await itemCost(item), { qty: '16000000', value: M('104') })
    assert.deepEqual(await verifyLedger({ itemIds: [item] }), [])
    assert.equal((await valueAt('2026-01-01', { itemId: item })).total.toFixed(), '50.00')
    assert.equal((await valueAt('2026-01-02', { itemId: item })).total.toFixed(), '130.00')
    assert.equal((await valueAt('2026-01-03', { itemId: item })).total.toFixed(), '104.00')
  })

  test('a back-dated issue takes the average of its day; later receipts average on what is left', async ({ assert }) => {
    const item = await makeItem()
    const other = await makeItem()
    const wh = await makeWarehouse()
    await post({ itemId: item, from: 'supplier', to: wh.stockId, quantity: '10', unitCost: '5', postedAt: day('2026-02-01') })
    await post({ itemId: other, from: 'supplier', to: wh.stockId, quantity: '3', unitCost: '7', postedAt: day('2026-02-02') })
    await post({ itemId: item, from: 'supplier', to: wh.stockId, quantity: '10', unitCost: '8', postedAt: day('2026-02-05') })
    const otherBefore = await db.from('inventory_moves').where('item_id', other).select('unit_cost', 'value', 'running_value')
    const issue = await post({ itemId: item, from: wh.stockId, to: 'customer', quantity: '5', postedAt: day('2026-02-03') })
    assert.equal(issue.value.toFixed(), '25.00')
    // 25 + 80 = 105 for 15 → average 7.00
    assert.deepEqual(await itemCost(item), { qty: '15000000', value: M('105') })
    const last = await db.from('inventory_moves').where('item_id', item).orderBy('posted_at', 'desc').firstOrFail()
    assert.equal(String(last.avg_cost), '7000000')
    assert.deepEqual(await db.from('inventory_moves').where('item_id', other).select('unit_cost', 'value', 'running_value'), otherBefore)
    assert.deepEqual(await verifyLedger({ itemIds: [item, other] }), [])
  })

  test('the reversal of a restated issue follows the issue’s new cost', async ({ assert }) => {
    const item = await makeItem()
    const wh = await makeWarehouse()
    await post({ itemId: item, from: 'supplier', to: wh.stockId, quantity: '10', unitCost: '5', postedAt: day('2026-03-01') })
    await post({ itemId: item, from: wh.stockId, to: 'customer', quantity: '4', postedAt: day('2026-03-03'), documentId: 9 })
    const [back] = await db.transaction((trx) => reverseDocumentMoves(trx, { documentType: 'test.val', documentId: 9 }, { postedAt: day('2026-03-04') }))
    assert.equal(back.unitCost.toFixed(2), '5.00')
    await post({ itemId: item, from: 'supplier', to: wh.stockId, quantity: '10', unitCost: '8', postedAt: day('2026-03-02') })
    assert.deepEqual(await moveValue(back.id), { unitCost: '6500000', value: M('26') })
    assert.deepEqual(await itemCost(item), { qty: '20000000', value: M('130') })
    assert.deepEqual(await verifyLedger({ itemIds: [item] }), [])
  })

  test('rounding: values to the cent, the last unit takes what is left', async ({ assert }) => {
    const item = await makeItem()
    const wh = await makeWarehouse()
    const receipt = await post({ itemId: item, from: 'supplier', to: wh.stockId, quantity: '3', unitCost: '3.333333' })
    assert.equal(receipt.value.toFixed(), '10.00')
    const a = await post({ itemId: item, from: wh.stockId, to: 'customer', quantity: '1' })
    const b = await post({ itemId: item, from: wh.stockId, to: 'customer', quantity: '1' })
    const c = await post({ itemId: item, from: wh.stockId, to: 'customer', quantity: '1' })
    assert.deepEqual([a, b, c].map((m) => m.value.toFixed()), ['3.33', '3.34', '3.33'])
    assert.deepEqual(await itemCost(item), { qty: '0', value: '0' })
  })

  test('FIFO: issues take the oldest layers; a back-dated receipt becomes the oldest layer', async ({ assert }) => {
    const item = await makeItem({ costingMethod: 'fifo' })
    const wh = await makeWarehouse()
    await post({ itemId: item, from: 'supplier', to: wh.stockId, quantity: '10', unitCost: '5', postedAt: day('2026-04-02') })
    await post({ itemId: item, from: 'supplier', to: wh.stockId, quantity: '10', unitCost: '8', postedAt: day('2026-04-03') })
    const issue = await post({ itemId: item, from: wh.stockId, to: 'customer', quantity: '15', postedAt: day('2026-04-05') })
    // 10 × 5 + 5 × 8 = 90
    assert.equal(issue.value.toFixed(), '90.00')
    assert.deepEqual(await itemCost(item), { qty: '5000000', value: M('40') })
    await post({ itemId: item, from: 'supplier', to: wh.stockId, quantity: '5', unitCost: '2', postedAt: day('2026-04-01') })
    // now 5 × 2 + 10 × 5 = 60; left: 10 × 8 = 80
    assert.deepEqual(await moveValue(issue.id), { unitCost: '4000000', value: M('60') })
    assert.deepEqual(await itemCost(item), { qty: '10000000', value: M('80') })
    const layers = await db.from('inventory_cost_layers').where('item_id', item)
    assert.deepEqual(layers.map((l) => [String(l.remaining), String(l.unit_cost)]), [['10000000', '8000000']])
    const next = await post({ itemId: item, from: wh.stockId, to: 'customer', quantity: '2' })
    assert.equal(next.value.toFixed(), '16.00')
    assert.deepEqual(await verifyLedger({ itemIds: [item] }), [])
  })

  test('customer-supplied material is counted, never valued; taking it into own stock values it', async ({ assert }) => {
    const item = await makeItem()
    const wh = await makeWarehouse()
    await post({ itemId: item, from: 'supplier', to: wh.customerSuppliedId, quantity: '8', unitCost: '9' })
    assert.deepEqual(await itemCost(item), { qty: '0', value: '0' })
    const own = await post({ itemId: item, from: wh.customerSuppliedId, to: wh.stockId, quantity: '3', unitCost: '4' })
    assert.equal(own.value.toFixed(), '12.00')
    assert.deepEqual(await itemCost(item), { qty: '3000000', value: M('12') })
    const today = DateTime.now().toISODate()!
    const rows = await balanceAt(today, { itemId: item })
    assert.deepEqual(rows.map((r) => [r.locationId, r.quantity.toString()]), [[wh.stockId, '3'], [wh.customerSuppliedId, '5']].sort((x, y) => Number(x[0]) - Number(y[0])))
    assert.equal((await valueAt(today, { warehouseId: wh.id, itemId: item })).total.toFixed(), '12.00')
  })

  test('value by warehouse at a date: each warehouse’s quantity at the item’s average', async ({ assert }) => {
    const item = await makeItem()
    const a = await makeWarehouse()
    const b = await makeWarehouse()
    await post({ itemId: item, from: 'supplier', to: a.stockId, quantity: '10', unitCost: '5', postedAt: day('2026-05-01') })
    await post({ itemId: item, from: 'supplier', to: b.stockId, quantity: '10', unitCost: '8', postedAt: day('2026-05-02') })
    await post({ itemId: item, from: a.stockId, to: 'customer', quantity: '5', postedAt: day('2026-05-03') })
    assert.equal((await valueAt('2026-05-01', { warehouseId: a.id, itemId: item })).total.toFixed(), '50.00')
    assert.equal((await valueAt('2026-05-01', { warehouseId: b.id, itemId: item })).total.toFixed(), '0.00')
    assert.equal((await valueAt('2026-05-02', { warehouseId: a.id, itemId: item })).total.toFixed(), '65.00')
    assert.equal((await valueAt('2026-05-03', { warehouseId: b.id, itemId: item })).total.toFixed(), '65.00')
    assert.equal((await valueAt('2026-05-03', { itemId: item })).total.toFixed(), '97.50')
    const at = await balanceAt('2026-05-02', { itemId: item, warehouseId: a.id })
    assert.deepEqual(at.map((r) => r.quantity.toString()), ['10'])
  })
})
