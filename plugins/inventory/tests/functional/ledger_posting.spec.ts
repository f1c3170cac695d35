/*
 * The stock ledger: posting moves, balances, checks, reversal, reservations
 * and expectations, through api.ts as other plugins use it.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import {
  postMoves,
  reverseDocumentMoves,
  reserve,
  releaseReservations,
  consumeReservation,
  setExpectation,
  clearExpectations,
  stockOf,
  availableToPromise,
  virtualLocation,
  StockError,
} from '#plugins/inventory/api'
import type { MoveInput } from '#plugins/inventory/api'
import { makeItem, makeWarehouse, makeLocation } from '#plugins/inventory/tests/helpers/stock_fixtures'

const DOC = { documentType: 'test.doc', documentId: 1 }

async function refusal(promise: Promise<unknown>): Promise<StockError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof StockError) return error
    throw error
  }
  throw new Error('expected a StockError')
}

async function receive(itemId: number, locationId: number, quantity: string, unitCost: string | null = '5', extra: Partial<MoveInput> = {}) {
  return db.transaction(async (trx) =>
    postMoves(trx, [{ itemId, fromLocationId: await virtualLocation('supplier', trx), toLocationId: locationId, quantity, unitCost, ...DOC, ...extra }])
  )
}

async function issue(itemId: number, locationId: number, quantity: string, extra: Partial<MoveInput> = {}) {
  return db.transaction(async (trx) =>
    postMoves(trx, [{ itemId, fromLocationId: locationId, toLocationId: await virtualLocation('customer', trx), quantity, ...DOC, documentId: 2, ...extra }])
  )
}

const q = (figure: { toString(): string }) => figure.toString()

test.group('Inventory ledger: posting', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a receipt puts stock on hand and values it at the given cost', async ({ assert }) => {
    const item = await makeItem()
    const wh = await makeWarehouse()
    const [move] = await receive(item, wh.stockId, '10', '5.50')
    assert.equal(q(move.quantity), '10')
    assert.equal(move.value.toFixed(), '55.00')
    const figures = await stockOf(item, { warehouseId: wh.id })
    assert.equal(q(figures.onHand), '10')
    assert.equal(q(figures.available), '10')
    const row = await db.from('inventory_balances').where({ item_id: item, location_id: wh.stockId }).firstOrFail()
    assert.equal(Number(row.warehouse_id), wh.id)
  })

  test('an issue takes stock off and is valued at the moving average', async ({ assert }) => {
    const item = await makeItem()
    const wh = await makeWarehouse()
    await receive(item, wh.stockId, '10', '5')
    await receive(item, wh.stockId, '10', '8')
    const [out] = await issue(item, wh.stockId, '5')
    assert.equal(out.unitCost.toFixed(2), '6.50')
    assert.equal(out.value.toFixed(), '32.50')
    assert.equal(q((await stockOf(item)).onHand), '15')
    const cost = await db.from('inventory_item_costs').where('item_id', item).firstOrFail()
    assert.equal(String(cost.quantity), '15000000')
    assert.equal(String(cost.value), '97500000')
  })

  test('issuing more than on hand is refused on the field, nothing written', async ({ assert }) => {
    const item = await makeItem()
    const wh = await makeWarehouse()
    await receive(item, wh.stockId, '3')
    const error = await refusal(issue(item, wh.stockId, '4', { field: 'lines.0.quantity' }))
    assert.equal(error.key, 'inventory.errors.insufficient_stock')
    assert.equal(error.field, 'lines.0.quantity')
    assert.equal(q((await stockOf(item)).onHand), '3')
    assert.equal(Number((await db.from('inventory_moves').where('item_id', item).count('* as n').first()).n), 1)
  })

  test('a warehouse that allows negative stock lets on-hand go below zero', async ({ assert }) => {
    const item = await makeItem()
    const wh = await makeWarehouse({ allowNegative: true })
    await issue(item, wh.stockId, '2')
    assert.equal(q((await stockOf(item)).onHand), '-2')
  })

  test('bad input is refused: zero, negative, too many decimals, same location, view location, inactive, service item', async ({ assert }) => {
    const item = await makeItem()
    const kg = await makeItem({ unit: 'KG' })
    const service = await makeItem({ itemType: 'service' })
    const wh = await makeWarehouse()
    assert.equal((await refusal(receive(item, wh.stockId, '0'))).key, 'inventory.errors.quantity_positive')
    assert.equal((await refusal(receive(item, wh.stockId, '-1'))).key, 'inventory.errors.quantity_positive')
    assert.equal((await refusal(receive(item, wh.stockId, '1.5'))).key, 'inventory.errors.precision')
    assert.equal((await refusal(receive(kg, wh.stockId, '1.0005'))).key, 'inventory.errors.precision')
    await receive(kg, wh.stockId, '1.005')
    assert.equal((await refusal(receive(item, wh.rootId, '1'))).key, 'inventory.errors.location_view')
    assert.equal((await refusal(receive(service, wh.stockId, '1'))).key, 'inventory.errors.item_not_stocked')
    const error = await refusal(
      db.transaction(async (trx) => postMoves(trx, [{ itemId: item, fromLocationId: wh.stockId, toLocationId: wh.stockId, quantity: '1', ...DOC }]))
    )
    assert.equal(error.key, 'inventory.errors.same_location')
    await db.from('inventory_locations').where('id', wh.quarantineId).update({ active: false })
    assert.equal((await refusal(receive(item, wh.quarantineId, '1'))).key, 'inventory.errors.location_inactive')
    assert.equal((await refusal(receive(item, wh.stockId, '1', 'abc'))).key, 'inventory.errors.cost_invalid')
  })

  test('one bad line rolls back the whole posting', async ({ assert }) => {
    const item = await makeItem()
    const wh = await makeWarehouse()
    const supplier = await virtualLocation('supplier')
    await refusal(
      db.transaction(async (trx) =>
        postMoves(trx, [
          { itemId: item, fromLocationId: supplier, toLocationId: wh.stockId, quantity: '5', unitCost: '1', ...DOC },
          { itemId: item, fromLocationId: wh.stockId, toLocationId: await virtualLocation('customer'), quantity: '6', ...DOC },
        ])
      )
    )
    assert.equal(q((await stockOf(item)).onHand), '0')
    assert.isNull(await db.from('inventory_moves').where('item_id', item).first())
  })

  test('a refused posting leaves nothing behind even when the caller catches it and commits', async ({ assert }) => {
    const item = await makeItem()
    const wh = await makeWarehouse()
    await db.transaction(async (trx) => {
      const supplier = await virtualLocation('supplier', trx)
      const error = await refusal(
        postMoves(trx, [
          { itemId: item, fromLocationId: supplier, toLocationId: wh.stockId, quantity: '5', unitCost: '1', ...DOC },
          { itemId: item, fromLocationId: wh.stockId, toLocationId: await virtualLocation('customer', trx), quantity: '6', ...DOC },
        ])
      )
      assert.equal(error.key, 'inventory.errors.insufficient_stock')
      await postMoves(trx, [{ itemId: item, fromLocationId: supplier, toLocationId: wh.stockId, quantity: '2', unitCost: '1', ...DOC }])
    })
    assert.equal(q((await stockOf(item)).onHand), '2')
    assert.equal(Number((await db.from('inventory_moves').where('item_id', item).count('* as n').first()).n), 1)
    const cost = await db.from('inventory_item_costs').where('item_id', item).firstOrFail()
    assert.equal(String(cost.value), '2000000')
  })

  test('lots: required for lot-tracked items, found or created by code, balances per lot', async ({ assert }) => {
    const item = await makeItem({ lotTracked: true })
    const wh = await makeWarehouse()
    assert.equal((await refusal(receive(item, wh.stockId, '5'))).key, 'inventory.errors.lot_required')
    await receive(item, wh.stockId, '5', '1', { lotCode: 'L1' })
    await receive(item, wh.stockId, '3', '1', { lotCode: 'L1' })
    await receive(item, wh.stockId, '2', '1', { lotCode: 'L2' })
    const lots = await db.from('inventory_lots').where('item_id', item).orderBy('code')
    assert.deepEqual(lots.map((l) => l.code), ['L1', 'L2'])
    assert.equal(q((await stockOf(item, { lotId: Number(lots[0].id) })).onHand), '8')
    assert.equal(q((await stockOf(item, { locationId: wh.stockId })).onHand), '10')
    const error = await refusal(issue(item, wh.stockId, '3', { lotId: Number(lots[1].id) }))
    assert.equal(error.key, 'inventory.errors.insufficient_stock')
  })

  test('serials: one unit per serial, a serial cannot be in two places', async ({ assert }) => {
    const item = await makeItem({ serialTracked: true })
    const wh = await makeWarehouse()
    assert.equal((await refusal(receive(item, wh.stockId, '2', '1', { lotCode: 'SN1' }))).key, 'inventory.errors.serial_quantity_one')
    await receive(item, wh.stockId, '1', '1', { lotCode: 'SN1' })
    assert.equal((await refusal(receive(item, wh.quarantineId, '1', '1', { lotCode: 'SN1' }))).key, 'inventory.errors.serial_elsewhere')
    // Moving it within stock is fine.
    const lot = await db.from('inventory_lots').where({ item_id: item, code: 'SN1' }).firstOrFail()
    await db.transaction((trx) => postMoves(trx, [{ itemId: item, lotId: Number(lot.id), fromLocationId: wh.stockId, toLocationId: wh.quarantineId, quantity: '1', ...DOC }]))
    assert.equal(q((await stockOf(item, { locationId: wh.quarantineId })).onHand), '1')
  })

  test('a transfer keeps the value; customer-supplied stock carries none', async ({ assert }) => {
    const item = await makeItem()
    const wh = await makeWarehouse()
    const bin = await makeLocation(wh, 'A-01')
    await receive(item, wh.stockId, '10', '4')
    const [t] = await db.transaction((trx) => postMoves(trx, [{ itemId: item, fromLocationId: wh.stockId, toLocationId: bin, quantity: '4', ...DOC }]))
    assert.equal(t.value.toFixed(), '16.00')
    const [cs] = await receive(item, wh.customerSuppliedId, '7', null)
    assert.equal(cs.value.toFixed(), '0.00')
    const cost = await db.from('inventory_item_costs').where('item_id', item).firstOrFail()
    assert.equal(String(cost.quantity), '10000000')
    assert.equal(String(cost.value), '40000000')
    assert.equal(q((await stockOf(item, { warehouseId: wh.id })).onHand), '17')
    assert.equal(q((await stockOf(item, { warehouseId: wh.id })).available), '10')
  })

  test('posting announces the document after commit, not after a rollback', async ({ assert }) => {
    const { onEvent } = await import('#services/events')
    const { settleAfterCommitWork } = await import('#kernel/records/after_commit')
    const seen: any[] = []
    const off = onEvent('inventory:moves.posted', (p) => void seen.push(p))
    try {
      const item = await makeItem()
      const wh = await makeWarehouse()
      await receive(item, wh.stockId, '1', '1', { documentId: 77 })
      await refusal(issue(item, wh.stockId, '5', { documentId: 78 }))
      await settleAfterCommitWork()
      assert.deepEqual(seen.filter((p) => p.documentType === 'test.doc'), [{ documentType: 'test.doc', documentId: 77, itemIds: [item] }])
    } finally {
      off()
    }
  })
})

test.group('Inventory ledger: reversal', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('cancelling a receipt reverses its moves at the same cost, once', async ({ assert }) => {
    const item = await makeItem()
    const wh = await makeWarehouse()
    await receive(item, wh.stockId, '10', '3', { documentId: 10 })
    await receive(item, wh.stockId, '10', '5', { documentId: 11 })
    const reversed = await db.transaction((trx) => reverseDocumentMoves(trx, { documentType: 'test.doc', documentId: 10 }))
    assert.lengthOf(reversed, 1)
    assert.equal(reversed[0].unitCost.toFixed(2), '3.00')
    assert.equal(reversed[0].value.toFixed(), '30.00')
    assert.equal(q((await stockOf(item)).onHand), '10')
    const cost = await db.from('inventory_item_costs').where('item_id', item).firstOrFail()
    assert.equal(String(cost.value), '50000000')
    const again = await db.transaction((trx) => reverseDocumentMoves(trx, { documentType: 'test.doc', documentId: 10 }))
    assert.lengthOf(again, 0)
  })

  test('reversing a receipt whose goods were issued is refused', async ({ assert }) => {
    const item = await makeItem()
    const wh = await makeWarehouse()
    await receive(item, wh.stockId, '10', '3', { documentId: 20 })
    await issue(item, wh.stockId, '8')
    const error = await refusal(db.transaction((trx) => reverseDocumentMoves(trx, { documentType: 'test.doc', documentId: 20 })))
    assert.equal(error.key, 'inventory.errors.insufficient_stock')
    assert.equal(q((await stockOf(item)).onHand), '2')
  })

  test('cancelling an issue brings the stock back at the issue cost', async ({ assert }) => {
    const item = await makeItem()
    const wh = await makeWarehouse()
    await receive(item, wh.stockId, '10', '2')
    await issue(item, wh.stockId, '4', { documentId: 30 })
    await receive(item, wh.stockId, '6', '4')
    const [back] = await db.transaction((trx) => reverseDocumentMoves(trx, { documentType: 'test.doc', documentId: 30 }))
    assert.equal(back.unitCost.toFixed(2), '2.00')
    assert.equal(q((await stockOf(item)).onHand), '16')
    const cost = await db.from('inventory_item_costs').where('item_id', item).firstOrFail()
    // 6 × 2 + 6 × 4 + 4 × 2 = 44
    assert.equal(String(cost.value), '44000000')
  })
})

test.group('Inventory ledger: reservations and expectations', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('reserve takes available stock, most stock first, and refuses more than available', async ({ assert }) => {
    const item = await makeItem()
    const wh = await makeWarehouse()
    const bin = await makeLocation(wh, 'B-01')
    await receive(item, wh.stockId, '3')
    await receive(item, bin, '5')
    const ref = { documentType: 'sales.order', documentId: 5, documentLineId: 50 }
    const got = await db.transaction((trx) => reserve(trx, { itemId: item, warehouseId: wh.id, quantity: '6', ...ref }))
    assert.equal(q(got), '6')
    const rows = await db.from('inventory_reservations').where({ item_id: item }).orderBy('id')
    assert.deepEqual(rows.map((r) => [Number(r.location_id), String(r.quantity)]), [[bin, '5000000'], [wh.stockId, '1000000']])
    const figures = await stockOf(item, { warehouseId: wh.id })
    assert.equal(q(figures.reserved), '6')
    assert.equal(q(figures.available), '2')
    const error = await refusal(db.transaction((trx) => reserve(trx, { itemId: item, warehouseId: wh.id, quantity: '3', documentType: 'sales.order', documentId: 6 })))
    assert.equal(error.key, 'inventory.errors.insufficient_available')
    const partial = await db.transaction((trx) => reserve(trx, { itemId: item, warehouseId: wh.id, quantity: '3', documentType: 'sales.order', documentId: 6, allowPartial: true }))
    assert.equal(q(partial), '2')
  })

  test('consume then release: reserved falls by what was issued, the rest is freed', async ({ assert }) => {
    const item = await makeItem()
    const wh = await makeWarehouse()
    await receive(item, wh.stockId, '10')
    const ref = { documentType: 'sales.order', documentId: 8, documentLineId: 80 }
    await db.transaction((trx) => reserve(trx, { itemId: item, locationId: wh.stockId, quantity: '6', ...ref }))
    await db.transaction(async (trx) => {
      await postMoves(trx, [{ itemId: item, fromLocationId: wh.stockId, toLocationId: await virtualLocation('customer', trx), quantity: '4', ...ref }])
      await consumeReservation(trx, { ...ref, quantity: '4' })
    })
    let figures = await stockOf(item)
    assert.equal(q(figures.onHand), '6')
    assert.equal(q(figures.reserved), '2')
    assert.equal(q(figures.available), '4')
    await db.transaction((trx) => releaseReservations(trx, { documentType: 'sales.order', documentId: 8 }))
    figures = await stockOf(item)
    assert.equal(q(figures.reserved), '0')
    const r = await db.from('inventory_reservations').where({ document_id: 8, document_type: 'sales.order' }).firstOrFail()
    assert.equal(r.state, 'released')
    assert.equal(String(r.consumed), '4000000')
  })

  test('expectations set, change and clear on-order and planned figures; available-to-promise by date', async ({ assert }) => {
    const item = await makeItem()
    const wh = await makeWarehouse()
    await receive(item, wh.stockId, '10')
    await db.transaction((trx) => reserve(trx, { itemId: item, warehouseId: wh.id, quantity: '3', documentType: 'sales.order', documentId: 9 }))
    const po = { documentType: 'procurement.order', documentId: 3, documentLineId: 31 }
    await db.transaction(async (trx) => {
      await setExpectation(trx, { ...po, kind: 'on_order', itemId: item, locationId: wh.stockId, quantity: '20', expectedDate: '2030-03-10' })
      await setExpectation(trx, { ...po, kind: 'on_order', itemId: item, locationId: wh.stockId, quantity: '15', expectedDate: '2030-03-10' })
      await setExpectation(trx, { documentType: 'production.order', documentId: 4, documentLineId: 41, kind: 'planned_out', itemId: item, locationId: wh.stockId, quantity: '4', expectedDate: '2030-03-05' })
    })
    const figures = await stockOf(item, { warehouseId: wh.id })
    assert.equal(q(figures.onOrder), '15')
    assert.equal(q(figures.plannedOut), '4')
    assert.equal(q(await availableToPromise(item, { warehouseId: wh.id, date: '2030-03-01' })), '7')
    assert.equal(q(await availableToPromise(item, { warehouseId: wh.id, date: '2030-03-06' })), '3')
    assert.equal(q(await availableToPromise(item, { warehouseId: wh.id, date: '2030-03-10' })), '18')
    await db.transaction((trx) => setExpectation(trx, { ...po, kind: 'on_order', itemId: item, locationId: wh.stockId, quantity: '0' }))
    assert.equal(q((await stockOf(item)).onOrder), '0')
    assert.isNull(await db.from('inventory_expectations').where({ document_type: 'procurement.order', document_id: 3 }).first())
    await db.transaction((trx) => clearExpectations(trx, { documentType: 'production.order', documentId: 4 }))
    assert.equal(q((await stockOf(item)).plannedOut), '0')
  })
})
