/*
 * Printed count sheets (one page per location, its barcode; blind sheets
 * without book quantities) and two counts started at the same moment on the
 * same stock: exactly one wins.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { userWith } from '#tests/helpers/plugins'
import { makeItem, makeWarehouse, makeLocation, uniqueCode } from '../helpers/stock_fixtures.js'
import { stockIn, startedCount } from '../helpers/count_fixtures.js'
import { createCount, startCount } from '../../services/count_service.js'

test.group('Stock counts: printed sheets', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the sheet of a location lists its lines under its barcode; a blind sheet leaves the book column out', async ({ client, assert }) => {
    const wh = await makeWarehouse()
    const binA = await makeLocation(wh, 'A-01', { barcode: uniqueCode('LOC') })
    const binB = await makeLocation(wh, 'B-01')
    const bolt = await makeItem({ name: 'M8 bolt' })
    const nut = await makeItem({ name: 'M8 nut' })
    await stockIn(bolt, binA, '1234')
    await stockIn(nut, binB, '8642')
    const user = await userWith(['inventory.count.view'])
    const boltCode = (await db.from('inventory_items').where('id', bolt).first()).code
    const nutCode = (await db.from('inventory_items').where('id', nut).first()).code

    const open = await startedCount({ warehouseId: wh.id, locationId: binA })
    const sheet = await client.get(`/print/inventory.count/${open}.html?location=${binA}`).loginAs(user)
    sheet.assertStatus(200)
    assert.include(sheet.text(), boltCode)
    assert.include(sheet.text(), '1234')
    assert.include(sheet.text(), '<svg')
    assert.notInclude(sheet.text(), nutCode)

    const blind = await startedCount({ warehouseId: wh.id, locationId: binB, mode: 'blind' })
    const blindSheet = await client.get(`/print/inventory.count/${blind}.html`).loginAs(user)
    blindSheet.assertStatus(200)
    assert.include(blindSheet.text(), nutCode)
    assert.notInclude(blindSheet.text(), '8642')

    const stranger = await userWith(['inventory.item.view'])
    const denied = await client.get(`/print/inventory.count/${open}.html`).loginAs(stranger)
    denied.assertStatus(403)
  })
})

test.group('Stock counts: two counts starting at once', () => {
  test('two counts of the same stock started at the same moment: exactly one freezes it', async ({ assert }) => {
    const wh = await makeWarehouse()
    const bin = await makeLocation(wh, 'A-01')
    const item = await makeItem()
    await stockIn(item, bin, '10')
    const first = await createCount({ warehouseId: wh.id, mode: 'open', countDate: '2026-11-23' }, null)
    const second = await createCount({ warehouseId: wh.id, mode: 'blind', countDate: '2026-11-23' }, null)
    try {
      const results = await Promise.allSettled([startCount(first, null), startCount(second, null)])
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1)
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
      assert.match(refused.reason.userMessage, /inventory_counts\.errors\.frozen(_race)?/)
      const freezes = await db.from('inventory_count_freezes').whereIn('count_id', [first, second])
      assert.lengthOf(freezes, 1)
      const lines = await db.from('inventory_count_lines').whereIn('count_id', [first, second])
      assert.lengthOf(lines, 1)
    } finally {
      // The stock stays (posted through the ledger, consistent); the counts go.
      await db.from('inventory_counts').whereIn('id', [first, second]).delete()
    }
  })
})
