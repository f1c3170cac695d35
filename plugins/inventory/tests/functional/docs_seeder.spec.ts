/*
 * The demo seeder of stock documents: opening stock posted, an issue, a
 * two-step transfer in transit and a scrap draft, the storekeeper's grants;
 * running it twice changes nothing.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import DemoStockDocuments from '../../database/seeders/demo_stock_documents.js'
import { makeItem, makeWarehouse } from '../helpers/stock_fixtures.js'
import { ledgerDifferences } from '../helpers/stock_documents.js'

test.group('Stock documents: demo seeder', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('seeds posted opening stock, an issue, a transfer in transit and a scrap draft, once', async ({ assert }) => {
    await makeWarehouse()
    await makeWarehouse()
    const items = [await makeItem({ standardCost: '12.5' }), await makeItem({ lotTracked: true }), await makeItem(), await makeItem(), await makeItem(), await makeItem()]
    const role = await db.from('roles').where('code', 'storekeeper').first()
    const seeder = new DemoStockDocuments(db.connection())
    await seeder.run()
    await seeder.run()
    const opening = await db.from('inventory_receipts').where('reference', 'like', 'DEMO-OPENING%')
    assert.isAtLeast(opening.length, 1)
    assert.equal(new Set(opening.map((r: any) => r.reference)).size, opening.length)
    assert.equal(opening[0].state, 'posted')
    assert.equal((await db.from('inventory_issues').where('reference', 'DEMO-ISSUE').first()).state, 'posted')
    const transfer = await db.from('inventory_transfers').where('reference', 'DEMO-TRANSFER').first()
    assert.equal(transfer.state, 'posted')
    assert.ok(transfer.two_step === true || transfer.two_step === 1)
    assert.equal((await db.from('inventory_scraps').where('reference', 'DEMO-SCRAP').first()).state, 'draft')
    if (role) assert.exists(await db.from('role_permissions').where({ role_id: role.id, permission: 'inventory.receipt.post' }).first())
    const moved = (await db.from('inventory_moves').whereIn('document_type', ['inventory.receipt', 'inventory.issue', 'inventory.transfer']).distinct('item_id')).map((r: any) => Number(r.item_id))
    assert.deepEqual(await ledgerDifferences(moved.length ? moved : items), [])
  })
})
