/*
 * The demo seeder: grants, the approval flow, one blind count in progress
 * with about half its lines counted; running it twice changes nothing.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import Role from '#models/role'
import DemoCounts from '../../database/seeders/demo_counts.js'
import { makeItem, makeWarehouse, makeLocation } from '../helpers/stock_fixtures.js'
import { stockIn } from '../helpers/count_fixtures.js'

test.group('Stock counts: demo seeder', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('seeds a blind count in progress with counted lines, the grants and a flow, once', async ({ assert }) => {
    const keeper = (await Role.findBy('code', 'storekeeper')) ?? (await Role.create({ code: 'storekeeper', name: 'Storekeeper', isSuperuser: false }))
    const wh = await makeWarehouse()
    const bin = await makeLocation(wh, 'A-01')
    for (const qty of ['10', '20', '30', '40']) await stockIn(await makeItem(), bin, qty)

    await new DemoCounts(db.connection()).run()
    await new DemoCounts(db.connection()).run()

    const counts = await db.from('inventory_counts').where('note', 'like', '演示%')
    assert.lengthOf(counts, 1)
    assert.equal(counts[0].phase, 'counting')
    assert.equal(counts[0].mode, 'blind')
    const lines = await db.from('inventory_count_lines').where('count_id', counts[0].id)
    assert.isAtLeast(lines.length, 4)
    const counted = lines.filter((l: any) => l.counted_qty !== null)
    assert.isAbove(counted.length, 0)
    assert.isBelow(counted.length, lines.length)
    const grants = await db.from('role_permissions').where('role_id', keeper.id).where('permission', 'like', 'inventory.count.%')
    assert.lengthOf(grants, 4)
  })
})
