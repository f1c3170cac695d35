/*
 * The real AdventureWorks import, inventory's part: units, categories,
 * items, warehouse AW with 14 locations, opening balances through the ledger.
 * The group runs in one global transaction rolled back at its end, so other
 * tests never see the AdventureWorks rows; the opening moves go through the
 * ledger, which a test checks is consistent.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import testUtils from '@adonisjs/core/services/test_utils'
import { Money, Quantity } from '#kernel/numbers/index'
import { datasetDir, datasetMissing, importAdventureworks, tableCount } from '#tests/helpers/datasets'
import { readDatasetRows } from '#kernel/impex/datasets'
import { verifyLedger } from '../../services/ledger_verify.js'
import { AW_OPENING_DOCUMENT_ID, AW_OPENING_TYPE } from '../../importers/adventureworks.js'

const missing = datasetMissing('adventureworks')

/** A test on the real data: skipped (saying why) only when the dataset folder is absent. */
const awTest = (title: string, fn: (context: any) => Promise<void>) => test(title, fn).skip(!!missing, missing ?? undefined).timeout(180_000)

async function item(code: string) {
  return db.from('inventory_items as i').join('inventory_units as u', 'u.id', 'i.base_unit_id').where('i.code', code).select('i.*', 'u.code as unit_code').firstOrFail()
}

async function awLocation(code: string) {
  return db
    .from('inventory_locations as l')
    .join('inventory_warehouses as w', 'w.id', 'l.warehouse_id')
    .where({ 'w.code': 'AW', 'l.code': code })
    .select('l.*')
    .firstOrFail()
}

test.group('AdventureWorks import: inventory', (group) => {
  // One transaction for the group, rolled back at its end: the first test imports
  // (the importers' own transactions are savepoints in it), the later ones find
  // everything already there, and no other test ever sees the AdventureWorks rows.
  group.setup(() => testUtils.db().withGlobalTransaction())

  awTest('counts per table match the dataset README, and a second run creates nothing', async ({ assert }: any) => {
    // units Loom already has (EA, BOX, KG …) are kept: "already there"
    const unitCodes: string[] = []
    for await (const row of readDatasetRows(datasetDir('adventureworks'), 'Production.UnitMeasure')) unitCodes.push(row.UnitMeasureCode.trim())
    const knownUnits = Number((await db.from('inventory_units').whereIn('code', unitCodes).count('* as n').first()).n)
    assert.isAbove(knownUnits, 0)

    const first = await importAdventureworks()
    assert.deepEqual(
      first.map((r) => [r.plugin, r.status, r.error]),
      [
        ['inventory', 'imported', null],
        ['procurement', 'imported', null],
      ]
    )
    const expected: Record<string, number> = {
      inventory_units: 38,
      inventory_categories: 4 + 37,
      inventory_warehouses: 1,
      inventory_locations: 14,
      inventory_items: 504,
      'inventory_moves (opening balances)': 1069,
    }
    for (const [table, read] of Object.entries(expected)) {
      const count = tableCount(first, table)
      assert.equal(count.read, read, table)
      // the group starts without AdventureWorks rows: everything is created (zero stock rows skipped)
      const existing = table === 'inventory_units' ? knownUnits : 0
      assert.deepInclude(count, { created: read - count.skipped - existing, existing }, table)
    }
    // 4 ProductInventory rows hold quantity 0: nothing to post
    assert.equal(tableCount(first, 'inventory_moves (opening balances)').skipped, 4)

    const second = await importAdventureworks()
    for (const table of Object.keys(expected)) {
      const count = tableCount(second, table)
      assert.equal(count.created, 0, table)
      assert.equal(count.existing + count.skipped, expected[table], table)
    }

    // and the rows are there once each
    const locations = await db.from('inventory_locations as l').join('inventory_warehouses as w', 'w.id', 'l.warehouse_id').where('w.code', 'AW').where('l.kind', 'internal').whereNot('l.code', 'STOCK').count('* as n').first()
    assert.equal(Number(locations.n), 14)
    const moves = await db.from('inventory_moves').where({ document_type: AW_OPENING_TYPE, document_id: AW_OPENING_DOCUMENT_ID }).count('* as n').first()
    assert.equal(Number(moves.n), 1065)
    const categories = await db.from('inventory_categories').where('code', 'like', 'AW-%').count('* as n').first()
    assert.equal(Number(categories.n), 41)
  })

  awTest('products become items: code, type, unit, cost, safety stock, reorder point, category, model, activity', async ({ assert }: any) => {
    await importAdventureworks()
    const bike = await item('BK-R93R-62') // Road-150 Red, 62
    assert.equal(bike.name, 'Road-150 Red, 62')
    assert.equal(bike.item_type, 'finished')
    assert.equal(bike.unit_code, 'EA')
    assert.equal(Money.fromMicros(bike.standard_cost).toFixed(4), '2171.2942')
    assert.isTrue(Quantity.fromMicros(bike.safety_stock).equals(100))
    assert.isTrue(Quantity.fromMicros(bike.min_qty).equals(75))
    assert.equal(Number(bike.lead_time_days), 4)
    assert.equal(bike.model, 'Road-150')
    assert.equal(bike.specification, 'Color Red; Size 62 CM; Weight 15.00 LB')
    assert.isFalse(Boolean(bike.active)) // SellEndDate 2012-05-29
    const category = await db.from('inventory_categories').where('id', bike.category_id).firstOrFail()
    const parent = await db.from('inventory_categories').where('id', category.parent_id).firstOrFail()
    assert.deepEqual([parent.name, category.name], ['Bikes', 'Road Bikes'])
    assert.equal(category.path, `/${parent.id}/${category.id}/`)

    const race = await item('AR-5381') // Adjustable Race: bought (MakeFlag 0), cost 0
    assert.equal(race.item_type, 'raw_material')
    assert.equal(Number(race.standard_cost), 0)
    assert.isTrue(Boolean(race.active))
    assert.isNull(race.category_id)
    const bearing = await item('BE-2349') // made, not finished goods
    assert.equal(bearing.item_type, 'semi_finished')

    const oz = await db.from('inventory_units').where('code', 'OZ').firstOrFail()
    assert.deepEqual([oz.name_en, oz.name_zh], ['Ounces', '盎司'])
    assert.isAbove(Number(oz.precision), 0)
    assert.equal(Number((await db.from('inventory_units').where('code', 'DZ').firstOrFail()).precision), 0)
  })

  awTest('locations of warehouse AW and opening balances match ProductInventory, valued at standard cost', async ({ assert }: any) => {
    await importAdventureworks()
    const finishedGoods = await awLocation('7')
    assert.equal(finishedGoods.name, 'Finished Goods Storage')
    assert.equal(finishedGoods.full_code, 'AW/7')
    assert.equal(finishedGoods.kind, 'internal')

    // ProductInventory: product 749 (BK-R93R-62) holds 73 in location 7 and 60 in location 60
    const bike = await item('BK-R93R-62')
    const balance = await db.from('inventory_balances').where({ item_id: bike.id, location_id: finishedGoods.id, lot_id: 0 }).firstOrFail()
    assert.isTrue(Quantity.fromMicros(balance.on_hand).equals(73))
    const move = await db.from('inventory_moves').where({ document_type: AW_OPENING_TYPE, item_id: bike.id, to_location_id: finishedGoods.id }).firstOrFail()
    assert.equal(Money.fromMicros(move.unit_cost).toFixed(4), '2171.2942')
    // the ledger keeps values in cents: 73 × 2171.2942 = 158504.4766 → 158504.48
    assert.equal(Money.fromMicros(move.value).toFixed(4), '158504.4800')
    const total = await db.from('inventory_balances').where('item_id', bike.id).sum('on_hand as q').first()
    assert.isTrue(Quantity.fromMicros(String(total.q)).equals(73 + 60))

    // LL Crankarm (317) at cost 0: 283 + 158 + 152
    const crank = await item('CA-5965')
    const crankTotal = await db.from('inventory_balances').where('item_id', crank.id).sum('on_hand as q').first()
    assert.isTrue(Quantity.fromMicros(String(crankTotal.q)).equals(593))
  })

  awTest('the ledger of the imported items is consistent: balances are the sums of their moves', async ({ assert }: any) => {
    await importAdventureworks()
    const rows = await db.rawQuery(`
      select b.item_id, b.location_id, b.on_hand,
        (select coalesce(sum(case when m.to_location_id = b.location_id then m.quantity else 0 end), 0)
              - coalesce(sum(case when m.from_location_id = b.location_id then m.quantity else 0 end), 0)
           from inventory_moves m where m.item_id = b.item_id and (m.to_location_id = b.location_id or m.from_location_id = b.location_id)) as moved
      from inventory_balances b
      join inventory_locations l on l.id = b.location_id
      join inventory_warehouses w on w.id = l.warehouse_id
      where w.code = 'AW'`)
    const list = rows.rows ?? rows
    assert.isAbove(list.length, 1000)
    const drift = list.filter((r: any) => BigInt(r.on_hand) !== BigInt(r.moved))
    assert.deepEqual(drift, [])
    // and what inventory:verify recomputes (balances, valuation) agrees for the imported items
    const itemIds = [...new Set(list.map((r: any) => Number(r.item_id)))] as number[]
    assert.deepEqual(await verifyLedger({ itemIds }), [])
  })
})
