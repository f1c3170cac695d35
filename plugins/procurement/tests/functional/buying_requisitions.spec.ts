/*
 * Requisitions: by hand (submit → confirmed), from inventory's stock alerts
 * (once per item and warehouse), the purchase plan turning confirmed lines
 * into one draft order per supplier (MOQ, price break, lead time), and
 * cancellation rules.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { userWith } from '#tests/helpers/plugins'
import { emitEvent } from '#services/events'
import ProcurementRequisition from '../../models/procurement_requisition.js'
import { createRequisition, submitRequisition } from '../../services/requisitions.js'
import { createRequisition as apiCreateRequisition } from '../../api.js'
import { makeAgreement, makeItem, makeSupplier, makeWarehouse, money, qty } from '../helpers/buying_fixtures.js'

const REQUESTER = ['procurement.requisition.view', 'procurement.requisition.create', 'procurement.requisition.edit']

function form(warehouseId: number, lines: Record<string, any>[]) {
  const out: Record<string, any> = { warehouse_id: warehouseId, note: 'Line 3 needs bearings' }
  lines.forEach((line, i) => {
    for (const [key, value] of Object.entries(line)) out[`lines[${i}][${key}]`] = value
  })
  return out
}

test.group('Purchase requisitions', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.timeout(90_000)

  test('a requisition by hand is saved, submitted and confirmed; an empty or bad one is refused', async ({ client, assert }) => {
    const warehouse = await makeWarehouse()
    const item = await makeItem()
    const user = await userWith(REQUESTER)
    const created = await client.post('/procurement/requisitions').loginAs(user)
      .form(form(warehouse.id, [{ item_code: item.code, quantity: '40', date: '2026-12-15' }])).withCsrfToken().redirects(0)
    created.assertStatus(302)
    const row = await db.from('procurement_requisitions').orderBy('id', 'desc').firstOrFail()
    assert.equal(row.state, 'draft')
    assert.equal(row.requester_id, user.id)
    const line = await db.from('procurement_requisition_lines').where('requisition_id', row.id).firstOrFail()
    assert.equal(qty(line.quantity_base), '40')
    assert.equal(Number(line.warehouse_id), warehouse.id)
    const submitted = await client.post(`/procurement/requisitions/${row.id}/submit`).loginAs(user).withCsrfToken().redirects(0)
    submitted.assertStatus(302)
    const fresh = await ProcurementRequisition.findOrFail(row.id)
    assert.equal(fresh.state, 'confirmed')
    assert.match(fresh.number!, /^PR-/)

    const bad = await client.post('/procurement/requisitions').loginAs(user).header('HX-Request', 'true')
      .form(form(warehouse.id, [{ item_code: item.code, quantity: 'abc' }])).withCsrfToken()
    bad.assertStatus(422)
    assert.include(bad.text(), 'data-test="error-lines.0.quantity"')
    const empty = await client.post('/procurement/requisitions').loginAs(user).header('HX-Request', 'true').form(form(warehouse.id, [])).withCsrfToken()
    empty.assertStatus(422)
    assert.lengthOf(await db.from('procurement_requisitions').where('id', '>', row.id), 0)
  })

  test('a stock alert proposes a draft requisition line once per item and warehouse', async ({ assert }) => {
    const warehouse = await makeWarehouse()
    const item = await makeItem()
    const other = await makeItem()
    const alert = (itemId: number, suggested: string) =>
      emitEvent('inventory:stock.low', { itemId, warehouseId: warehouse.id, available: '2', onOrder: '0', threshold: '10', suggestedQuantity: suggested })
    await alert(item.id, '48')
    await alert(item.id, '48')
    await alert(other.id, '12')
    const lines = await db.from('procurement_requisition_lines').whereIn('item_id', [item.id, other.id]).orderBy('id')
    assert.lengthOf(lines, 2)
    assert.equal(qty(lines[0].quantity_base), '48')
    assert.equal(lines[0].requisition_id, lines[1].requisition_id)
    const requisition = await db.from('procurement_requisitions').where('id', lines[0].requisition_id).firstOrFail()
    assert.equal(requisition.source, 'stock_alert')
    assert.equal(requisition.state, 'draft')
    assert.equal(qty(requisition.total_quantity), '60')
    // once the line is closed the next alert proposes it again
    await db.from('procurement_requisition_lines').where('id', lines[0].id).update({ status: 'closed' })
    await alert(item.id, '50')
    assert.lengthOf(await db.from('procurement_requisition_lines').where({ item_id: item.id, status: 'open' }), 1)
  })

  test('api createRequisition (for MRP) writes a draft in the caller transaction and refuses bad quantities', async ({ assert }) => {
    const item = await makeItem()
    const { id } = await db.transaction((trx) => apiCreateRequisition(trx, { source: 'mrp', lines: [{ itemId: item.id, quantity: '7', neededBy: '2026-12-01' }] }))
    const row = await db.from('procurement_requisitions').where('id', id).firstOrFail()
    assert.equal(row.source, 'mrp')
    const error = await db.transaction((trx) => apiCreateRequisition(trx, { source: 'mrp', lines: [{ itemId: item.id, quantity: '-1' }] })).catch((e) => e)
    assert.equal(error.field, 'lines.0.quantity')
  })

  test('the plan merges lines per supplier and item, rounds to the MOQ, prices the break and makes one order per supplier', async ({ client, assert }) => {
    const warehouse = await makeWarehouse()
    const bolt = await makeItem()
    const nut = await makeItem()
    const loose = await makeItem()
    const acme = await makeSupplier({ name: '苏州精工五金有限公司' })
    const beta = await makeSupplier({ name: '宁波东方紧固件厂' })
    await makeAgreement(acme.id, bolt.id, '1.20', { moq: '500', lead: 10, preferred: true, breaks: [['500', '1.00']] })
    await makeAgreement(beta.id, bolt.id, '0.90')
    await makeAgreement(beta.id, nut.id, '0.30', { lead: 5 })
    const planner = await userWith(['procurement.plan.manage', ...REQUESTER])
    const first = await db.transaction((trx) => createRequisition(trx, { lines: [{ itemId: bolt.id, quantity: '120', warehouseId: warehouse.id }, { itemId: nut.id, quantity: '80', warehouseId: warehouse.id }] }, planner))
    const second = await db.transaction((trx) => createRequisition(trx, { lines: [{ itemId: bolt.id, quantity: '200', warehouseId: warehouse.id }, { itemId: loose.id, quantity: '3', warehouseId: warehouse.id }] }, planner))
    await submitRequisition(await ProcurementRequisition.findOrFail(first.id), planner)
    await submitRequisition(await ProcurementRequisition.findOrFail(second.id), planner)

    const page = await client.get('/procurement/plans').loginAs(planner)
    page.assertStatus(200)
    assert.include(page.text(), '苏州精工五金有限公司')
    assert.include(page.text(), 'rounded up to MOQ 500')
    // everything ticked includes the item nobody sells: refused, nothing written
    const refused = await client.post('/procurement/plans/orders').loginAs(planner).header('HX-Request', 'true').withCsrfToken()
    refused.assertStatus(422)
    assert.include(refused.text(), 'No supplier is proposed')
    assert.lengthOf(await db.from('procurement_orders').whereIn('supplier_id', [acme.id, beta.id]), 0)

    const keys = [`${acme.id}:${warehouse.id}:${bolt.id}`, `${beta.id}:${warehouse.id}:${nut.id}`]
    const made = await client.post('/procurement/plans/orders').loginAs(planner).form({ keys }).withCsrfToken().redirects(0)
    made.assertStatus(302)
    const orders = await db.from('procurement_orders').whereIn('supplier_id', [acme.id, beta.id]).orderBy('id')
    assert.lengthOf(orders, 2)
    const acmeLines = await db.from('procurement_order_lines').where('order_id', orders.find((o: any) => Number(o.supplier_id) === acme.id).id)
    assert.lengthOf(acmeLines, 1)
    assert.equal(qty(acmeLines[0].quantity_base), '500') // 120 + 200 = 320 → MOQ 500
    assert.equal(money(acmeLines[0].unit_price), '1') // break at 500
    assert.equal(acmeLines[0].expected_date ? DateTime.fromJSDate(new Date(acmeLines[0].expected_date)).isValid : false, true)
    const boltLines = await db.from('procurement_requisition_lines').where('item_id', bolt.id)
    assert.deepEqual(boltLines.map((l: any) => l.status), ['ordered', 'ordered'])
    assert.deepEqual(boltLines.map((l: any) => Number(l.order_line_id)), [Number(acmeLines[0].id), Number(acmeLines[0].id)])
    // the first requisition has nothing open any more → done; the second still has the loose item
    assert.equal((await ProcurementRequisition.findOrFail(first.id)).state, 'done')
    assert.equal((await ProcurementRequisition.findOrFail(second.id)).state, 'confirmed')
    // a requisition with ordered lines cannot be cancelled
    const cancel = await client.post(`/procurement/requisitions/${second.id}/cancel`).loginAs(planner).header('HX-Request', 'true').withCsrfToken()
    cancel.assertStatus(422)
    assert.include(cancel.text(), 'already ordered')
  })

  test('cancelling the order reopens its requisition lines for the plan', async ({ client, assert }) => {
    const warehouse = await makeWarehouse()
    const item = await makeItem()
    const supplier = await makeSupplier()
    await makeAgreement(supplier.id, item.id, '2.00')
    const user = await userWith(['procurement.plan.manage', 'procurement.order.view', 'procurement.order.close', ...REQUESTER])
    const req = await db.transaction((trx) => createRequisition(trx, { lines: [{ itemId: item.id, quantity: '9', warehouseId: warehouse.id, suggestedSupplierId: supplier.id }] }, user))
    await submitRequisition(await ProcurementRequisition.findOrFail(req.id), user)
    await client.post('/procurement/plans/orders').loginAs(user).form({ keys: [`${supplier.id}:${warehouse.id}:${item.id}`] }).withCsrfToken().redirects(0)
    const order = await db.from('procurement_orders').where('supplier_id', supplier.id).firstOrFail()
    const cancelled = await client.post(`/procurement/orders/${order.id}/cancel`).loginAs(user).withCsrfToken().redirects(0)
    cancelled.assertStatus(302)
    const line = await db.from('procurement_requisition_lines').where('requisition_id', req.id).firstOrFail()
    assert.equal(line.status, 'open')
    assert.isNull(line.order_line_id)
    const plan = await client.get('/procurement/plans').loginAs(user)
    assert.include(plan.text(), item.code)
  })
})
