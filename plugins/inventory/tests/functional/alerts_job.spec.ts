/*
 * The stock-alert job: available + on order below min / safety stock tells
 * the buyers and storekeepers once a day and emits inventory:stock.low with
 * the suggested quantity; the workbench widget lists the items.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import Role from '#models/role'
import { onEvent } from '#services/events'
import { makeUser } from '#tests/helpers/access'
import { userWith } from '#tests/helpers/plugins'
import { makeItem, makeWarehouse, makeLocation } from '../helpers/stock_fixtures.js'
import { stockIn, onOrder } from '../helpers/count_fixtures.js'
import { runStockAlerts } from '../../services/stock_alerts.js'
import type { StockLowPayload } from '../../api.js'

async function userInRole(code: string) {
  const role = (await Role.findBy('code', code)) ?? (await Role.create({ code, name: code, isSuperuser: false }))
  const user = await makeUser()
  await db.table('user_roles').insert({ user_id: user.id, role_id: role.id })
  return user
}

test.group('Stock alerts job', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an item below its minimum notifies buyers and storekeepers once a day and emits the event with the suggestion', async ({ assert }) => {
    const buyer = await userInRole('buyer')
    const keeper = await userInRole('storekeeper')
    const bystander = await makeUser()
    const wh = await makeWarehouse()
    const bin = await makeLocation(wh, 'A-01')
    const low = await makeItem({ name: 'Hex nut', minQty: '10', safetyStock: '5', maxQty: '50' })
    const fine = await makeItem({ name: 'Spring', minQty: '10' })
    await stockIn(low, bin, '3')
    await onOrder(low, bin, '2')
    await stockIn(fine, bin, '8')
    await onOrder(fine, bin, '2') // 8 + 2 = 10: not below

    const events: StockLowPayload[] = []
    const off = onEvent('inventory:stock.low', (payload) => void events.push(payload))
    try {
      await runStockAlerts({ today: '2026-11-23' })
      await runStockAlerts({ today: '2026-11-23' })
    } finally {
      off()
    }
    const mine = events.filter((e) => e.itemId === low || e.itemId === fine)
    assert.lengthOf(mine, 1)
    assert.deepInclude(mine[0], { itemId: low, warehouseId: wh.id, available: '3', onOrder: '2', threshold: '10', suggestedQuantity: '45' })

    const code = (await db.from('inventory_items').where('id', low).first()).code
    for (const user of [buyer, keeper]) {
      const notes = await db.from('notifications').where('user_id', user.id).where('title_en', 'like', `%${code}%`)
      assert.lengthOf(notes, 1, `one notification for ${user.username}`)
      assert.include(notes[0].title_zh, '库存不足')
    }
    assert.lengthOf(await db.from('notifications').where('user_id', bystander.id), 0)
    assert.lengthOf(await db.from('inventory_stock_alerts').whereIn('item_id', [low, fine]), 1)

    // Next day, still low: told again.
    const again: StockLowPayload[] = []
    const off2 = onEvent('inventory:stock.low', (payload) => void again.push(payload))
    try {
      await runStockAlerts({ today: '2026-11-24' })
    } finally {
      off2()
    }
    assert.lengthOf(again.filter((e) => e.itemId === low), 1)
  })

  test('suggestion: reorder quantity when no max, at least the gap; rounded up to the unit precision', async ({ assert }) => {
    const wh = await makeWarehouse()
    const bin = await makeLocation(wh, 'A-01')
    const reorder = await makeItem({ minQty: '20', reorderQty: '25' })
    const bigGap = await makeItem({ minQty: '100', reorderQty: '25' })
    const kg = await makeItem({ unit: 'KG', safetyStock: '5', maxQty: '10.0004' })
    const untracked = await makeItem({ minQty: '5', defaultWarehouseId: wh.id }) // never stocked: its default warehouse
    await stockIn(reorder, bin, '4')
    await stockIn(bigGap, bin, '4')
    await stockIn(kg, bin, '1')
    const events: StockLowPayload[] = []
    const off = onEvent('inventory:stock.low', (payload) => void events.push(payload))
    try {
      await runStockAlerts({ today: '2026-11-23' })
    } finally {
      off()
    }
    const of = (id: number) => events.find((e) => e.itemId === id)!
    assert.equal(of(reorder).suggestedQuantity, '25')
    assert.equal(of(bigGap).suggestedQuantity, '96')
    assert.equal(of(kg).suggestedQuantity, '9.001')
    assert.equal(of(untracked).suggestedQuantity, '5')
    assert.equal(of(untracked).warehouseId, wh.id)
  })

  test('the workbench shows the low-stock widget to users who may view stock', async ({ client, assert }) => {
    const wh = await makeWarehouse()
    const bin = await makeLocation(wh, 'A-01')
    const low = await makeItem({ name: 'Gasket', minQty: '10' })
    await stockIn(low, bin, '1')
    await runStockAlerts()
    const code = (await db.from('inventory_items').where('id', low).first()).code
    const viewer = await userWith(['inventory.stock.view'])
    const page = await client.get('/').loginAs(viewer)
    page.assertStatus(200)
    assert.include(page.text(), 'data-test="low-stock-widget"')
    assert.include(page.text(), code)
    const other = await userWith(['inventory.count.view'])
    const hidden = await client.get('/').loginAs(other)
    assert.notInclude(hidden.text(), 'data-test="low-stock-widget"')
  })
})
