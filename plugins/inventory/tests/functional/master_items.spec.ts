/*
 * The item pages: create with packing units and barcodes, every kind of bad
 * input refused on its field with nothing written, edit, list filters and
 * export, deactivate / delete, the audit trail and the record API.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { userWith } from '#tests/helpers/plugins'
import { makeItem, makeWarehouse, uniqueCode, unitId } from '#plugins/inventory/tests/helpers/stock_fixtures'

const ALL = ['inventory.item.view', 'inventory.item.create', 'inventory.item.edit', 'inventory.item.delete', 'inventory.valuation.view']

async function form(overrides: Record<string, any> = {}): Promise<Record<string, any>> {
  return {
    code: uniqueCode('IT'),
    name: '三节静音滑轨',
    model: 'SR-45',
    specification: '450mm',
    item_type: 'raw_material',
    base_unit_id: String(await unitId('EA')),
    costing_method: 'moving_average',
    min_qty: '100',
    safety_stock: '50',
    max_qty: '1000',
    standard_cost: '18.9',
    lead_time_days: '10',
    ...overrides,
  }
}

async function post(client: any, user: any, body: Record<string, any>) {
  return client.post('/inventory/items').loginAs(user).header('HX-Request', 'true').form(body).withCsrfToken()
}

test.group('inventory items: create and validation', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('creates an item with a box conversion and barcodes; the detail page shows them', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const body = await form({
      'units[0][unit_id]': String(await unitId('BOX')),
      'units[0][factor]': '12',
      'barcodes[0][barcode]': 'BC-' + uniqueCode('EA'),
      'barcodes[1][barcode]': 'BC-' + uniqueCode('BOX'),
      'barcodes[1][unit_id]': String(await unitId('BOX')),
      'lot_tracked': '1',
      'requires_inspection': '1',
    })
    const response = await post(client, user, body)
    response.assertStatus(204)
    const item = await db.from('inventory_items').where('code', body.code).firstOrFail()
    assert.match(response.header('hx-redirect'), new RegExp(`/inventory/items/${item.id}$`))
    assert.equal(item.name, '三节静音滑轨')
    assert.equal(String(item.min_qty), '100000000')
    assert.equal(String(item.standard_cost), '18900000')
    assert.equal(Number(item.lead_time_days), 10)
    assert.isTrue(Boolean(item.lot_tracked))
    assert.isTrue(Boolean(item.requires_inspection))
    assert.equal(Number(item.owner_id), user.id)
    const conversion = await db.from('inventory_item_units').where('item_id', item.id).firstOrFail()
    assert.equal(String(conversion.factor), '12000000')
    const barcodes = await db.from('inventory_item_barcodes').where('item_id', item.id).orderBy('id')
    assert.lengthOf(barcodes, 2)
    assert.isNull(barcodes[0].unit_id)
    assert.equal(Number(barcodes[1].unit_id), await unitId('BOX'))

    const audit = await db.from('audit_log').where({ record_type: 'inventory.item', record_id: String(item.id) }).select('action', 'field')
    assert.isTrue(audit.some((a: any) => a.action === 'create'))
    assert.isTrue(audit.some((a: any) => a.field === 'units'))

    const page = await client.get(`/inventory/items/${item.id}`).loginAs(user)
    page.assertStatus(200)
    assert.include(page.text(), '1 BOX')
    assert.include(page.text(), '= 12 EA')
    assert.include(page.text(), body['barcodes[0][barcode]'])
    assert.include(page.text(), 'data-test="item-stock"')
  })

  test('an item code already used is refused on the code field, nothing written', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const code = uniqueCode('DUP')
    await makeItem({ code })
    const before = await db.from('inventory_items').count('* as n').first()
    const response = await post(client, user, await form({ code, name: 'Another' }))
    response.assertStatus(422)
    assert.include(response.text(), 'data-test="error-code"')
    assert.include(response.text(), `Item code ${code} is already used by another item`)
    const after = await db.from('inventory_items').count('* as n').first()
    assert.equal(Number(after.n), Number(before.n))
  })

  test('a barcode of another item is refused on that barcode row, in Chinese for a Chinese user', async ({ client, assert }) => {
    const user = await userWith(ALL, 'zh-CN')
    const owner = uniqueCode('OWN')
    const barcode = uniqueCode('BC')
    await makeItem({ code: owner, barcode })
    const body = await form({ 'barcodes[0][barcode]': 'FREE-' + uniqueCode('BC'), 'barcodes[1][barcode]': barcode })
    const response = await post(client, user, body)
    response.assertStatus(422)
    assert.include(response.text(), 'data-test="error-barcodes.1.barcode"')
    assert.include(response.text(), `条码已被物料 ${owner} 使用`)
    assert.isNull(await db.from('inventory_items').where('code', body.code).first())
    assert.isNull(await db.from('inventory_item_barcodes').where('barcode', body['barcodes[0][barcode]']).first())
  })

  test('a factor of 0, a factor finer than the base unit and a unit listed twice are refused', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const box = String(await unitId('BOX'))
    const set = String(await unitId('SET'))
    const body = await form({
      'units[0][unit_id]': box, 'units[0][factor]': '0',
      'units[1][unit_id]': set, 'units[1][factor]': '2.5',
      'units[2][unit_id]': box, 'units[2][factor]': '6',
    })
    const response = await post(client, user, body)
    response.assertStatus(422)
    const html = response.text()
    assert.include(html, 'data-test="error-units.0.factor"')
    assert.include(html, 'The factor must be greater than 0')
    assert.include(html, 'data-test="error-units.1.factor"')
    assert.include(html, 'At most whole units')
    assert.include(html, 'data-test="error-units.2.unit_id"')
    assert.isNull(await db.from('inventory_items').where('code', body.code).first())
  })

  test('quantities beyond the unit precision, negative stock levels and max below min are refused', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const response = await post(client, user, await form({ min_qty: '10.5', safety_stock: '-1', max_qty: '5', reorder_qty: 'abc', lead_time_days: '1.5' }))
    response.assertStatus(422)
    const html = response.text()
    assert.include(html, 'data-test="error-min_qty"')
    assert.include(html, 'data-test="error-safety_stock"')
    assert.include(html, 'Must not be negative')
    assert.include(html, 'data-test="error-reorder_qty"')
    assert.include(html, 'data-test="error-lead_time_days"')

    const maxBelowMin = await post(client, user, await form({ min_qty: '100', max_qty: '50' }))
    maxBelowMin.assertStatus(422)
    assert.include(maxBelowMin.text(), 'data-test="error-max_qty"')
    assert.include(maxBelowMin.text(), 'Maximum stock must not be below the minimum')

    const kg = await post(client, user, await form({ base_unit_id: String(await unitId('KG')), min_qty: '1.2345' }))
    assert.include(kg.text(), 'At most 3 decimal places')
  })

  test('serial tracking needs a whole-unit base unit; required fields are named', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const serial = await post(client, user, await form({ base_unit_id: String(await unitId('KG')), serial_tracked: '1' }))
    serial.assertStatus(422)
    assert.include(serial.text(), 'data-test="error-serial_tracked"')

    const empty = await post(client, user, { code: '', name: '', base_unit_id: '' })
    empty.assertStatus(422)
    assert.include(empty.text(), 'data-test="error-code"')
    assert.include(empty.text(), 'data-test="error-name"')
    assert.include(empty.text(), 'data-test="error-base_unit_id"')
  })

  test('without htmx a bad form redirects back with the messages', async ({ client }) => {
    const user = await userWith(ALL)
    const response = await client.post('/inventory/items').loginAs(user).form({ code: '', name: '' }).withCsrfToken().redirects(0)
    response.assertStatus(302)
  })
})

test.group('inventory items: edit, list, export, deactivate, delete', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('edits an item: changes fields, replaces conversions and barcodes, keeps the audit', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const code = uniqueCode('ED')
    const id = await makeItem({ code, conversions: { BOX: '12' }, barcode: `${code}-OLD` })
    const edit = await client.get(`/inventory/items/${id}/edit`).loginAs(user)
    edit.assertStatus(200)
    assert.include(edit.text(), `${code}-OLD`)

    const response = await client
      .put(`/inventory/items/${id}`)
      .loginAs(user)
      .header('HX-Request', 'true')
      .form(await form({ code, name: 'Renamed', 'units[0][unit_id]': String(await unitId('BOX')), 'units[0][factor]': '24', 'barcodes[0][barcode]': `${code}-NEW` }))
      .withCsrfToken()
    response.assertStatus(204)
    const item = await db.from('inventory_items').where('id', id).firstOrFail()
    assert.equal(item.name, 'Renamed')
    assert.equal(String((await db.from('inventory_item_units').where('item_id', id).firstOrFail()).factor), '24000000')
    assert.deepEqual((await db.from('inventory_item_barcodes').where('item_id', id)).map((b: any) => b.barcode), [`${code}-NEW`])
    const nameChange = await db.from('audit_log').where({ record_type: 'inventory.item', record_id: String(id), field: 'name' }).first()
    assert.equal(nameChange.new_value, 'Renamed')
    const barcodeChange = await db.from('audit_log').where({ record_type: 'inventory.item', record_id: String(id), field: 'barcodes' }).first()
    assert.equal(barcodeChange.old_value, `${code}-OLD`)
  })

  test('the base unit cannot change once the item has moves; it can before', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const code = uniqueCode('BU')
    const id = await makeItem({ code })
    const warehouse = await makeWarehouse()
    const supplier = await db.from('inventory_locations').where('kind', 'supplier').firstOrFail()
    await db.table('inventory_moves').insert(await moveRow(id, Number(supplier.id), warehouse.stockId))
    const response = await client.put(`/inventory/items/${id}`).loginAs(user).header('HX-Request', 'true').form(await form({ code, base_unit_id: String(await unitId('PCS')) })).withCsrfToken()
    response.assertStatus(422)
    assert.include(response.text(), 'data-test="error-base_unit_id"')
    assert.equal(Number((await db.from('inventory_items').where('id', id).first()).base_unit_id), await unitId('EA'))
  })

  test('the list searches code, name and barcode, filters by category subtree, type and tracking', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const tag = uniqueCode('LS')
    const [parent] = await db.table('inventory_categories').insert({ code: `${tag}-P`, name: 'Parent', path: '/', created_at: new Date() }).returning('id')
    const parentId = Number(typeof parent === 'object' ? parent.id : parent)
    await db.from('inventory_categories').where('id', parentId).update({ path: `/${parentId}/` })
    const [child] = await db.table('inventory_categories').insert({ code: `${tag}-C`, name: 'Child', parent_id: parentId, path: '/', created_at: new Date() }).returning('id')
    const childId = Number(typeof child === 'object' ? child.id : child)
    await db.from('inventory_categories').where('id', childId).update({ path: `/${parentId}/${childId}/` })
    const a = await makeItem({ code: `${tag}-A`, name: `${tag} alpha`, lotTracked: true })
    const b = await makeItem({ code: `${tag}-B`, name: `${tag} beta`, itemType: 'finished', barcode: `${tag}-SCAN` })
    await db.from('inventory_items').where('id', a).update({ category_id: childId })

    const rows = async (qs: Record<string, string>) => {
      const r = await client.get('/inventory/items').qs(qs).header('HX-Request', 'true').loginAs(user)
      r.assertStatus(200)
      return [...r.text().matchAll(/data-row="(\d+)"/g)].map((m) => Number(m[1]))
    }
    assert.sameMembers(await rows({ q: tag }), [a, b])
    assert.deepEqual(await rows({ q: `${tag}-SCAN` }), [b])
    assert.deepEqual(await rows({ q: tag, category: String(parentId) }), [a])
    assert.deepEqual(await rows({ q: tag, type: 'finished' }), [b])
    assert.deepEqual(await rows({ q: tag, tracking: 'lot' }), [a])
  })

  test('exports the list as CSV and XLSX with the current search', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const tag = uniqueCode('EX')
    await makeItem({ code: `${tag}-1`, name: '导出物料', minQty: '12.5', standardCost: '3.25', barcode: `${tag}-BC` })
    const csv = await client.get('/inventory/items/export').qs({ q: tag }).loginAs(user)
    csv.assertStatus(200)
    assert.include(csv.header('content-type'), 'text/csv')
    const text = csv.text()
    assert.include(text, `${tag}-1`)
    assert.include(text, '导出物料')
    assert.include(text, '12.5')
    assert.include(text, `${tag}-BC`)
    assert.notInclude(text, 'ITEM-')
    const xlsx = await client.get('/inventory/items/export').qs({ q: tag, format: 'xlsx' }).loginAs(user)
    xlsx.assertStatus(200)
    assert.include(xlsx.header('content-type'), 'spreadsheetml')
  })

  test('an item without moves is deleted; one with moves is refused and can be deactivated', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const free = await makeItem()
    const deleted = await client.delete(`/inventory/items/${free}`).loginAs(user).withCsrfToken().redirects(0)
    deleted.assertStatus(302)
    assert.isNull(await db.from('inventory_items').where('id', free).first())

    const used = await makeItem()
    const warehouse = await makeWarehouse()
    const supplier = await db.from('inventory_locations').where('kind', 'supplier').firstOrFail()
    await db.table('inventory_moves').insert(await moveRow(used, Number(supplier.id), warehouse.stockId))
    const refused = await client.delete(`/inventory/items/${used}`).loginAs(user).withCsrfToken().redirects(0)
    refused.assertStatus(302)
    assert.isNotNull(await db.from('inventory_items').where('id', used).first())
    const page = await client.get(`/inventory/items/${used}`).loginAs(user)
    assert.notInclude(page.text(), 'data-test="delete-item"')

    const deactivated = await client.post(`/inventory/items/${used}/deactivate`).loginAs(user).withCsrfToken().redirects(0)
    deactivated.assertStatus(302)
    assert.isFalse(Boolean((await db.from('inventory_items').where('id', used).first()).active))
    const scan = await client.get('/inventory/items/pick').qs({ q: String((await db.from('inventory_items').where('id', used).first()).code) }).loginAs(user)
    assert.lengthOf(scan.body().items, 0)
    await client.post(`/inventory/items/${used}/activate`).loginAs(user).withCsrfToken().redirects(0)
    assert.isTrue(Boolean((await db.from('inventory_items').where('id', used).first()).active))
  })

  test('the detail page shows stock per warehouse from the ledger', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const code = uniqueCode('STK')
    const id = await makeItem({ code })
    const warehouse = await makeWarehouse()
    const { postMoves, virtualLocation } = await import('#plugins/inventory/api')
    await db.transaction(async (trx) => {
      await postMoves(trx, [{ itemId: id, fromLocationId: await virtualLocation('supplier', trx), toLocationId: warehouse.stockId, quantity: '1234', unitCost: '2.5', documentType: 'test.receipt', documentId: 1 }])
    })
    const page = await client.get(`/inventory/items/${id}`).loginAs(user)
    page.assertStatus(200)
    const stock = page.text().split('data-test="item-stock"')[1]
    assert.include(stock, warehouse.code)
    assert.include(stock, '1,234')
    assert.notInclude(stock, 'not available yet')
    // With stock history the item can no longer be deleted.
    assert.notInclude(page.text(), 'data-test="delete-item"')
  })

  test('a read-only standard cost keeps its value; a hidden one is not shown', async ({ client, assert }) => {
    const { makeUser } = await import('#tests/helpers/access')
    const readonly = await makeUser({ permissions: ALL, fields: { 'inventory.item.standard_cost': 'readonly' } })
    const code = uniqueCode('FP')
    const id = await makeItem({ code, standardCost: '10' })
    const response = await client.put(`/inventory/items/${id}`).loginAs(readonly).header('HX-Request', 'true').form(await form({ code, standard_cost: '99' })).withCsrfToken()
    response.assertStatus(204)
    assert.equal(String((await db.from('inventory_items').where('id', id).first()).standard_cost), '10000000')

    const hidden = await makeUser({ permissions: ALL, fields: { 'inventory.item.standard_cost': 'hidden' } })
    const page = await client.get(`/inventory/items/${id}`).loginAs(hidden)
    assert.notInclude(page.text(), '¥10.00')
    const edit = await client.get(`/inventory/items/${id}/edit`).loginAs(hidden)
    assert.notInclude(edit.text(), 'name="standard_cost"')
    const shown = await client.get(`/inventory/items/${id}`).loginAs(readonly)
    assert.include(shown.text(), '¥10.00')
  })

  test('the REST API creates items through the same checks', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const code = uniqueCode('API')
    await makeItem({ code })
    const { createRecord, RecordInputError } = await import('#kernel/records/record_writer')
    try {
      await createRecord('inventory.item', { code, name: 'Dup', base_unit_id: String(await unitId('EA')) }, user)
      assert.fail('should refuse')
    } catch (error) {
      assert.instanceOf(error, RecordInputError)
      assert.equal((error as any).problems[0].field, 'code')
    }
    const row = await createRecord('inventory.item', { code: `${code}-2`, name: 'Via API', base_unit_id: String(await unitId('EA')), min_qty: '4' }, user)
    assert.equal(row.name, 'Via API')
    assert.equal(String(row.min_qty), '4000000')
    void client
  })
})

async function moveRow(itemId: number, from: number, to: number) {
  const { dbTimestamp } = await import('#kernel/records/record_writer')
  const row: Record<string, unknown> = {
    item_id: itemId, from_location_id: from, to_location_id: to, quantity: '1000000', unit_cost: '0', value: '0',
    document_type: 'test.doc', document_id: 1, posted_at: dbTimestamp(new Date(), db.connection()), created_at: dbTimestamp(new Date(), db.connection()),
  }
  return row
}
