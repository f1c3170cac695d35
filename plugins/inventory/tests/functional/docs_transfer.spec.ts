/*
 * Stock transfers (调拨): one-step moves stock between locations (same or
 * another warehouse) at once; two-step ships into the in-transit location
 * (posted, visible as in transit) and receives later (done); cancelling in
 * transit brings it back; a received transfer cannot be cancelled.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { userWith } from '#tests/helpers/plugins'
import { makeItem, makeWarehouse, makeLocation } from '../helpers/stock_fixtures.js'
import { makeDraft, makePosted, ledgerDifferences, onHand } from '../helpers/stock_documents.js'

const ALL = ['receipt', 'transfer'].flatMap((k) => ['view', 'create', 'post', 'cancel'].map((a) => `inventory.${k}.${a}`))
const codeOf = async (id: number) => (await db.from('inventory_items').where('id', id).first()).code as string

test.group('Stock transfers: one-step and two-step', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a one-step transfer moves stock between bins at once, keeping its value', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const wh = await makeWarehouse()
    const bin = await makeLocation(wh, 'B-02')
    const item = await makeItem()
    const code = await codeOf(item)
    await makePosted('receipt', { warehouse_id: wh.id, lines: [{ item: code, quantity: '9', location: `${wh.code}/STOCK`, unit_cost: '3' }] })
    const doc = await makeDraft('transfer', { warehouse_id: wh.id, lines: [{ item: code, quantity: '4', location: `${wh.code}/STOCK`, to_location: 'B-02' }] }, user)
    const response = await client.post(`/inventory/transfers/${doc.id}/post`).loginAs(user).redirects(0).withCsrfToken()
    response.assertStatus(302)
    assert.equal((await db.from('inventory_transfers').where('id', doc.id).first()).state, 'posted')
    assert.equal(await onHand(item, wh.stockId), '5')
    assert.equal(await onHand(item, bin), '4')
    const move = await db.from('inventory_moves').where({ document_type: 'inventory.transfer', document_id: doc.id }).first()
    assert.equal(String(move.unit_cost), '3000000')
    assert.deepEqual(await ledgerDifferences([item]), [])
  })

  test('a two-step transfer ships into transit, shows it in transit, and receives into the other warehouse', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const from = await makeWarehouse()
    const to = await makeWarehouse()
    const item = await makeItem()
    const code = await codeOf(item)
    const transit = Number((await db.from('inventory_locations').whereNull('warehouse_id').where('kind', 'transit').first()).id)
    await makePosted('receipt', { warehouse_id: from.id, lines: [{ item: code, quantity: '10', location: `${from.code}/STOCK`, unit_cost: '2' }] })
    const before = await onHand(item, transit)
    const doc = await makeDraft('transfer', { warehouse_id: from.id, dest_warehouse_id: to.id, two_step: '1', reference: 'TR-TRANSIT', lines: [{ item: code, quantity: '6', location: `${from.code}/STOCK`, to_location: `${to.code}/STOCK` }] }, user)
    const shipped = await client.post(`/inventory/transfers/${doc.id}/post`).loginAs(user).redirects(0).withCsrfToken()
    shipped.assertStatus(302)
    assert.equal((await db.from('inventory_transfers').where('id', doc.id).first()).state, 'posted')
    assert.equal(await onHand(item, from.stockId), '4')
    assert.equal(await onHand(item, to.stockId), '0')
    const transitQty = (await db.from('inventory_balances').where({ item_id: item, location_id: transit }).first()).on_hand
    assert.equal(String(transitQty), '6000000')
    assert.ok(before === '0')

    const page = await client.get(`/inventory/transfers/${doc.id}`).loginAs(user)
    assert.include(page.text(), 'data-test="transit-note"')
    assert.match(page.text(), /data-test="in-transit-1">\s*6 EA/)
    const list = await client.get('/inventory/transfers').qs({ in_transit: 'yes' }).loginAs(user).header('HX-Request', 'true')
    assert.include(list.text(), 'TR-TRANSIT')
    assert.include(list.text(), 'data-test="badge-in-transit"')

    const received = await client.post(`/inventory/transfers/${doc.id}/receive`).loginAs(user).redirects(0).withCsrfToken()
    received.assertStatus(302)
    assert.equal((await db.from('inventory_transfers').where('id', doc.id).first()).state, 'done')
    assert.equal(await onHand(item, to.stockId), '6')
    assert.equal(String((await db.from('inventory_balances').where({ item_id: item, location_id: transit }).first()).on_hand), '0')
    const after = await client.get(`/inventory/transfers/${doc.id}`).loginAs(user)
    assert.match(after.text(), /data-test="in-transit-1">\s*0 EA/)

    const cancel = await client.post(`/inventory/transfers/${doc.id}/cancel`).loginAs(user).header('HX-Request', 'true').withCsrfToken()
    cancel.assertStatus(422)
    assert.equal(await onHand(item, to.stockId), '6')
    assert.deepEqual(await ledgerDifferences([item]), [])
  })

  test('cancelling a two-step transfer in transit returns the stock; receiving a one-step transfer is refused', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const from = await makeWarehouse()
    const to = await makeWarehouse()
    const item = await makeItem()
    const code = await codeOf(item)
    await makePosted('receipt', { warehouse_id: from.id, lines: [{ item: code, quantity: '5', location: `${from.code}/STOCK` }] })
    const doc = await makePosted('transfer', { warehouse_id: from.id, dest_warehouse_id: to.id, two_step: 'on', lines: [{ item: code, quantity: '5', location: `${from.code}/STOCK`, to_location: `${to.code}/STOCK` }] }, user)
    assert.equal(await onHand(item, from.stockId), '0')
    const cancel = await client.post(`/inventory/transfers/${doc.id}/cancel`).loginAs(user).redirects(0).withCsrfToken()
    cancel.assertStatus(302)
    assert.equal((await db.from('inventory_transfers').where('id', doc.id).first()).state, 'cancelled')
    assert.equal(await onHand(item, from.stockId), '5')

    const oneStep = await makePosted('transfer', { warehouse_id: from.id, dest_warehouse_id: to.id, lines: [{ item: code, quantity: '1', location: `${from.code}/STOCK`, to_location: `${to.code}/STOCK` }] }, user)
    const receive = await client.post(`/inventory/transfers/${oneStep.id}/receive`).loginAs(user).header('HX-Request', 'true').withCsrfToken()
    receive.assertStatus(422)
    assert.include(receive.text(), 'Only a two-step transfer in transit can be received')
    assert.deepEqual(await ledgerDifferences([item]), [])
  })

  test('the destination location must belong to the destination warehouse', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const from = await makeWarehouse()
    const to = await makeWarehouse()
    const item = await makeItem()
    const response = await client.post('/inventory/transfers').loginAs(user).header('HX-Request', 'true').form({
      warehouse_id: from.id, dest_warehouse_id: to.id, lines: { 0: { item: await codeOf(item), quantity: '1', location: `${from.code}/STOCK`, to_location: `${from.code}/QC` } },
    }).withCsrfToken()
    response.assertStatus(422)
    assert.include(response.text(), 'data-test="error-lines.0.to_location"')
    assert.include(response.text(), `is not a location of warehouse ${to.code}`)
  })
})
