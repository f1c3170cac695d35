/*
 * RFQs: created for several suppliers, sent, quotes entered, the comparison
 * marks the lowest price, the chosen quotes become one draft order per
 * supplier and (optionally) price agreements.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { userWith } from '#tests/helpers/plugins'
import { makeItem, makeSupplier, makeWarehouse, money, qty } from '../helpers/buying_fixtures.js'

const BUYER = ['procurement.rfq.view', 'procurement.rfq.create', 'procurement.rfq.edit', 'procurement.order.view', 'procurement.order.create']

test.group('RFQs and price comparison', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.timeout(90_000)

  test('ask three suppliers, compare, order the chosen quotes', async ({ client, assert }) => {
    const warehouse = await makeWarehouse()
    const steel = await makeItem()
    const paint = await makeItem()
    const [a, b, c] = [await makeSupplier({ name: '甲钢材' }), await makeSupplier({ name: '乙钢材' }), await makeSupplier({ name: '丙油漆' })]
    const buyer = await userWith(BUYER)
    const bad = await client.post('/procurement/rfqs').loginAs(buyer).header('HX-Request', 'true')
      .form({ title: 'Q4 steel', warehouse_id: warehouse.id, 'lines[0][item_code]': steel.code, 'lines[0][quantity]': '100' }).withCsrfToken()
    bad.assertStatus(422)
    assert.include(bad.text(), 'data-test="error-supplier_ids"')
    const created = await client.post('/procurement/rfqs').loginAs(buyer)
      .form({
        title: 'Q4 steel', warehouse_id: warehouse.id, supplier_ids: [a.id, b.id, c.id],
        'lines[0][item_code]': steel.code, 'lines[0][quantity]': '100', 'lines[1][item_code]': paint.code, 'lines[1][quantity]': '20',
      })
      .withCsrfToken().redirects(0)
    created.assertStatus(302)
    const rfq = await db.from('procurement_rfqs').orderBy('id', 'desc').firstOrFail()
    const lines = await db.from('procurement_rfq_lines').where('rfq_id', rfq.id).orderBy('line_no')
    const quote = (body: Record<string, any>) => client.post(`/procurement/rfqs/${rfq.id}/quotes`).loginAs(buyer).header('HX-Request', 'true').form(body).withCsrfToken()
    // quotes only once sent
    const early = await quote({ rfq_line_id: lines[0].id, supplier_id: a.id, unit_price: '5' })
    early.assertStatus(422)
    ;(await client.post(`/procurement/rfqs/${rfq.id}/send`).loginAs(buyer).withCsrfToken().redirects(0)).assertStatus(302)
    assert.equal((await db.from('procurement_rfqs').where('id', rfq.id).first()).state, 'confirmed')
    for (const [line, supplier, price, lead] of [[0, a, '5.20', 7], [0, b, '4.95', 15], [1, a, '30', 3], [1, c, '28.5', 10]] as const) {
      ;(await quote({ rfq_line_id: lines[line].id, supplier_id: supplier.id, unit_price: price, lead_time_days: lead })).assertStatus(204)
    }
    const zero = await quote({ rfq_line_id: lines[0].id, supplier_id: c.id, unit_price: '0' })
    zero.assertStatus(422)
    assert.include(zero.text(), 'greater than 0')
    const page = await client.get(`/procurement/rfqs/${rfq.id}`).loginAs(buyer)
    page.assertStatus(200)
    const lowest = [...page.text().matchAll(/data-lowest="true"/g)].length
    assert.equal(lowest, 2)
    // choose b for steel (lowest) and a for paint (faster, not the cheapest); write agreements
    const ordered = await client.post(`/procurement/rfqs/${rfq.id}/orders`).loginAs(buyer)
      .form({ [`choices[l${lines[0].id}]`]: b.id, [`choices[l${lines[1].id}]`]: a.id, update_agreements: '1' }).withCsrfToken().redirects(0)
    ordered.assertStatus(302)
    const orders = await db.from('procurement_orders').where('rfq_id', rfq.id).orderBy('supplier_id')
    assert.lengthOf(orders, 2)
    const byB = orders.find((o: any) => Number(o.supplier_id) === b.id)
    assert.equal(money(byB.total), '495')
    const orderLine = await db.from('procurement_order_lines').where('order_id', byB.id).firstOrFail()
    assert.equal(qty(orderLine.quantity_base), '100')
    const agreement = await db.from('procurement_price_agreements').where({ supplier_id: b.id, item_id: steel.id }).firstOrFail()
    assert.equal(money(agreement.unit_price), '4.95')
    assert.equal(Number(agreement.lead_time_days), 15)
    assert.equal((await db.from('procurement_rfqs').where('id', rfq.id).first()).state, 'done')
  })

  test('choosing a supplier who did not quote the line is refused and nothing is ordered', async ({ client, assert }) => {
    const warehouse = await makeWarehouse()
    const item = await makeItem()
    const [a, b] = [await makeSupplier(), await makeSupplier()]
    const buyer = await userWith(BUYER)
    await client.post('/procurement/rfqs').loginAs(buyer)
      .form({ title: 'Bolts', warehouse_id: warehouse.id, supplier_ids: [a.id, b.id], 'lines[0][item_code]': item.code, 'lines[0][quantity]': '10' })
      .withCsrfToken().redirects(0)
    const rfq = await db.from('procurement_rfqs').orderBy('id', 'desc').firstOrFail()
    const line = await db.from('procurement_rfq_lines').where('rfq_id', rfq.id).firstOrFail()
    await client.post(`/procurement/rfqs/${rfq.id}/send`).loginAs(buyer).withCsrfToken().redirects(0)
    await client.post(`/procurement/rfqs/${rfq.id}/quotes`).loginAs(buyer).form({ rfq_line_id: line.id, supplier_id: a.id, unit_price: '1' }).withCsrfToken().redirects(0)
    const refused = await client.post(`/procurement/rfqs/${rfq.id}/orders`).loginAs(buyer).header('HX-Request', 'true').form({ [`choices[l${line.id}]`]: b.id }).withCsrfToken()
    refused.assertStatus(422)
    assert.include(refused.text(), 'did not quote')
    assert.lengthOf(await db.from('procurement_orders').where('rfq_id', rfq.id), 0)
  })
})
