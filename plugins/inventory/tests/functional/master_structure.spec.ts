/*
 * Categories (tree with paths), units (precision, in use), warehouses and
 * their location trees (codes, barcodes, moves, deactivation), the location
 * label sheet, and the demo seeder.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { userWith } from '#tests/helpers/plugins'
import { makeItem, makeLocation, makeWarehouse, uniqueCode, unitId } from '#plugins/inventory/tests/helpers/stock_fixtures'

const MANAGER = ['inventory.item.view', 'inventory.category.manage', 'inventory.unit.manage', 'inventory.warehouse.view', 'inventory.warehouse.manage']

const send = (client: any, method: 'post' | 'put' | 'delete', url: string, user: any, body: Record<string, any> = {}) =>
  client[method](url).loginAs(user).form(body).withCsrfToken().redirects(0)

test.group('inventory categories', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('creates a tree, moves a branch (paths follow) and refuses a move under itself', async ({ client, assert }) => {
    const user = await userWith(MANAGER)
    const tag = uniqueCode('CT')
    ;(await send(client, 'post', '/inventory/categories', user, { code: `${tag}-A`, name: '原材料' })).assertStatus(302)
    const a = await db.from('inventory_categories').where('code', `${tag}-A`).firstOrFail()
    assert.equal(a.path, `/${a.id}/`)
    await send(client, 'post', '/inventory/categories', user, { code: `${tag}-B`, name: '五金', parent_id: String(a.id) })
    const b = await db.from('inventory_categories').where('code', `${tag}-B`).firstOrFail()
    await send(client, 'post', '/inventory/categories', user, { code: `${tag}-C`, name: '铰链', parent_id: String(b.id) })
    const c = await db.from('inventory_categories').where('code', `${tag}-C`).firstOrFail()
    assert.equal(c.path, `/${a.id}/${b.id}/${c.id}/`)

    // Move B (with C) to the top level.
    ;(await send(client, 'put', `/inventory/categories/${b.id}`, user, { code: `${tag}-B`, name: '五金配件', parent_id: '' })).assertStatus(302)
    assert.equal((await db.from('inventory_categories').where('id', c.id).first()).path, `/${b.id}/${c.id}/`)
    assert.equal((await db.from('inventory_categories').where('id', b.id).first()).name, '五金配件')

    const cycle = await send(client, 'put', `/inventory/categories/${b.id}`, user, { code: `${tag}-B`, name: '五金配件', parent_id: String(c.id) })
    cycle.assertStatus(422)
    assert.include(cycle.text(), 'data-test="error-parent_id"')
    assert.include(cycle.text(), 'A category cannot move under itself')

    const page = await client.get('/inventory/categories').loginAs(user)
    assert.include(page.text(), '五金配件')
  })

  test('a duplicate code is refused; a category with items or children is not deleted', async ({ client, assert }) => {
    const user = await userWith(MANAGER)
    const tag = uniqueCode('CD')
    await send(client, 'post', '/inventory/categories', user, { code: tag, name: 'One' })
    const dup = await send(client, 'post', '/inventory/categories', user, { code: tag, name: 'Two' })
    dup.assertStatus(422)
    assert.include(dup.text(), `Category code ${tag} is already used`)
    const category = await db.from('inventory_categories').where('code', tag).firstOrFail()
    const item = await makeItem()
    await db.from('inventory_items').where('id', item).update({ category_id: category.id })
    ;(await send(client, 'delete', `/inventory/categories/${category.id}`, user)).assertStatus(302)
    assert.isNotNull(await db.from('inventory_categories').where('id', category.id).first())
    await db.from('inventory_items').where('id', item).update({ category_id: null })
    await send(client, 'delete', `/inventory/categories/${category.id}`, user)
    assert.isNull(await db.from('inventory_categories').where('id', category.id).first())
  })
})

test.group('inventory units', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('adds a unit; precision must be 0–6; a unit in use keeps code and decimals and is not deleted', async ({ client, assert }) => {
    const user = await userWith(MANAGER)
    const code = uniqueCode('U').slice(0, 12)
    ;(await send(client, 'post', '/inventory/units', user, { code, name_zh: '卷', name_en: 'Roll', precision: '2' })).assertStatus(302)
    const unit = await db.from('inventory_units').where('code', code).firstOrFail()
    assert.equal(Number(unit.precision), 2)

    const bad = await send(client, 'post', '/inventory/units', user, { code: `${code}X`, name_zh: '', name_en: 'x', precision: '7' })
    bad.assertStatus(422)
    assert.include(bad.text(), 'data-test="error-precision"')
    assert.include(bad.text(), 'data-test="error-name_zh"')

    await makeItem({ unit: code })
    const lower = await send(client, 'put', `/inventory/units/${unit.id}`, user, { code, name_zh: '卷', name_en: 'Roll', precision: '0' })
    lower.assertStatus(422)
    assert.include(lower.text(), 'it must keep at least 2 decimal places')
    ;(await send(client, 'put', `/inventory/units/${unit.id}`, user, { code, name_zh: '大卷', name_en: 'Roll', precision: '3' })).assertStatus(302)
    assert.equal(Number((await db.from('inventory_units').where('id', unit.id).first()).precision), 3)

    await send(client, 'delete', `/inventory/units/${unit.id}`, user)
    assert.isNotNull(await db.from('inventory_units').where('id', unit.id).first())
  })
})

test.group('inventory warehouses and locations', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('creates a warehouse with its root, STOCK, QC and CS locations; a duplicate code is refused', async ({ client, assert }) => {
    const user = await userWith(MANAGER)
    const code = uniqueCode('W').slice(0, 12)
    const created = await send(client, 'post', '/inventory/warehouses', user, { code, name: '原料仓', address: '苏州', allow_negative: '1' })
    created.assertStatus(302)
    const warehouse = await db.from('inventory_warehouses').where('code', code).firstOrFail()
    assert.isTrue(Boolean(warehouse.allow_negative))
    const kinds = (await db.from('inventory_locations').where('warehouse_id', warehouse.id)).map((l: any) => l.kind).sort()
    assert.deepEqual(kinds, ['customer_supplied', 'internal', 'quarantine', 'view'])

    const dup = await send(client, 'post', '/inventory/warehouses', user, { code, name: 'Again' })
    dup.assertStatus(422)
    assert.include(dup.text(), 'data-test="error-code"')

    ;(await send(client, 'put', `/inventory/warehouses/${warehouse.id}`, user, { name: '原料一仓', active: '1' })).assertStatus(302)
    const updated = await db.from('inventory_warehouses').where('id', warehouse.id).first()
    assert.equal(updated.name, '原料一仓')
    assert.isFalse(Boolean(updated.allow_negative))

    const list = await client.get('/inventory/warehouses').qs({ q: code }).loginAs(user)
    assert.include(list.text(), '原料一仓')
  })

  test('adds bins under bins: code unique in the warehouse, full code and path kept, barcodes unique', async ({ client, assert }) => {
    const user = await userWith(MANAGER)
    const warehouse = await makeWarehouse()
    const area = await send(client, 'post', `/inventory/warehouses/${warehouse.id}/locations`, user, { code: 'b', name: 'B 区', kind: 'view', parent_id: String(warehouse.rootId) })
    area.assertStatus(302)
    const b = await db.from('inventory_locations').where({ warehouse_id: warehouse.id, code: 'B' }).firstOrFail()
    assert.equal(b.full_code, `${warehouse.code}/B`)
    const barcode = uniqueCode('LBC')
    await send(client, 'post', `/inventory/warehouses/${warehouse.id}/locations`, user, { code: 'B-01', name: 'B-01', kind: 'internal', parent_id: String(b.id), barcode })
    const bin = await db.from('inventory_locations').where({ warehouse_id: warehouse.id, code: 'B-01' }).firstOrFail()
    assert.equal(bin.path, `/${warehouse.rootId}/${b.id}/${bin.id}/`)
    assert.equal(bin.barcode, barcode)

    const dupCode = await send(client, 'post', `/inventory/warehouses/${warehouse.id}/locations`, user, { code: 'B-01', name: 'again', parent_id: String(b.id) })
    dupCode.assertStatus(422)
    assert.include(dupCode.text(), 'Location code B-01 is already used in this warehouse')

    const itemCode = uniqueCode('IT')
    const itemBarcode = uniqueCode('IBC')
    await makeItem({ code: itemCode, barcode: itemBarcode })
    const dupBarcode = await send(client, 'post', `/inventory/warehouses/${warehouse.id}/locations`, user, { code: 'B-02', name: 'B-02', parent_id: String(b.id), barcode: itemBarcode })
    dupBarcode.assertStatus(422)
    assert.include(dupBarcode.text(), `Barcode already used by item ${itemCode}`)

    const other = await makeWarehouse()
    const foreignParent = await send(client, 'post', `/inventory/warehouses/${warehouse.id}/locations`, user, { code: 'X-01', name: 'X', parent_id: String(other.stockId) })
    foreignParent.assertStatus(422)
    assert.include(foreignParent.text(), 'data-test="error-parent_id"')

    // Move B under STOCK: B-01's path follows; a move under its own child is refused.
    ;(await send(client, 'put', `/inventory/locations/${b.id}`, user, { name: 'B 区', kind: 'view', parent_id: String(warehouse.stockId) })).assertStatus(302)
    assert.equal((await db.from('inventory_locations').where('id', bin.id).first()).path, `/${warehouse.rootId}/${warehouse.stockId}/${b.id}/${bin.id}/`)
    const cycle = await send(client, 'put', `/inventory/locations/${b.id}`, user, { name: 'B 区', kind: 'view', parent_id: String(bin.id) })
    cycle.assertStatus(422)

    const page = await client.get(`/inventory/warehouses/${warehouse.id}`).loginAs(user)
    assert.include(page.text(), `data-location="${warehouse.code}/B-01"`)
  })

  test('deactivates a location and those under it, not while it holds stock, never the root', async ({ client, assert }) => {
    const user = await userWith(MANAGER)
    const warehouse = await makeWarehouse()
    const bin = await makeLocation(warehouse, 'D-01')
    const item = await makeItem()
    await db.table('inventory_balances').insert({ item_id: item, location_id: bin, warehouse_id: warehouse.id, lot_id: 0, on_hand: '5000000' })
    await send(client, 'post', `/inventory/locations/${bin}/active`, user)
    assert.isTrue(Boolean((await db.from('inventory_locations').where('id', bin).first()).active))
    await db.from('inventory_balances').where({ item_id: item, location_id: bin }).delete()
    await send(client, 'post', `/inventory/locations/${bin}/active`, user)
    assert.isFalse(Boolean((await db.from('inventory_locations').where('id', bin).first()).active))
    await send(client, 'post', `/inventory/locations/${warehouse.rootId}/active`, user)
    assert.isTrue(Boolean((await db.from('inventory_locations').where('id', warehouse.rootId).first()).active))
  })

  test('the label sheet lists the stock locations with barcodes', async ({ client, assert }) => {
    const user = await userWith(MANAGER)
    const warehouse = await makeWarehouse()
    const barcode = uniqueCode('LBL')
    await makeLocation(warehouse, 'L-01', { barcode })
    const html = await client.get(`/print/inventory.location_labels/${warehouse.id}.html`).loginAs(user)
    html.assertStatus(200)
    assert.include(html.text(), 'L-01')
    assert.include(html.text(), barcode)
    assert.include(html.text(), '<svg')
    const missing = await client.get('/print/inventory.location_labels/999999.html').loginAs(user)
    missing.assertStatus(404)
  })
})

test.group('inventory master demo data', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the seeder makes categories, RM and FG with bins and ~30 items, and running it twice changes nothing', async ({ assert }) => {
    const { default: Seeder } = await import('#plugins/inventory/database/seeders/demo_inventory_master')
    const run = async () => new Seeder(db.connection()).run()
    await run()
    const count = async (table: string) => Number((await db.from(table).count('* as n').first()).n)
    const counts = { items: await count('inventory_items'), locations: await count('inventory_locations'), barcodes: await count('inventory_item_barcodes'), categories: await count('inventory_categories') }
    await run()
    assert.deepEqual({ items: await count('inventory_items'), locations: await count('inventory_locations'), barcodes: await count('inventory_item_barcodes'), categories: await count('inventory_categories') }, counts)
    const lamp = await db.from('inventory_items').where('code', 'FG-LP-01').firstOrFail()
    assert.isTrue(Boolean(lamp.serial_tracked))
    const box = await db.from('inventory_item_units').where({ item_id: lamp.id, unit_id: await unitId('BOX') }).firstOrFail()
    assert.equal(String(box.factor), '10000000')
    assert.isNotNull(await db.from('inventory_locations').where('barcode', 'LOC-RM-A-01').first())
    assert.isAtLeast(Number((await db.from('inventory_items').whereIn('code', ['RM-WD-001', 'FG-DK-1200', 'PK-001']).count('* as n').first()).n), 3)
  })
})
