/*
 * Stock receipts (其他入库): posting writes counterpart → location moves with
 * the entered cost per base unit, gives the number, updates balances; a lot
 * is created for lot-tracked items; customer-supplied material goes to the CS
 * area unvalued; cancel reverses, or is refused when the stock has gone.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { userWith } from '#tests/helpers/plugins'
import { makeItem, makeWarehouse } from '../helpers/stock_fixtures.js'
import { makeDraft, makePosted, ledgerDifferences, onHand } from '../helpers/stock_documents.js'

const ALL = ['receipt', 'issue'].flatMap((k) => ['view', 'create', 'post', 'cancel'].map((a) => `inventory.${k}.${a}`)).concat(['inventory.valuation.view'])
const codeOf = async (id: number) => (await db.from('inventory_items').where('id', id).first()).code as string

test.group('Stock receipts: post and cancel', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('posting a receipt numbers it, writes one move per line at the cost per base unit and raises on-hand', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const wh = await makeWarehouse()
    const item = await makeItem({ conversions: { BOX: '12' } })
    const code = await codeOf(item)
    const doc = await makeDraft('receipt', { warehouse_id: wh.id, purpose: 'opening', lines: [{ item: code, unit: 'BOX', quantity: '2', location: `${wh.code}/STOCK`, unit_cost: '60' }, { item: code, quantity: '6', location: `${wh.code}/STOCK`, unit_cost: '5.5' }] }, user)
    const response = await client.post(`/inventory/receipts/${doc.id}/post`).loginAs(user).redirects(0).withCsrfToken()
    response.assertStatus(302)
    const row = await db.from('inventory_receipts').where('id', doc.id).first()
    assert.equal(row.state, 'posted')
    assert.match(row.number, /^RK-\d{6}-\d{4}$/)
    const moves = await db.from('inventory_moves').where({ document_type: 'inventory.receipt', document_id: doc.id }).orderBy('id')
    assert.lengthOf(moves, 2)
    const adjustment = await db.from('inventory_locations').whereNull('warehouse_id').where('kind', 'adjustment').first()
    assert.equal(Number(moves[0].from_location_id), Number(adjustment.id))
    assert.equal(Number(moves[0].to_location_id), wh.stockId)
    assert.equal(String(moves[0].quantity), '24000000')
    assert.equal(String(moves[0].unit_cost), '5000000')
    assert.equal(String(moves[1].unit_cost), '5500000')
    assert.equal(moves[0].document_number, row.number)
    assert.equal(await onHand(item, wh.stockId), '30')
    assert.deepEqual(await ledgerDifferences([item]), [])

    const page = await client.get(`/inventory/receipts/${doc.id}`).loginAs(user)
    assert.include(page.text(), row.number)
    assert.include(page.text(), 'data-test="moves"')
    assert.include(page.text(), 'data-test="print"')
  })

  test('a lot-tracked receipt creates the lot; customer-supplied material lands in the CS area without value', async ({ assert }) => {
    const wh = await makeWarehouse()
    const lotItem = await makeItem({ lotTracked: true })
    const csItem = await makeItem({ standardCost: '8' })
    await makePosted('receipt', { warehouse_id: wh.id, purpose: 'supplier', lines: [{ item: await codeOf(lotItem), quantity: '10', lot_code: 'L2026-01', location: `${wh.code}/STOCK`, unit_cost: '3' }] })
    const lot = await db.from('inventory_lots').where({ item_id: lotItem, code: 'L2026-01' }).first()
    assert.exists(lot)
    const balance = await db.from('inventory_balances').where({ item_id: lotItem, location_id: wh.stockId, lot_id: lot.id }).first()
    assert.equal(String(balance.on_hand), '10000000')
    const cs = await makePosted('receipt', { warehouse_id: wh.id, purpose: 'customer_supplied', lines: [{ item: await codeOf(csItem), quantity: '4', location: `${wh.code}/CS`, unit_cost: '99' }] })
    const move = await db.from('inventory_moves').where({ document_type: 'inventory.receipt', document_id: cs.id }).first()
    const customer = await db.from('inventory_locations').whereNull('warehouse_id').where('kind', 'customer').first()
    assert.equal(Number(move.from_location_id), Number(customer.id))
    assert.equal(Number(move.to_location_id), wh.customerSuppliedId)
    assert.equal(String(move.value), '0')
    assert.deepEqual(await ledgerDifferences([lotItem, csItem]), [])
  })

  test('cancelling a posted receipt reverses its moves; a draft is cancelled without moves', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const wh = await makeWarehouse()
    const item = await makeItem()
    const doc = await makePosted('receipt', { warehouse_id: wh.id, lines: [{ item: await codeOf(item), quantity: '7', location: `${wh.code}/STOCK`, unit_cost: '2' }] }, user)
    const response = await client.post(`/inventory/receipts/${doc.id}/cancel`).loginAs(user).redirects(0).withCsrfToken()
    response.assertStatus(302)
    assert.equal((await db.from('inventory_receipts').where('id', doc.id).first()).state, 'cancelled')
    const moves = await db.from('inventory_moves').where({ document_type: 'inventory.receipt', document_id: doc.id }).orderBy('id')
    assert.lengthOf(moves, 2)
    assert.equal(Number(moves[1].reversal_of_id), Number(moves[0].id))
    assert.equal(await onHand(item, wh.stockId), '0')
    assert.deepEqual(await ledgerDifferences([item]), [])

    const draft = await makeDraft('receipt', { warehouse_id: wh.id, lines: [{ item: await codeOf(item), quantity: '1', location: `${wh.code}/STOCK` }] }, user)
    const cancelled = await client.post(`/inventory/receipts/${draft.id}/cancel`).loginAs(user).redirects(0).withCsrfToken()
    cancelled.assertStatus(302)
    assert.equal((await db.from('inventory_receipts').where('id', draft.id).first()).state, 'cancelled')
    assert.lengthOf(await db.from('inventory_moves').where({ document_type: 'inventory.receipt', document_id: draft.id }), 0)
  })

  test('cancelling a receipt whose stock was issued is refused with a message, and nothing changes', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const wh = await makeWarehouse()
    const item = await makeItem()
    const code = await codeOf(item)
    const receipt = await makePosted('receipt', { warehouse_id: wh.id, lines: [{ item: code, quantity: '10', location: `${wh.code}/STOCK`, unit_cost: '1' }] }, user)
    await makePosted('issue', { warehouse_id: wh.id, purpose: 'production', lines: [{ item: code, quantity: '8', location: `${wh.code}/STOCK` }] }, user)
    const response = await client.post(`/inventory/receipts/${receipt.id}/cancel`).loginAs(user).header('HX-Request', 'true').withCsrfToken()
    response.assertStatus(422)
    assert.include(response.text(), code)
    assert.equal((await db.from('inventory_receipts').where('id', receipt.id).first()).state, 'posted')
    assert.equal(await onHand(item, wh.stockId), '2')
    assert.lengthOf(await db.from('inventory_moves').where({ document_type: 'inventory.receipt', document_id: receipt.id }), 1)
    assert.deepEqual(await ledgerDifferences([item]), [])
  })

  test('a receipt whose location was deactivated after saving is refused at posting, still a draft without a number', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const wh = await makeWarehouse()
    const item = await makeItem()
    const doc = await makeDraft('receipt', { warehouse_id: wh.id, lines: [{ item: await codeOf(item), quantity: '1', location: `${wh.code}/STOCK` }] }, user)
    await db.from('inventory_locations').where('id', wh.stockId).update({ active: false })
    const response = await client.post(`/inventory/receipts/${doc.id}/post`).loginAs(user).header('Accept', 'application/json').withCsrfToken()
    response.assertStatus(422)
    assert.equal(response.body().errors[0].field, 'lines.0.location')
    const row = await db.from('inventory_receipts').where('id', doc.id).first()
    assert.equal(row.state, 'draft')
    assert.isNull(row.number)
  })
})
