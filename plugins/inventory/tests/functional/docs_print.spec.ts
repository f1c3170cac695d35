/*
 * Printing stock documents: a PDF with the number as a barcode, the lines in
 * the user's language, signature boxes; the HTML preview; scope applies.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { mkdirSync, writeFileSync } from 'node:fs'
import { userWith } from '#tests/helpers/plugins'
import { makeUser } from '#tests/helpers/access'
import { inkPerPage, pdfText } from '#tests/helpers/pdf'
import { makeItem, makeWarehouse, makeLocation } from '../helpers/stock_fixtures.js'
import { makePosted } from '../helpers/stock_documents.js'

test.group('Stock documents: print', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a posted transfer prints as a PDF with its number, lines and barcode; others outside the scope get 404', async ({ client, assert }) => {
    const user = await userWith(['inventory.receipt.view', 'inventory.transfer.view'], 'zh-CN')
    const wh = await makeWarehouse()
    await makeLocation(wh, 'A-01')
    const item = await makeItem({ name: '六角螺栓 M8×30', conversions: { BOX: '12' } })
    const code = (await db.from('inventory_items').where('id', item).first()).code
    await makePosted('receipt', { warehouse_id: wh.id, lines: [{ item: code, quantity: '50', location: `${wh.code}/STOCK` }] }, user)
    const doc = await makePosted('transfer', { warehouse_id: wh.id, note: '补货到拣货位', lines: [{ item: code, unit: 'BOX', quantity: '2', location: `${wh.code}/STOCK`, to_location: 'A-01' }] }, user)
    const number = (await db.from('inventory_transfers').where('id', doc.id).first()).number

    const response = await client.get(`/print/inventory.transfer/${doc.id}.pdf`).loginAs(user)
    response.assertStatus(200)
    const pdf = response.body() as Buffer
    const saved: Buffer[] = []
    const ink = inkPerPage(pdf, (_page, png) => saved.push(png))
    assert.isAbove(ink[0], 0.01)
    mkdirSync('tmp/screenshots', { recursive: true })
    if (saved[0]) writeFileSync('tmp/screenshots/inventory-transfer-print.png', saved[0])
    const text = pdfText(pdf)
    assert.include(text, '调拨单')
    assert.include(text, number)
    assert.include(text, '六角螺栓 M8×30')
    assert.include(text, '= 24 EA')
    assert.include(text, '补货到拣货位')

    const html = await client.get(`/print/inventory.transfer/${doc.id}.html`).loginAs(user)
    html.assertStatus(200)
    assert.include(html.text(), '<svg')

    const stranger = await makeUser({ permissions: { 'inventory.transfer.view': 'own' } })
    const hidden = await client.get(`/print/inventory.transfer/${doc.id}.pdf`).loginAs(stranger)
    hidden.assertStatus(404)
    const denied = await client.get(`/print/inventory.scrap/${doc.id}.pdf`).loginAs(user)
    denied.assertStatus(403)
  }).timeout(120_000)
})
