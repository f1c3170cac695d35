/*
 * Stock counts through the pages: create, start (snapshot + freeze), open and
 * blind sheets, counting with bad input, recount, scanning, the freeze
 * conflict, cancel.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { userWith } from '#tests/helpers/plugins'
import { makeItem, makeWarehouse, makeLocation, uniqueCode } from '../helpers/stock_fixtures.js'
import { stockIn, startedCount, linesOf } from '../helpers/count_fixtures.js'

const ALL = ['inventory.count.view', 'inventory.count.create', 'inventory.count.count', 'inventory.count.post', 'inventory.count.cancel']

async function setup() {
  const wh = await makeWarehouse()
  const binA = await makeLocation(wh, 'A-01', { barcode: uniqueCode('LOC') })
  const binB = await makeLocation(wh, 'B-01')
  const bolt = await makeItem({ name: 'M8 bolt', barcode: uniqueCode('690') })
  const oil = await makeItem({ name: 'Cutting oil', unit: 'KG' })
  await stockIn(bolt, binA, '120', '0.50')
  await stockIn(oil, binB, '3.5', '20')
  return { wh, binA, binB, bolt, oil }
}

test.group('Stock counts: pages and counting', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a storekeeper creates and starts an open count: lines snapshot the book, the sheet shows it', async ({ client, assert }) => {
    const { wh, binA, bolt } = await setup()
    const user = await userWith(ALL)
    const created = await client
      .post('/inventory/counts')
      .loginAs(user)
      .form({ warehouse_id: String(wh.id), mode: 'open', count_date: '2026-11-23', note: 'Year-end' })
      .withCsrfToken()
      .redirects(0)
    created.assertStatus(302)
    const count = await db.from('inventory_counts').where('warehouse_id', wh.id).firstOrFail()
    assert.equal(count.state, 'draft')
    assert.equal(count.phase, 'setup')

    const started = await client.post(`/inventory/counts/${count.id}/start`).loginAs(user).withCsrfToken().redirects(0)
    started.assertStatus(302)
    const lines = await linesOf(count.id)
    assert.lengthOf(lines, 2)
    const boltLine = lines.find((l: any) => Number(l.item_id) === bolt)
    assert.equal(String(boltLine.book_qty), '120000000')
    assert.isNull(boltLine.counted_qty)
    const freezes = await db.from('inventory_count_freezes').where('count_id', count.id)
    assert.lengthOf(freezes, 2)

    const sheet = await client.get(`/inventory/counts/${count.id}/sheets/${binA}`).loginAs(user)
    sheet.assertStatus(200)
    assert.include(sheet.text(), 'data-test="book"')
    assert.include(sheet.text(), '120')
    const page = await client.get(`/inventory/counts/${count.id}`).loginAs(user)
    page.assertStatus(200)
    assert.include(page.text(), '0 of 2 counted')
  })

  test('a blind count never shows the book quantity on the count page or the sheet', async ({ client, assert }) => {
    const { wh, binA } = await setup()
    const user = await userWith(ALL)
    const id = await startedCount({ warehouseId: wh.id, mode: 'blind' }, user.id)
    const sheet = await client.get(`/inventory/counts/${id}/sheets/${binA}`).loginAs(user)
    sheet.assertStatus(200)
    assert.include(sheet.text(), 'data-test="blind-notice"')
    assert.notInclude(sheet.text(), 'data-test="book"')
    assert.notInclude(sheet.text(), '120')
    const page = await client.get(`/inventory/counts/${id}`).loginAs(user)
    assert.notInclude(page.text(), 'data-test="book"')
    assert.notInclude(page.text(), '120')
  })

  test('counted quantities are validated: negative, too many decimals and text are refused on the field; nothing is saved', async ({ client, assert }) => {
    const { wh, bolt, oil } = await setup()
    const user = await userWith(ALL)
    const id = await startedCount({ warehouseId: wh.id }, user.id)
    const lines = await linesOf(id)
    const boltLine = lines.find((l: any) => Number(l.item_id) === bolt)
    const oilLine = lines.find((l: any) => Number(l.item_id) === oil)
    const post = (lineId: number, counted: string) =>
      client.post(`/inventory/counts/${id}/lines/${lineId}`).loginAs(user).header('HX-Request', 'true').form({ counted }).withCsrfToken()

    const negative = await post(boltLine.id, '-1')
    negative.assertStatus(422)
    assert.include(negative.text(), `data-test="error-counted_${boltLine.id}"`)
    assert.include(negative.text(), 'greater than 0')

    const decimals = await post(boltLine.id, '1.5')
    decimals.assertStatus(422)
    assert.include(decimals.text(), 'whole units')

    const text = await post(boltLine.id, 'ten')
    text.assertStatus(422)
    assert.include(text.text(), 'Enter a number')

    const oilTooPrecise = await post(oilLine.id, '3.1234')
    oilTooPrecise.assertStatus(422)
    assert.include(oilTooPrecise.text(), '3 decimal places')
    assert.isNull((await db.from('inventory_count_lines').where('id', boltLine.id).first()).counted_qty)

    const zero = await post(boltLine.id, '0')
    zero.assertStatus(200)
    const ok = await post(oilLine.id, '3.25')
    ok.assertStatus(200)
    assert.equal(String((await db.from('inventory_count_lines').where('id', oilLine.id).first()).counted_qty), '3250000')
    assert.equal(String((await db.from('inventory_count_lines').where('id', boltLine.id).first()).counted_qty), '0')
  })

  test('a line can be recounted before submitting; submitting with an uncounted line is refused', async ({ client, assert }) => {
    const { wh, bolt } = await setup()
    const user = await userWith(ALL)
    const id = await startedCount({ warehouseId: wh.id }, user.id)
    const lines = await linesOf(id)
    for (const line of lines) {
      await client.post(`/inventory/counts/${id}/lines/${line.id}`).loginAs(user).header('HX-Request', 'true').form({ counted: '1' }).withCsrfToken()
    }
    const boltLine = lines.find((l: any) => Number(l.item_id) === bolt)
    const recount = await client.post(`/inventory/counts/${id}/lines/${boltLine.id}/recount`).loginAs(user).header('HX-Request', 'true').withCsrfToken()
    recount.assertStatus(200)
    const after = await db.from('inventory_count_lines').where('id', boltLine.id).first()
    assert.isNull(after.counted_qty)
    assert.equal(Number(after.recounts), 1)

    const submit = await client.post(`/inventory/counts/${id}/submit`).loginAs(user).header('HX-Request', 'true').withCsrfToken()
    submit.assertStatus(422)
    assert.include(submit.text(), '1 line is not counted yet')
    assert.equal((await db.from('inventory_counts').where('id', id).first()).state, 'draft')
  })

  test('scanning: a location barcode opens its sheet, an item barcode then a quantity records it, found stock adds a line', async ({ client, assert }) => {
    const { wh, binA, bolt } = await setup()
    const user = await userWith(ALL)
    const id = await startedCount({ warehouseId: wh.id }, user.id)
    const location = await db.from('inventory_locations').where('id', binA).first()
    const barcode = (await db.from('inventory_item_barcodes').where('item_id', bolt).first()).barcode

    const toSheet = await client.post(`/inventory/counts/${id}/scan-location`).loginAs(user).header('HX-Request', 'true').form({ location_code: location.barcode }).withCsrfToken()
    assert.equal(toSheet.header('hx-redirect'), `/inventory/counts/${id}/sheets/${binA}`)
    const unknownLocation = await client.post(`/inventory/counts/${id}/scan-location`).loginAs(user).header('HX-Request', 'true').form({ location_code: 'NOPE' }).withCsrfToken()
    unknownLocation.assertStatus(422)
    assert.include(unknownLocation.text(), 'No location of this count has the code NOPE')

    const scanUrl = `/inventory/counts/${id}/sheets/${binA}/scan`
    const found = await client.post(scanUrl).loginAs(user).header('HX-Request', 'true').form({ code: barcode }).withCsrfToken()
    found.assertStatus(200)
    assert.include(found.text(), `Now type the counted quantity of ${barcode}`)
    const recorded = await client.post(scanUrl).loginAs(user).header('HX-Request', 'true').form({ code: barcode, quantity: '118' }).withCsrfToken()
    recorded.assertStatus(200)
    const line = (await linesOf(id)).find((l: any) => Number(l.item_id) === bolt && Number(l.location_id) === binA)
    assert.equal(String(line.counted_qty), '118000000')

    const unknown = await client.post(scanUrl).loginAs(user).header('HX-Request', 'true').form({ code: 'XX-404', quantity: '1' }).withCsrfToken()
    unknown.assertStatus(422)
    assert.include(unknown.text(), 'No item has the barcode or code XX-404')

    // Stock the book does not know: a new line with book 0, frozen for this count.
    const washer = await makeItem({ name: 'Washer' })
    const washerCode = (await db.from('inventory_items').where('id', washer).first()).code
    const added = await client.post(scanUrl).loginAs(user).header('HX-Request', 'true').form({ code: washerCode, quantity: '7' }).withCsrfToken()
    added.assertStatus(200)
    const newLine = (await linesOf(id)).find((l: any) => Number(l.item_id) === washer)
    assert.equal(String(newLine.book_qty), '0')
    assert.equal(String(newLine.counted_qty), '7000000')
    assert.isTrue(Boolean(newLine.added))
    assert.isOk(await db.from('inventory_count_freezes').where({ count_id: id, item_id: washer, location_id: binA }).first())
  })

  test('a second count of a frozen item is refused, naming the item and the other count; cancelling the first releases it', async ({ client, assert }) => {
    const { wh, binA, bolt } = await setup()
    const user = await userWith(ALL)
    const first = await startedCount({ warehouseId: wh.id }, user.id)
    const boltCode = (await db.from('inventory_items').where('id', bolt).first()).code

    const second = await client
      .post('/inventory/counts')
      .loginAs(user)
      .form({ warehouse_id: String(wh.id), location_id: String(binA), mode: 'blind', count_date: '2026-11-24' })
      .withCsrfToken()
      .redirects(0)
    second.assertStatus(302)
    const secondId = Number((await db.from('inventory_counts').where('warehouse_id', wh.id).whereNot('id', first).first()).id)
    const refused = await client.post(`/inventory/counts/${secondId}/start`).loginAs(user).header('HX-Request', 'true').withCsrfToken()
    refused.assertStatus(422)
    assert.include(refused.text(), boltCode)
    assert.include(refused.text(), `stock count #${first}`)
    assert.lengthOf(await linesOf(secondId), 0)
    assert.equal((await db.from('inventory_counts').where('id', secondId).first()).phase, 'setup')

    const cancel = await client.post(`/inventory/counts/${first}/cancel`).loginAs(user).withCsrfToken().redirects(0)
    cancel.assertStatus(302)
    assert.equal((await db.from('inventory_counts').where('id', first).first()).state, 'cancelled')
    assert.lengthOf(await db.from('inventory_count_freezes').where('count_id', first), 0)

    const nowStarts = await client.post(`/inventory/counts/${secondId}/start`).loginAs(user).withCsrfToken().redirects(0)
    nowStarts.assertStatus(302)
    assert.lengthOf(await linesOf(secondId), 1)
  })

  test('bad headers are refused on their field in the user language, and nothing is written', async ({ client, assert }) => {
    const { wh } = await setup()
    const other = await makeWarehouse()
    const user = await userWith(ALL, 'zh-CN')
    const before = Number((await db.from('inventory_counts').count('* as n').first())?.n)

    const missing = await client.post('/inventory/counts').loginAs(user).header('HX-Request', 'true').form({ mode: 'open', count_date: '2026-11-23' }).withCsrfToken()
    missing.assertStatus(422)
    assert.include(missing.text(), 'data-test="error-warehouse_id"')

    const wrongLocation = await client
      .post('/inventory/counts')
      .loginAs(user)
      .header('HX-Request', 'true')
      .form({ warehouse_id: String(wh.id), location_id: String(other.stockId), mode: 'open', count_date: '2026-11-23' })
      .withCsrfToken()
    wrongLocation.assertStatus(422)
    assert.include(wrongLocation.text(), `该仓位不属于仓库 ${wh.code}`)

    const unknownItem = await client
      .post('/inventory/counts')
      .loginAs(user)
      .header('HX-Request', 'true')
      .form({ warehouse_id: String(wh.id), item_codes: 'NO-SUCH-ITEM', mode: 'open', count_date: '2026-11-23' })
      .withCsrfToken()
    unknownItem.assertStatus(422)
    assert.include(unknownItem.text(), '物料编码不存在：NO-SUCH-ITEM')

    const badMode = await client.post('/inventory/counts').loginAs(user).header('HX-Request', 'true').form({ warehouse_id: String(wh.id), mode: 'guess', count_date: 'soon' }).withCsrfToken()
    badMode.assertStatus(422)
    assert.include(badMode.text(), 'data-test="error-mode"')
    assert.include(badMode.text(), 'data-test="error-count_date"')
    assert.equal(Number((await db.from('inventory_counts').count('* as n').first())?.n), before)

    // An empty scope cannot start.
    const empty = await makeWarehouse()
    const emptyCount = await client.post('/inventory/counts').loginAs(user).form({ warehouse_id: String(empty.id), mode: 'open', count_date: '2026-11-23' }).withCsrfToken().redirects(0)
    emptyCount.assertStatus(302)
    const emptyId = (await db.from('inventory_counts').where('warehouse_id', empty.id).first()).id
    const nothing = await client.post(`/inventory/counts/${emptyId}/start`).loginAs(user).header('HX-Request', 'true').withCsrfToken()
    nothing.assertStatus(422)
    assert.include(nothing.text(), '此范围内没有可盘点的库存')
  })

  test('the list shows counts with state and mode filters, and exports CSV', async ({ client, assert }) => {
    const { wh } = await setup()
    const user = await userWith(ALL)
    const id = await startedCount({ warehouseId: wh.id, mode: 'blind' }, user.id)
    const list = await client.get('/inventory/counts?mode=blind').loginAs(user)
    list.assertStatus(200)
    assert.include(list.text(), `data-row="${id}"`)
    const fragment = await client.get('/inventory/counts?mode=open&q=' + wh.code).loginAs(user).header('HX-Request', 'true')
    assert.notInclude(fragment.text(), `data-row="${id}"`)
    const csv = await client.get('/inventory/counts/export?q=' + wh.code).loginAs(user)
    csv.assertStatus(200)
    assert.include(csv.text(), wh.code)
  })
})
