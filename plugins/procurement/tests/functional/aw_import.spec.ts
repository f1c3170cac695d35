/*
 * The real AdventureWorks import, procurement's part: vendors as suppliers,
 * product-vendor price agreements, purchase orders with their lines as
 * closed historical orders (no stock moves, no on-order expectations).
 * The group runs in one global transaction rolled back at its end.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import testUtils from '@adonisjs/core/services/test_utils'
import app from '@adonisjs/core/services/app'
import { Money, Quantity } from '#kernel/numbers/index'
import ImportAdventureworks from '#kernel/commands/import_adventureworks'
import { datasetDir, datasetMissing, importAdventureworks, tableCount } from '#tests/helpers/datasets'

const missing = datasetMissing('adventureworks')

/** A test on the real data: skipped (saying why) only when the dataset folder is absent. */
const awTest = (title: string, fn: (context: any) => Promise<void>) => test(title, fn).skip(!!missing, missing ?? undefined).timeout(180_000)

/** A DATE column as 'YYYY-MM-DD' (pg gives a Date at local midnight, SQLite the text). */
function dateText(value: unknown): string {
  if (value instanceof Date) {
    const pad = (n: number) => String(n).padStart(2, '0')
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`
  }
  return String(value).slice(0, 10)
}

async function order(number: string) {
  return db.from('procurement_orders').where('number', number).firstOrFail()
}

async function supplier(code: string) {
  return db.from('procurement_suppliers').where('code', code).firstOrFail()
}

async function itemId(code: string) {
  return Number((await db.from('inventory_items').where('code', code).firstOrFail()).id)
}

test.group('AdventureWorks import: procurement', (group) => {
  // One transaction for the group, rolled back at its end: the first test imports
  // (the importers' own transactions are savepoints in it), the later ones find
  // everything already there, and no other test ever sees the AdventureWorks rows.
  group.setup(() => testUtils.db().withGlobalTransaction())

  awTest('counts per table match the dataset README, and a second run creates nothing', async ({ assert }) => {
    const first = await importAdventureworks()
    assert.deepEqual(first.map((r) => [r.plugin, r.status, r.error]), [
      ['inventory', 'imported', null],
      ['procurement', 'imported', null],
    ])
    const expected: Record<string, number> = {
      procurement_suppliers: 104,
      procurement_price_agreements: 460,
      procurement_orders: 4012,
      procurement_order_lines: 8845,
    }
    for (const [table, read] of Object.entries(expected)) {
      const count = tableCount(first, table)
      assert.equal(count.read, read, table)
      // the group starts without AdventureWorks rows: everything is created
      assert.deepInclude(count, { created: read, existing: 0, skipped: 0 }, table)
    }
    const second = await importAdventureworks()
    for (const [table, read] of Object.entries(expected)) {
      assert.deepInclude(tableCount(second, table), { read, created: 0, existing: read }, table)
    }
    const orders = await db.from('procurement_orders').where('number', 'like', 'AW-PO-%').count('* as n').first()
    assert.equal(Number(orders.n), 4012)
    const lines = await db.from('procurement_order_lines as l').join('procurement_orders as o', 'o.id', 'l.order_id').where('o.number', 'like', 'AW-PO-%').count('* as n').first()
    assert.equal(Number(lines.n), 8845)
  })

  awTest('vendors become suppliers graded from their credit rating; product vendors become price agreements', async ({ assert }) => {
    await importAdventureworks()
    const australia = await supplier('AUSTRALI0001') // CreditRating 1
    assert.deepInclude(australia, { name: 'Australia Bike Retailer', grade: 'A', currency: 'USD' })
    assert.isTrue(Boolean(australia.active))
    assert.equal((await supplier('ALLENSON0001')).grade, 'B') // 2
    assert.equal((await supplier('RECREATI0001')).grade, 'C') // 4
    assert.equal((await supplier('MERITBI0001')).grade, 'C') // 5

    // ProductVendor: product 1 (AR-5381) from vendor 1580, StandardPrice 47.87, lead time 17, MinOrderQty 1
    const vendor1580 = await db.from('procurement_suppliers').whereIn('id', db.from('procurement_orders').where('number', 'AW-PO-1').select('supplier_id')).firstOrFail()
    const agreement = await db.from('procurement_price_agreements').where({ supplier_id: vendor1580.id, item_id: await itemId('AR-5381') }).firstOrFail()
    assert.equal(Money.fromMicros(agreement.unit_price).toFixed(2), '47.87')
    assert.equal(Number(agreement.lead_time_days), 17)
    assert.isTrue(Quantity.fromMicros(agreement.min_order_qty).equals(1))
  })

  awTest('purchase orders keep their supplier, dates, lines, quantities and totals, closed and without stock effects', async ({ assert }) => {
    await importAdventureworks()
    // PurchaseOrderHeader 7: vendor 1678, 2011-04-30, SubTotal 58685.55, status complete, 3 lines of 550
    const po = await order('AW-PO-7')
    assert.deepInclude(po, { state: 'done', receipt_status: 'received', currency: 'USD' })
    assert.equal(dateText(po.order_date), '2011-04-30')
    assert.equal(Money.fromMicros(po.total).toFixed(2), '58685.55')
    assert.include(po.note, 'tax 4694.844')
    const lines = await db.from('procurement_order_lines').where('order_id', po.id).orderBy('line_no')
    assert.lengthOf(lines, 3)
    assert.equal(dateText(lines[0].expected_date), '2011-05-14')
    assert.equal(dateText(po.expected_date), '2011-05-14')
    assert.equal(Number(lines[0].item_id), await itemId('CA-5965')) // product 317
    assert.isTrue(Quantity.fromMicros(lines[0].quantity).equals(550))
    assert.equal(Money.fromMicros(lines[0].unit_price).toFixed(4), '27.0585')
    assert.equal(Money.fromMicros(lines[0].amount).toFixed(3), '14882.175')
    assert.isTrue(Quantity.fromMicros(lines[0].received_qty).equals(550))
    const sum = lines.reduce((total: Money, l: any) => total.plus(Money.fromMicros(l.amount)), Money.zero())
    assert.isTrue(sum.equals(Money.fromMicros(po.total)))

    // Status 3 (rejected by AdventureWorks) → cancelled
    assert.equal((await order('AW-PO-4')).state, 'cancelled')

    // historical: no stock moves and no on-order expectations for these orders
    const ids = db.from('procurement_orders').where('number', 'like', 'AW-PO-%').select('id')
    const moves = await db.from('inventory_moves').where('document_type', 'like', 'procurement.%').whereIn('document_id', ids).count('* as n').first()
    assert.equal(Number(moves.n), 0)
    const expected = await db.from('inventory_expectations').where('document_type', 'like', 'procurement.%').whereIn('document_id', ids).count('* as n').first()
    assert.equal(Number(expected.n), 0)
    // every AdventureWorks order is closed
    const open = await db.from('procurement_orders').where('number', 'like', 'AW-PO-%').whereNotIn('state', ['done', 'cancelled']).count('* as n').first()
    assert.equal(Number(open.n), 0)
  })

  awTest('node ace import:adventureworks prints the counts per table of both plugins and exits 0', async ({ assert }: any) => {
    await importAdventureworks()
    const kernel = await app.container.make('ace')
    kernel.ui.switchMode('raw')
    const cmd = await kernel.create(ImportAdventureworks, [datasetDir('adventureworks')])
    await cmd.exec()
    cmd.assertSucceeded()
    const out = [...cmd.logger.getLogs(), ...cmd.ui.logger.getLogs()].map((l: any) => l.message).join('\n')
    assert.include(out, 'inventory — Units, categories, items')
    assert.include(out, 'procurement — Suppliers, price agreements, historical purchase orders')
    for (const [table, rows] of [['inventory_items', 504], ['inventory_locations', 14], ['procurement_suppliers', 104], ['procurement_price_agreements', 460], ['procurement_orders', 4012], ['procurement_order_lines', 8845]] as const) {
      assert.match(out, new RegExp(`${table}\\s*\\|\\s*${rows}\\s*\\|\\s*0\\s*\\|\\s*${rows}\\s*\\|`), table)
    }
    assert.match(out, /inventory_moves \(opening balances\)\s*\|\s*1069\s*\|\s*0\s*\|\s*1065\s*\|\s*4\s*\|\s*4 with quantity 0/)
    assert.include(out, 'everything was already there')
  })
})
