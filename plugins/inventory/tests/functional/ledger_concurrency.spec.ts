/*
 * Two documents taking the last units at the same time: exactly one wins.
 * These tests commit (no global transaction): each uses its own item and
 * warehouse, and everything goes through the ledger, so what they leave
 * verifies clean.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { postMoves, reserve, stockOf, virtualLocation, StockError } from '#plugins/inventory/api'
import { makeItem, makeWarehouse } from '#plugins/inventory/tests/helpers/stock_fixtures'
import { verifyLedger } from '#plugins/inventory/services/ledger_verify'

async function stocked(quantity: string) {
  const item = await makeItem()
  const wh = await makeWarehouse()
  await db.transaction(async (trx) =>
    postMoves(trx, [{ itemId: item, fromLocationId: await virtualLocation('supplier', trx), toLocationId: wh.stockId, quantity, unitCost: '2', documentType: 'test.conc', documentId: 0 }])
  )
  return { item, wh, customer: await virtualLocation('customer') }
}

function outcome(results: PromiseSettledResult<unknown>[]) {
  const won = results.filter((r) => r.status === 'fulfilled').length
  const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[]
  for (const r of refused) if (!(r.reason instanceof StockError)) throw r.reason
  return { won, refused: refused.map((r) => (r.reason as StockError).key) }
}

test.group('Inventory ledger: concurrency', () => {
  test('two issues of the last 5 units at once: one posts, the other is refused', async ({ assert }) => {
    const { item, wh, customer } = await stocked('5')
    const issue = (documentId: number) =>
      db.transaction((trx) => postMoves(trx, [{ itemId: item, fromLocationId: wh.stockId, toLocationId: customer, quantity: '5', documentType: 'test.conc', documentId }]))
    const { won, refused } = outcome(await Promise.allSettled([issue(1), issue(2)]))
    assert.equal(won, 1)
    assert.deepEqual(refused, ['inventory.errors.insufficient_stock'])
    assert.equal((await stockOf(item)).onHand.toString(), '0')
    assert.equal(Number((await db.from('inventory_moves').where('item_id', item).count('* as n').first()).n), 2)
    assert.deepEqual(await verifyLedger({ itemIds: [item] }), [])
  })

  test('six issues of 1 against 4 units at once: exactly four post', async ({ assert }) => {
    const { item, wh, customer } = await stocked('4')
    const issue = (documentId: number) =>
      db.transaction((trx) => postMoves(trx, [{ itemId: item, fromLocationId: wh.stockId, toLocationId: customer, quantity: '1', documentType: 'test.conc', documentId }]))
    const { won, refused } = outcome(await Promise.allSettled([1, 2, 3, 4, 5, 6].map(issue)))
    assert.equal(won, 4)
    assert.lengthOf(refused, 2)
    assert.equal((await stockOf(item)).onHand.toString(), '0')
    const cost = await db.from('inventory_item_costs').where('item_id', item).firstOrFail()
    assert.equal(String(cost.value), '0')
    assert.deepEqual(await verifyLedger({ itemIds: [item] }), [])
  })

  test('two reservations of the last units at once: one is reserved, the other refused', async ({ assert }) => {
    const { item, wh } = await stocked('3')
    const take = (documentId: number) =>
      db.transaction((trx) => reserve(trx, { itemId: item, warehouseId: wh.id, quantity: '3', documentType: 'test.conc', documentId }))
    const { won, refused } = outcome(await Promise.allSettled([take(1), take(2)]))
    assert.equal(won, 1)
    assert.deepEqual(refused, ['inventory.errors.insufficient_available'])
    const figures = await stockOf(item)
    assert.equal(figures.reserved.toString(), '3')
    assert.equal(figures.available.toString(), '0')
    assert.deepEqual(await verifyLedger({ itemIds: [item] }), [])
  })

  test('interleaved (PostgreSQL, two open transactions): the second issue waits for the first and is refused', async ({ assert }) => {
    // On SQLite one writer holds the database at a time; the Promise.allSettled tests cover it.
    if (db.connection().dialect.name !== 'postgres') return
    const { item, wh, customer } = await stocked('5')
    const trx1 = await db.transaction()
    const trx2 = await db.transaction()
    try {
      await postMoves(trx1, [{ itemId: item, fromLocationId: wh.stockId, toLocationId: customer, quantity: '5', documentType: 'test.conc', documentId: 1 }])
      let secondDone = false
      const second = postMoves(trx2, [{ itemId: item, fromLocationId: wh.stockId, toLocationId: customer, quantity: '5', documentType: 'test.conc', documentId: 2 }]).then(
        () => ((secondDone = true), null),
        (error) => ((secondDone = true), error)
      )
      await new Promise((r) => setTimeout(r, 300))
      const waited = !secondDone
      await trx1.commit()
      const error = await second
      assert.isTrue(waited, 'the second issue waits for the first transaction')
      assert.instanceOf(error, StockError)
      assert.equal(error.key, 'inventory.errors.insufficient_stock')
    } finally {
      if (!trx1.isCompleted) await trx1.rollback()
      if (!trx2.isCompleted) await trx2.rollback()
    }
    assert.equal((await stockOf(item)).onHand.toString(), '0')
    assert.deepEqual(await verifyLedger({ itemIds: [item] }), [])
  })
})
