/*
 * GET /inventory/scan and the item picker: what a scanner finds for the
 * document pages (item barcode, packing-unit barcode, item code, location
 * barcode or full code), in the user's language when nothing matches.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { userWith } from '#tests/helpers/plugins'
import { makeItem, makeLocation, makeWarehouse, uniqueCode } from '#plugins/inventory/tests/helpers/stock_fixtures'

test.group('inventory scan endpoint', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an item barcode, a box barcode and an item code find the item', async ({ client, assert }) => {
    const user = await userWith(['inventory.item.view'])
    const code = uniqueCode('SCN')
    const itemId = await makeItem({ code, name: '阻尼铰链', barcode: `${code}-EA`, conversions: { BOX: '12' } })
    const db = (await import('@adonisjs/lucid/services/db')).default
    const box = await db.from('inventory_units').where('code', 'BOX').first()
    await db.table('inventory_item_barcodes').insert({ item_id: itemId, barcode: `${code}-BOX`, unit_id: box.id })

    const byBarcode = await client.get('/inventory/scan').qs({ code: `${code}-EA` }).loginAs(user)
    byBarcode.assertStatus(200)
    assert.equal(byBarcode.body().kind, 'item')
    assert.equal(byBarcode.body().item.id, itemId)
    assert.equal(byBarcode.body().item.code, code)
    assert.equal(byBarcode.body().factor, '1')
    assert.isNull(byBarcode.body().unitId)

    const byBox = await client.get('/inventory/scan').qs({ code: ` ${code}-BOX ` }).loginAs(user)
    assert.equal(byBox.body().kind, 'item')
    assert.equal(byBox.body().unitCode, 'BOX')
    assert.equal(byBox.body().factor, '12')

    const byCode = await client.get('/inventory/scan').qs({ code }).loginAs(user)
    assert.equal(byCode.body().kind, 'item')
    assert.equal(byCode.body().item.name, '阻尼铰链')
  })

  test('a location barcode or full code finds the location, optionally only in one warehouse', async ({ client, assert }) => {
    const user = await userWith(['inventory.item.view'])
    const warehouse = await makeWarehouse()
    const other = await makeWarehouse()
    const barcode = uniqueCode('LOC')
    const binId = await makeLocation(warehouse, 'A-01', { barcode })

    const byBarcode = await client.get('/inventory/scan').qs({ code: barcode }).loginAs(user)
    byBarcode.assertStatus(200)
    assert.equal(byBarcode.body().kind, 'location')
    assert.equal(byBarcode.body().location.id, binId)
    assert.equal(byBarcode.body().location.warehouseId, warehouse.id)
    assert.equal(byBarcode.body().location.fullCode, `${warehouse.code}/A-01`)

    const byFullCode = await client.get('/inventory/scan').qs({ code: `${warehouse.code}/A-01`.toLowerCase() }).loginAs(user)
    assert.equal(byFullCode.body().location.id, binId)

    const elsewhere = await client.get('/inventory/scan').qs({ code: barcode, warehouse: other.id }).loginAs(user)
    elsewhere.assertStatus(404)
    assert.include(elsewhere.body().message, 'Nothing in this warehouse')
  })

  test('an unknown code is a 404 with a message in the user language; an empty one a 422', async ({ client, assert }) => {
    const zh = await userWith(['inventory.item.view'], 'zh-CN')
    const unknown = await client.get('/inventory/scan').qs({ code: 'NO-SUCH-CODE-42' }).loginAs(zh)
    unknown.assertStatus(404)
    assert.isNull(unknown.body().kind)
    assert.equal(unknown.body().message, '找不到条码或编码为“NO-SUCH-CODE-42”的物料或仓位')

    const en = await userWith(['inventory.item.view'], 'en')
    const empty = await client.get('/inventory/scan').qs({ code: '  ' }).loginAs(en)
    empty.assertStatus(422)
    assert.equal(empty.body().message, 'Scan or type a barcode')
  })

  test('the picker finds active items by name or barcode, as JSON or as an htmx fragment', async ({ client, assert }) => {
    const user = await userWith(['inventory.item.view'])
    const code = uniqueCode('PCK')
    const itemId = await makeItem({ code, name: `Picker hinge ${code}`, barcode: `${code}-BC` })
    const inactive = await makeItem({ name: `Picker hinge ${code} old` })
    const db = (await import('@adonisjs/lucid/services/db')).default
    await db.from('inventory_items').where('id', inactive).update({ active: false })

    const json = await client.get('/inventory/items/pick').qs({ q: `picker HINGE ${code}` }).loginAs(user)
    json.assertStatus(200)
    assert.deepEqual(json.body().items.map((i: any) => i.id), [itemId])
    assert.equal(json.body().items[0].baseUnitCode, 'EA')

    const byBarcode = await client.get('/inventory/items/pick').qs({ q: `${code}-BC` }).loginAs(user)
    assert.deepEqual(byBarcode.body().items.map((i: any) => i.id), [itemId])

    const fragment = await client.get('/inventory/items/pick').qs({ q: code }).header('HX-Request', 'true').loginAs(user)
    fragment.assertStatus(200)
    assert.include(fragment.text(), `data-item-id="${itemId}"`)
    assert.notInclude(fragment.text(), '<html')
  })
})
