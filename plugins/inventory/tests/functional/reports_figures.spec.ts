/*
 * Stock reports: each report's figures on a small ledger a person can check
 * by hand (tests/helpers/report_ledger.ts), through the CSV export (exact
 * decimals) and the page: balance now and at a date, ledger with opening,
 * running and closing balance, ageing buckets, turnover, slow-moving, value
 * by warehouse; filters, drill-down links, value hidden without
 * inventory.valuation.view (page and export), bad filters → 422.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { userWith } from '#tests/helpers/plugins'
import { valueAt } from '../../api.js'
import { buildReportLedger, dayString, type ReportLedger } from '../helpers/report_ledger.js'

const VIEW = ['inventory.stock.view']
const VALUE = ['inventory.stock.view', 'inventory.valuation.view']

/** CSV → header names and rows of cells (our figures hold no commas or quotes). */
function parseCsv(text: string) {
  const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n')
  const header = lines[0].split(',')
  return { header, rows: lines.slice(1).map((l) => l.split(',')) }
}

/** Rows as objects keyed by header. */
function records(text: string): Array<Record<string, string>> {
  const { header, rows } = parseCsv(text)
  return rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])))
}

let ledger: ReportLedger

async function csv(client: any, user: any, path: string, qs: Record<string, unknown>) {
  const response = await client.get(`/inventory/reports/${path}/export`).qs(qs).loginAs(user)
  response.assertStatus(200)
  return records(response.text())
}

test.group('Inventory reports | figures', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(async () => {
    ledger = await db.transaction((trx) => buildReportLedger(trx))
  })

  test('stock balance now: by item and by item × warehouse, with reserved, available, on order and value', async ({ client, assert }) => {
    const user = await userWith(VALUE)
    const byItem = await csv(client, user, 'balance', { q: ledger.prefix })
    assert.deepEqual(
      byItem.map((r) => [r['Item code'], r['On hand'], r['Reserved'], r['Available'], r['On order'], r['Value']]),
      [
        [ledger.x.code, '110', '5', '105', '40', '1375.00'],
        [ledger.y.code, '12.5', '0', '12.5', '0', '100.00'],
        [ledger.z.code, '5', '0', '5', '0', '10.00'],
      ]
    )
    const byWarehouse = await csv(client, user, 'balance', { item: ledger.x.code, group: 'warehouse' })
    assert.deepEqual(
      byWarehouse.map((r) => [r['Warehouse'], r['On hand'], r['Available'], r['Value']]),
      [[ledger.a.code, '90', '85', '1125.00'], [ledger.b.code, '20', '20', '250.00']]
    )
  })

  test('stock balance at a date comes from the ledger, by location and lot', async ({ client, assert }) => {
    const user = await userWith(VALUE)
    const atD50 = await csv(client, user, 'balance', { q: ledger.prefix, date: dayString(50) })
    assert.deepEqual(
      atD50.map((r) => [r['Item code'], r['On hand'], r['Value']]),
      [[ledger.x.code, '90', '1080.00'], [ledger.y.code, '12.5', '100.00']]
    )
    // No reserved / on-order columns at a date: those are current figures only.
    assert.notProperty(atD50[0], 'Reserved')
    const atD150 = await csv(client, user, 'balance', { q: ledger.prefix, date: dayString(150) })
    assert.deepEqual(atD150.map((r) => [r['Item code'], r['On hand']]), [[ledger.x.code, '100'], [ledger.y.code, '12.5']])
    const byLot = await csv(client, user, 'balance', { item: ledger.y.code, group: 'lot' })
    assert.deepEqual(byLot.map((r) => [r['Location'], r['Lot / serial'], r['On hand']]), [[`${ledger.a.code}/A2`, ledger.y.lotCode, '12.5']])
    const atLocation = await csv(client, user, 'balance', { q: ledger.prefix, warehouse: ledger.a.id, location: ledger.a2, group: 'location' })
    assert.deepEqual(atLocation.map((r) => r['Item code']), [ledger.y.code])
  })

  test('values agree with the valuation engine (valueAt in api.ts) per warehouse and at a date', async ({ client, assert }) => {
    const user = await userWith(VALUE)
    for (const date of [dayString(50), dayString(8), dayString(0)]) {
      const rows = await csv(client, user, 'balance', { category: ledger.categoryId, group: 'warehouse', date })
      for (const warehouse of [ledger.a, ledger.b]) {
        const expected = await valueAt(date, { warehouseId: warehouse.id })
        const mine = rows.filter((r) => r['Warehouse'] === warehouse.code)
        for (const item of expected.items.filter((i) => [ledger.x.id, ledger.y.id, ledger.z.id].includes(i.itemId))) {
          const code = [ledger.x, ledger.y, ledger.z].find((i) => i.id === item.itemId)!.code
          assert.equal(mine.find((r) => r['Item code'] === code)?.['Value'], item.value.toFixed(), `${code} in ${warehouse.code} on ${date}`)
        }
      }
    }
  })

  test('filters: category subtree, warehouse, lot, search; sort by on hand', async ({ client, assert }) => {
    const user = await userWith(VIEW)
    const subtree = await csv(client, user, 'balance', { category: ledger.parentCategoryId })
    assert.deepEqual(subtree.map((r) => r['Item code']), [ledger.x.code, ledger.y.code, ledger.z.code])
    const inB = await csv(client, user, 'balance', { category: ledger.categoryId, warehouse: ledger.b.id })
    assert.deepEqual(inB.map((r) => [r['Item code'], r['On hand']]), [[ledger.x.code, '20']])
    const lot = await csv(client, user, 'balance', { category: ledger.categoryId, lot: ledger.y.lotCode })
    assert.deepEqual(lot.map((r) => r['Item code']), [ledger.y.code])
    const sorted = await csv(client, user, 'balance', { category: ledger.categoryId, sort: 'on_hand', direction: 'desc' })
    assert.deepEqual(sorted.map((r) => r['Item code']), [ledger.x.code, ledger.y.code, ledger.z.code])
    const ascending = await csv(client, user, 'balance', { category: ledger.categoryId, sort: 'on_hand', direction: 'asc' })
    assert.deepEqual(ascending.map((r) => r['Item code']), [ledger.z.code, ledger.y.code, ledger.x.code])
    const search = await csv(client, user, 'balance', { q: `washer ${ledger.prefix}`.toLowerCase() })
    assert.deepEqual(search.map((r) => r['Item code']), [ledger.z.code])
  })

  test('ledger: opening, each move with in / out / running balance, closing, document links', async ({ client, assert }) => {
    const user = await userWith(VALUE)
    const qs = { item: ledger.x.code, warehouse: ledger.a.id, from: dayString(70), to: dayString(0) }
    const rows = await csv(client, user, 'ledger', qs)
    assert.deepEqual(
      rows.map((r) => [r['Document'], r['In'], r['Out'], r['Balance'], r['Balance value']]),
      [
        [`${ledger.prefix}-DL-1`, '0', '60', '90', '1080.00'],
        [`${ledger.prefix}-RC-3`, '30', '0', '120', '1500.00'],
        [`${ledger.prefix}-TR-1`, '0', '20', '100', '1250.00'],
        [`${ledger.prefix}-IS-1`, '0', '10', '90', '1125.00'],
      ]
    )
    const page = await client.get('/inventory/reports/ledger').qs({ ...qs, perPage: 2, page: 2 }).loginAs(user)
    page.assertStatus(200)
    const html = page.text()
    assert.match(html, /data-test="summary-opening_q">150</)
    assert.match(html, /data-test="summary-in_q">30</)
    assert.match(html, /data-test="summary-out_q">90</)
    assert.match(html, /data-test="summary-closing_q">90</)
    assert.match(html, /data-test="summary-closing_v">1,125.00</)
    // The second page starts from the right running balance.
    assert.include(html, `${ledger.prefix}-TR-1`)
    assert.notInclude(html, `${ledger.prefix}-DL-1`)
    assert.match(html, /data-cell="balance_q">\s*100\s*</)
    // A document type with a page links there; one without (no sales plugin here) stays text.
    const transfer = await db.from('inventory_moves').where('document_number', `${ledger.prefix}-TR-1`).firstOrFail()
    assert.include(html, `href="/inventory/transfers/${transfer.document_id}"`)
    const first = await client.get('/inventory/reports/ledger').qs(qs).loginAs(user)
    assert.match(first.text(), new RegExp(`data-cell="document">\\s*${ledger.prefix}-DL-1\\s*<`))

    // Over every warehouse the transfer is in and out at once.
    const all = await csv(client, user, 'ledger', { item: ledger.x.code, from: dayString(15), to: dayString(0) })
    assert.deepEqual(all.map((r) => [r['In'], r['Out'], r['Balance']]), [['20', '20', '120'], ['0', '10', '110']])
  })

  test('ledger asks for an item, and refuses an unknown item and a reversed range with a message', async ({ client, assert }) => {
    const user = await userWith(VIEW, 'zh-CN')
    const prompt = await client.get('/inventory/reports/ledger').loginAs(user)
    prompt.assertStatus(200)
    assert.include(prompt.text(), '请输入物料编码查看台账')
    const unknown = await client.get('/inventory/reports/ledger').qs({ item: 'NO-SUCH-ITEM' }).header('HX-Request', 'true').loginAs(user)
    unknown.assertStatus(422)
    assert.include(unknown.text(), 'data-test="error-item"')
    assert.include(unknown.text(), '没有此编码的物料')
    const reversed = await client.get('/inventory/reports/turnover').qs({ from: dayString(1), to: dayString(10) }).loginAs(user)
    reversed.assertStatus(422)
    assert.include(reversed.text(), '开始日期不能晚于结束日期')
    const badDate = await client.get('/inventory/reports/balance').qs({ date: '2026-13-40' }).loginAs(user)
    badDate.assertStatus(422)
    assert.include(badDate.text(), 'data-test="error-date"')
    const badExport = await client.get('/inventory/reports/balance/export').qs({ date: 'yesterday' }).loginAs(user)
    badExport.assertStatus(422)
  })

  test('ageing: FIFO from the latest receipts into buckets, per item and per warehouse; buckets configurable', async ({ client, assert }) => {
    const user = await userWith(VIEW)
    const byItem = await csv(client, user, 'ageing', { q: ledger.prefix })
    assert.deepEqual(
      byItem.map((r) => [r['Item code'], r['On hand'], r['0–30 days'], r['31–90 days'], r['91–180 days'], r['181–365 days'], r['>365 days']]),
      [
        [ledger.x.code, '110', '30', '0', '50', '30', '0'],
        [ledger.y.code, '12.5', '0', '0', '0', '0', '12.5'],
        [ledger.z.code, '5', '5', '0', '0', '0', '0'],
      ]
    )
    const byWarehouse = await csv(client, user, 'ageing', { item: ledger.x.code, group: 'warehouse' })
    assert.deepEqual(
      byWarehouse.map((r) => [r['Warehouse'], r['On hand'], r['0–30 days'], r['91–180 days'], r['181–365 days']]),
      [[ledger.a.code, '90', '30', '50', '10'], [ledger.b.code, '20', '20', '0', '0']]
    )
    const custom = await csv(client, user, 'ageing', { item: ledger.x.code, buckets: '150' })
    assert.deepEqual(custom.map((r) => [r['0–150 days'], r['>150 days']]), [['80', '30']])
    const atDate = await csv(client, user, 'ageing', { item: ledger.x.code, date: dayString(50), buckets: '60' })
    // 90 on hand on D-50: the 50 of D-100 (age 50) and 40 of the D-200 receipt.
    assert.deepEqual(atDate.map((r) => [r['On hand'], r['0–60 days'], r['>60 days']]), [['90', '50', '40']])
    const bad = await client.get('/inventory/reports/ageing').qs({ buckets: '30,abc' }).loginAs(user)
    bad.assertStatus(422)
    assert.include(bad.text(), 'data-test="error-buckets"')
  })

  test('turnover: issues over the average of opening and closing, per item and per category by value', async ({ client, assert }) => {
    const user = await userWith(VALUE)
    const qs = { from: dayString(70), to: dayString(0) }
    const rows = await csv(client, user, 'turnover', { ...qs, item: ledger.x.code })
    // 71 days; opening 150, closing 110, issued 60 + 10 (the transfer is no issue); 70 / 130 = 0.5385; 71 / 0.53846 = 131.86 days.
    assert.deepEqual(
      rows.map((r) => [r['Opening qty'], r['Closing qty'], r['Issued qty'], r['Issued value'], r['Turnover'], r['Turnover days']]),
      [['150', '110', '70', '845.00', '0.5385', '131.86']]
    )
    const byValue = await csv(client, user, 'turnover', { ...qs, category: ledger.categoryId, group: 'category', basis: 'value' })
    // Value: opening 1800 + 100 (Y), closing 1375 + 100 + 10; issued 845; average 1692.50 → 0.4993; 71 / 0.49926 = 142.21 days.
    assert.deepEqual(
      byValue.map((r) => [r['Category'], r['Opening value'], r['Closing value'], r['Issued value'], r['Turnover'], r['Turnover days']]),
      [[`${ledger.prefix}-C`, '1900.00', '1485.00', '845.00', '0.4993', '142.21']]
    )
    // Without valuation the value basis and the category grouping are not offered.
    const viewer = await userWith(VIEW)
    const refused = await client.get('/inventory/reports/turnover').qs({ ...qs, basis: 'value' }).loginAs(viewer)
    refused.assertStatus(422)
    assert.include(refused.text(), 'data-test="error-basis"')
  })

  test('slow-moving: stock with no issue in N days; a recent receipt is not slow yet', async ({ client, assert }) => {
    const user = await userWith(VALUE)
    const default90 = await csv(client, user, 'slow-moving', { q: ledger.prefix })
    assert.deepEqual(default90.map((r) => [r['Item code'], r['On hand'], r['Last issue'], r['Days idle'], r['Value']]), [[ledger.y.code, '12.5', '', '400', '100.00']])
    const three = await csv(client, user, 'slow-moving', { q: ledger.prefix, days: '3' })
    assert.deepEqual(
      three.map((r) => [r['Item code'], r['Last issue'], r['Days idle']]),
      [[ledger.y.code, '', '400'], [ledger.z.code, '', '10'], [ledger.x.code, dayString(5), '5']]
    )
    const bad = await client.get('/inventory/reports/slow-moving').qs({ days: '0' }).loginAs(user)
    bad.assertStatus(422)
  })

  test('value by warehouse at a date, with drill-down to the balance of that warehouse', async ({ client, assert }) => {
    const user = await userWith(VALUE)
    const now = await csv(client, user, 'warehouse-value', { category: ledger.categoryId })
    assert.deepEqual(now.map((r) => [r['Warehouse'], r['Items in stock'], r['Value']]), [[ledger.a.code, '3', '1235.00'], [ledger.b.code, '1', '250.00']])
    const before = await csv(client, user, 'warehouse-value', { category: ledger.categoryId, date: dayString(50) })
    assert.deepEqual(before.map((r) => [r['Warehouse'], r['Items in stock'], r['Value']]), [[ledger.a.code, '2', '1180.00']])
    const page = await client.get('/inventory/reports/warehouse-value').qs({ category: ledger.categoryId, date: dayString(50) }).loginAs(user)
    page.assertStatus(200)
    assert.include(page.text(), `/inventory/reports/balance?warehouse=${ledger.a.id}&amp;date=${dayString(50)}&amp;group=item&amp;category=${ledger.categoryId}`)
  })

  test('values are hidden without inventory.valuation.view, on the pages and in the exports', async ({ client, assert }) => {
    const user = await userWith(VIEW)
    for (const [path, qs] of [
      ['balance', { q: ledger.prefix }],
      ['ledger', { item: ledger.x.code, from: dayString(70), to: dayString(0) }],
      ['turnover', { item: ledger.x.code }],
      ['slow-moving', { q: ledger.prefix }],
      ['warehouse-value', { category: ledger.categoryId }],
    ] as const) {
      const exported = await client.get(`/inventory/reports/${path}/export`).qs(qs).loginAs(user)
      exported.assertStatus(200)
      const { header } = parseCsv(exported.text())
      assert.isFalse(header.some((h) => /value/i.test(h)), `${path} export: ${header.join(',')}`)
      const page = await client.get(`/inventory/reports/${path}`).qs(qs).loginAs(user)
      page.assertStatus(200)
      assert.notMatch(page.text(), /data-col="(value|in_v|out_v|balance_v|issues_v|opening_v|closing_v)"/, path)
      assert.notInclude(page.text(), '1,375.00')
    }
    const withValue = await client.get('/inventory/reports/balance').qs({ q: ledger.prefix }).loginAs(await userWith(VALUE))
    assert.include(withValue.text(), 'data-col="value"')
    assert.include(withValue.text(), '1,375.00')
  })

  test('balance page: fragment for htmx, drill-down to the ledger, XLSX export', async ({ client, assert }) => {
    const user = await userWith(VIEW)
    const fragment = await client.get('/inventory/reports/balance').qs({ q: ledger.prefix, group: 'location' }).header('HX-Request', 'true').loginAs(user)
    fragment.assertStatus(200)
    assert.include(fragment.header('vary') ?? '', 'HX-Request')
    assert.notInclude(fragment.text(), '<html')
    assert.include(fragment.text(), `/inventory/reports/ledger?item=${ledger.x.code}&amp;warehouse=${ledger.a.id}&amp;location=${ledger.a.stockId}`)
    const empty = await client.get('/inventory/reports/balance').qs({ q: `${ledger.prefix}-nothing` }).loginAs(user)
    assert.include(empty.text(), 'data-test="list-empty"')
    const xlsx = await client.get('/inventory/reports/balance/export').qs({ q: ledger.prefix, format: 'xlsx' }).loginAs(user)
    xlsx.assertStatus(200)
    assert.include(xlsx.header('content-type') ?? '', 'spreadsheetml')
  })
})
