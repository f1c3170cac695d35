/* The demo seeders run, fill every buying page, and change nothing when run again. */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { userWith } from '#tests/helpers/plugins'
import DemoSuppliers from '../../database/seeders/demo_suppliers.js'
import DemoBuying from '../../database/seeders/demo_buying.js'
import { makeItem, makeWarehouse, uniqueCode } from '../helpers/buying_fixtures.js'

test.group('Procurement demo data', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.timeout(90_000)

  test('suppliers, agreements, requisitions, RFQ and orders; idempotent', async ({ client, assert }) => {
    await db.from('procurement_orders').delete()
    await makeWarehouse()
    for (let i = 0; i < 5; i++) await makeItem({ code: uniqueCode('RM-DEMO') })
    const run = async () => {
      await new DemoSuppliers(db.connection()).run()
      await new DemoBuying(db.connection()).run()
    }
    await run()
    const count = async (table: string) => Number((await db.from(table).count('* as n').first())?.n ?? 0)
    const before = { suppliers: await count('procurement_suppliers'), agreements: await count('procurement_price_agreements'), orders: await count('procurement_orders'), requisitions: await count('procurement_requisitions') }
    assert.isAtLeast(before.orders, 3)
    assert.exists(await db.from('procurement_suppliers').where('code', 'SUP-001').first())
    await run()
    assert.deepEqual({ suppliers: await count('procurement_suppliers'), agreements: await count('procurement_price_agreements'), orders: await count('procurement_orders'), requisitions: await count('procurement_requisitions') }, before)
    const user = await userWith('superuser')
    for (const url of ['/procurement/suppliers', '/procurement/orders', '/procurement/requisitions', '/procurement/plans', '/procurement/rfqs']) {
      const page = await client.get(url).loginAs(user)
      page.assertStatus(200)
    }
    const rfq = await db.from('procurement_rfqs').orderBy('id', 'desc').firstOrFail()
    ;(await client.get(`/procurement/rfqs/${rfq.id}`).loginAs(user)).assertStatus(200)
  })
})
