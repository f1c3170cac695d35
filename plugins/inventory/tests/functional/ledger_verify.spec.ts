/*
 * inventory:verify recomputes balances and valuation from the ledger: a clean
 * ledger verifies, a hand-corrupted figure is reported with exit code 1.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { postMoves, reserve, setExpectation, virtualLocation } from '#plugins/inventory/api'
import { verifyLedger } from '#plugins/inventory/services/ledger_verify'
import InventoryVerify from '#plugins/inventory/commands/inventory_verify'
import { makeItem, makeWarehouse } from '#plugins/inventory/tests/helpers/stock_fixtures'

async function ledgerWithEverything() {
  const item = await makeItem({ code: undefined })
  const wh = await makeWarehouse()
  await db.transaction(async (trx) => {
    const supplier = await virtualLocation('supplier', trx)
    const customer = await virtualLocation('customer', trx)
    await postMoves(trx, [{ itemId: item, fromLocationId: supplier, toLocationId: wh.stockId, quantity: '10', unitCost: '3', documentType: 'test.doc', documentId: 1 }])
    await postMoves(trx, [{ itemId: item, fromLocationId: wh.stockId, toLocationId: customer, quantity: '4', documentType: 'test.doc', documentId: 2 }])
    await reserve(trx, { itemId: item, warehouseId: wh.id, quantity: '2', documentType: 'sales.order', documentId: 1 })
    await setExpectation(trx, { itemId: item, locationId: wh.stockId, kind: 'on_order', quantity: '5', documentType: 'procurement.order', documentId: 1, documentLineId: 1 })
  })
  return { item, wh }
}

test.group('Inventory ledger: verify', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a clean ledger verifies without differences', async ({ assert }) => {
    const { item } = await ledgerWithEverything()
    assert.deepEqual(await verifyLedger({ itemIds: [item] }), [])
  })

  test('a corrupted balance, reservation and move cost are each reported', async ({ assert }) => {
    const { item, wh } = await ledgerWithEverything()
    await db.from('inventory_balances').where({ item_id: item, location_id: wh.stockId }).update({ on_hand: 7_000_000, reserved: 0 })
    const out = await db.from('inventory_moves').where({ item_id: item, document_id: 2 }).firstOrFail()
    await db.from('inventory_moves').where('id', out.id).update({ value: 1 })
    const differences = await verifyLedger({ itemIds: [item] })
    const columns = differences.map((d) => d.column)
    assert.includeMembers(columns, ['on_hand', 'reserved', `move ${out.id} value`])
    const onHand = differences.find((d) => d.column === 'on_hand')!
    assert.equal(onHand.stored, '7000000')
    assert.equal(onHand.recomputed, '6000000')
    assert.equal(onHand.locationCode, `${wh.code}/STOCK`)
  })

  test('a balance row with no moves behind it is reported too', async ({ assert }) => {
    const item = await makeItem()
    const wh = await makeWarehouse()
    await db.table('inventory_balances').insert({ item_id: item, location_id: wh.stockId, warehouse_id: wh.id, lot_id: 0, on_hand: 5_000_000 })
    const differences = await verifyLedger({ itemIds: [item] })
    assert.deepEqual(differences.map((d) => [d.column, d.stored, d.recomputed]), [['on_hand', '5000000', '0']])
  })

  test('node ace inventory:verify exits 1 and lists the difference, 0 when clean', async ({ assert }) => {
    const kernel = await app.container.make('ace')
    kernel.ui.switchMode('raw')
    const { item, wh } = await ledgerWithEverything()
    const clean = await kernel.create(InventoryVerify, ['--json'])
    await clean.exec()
    const before = JSON.parse(clean.logger.getLogs()[0].message)
    // Other suites' committed rows are not ours to judge here: only this item.
    assert.deepEqual(before.filter((d: any) => d.itemId === item), [])
    await db.from('inventory_balances').where({ item_id: item, location_id: wh.stockId }).update({ on_order: 0 })
    const cmd = await kernel.create(InventoryVerify, [])
    await cmd.exec()
    assert.equal(cmd.exitCode, 1)
    const text = cmd.ui.logger.getLogs().map((l) => l.message).join('\n')
    assert.include(text, 'on_order')
    assert.include(text, 'difference')
  })
})
