/*
 * Scrap (报废): posting moves the stock to the scrap location with its
 * reason; cancellation brings it back; scrapping more than on hand is refused.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { userWith } from '#tests/helpers/plugins'
import { makeItem, makeWarehouse } from '../helpers/stock_fixtures.js'
import { makeDraft, makePosted, ledgerDifferences, onHand } from '../helpers/stock_documents.js'

const ALL = ['receipt', 'scrap'].flatMap((k) => ['view', 'create', 'post', 'cancel'].map((a) => `inventory.${k}.${a}`))
const codeOf = async (id: number) => (await db.from('inventory_items').where('id', id).first()).code as string

test.group('Scrap documents', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('scrapping damaged stock from quarantine moves it to scrap; cancelling brings it back', async ({ client, assert }) => {
    const user = await userWith(ALL)
    const wh = await makeWarehouse()
    const item = await makeItem()
    const code = await codeOf(item)
    await makePosted('receipt', { warehouse_id: wh.id, lines: [{ item: code, quantity: '3', location: `${wh.code}/QC`, unit_cost: '10' }] })
    const doc = await makeDraft('scrap', { warehouse_id: wh.id, purpose: 'damaged', note: '运输途中破损', lines: [{ item: code, quantity: '2', location: `${wh.code}/QC` }] }, user)
    const posted = await client.post(`/inventory/scraps/${doc.id}/post`).loginAs(user).redirects(0).withCsrfToken()
    posted.assertStatus(302)
    const row = await db.from('inventory_scraps').where('id', doc.id).first()
    assert.match(row.number, /^BF-\d{6}-\d{4}$/)
    const scrap = await db.from('inventory_locations').whereNull('warehouse_id').where('kind', 'scrap').first()
    const move = await db.from('inventory_moves').where({ document_type: 'inventory.scrap', document_id: doc.id }).first()
    assert.equal(Number(move.to_location_id), Number(scrap.id))
    assert.equal(String(move.value), '20000000')
    assert.equal(await onHand(item, wh.quarantineId), '1')
    const page = await client.get(`/inventory/scraps/${doc.id}`).loginAs(user)
    assert.include(page.text(), 'Damaged')
    const cancel = await client.post(`/inventory/scraps/${doc.id}/cancel`).loginAs(user).redirects(0).withCsrfToken()
    cancel.assertStatus(302)
    assert.equal(await onHand(item, wh.quarantineId), '3')
    assert.deepEqual(await ledgerDifferences([item]), [])
  })

  test('scrapping more than on hand is refused on the line', async ({ client, assert }) => {
    const user = await userWith(ALL, 'zh-CN')
    const wh = await makeWarehouse()
    const item = await makeItem()
    const doc = await makeDraft('scrap', { warehouse_id: wh.id, purpose: 'expired', lines: [{ item: await codeOf(item), quantity: '1', location: `${wh.code}/STOCK` }] }, user)
    const response = await client.post(`/inventory/scraps/${doc.id}/post`).loginAs(user).header('HX-Request', 'true').withCsrfToken()
    response.assertStatus(422)
    assert.include(response.text(), '第 1 行')
    assert.equal((await db.from('inventory_scraps').where('id', doc.id).first()).state, 'draft')
  })
})
