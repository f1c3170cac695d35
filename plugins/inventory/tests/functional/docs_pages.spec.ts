/*
 * Stock document pages: drafts with lines entered by code or barcode, bad input refused with a message on the field and nothing
 * written, lists with filters and export, edit and delete of drafts.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { userWith } from '#tests/helpers/plugins'
import { makeItem, makeWarehouse, uniqueCode } from '../helpers/stock_fixtures.js'
import { makeDraft } from '../helpers/stock_documents.js'

/** Lines as a browser sends them (lines[0][item] …); the test client would send arrays as lines[item][]. */
const rows = (lines: Record<string, string>[]) => Object.fromEntries(lines.map((l, i) => [String(i), l]))

const ALL = ['receipt', 'issue', 'transfer', 'scrap'].flatMap((k) => ['view', 'create', 'post', 'cancel'].map((a) => `inventory.${k}.${a}`))

test.group('Stock documents: drafts and pages', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a storekeeper creates a receipt draft: lines by item code and packing-unit barcode, base quantities converted', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const wh = await makeWarehouse()
    const item = await makeItem({ code: uniqueCode('BOLT'), conversions: { BOX: '12' } })
    const code = (await db.from('inventory_items').where('id', item).first()).code
    const response = await client.post('/inventory/receipts').loginAs(user).redirects(0).form({
      warehouse_id: wh.id, document_date: '2026-01-05', purpose: 'opening', reference: 'OB-2026',
      lines: { 0: { item: code, unit: 'BOX', quantity: '2', location: `${wh.code}/STOCK`, unit_cost: '60' }, 3: { item: code, quantity: '5', location: 'STOCK' } },
    }).withCsrfToken()
    response.assertStatus(302)
    const doc = await db.from('inventory_receipts').orderBy('id', 'desc').first()
    assert.equal(doc.state, 'draft')
    assert.isNull(doc.number)
    assert.equal(doc.purpose, 'opening')
    assert.equal(doc.owner_id, user.id)
    const lines = await db.from('inventory_receipt_lines').where('document_id', doc.id).orderBy('line_no')
    assert.lengthOf(lines, 2)
    assert.equal(String(lines[0].quantity), '2000000')
    assert.equal(String(lines[0].base_quantity), '24000000')
    assert.equal(String(lines[0].unit_cost), '60000000')
    assert.equal(String(lines[1].base_quantity), '5000000')
    assert.equal(Number(lines[1].location_id), wh.stockId)

    const page = await client.get(`/inventory/receipts/${doc.id}`).loginAs(user)
    page.assertStatus(200)
    assert.include(page.text(), code)
    assert.include(page.text(), '24 EA')
    assert.include(page.text(), 'Opening balance')
  })

  test('bad lines are refused with a message on each field and nothing is written', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const wh = await makeWarehouse()
    const other = await makeWarehouse()
    const kg = await makeItem({ unit: 'KG' })
    const lotItem = await makeItem({ lotTracked: true })
    const codes = await db.from('inventory_items').whereIn('id', [kg, lotItem]).orderBy('id').select('code')
    const before = await db.from('inventory_receipts').count('* as n').first()
    const response = await client.post('/inventory/receipts').loginAs(user).header('HX-Request', 'true').form({
      warehouse_id: wh.id, document_date: '2026-01-05', purpose: 'misc',
      lines: rows([
        { item: codes[0].code, quantity: '1.2345', location: `${wh.code}/STOCK` },
        { item: codes[0].code, quantity: '0', location: `${wh.code}/STOCK` },
        { item: codes[1].code, quantity: '-3', location: `${other.code}/STOCK` },
        { item: codes[1].code, quantity: '3', location: wh.code },
        { item: 'NO-SUCH-ITEM', quantity: '1', location: `${wh.code}/STOCK` },
      ]),
    }).withCsrfToken()
    response.assertStatus(422)
    const html = response.text()
    assert.include(html, 'data-test="error-lines.0.quantity"')
    assert.include(html, 'At most 3 decimal places for this unit')
    assert.include(html, 'data-test="error-lines.1.quantity"')
    assert.include(html, 'The quantity must be greater than 0')
    assert.include(html, 'data-test="error-lines.2.quantity"')
    assert.include(html, 'data-test="error-lines.2.location"')
    assert.include(html, `is not a location of warehouse ${wh.code}`)
    assert.include(html, 'data-test="error-lines.2.lot_code"')
    assert.include(html, 'is lot-tracked: enter the lot')
    assert.include(html, 'data-test="error-lines.3.location"')
    assert.include(html, 'is a grouping node and holds no stock')
    assert.include(html, 'data-test="error-lines.4.item"')
    const after = await db.from('inventory_receipts').count('* as n').first()
    assert.equal(Number(after.n), Number(before.n))
  })

  test('messages are in the user\'s language, and a document without lines or warehouse is refused', async ({ client, assert }) => {
    const user = await userWith(ALL, 'zh-CN')
    const response = await client.post('/inventory/issues').loginAs(user).header('HX-Request', 'true').form({ document_date: '2099-01-01' }).withCsrfToken()
    response.assertStatus(422)
    assert.include(response.text(), '请选择仓库')
    assert.include(response.text(), '日期不能晚于今天')
    assert.include(response.text(), '请至少添加一行')
  })

  test('a customer-supplied receipt only goes into a customer-supplied location; a transfer needs another location', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const wh = await makeWarehouse()
    const item = await makeItem()
    const code = (await db.from('inventory_items').where('id', item).first()).code
    const cs = await client.post('/inventory/receipts').loginAs(user).header('HX-Request', 'true').form({
      warehouse_id: wh.id, purpose: 'customer_supplied', lines: rows([{ item: code, quantity: '1', location: `${wh.code}/STOCK` }]),
    }).withCsrfToken()
    cs.assertStatus(422)
    assert.include(cs.text(), 'customer-supplied area')
    const ok = await client.post('/inventory/receipts').loginAs(user).redirects(0).form({
      warehouse_id: wh.id, purpose: 'customer_supplied', lines: rows([{ item: code, quantity: '1', location: `${wh.code}/CS` }]),
    }).withCsrfToken()
    ok.assertStatus(302)
    const same = await client.post('/inventory/transfers').loginAs(user).header('HX-Request', 'true').form({
      warehouse_id: wh.id, lines: rows([{ item: code, quantity: '1', location: `${wh.code}/STOCK`, to_location: `${wh.code}/STOCK` }]),
    }).withCsrfToken()
    same.assertStatus(422)
    assert.include(same.text(), 'data-test="error-lines.0.to_location"')
  })

  test('lists filter by state, warehouse, date and item, and export to CSV', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const wh = await makeWarehouse()
    const other = await makeWarehouse()
    const a = await makeItem()
    const b = await makeItem()
    const [ca, cb] = (await db.from('inventory_items').whereIn('id', [a, b]).orderBy('id')).map((r: any) => r.code)
    const d1 = await makeDraft('scrap', { warehouse_id: wh.id, document_date: '2026-01-10', purpose: 'expired', reference: 'REF-ONE', lines: [{ item: ca, quantity: '1', location: `${wh.code}/STOCK` }] }, user)
    const d2 = await makeDraft('scrap', { warehouse_id: other.id, document_date: '2026-02-10', purpose: 'damaged', reference: 'REF-TWO', lines: [{ item: cb, quantity: '1', location: `${other.code}/STOCK` }] }, user)
    const full = await client.get('/inventory/scraps').loginAs(user)
    full.assertStatus(200)
    assert.include(full.text(), 'data-test="filter-warehouse"')
    const byWarehouse = await client.get('/inventory/scraps').qs({ warehouse: wh.id }).loginAs(user).header('HX-Request', 'true')
    byWarehouse.assertStatus(200)
    assert.include(byWarehouse.text(), 'REF-ONE')
    assert.notInclude(byWarehouse.text(), 'REF-TWO')
    const byItem = await client.get('/inventory/scraps').qs({ item: cb }).loginAs(user).header('HX-Request', 'true')
    assert.include(byItem.text(), 'REF-TWO')
    assert.notInclude(byItem.text(), 'REF-ONE')
    const byDate = await client.get('/inventory/scraps').qs({ from: '2026-02-01', to: '2026-02-28' }).loginAs(user).header('HX-Request', 'true')
    assert.include(byDate.text(), 'REF-TWO')
    assert.notInclude(byDate.text(), 'REF-ONE')
    const drafts = await client.get('/inventory/scraps').qs({ state: 'posted' }).loginAs(user).header('HX-Request', 'true')
    assert.notInclude(drafts.text(), 'REF-ONE')
    const csv = await client.get('/inventory/scraps/export').qs({ q: 'REF-' }).loginAs(user)
    csv.assertStatus(200)
    assert.include(csv.text(), 'REF-ONE')
    assert.include(csv.text(), 'Expired')
    assert.ok(d1.id && d2.id)
  })

  test('a draft is edited (lines replaced) and deleted; a user with own scope cannot see another\'s draft', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const wh = await makeWarehouse()
    const item = await makeItem()
    const code = (await db.from('inventory_items').where('id', item).first()).code
    const doc = await makeDraft('issue', { warehouse_id: wh.id, purpose: 'production', lines: [{ item: code, quantity: '1', location: `${wh.code}/STOCK` }] }, user)
    const form = await client.get(`/inventory/issues/${doc.id}/edit`).loginAs(user)
    form.assertStatus(200)
    assert.include(form.text(), 'data-test="scan-box"')
    // The scan box asks master data's shared endpoint what a code is.
    assert.include(form.text(), 'data-scan-url="/inventory/scan"')
    const saved = await client.post(`/inventory/issues/${doc.id}`).loginAs(user).redirects(0).form({
      warehouse_id: wh.id, purpose: 'misc', cost_centre: 'CC-ASSEMBLY', lines: rows([{ item: code, quantity: '4', location: `${wh.code}/STOCK` }, { item: code, quantity: '1', location: `${wh.code}/STOCK` }]),
    }).withCsrfToken()
    saved.assertStatus(302)
    const lines = await db.from('inventory_issue_lines').where('document_id', doc.id)
    assert.lengthOf(lines, 2)
    assert.equal((await db.from('inventory_issues').where('id', doc.id).first()).cost_centre, 'CC-ASSEMBLY')
    const deleted = await client.post(`/inventory/issues/${doc.id}/delete`).loginAs(user).redirects(0).withCsrfToken()
    deleted.assertStatus(302)
    assert.isNull(await db.from('inventory_issues').where('id', doc.id).first())
    assert.lengthOf(await db.from('inventory_issue_lines').where('document_id', doc.id), 0)
  })
})
