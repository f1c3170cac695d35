/*
 * Stock issues (其他出库/领料): posting takes stock out to the counterpart of
 * the purpose, refuses more than on hand (message on the line, nothing
 * written, still a draft), consumes a reservation named on the line, and
 * cancellation puts the stock back.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { userWith } from '#tests/helpers/plugins'
import { reserve } from '#plugins/inventory/api'
import { makeItem, makeWarehouse } from '../helpers/stock_fixtures.js'
import { makeDraft, makePosted, ledgerDifferences, onHand } from '../helpers/stock_documents.js'

const ALL = ['receipt', 'issue'].flatMap((k) => ['view', 'create', 'post', 'cancel'].map((a) => `inventory.${k}.${a}`))
const codeOf = async (id: number) => (await db.from('inventory_items').where('id', id).first()).code as string

test.group('Stock issues: post and cancel', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an issue to production takes the stock out at its cost and can be cancelled', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const wh = await makeWarehouse()
    const item = await makeItem()
    const code = await codeOf(item)
    await makePosted('receipt', { warehouse_id: wh.id, lines: [{ item: code, quantity: '20', location: `${wh.code}/STOCK`, unit_cost: '4' }] })
    const doc = await makeDraft('issue', { warehouse_id: wh.id, purpose: 'production', cost_centre: 'CC-01', lines: [{ item: code, quantity: '15', location: `${wh.code}/STOCK` }] }, user)
    const response = await client.post(`/inventory/issues/${doc.id}/post`).loginAs(user).redirects(0).withCsrfToken()
    response.assertStatus(302)
    const row = await db.from('inventory_issues').where('id', doc.id).first()
    assert.equal(row.state, 'posted')
    assert.match(row.number, /^CK-\d{6}-\d{4}$/)
    const move = await db.from('inventory_moves').where({ document_type: 'inventory.issue', document_id: doc.id }).first()
    const production = await db.from('inventory_locations').whereNull('warehouse_id').where('kind', 'production').first()
    assert.equal(Number(move.to_location_id), Number(production.id))
    assert.equal(String(move.value), '60000000')
    assert.equal(await onHand(item, wh.stockId), '5')

    const cancel = await client.post(`/inventory/issues/${doc.id}/cancel`).loginAs(user).redirects(0).withCsrfToken()
    cancel.assertStatus(302)
    assert.equal(await onHand(item, wh.stockId), '20')
    assert.deepEqual(await ledgerDifferences([item]), [])
  })

  test('issuing more than on hand is refused on the line, nothing is written and the draft keeps no number', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const wh = await makeWarehouse()
    const a = await makeItem()
    const b = await makeItem()
    await makePosted('receipt', { warehouse_id: wh.id, lines: [{ item: await codeOf(a), quantity: '5', location: `${wh.code}/STOCK` }, { item: await codeOf(b), quantity: '3', location: `${wh.code}/STOCK` }] })
    const doc = await makeDraft('issue', { warehouse_id: wh.id, lines: [{ item: await codeOf(a), quantity: '5', location: `${wh.code}/STOCK` }, { item: await codeOf(b), quantity: '4', location: `${wh.code}/STOCK` }] }, user)
    const json = await client.post(`/inventory/issues/${doc.id}/post`).loginAs(user).header('Accept', 'application/json').withCsrfToken()
    json.assertStatus(422)
    assert.equal(json.body().errors[0].field, 'lines.1.quantity')
    assert.match(json.body().errors[0].message, /^Line 2: /)
    const htmx = await client.post(`/inventory/issues/${doc.id}/post`).loginAs(user).header('HX-Request', 'true').withCsrfToken()
    htmx.assertStatus(422)
    assert.include(htmx.text(), 'Line 2')
    const row = await db.from('inventory_issues').where('id', doc.id).first()
    assert.equal(row.state, 'draft')
    assert.isNull(row.number)
    assert.lengthOf(await db.from('inventory_moves').where({ document_type: 'inventory.issue', document_id: doc.id }), 0)
    assert.equal(await onHand(a, wh.stockId), '5')
    assert.deepEqual(await ledgerDifferences([a, b]), [])
  })

  test('an issue against a reserved order line consumes that reservation', async ({ assert }) => {
    const wh = await makeWarehouse()
    const item = await makeItem()
    const code = await codeOf(item)
    await makePosted('receipt', { warehouse_id: wh.id, lines: [{ item: code, quantity: '10', location: `${wh.code}/STOCK` }] })
    await db.transaction((trx) => reserve(trx, { itemId: item, locationId: wh.stockId, quantity: '6', documentType: 'test.order', documentId: 77, documentLineId: 1 }))
    const before = await db.from('inventory_balances').where({ item_id: item, location_id: wh.stockId }).first()
    assert.equal(String(before.reserved), '6000000')
    await makePosted('issue', { warehouse_id: wh.id, purpose: 'customer', lines: [{ item: code, quantity: '6', location: `${wh.code}/STOCK`, reserved_document_type: 'test.order', reserved_document_id: '77', reserved_line_id: '1' }] })
    const after = await db.from('inventory_balances').where({ item_id: item, location_id: wh.stockId }).first()
    assert.equal(String(after.reserved), '0')
    assert.equal(String(after.on_hand), '4000000')
    assert.deepEqual(await ledgerDifferences([item]), [])
  })

  test('an issue of a lot-tracked item needs an existing lot of that item', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const wh = await makeWarehouse()
    const item = await makeItem({ lotTracked: true })
    const code = await codeOf(item)
    const response = await client.post('/inventory/issues').loginAs(user).header('HX-Request', 'true').form({
      warehouse_id: wh.id, purpose: 'production', lines: { 0: { item: code, quantity: '1', location: `${wh.code}/STOCK` }, 1: { item: code, quantity: '1', lot_code: 'NOPE', location: `${wh.code}/STOCK` } },
    }).withCsrfToken()
    response.assertStatus(422)
    assert.include(response.text(), 'data-test="error-lines.0.lot_code"')
    assert.include(response.text(), 'data-test="error-lines.1.lot_code"')
    assert.include(response.text(), 'has no lot')
  })
})
