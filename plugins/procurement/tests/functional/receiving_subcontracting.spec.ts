/*
 * Subcontracting (委外加工): materials list, materials sent to the
 * subcontractor's location, finished goods received at material cost +
 * processing fee while the materials are consumed there in proportion.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { createUserWith } from '#tests/helpers/ui_users'
import { receiveOrder, subcontractorRef } from '../../services/receipts.js'
import { makeOrder, makeSupplier, onHand, trim, makeItem, makeWarehouse } from '../helpers/receiving_fixtures.js'

const PERMISSIONS = ['procurement.subcontract.view', 'procurement.subcontract.manage', 'procurement.receipt.view', 'procurement.receipt.create', 'procurement.receipt.cancel']

async function setup() {
  const warehouse = await makeWarehouse()
  const user = await createUserWith({ permissions: PERMISSIONS })
  const steel = await makeItem({ name: '冷轧钢板' })
  const screw = await makeItem({ name: '螺丝 M4' })
  const bracket = await makeItem({ name: '电镀支架', itemType: 'semi_finished' })
  // Own stock of the materials, bought earlier: steel at 5, screws at 2.
  const buy = await makeOrder({ warehouseId: warehouse.id, lines: [{ itemId: steel, quantity: '100', unitPrice: '5' }, { itemId: screw, quantity: '50', unitPrice: '2' }] })
  await receiveOrder({ orderId: buy.id, lines: [{ orderLineId: buy.lineIds[0], quantity: '100' }, { orderLineId: buy.lineIds[1], quantity: '50' }] }, user)
  const subcontractor = await makeSupplier({ name: '昆山表面处理厂', subcontractor: true })
  // 10 brackets, processing fee 20 each (the line price).
  const order = await makeOrder({ warehouseId: warehouse.id, supplierId: subcontractor, kind: 'subcontract', lines: [{ itemId: bracket, quantity: '10', unitPrice: '20' }] })
  return { warehouse, user, steel, screw, bracket, subcontractor, order }
}

async function subLocation(supplierId: number) {
  return Number((await db.from('inventory_locations').where({ kind: 'subcontractor', partner_ref: subcontractorRef(supplierId) }).firstOrFail()).id)
}

test.group('Receiving | subcontracting', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('materials go to the subcontractor, finished goods come back at material cost + fee, consumption in proportion', async ({ client, assert }) => {
    const { warehouse, user, steel, screw, bracket, subcontractor, order } = await setup()
    const steelCode = (await db.from('inventory_items').where('id', steel).first()).code
    const screwCode = (await db.from('inventory_items').where('id', screw).first()).code
    await client.post(`/procurement/subcontracting/${order.id}/materials`).form({ order_line_id: String(order.lineIds[0]), item_code: steelCode, qty_per_unit: '2' }).withCsrfToken().loginAs(user).redirects(0)
    await client.post(`/procurement/subcontracting/${order.id}/materials`).form({ order_line_id: String(order.lineIds[0]), item_code: screwCode, qty_per_unit: '1' }).withCsrfToken().loginAs(user).redirects(0)
    const materials = await db.from('procurement_subcontract_materials').where('order_id', order.id).orderBy('id')
    assert.lengthOf(materials, 2)

    const sent = await client
      .post(`/procurement/subcontracting/${order.id}/send`)
      .form({ 'lines[0][material_id]': String(materials[0].id), 'lines[0][quantity]': '18', 'lines[1][material_id]': String(materials[1].id), 'lines[1][quantity]': '10' })
      .withCsrfToken()
      .loginAs(user)
      .redirects(0)
    sent.assertStatus(302)
    const at = await subLocation(subcontractor)
    assert.equal(await onHand(steel, warehouse.stockId), '82')
    assert.equal(await onHand(steel, at), '18')
    assert.equal(await onHand(screw, at), '10')
    const issue = await db.from('procurement_material_issues').where('order_id', order.id).firstOrFail()
    assert.equal(issue.state, 'posted')
    assert.equal(trim(issue.total_value), '110')

    const receipt = await receiveOrder({ orderId: order.id, lines: [{ orderLineId: order.lineIds[0], quantity: '6' }] }, user)
    assert.equal(receipt.kind, 'subcontract')
    const line = await db.from('procurement_receipt_lines').where('receipt_id', receipt.id).first()
    // 12 steel × 5 + 6 screws × 2 = 72 material; fee 6 × 20 = 120; 192 / 6 = 32 each.
    assert.equal(trim(line.material_cost), '72')
    assert.equal(trim(line.unit_cost), '32')
    assert.equal(trim(line.value), '192')
    assert.equal(await onHand(bracket, warehouse.stockId), '6')
    assert.equal(await onHand(steel, at), '6')
    assert.equal(await onHand(screw, at), '4')

    const page = await client.get(`/procurement/subcontracting/${order.id}`).loginAs(user)
    page.assertStatus(200)
    assert.match(page.text(), new RegExp(`data-test="at-sub-${steelCode}">6 EA`))

    // Not enough steel there for 4 more (8 needed, 6 there).
    const short = await receiveOrder({ orderId: order.id, lines: [{ orderLineId: order.lineIds[0], quantity: '4' }] }, user).catch((e) => e)
    assert.equal(short.userMessage, 'procurement_receiving.errors.materials_short')
    assert.equal(await onHand(bracket, warehouse.stockId), '6')

    // The issue cannot be cancelled once its materials were consumed; cancelling the receipt gives them back.
    const refused = await client.post(`/procurement/material-issues/${issue.id}/cancel`).header('HX-Request', 'true').withCsrfToken().loginAs(user)
    refused.assertStatus(422)
    await client.post(`/procurement/receipts/${receipt.id}/cancel`).withCsrfToken().loginAs(user).redirects(0)
    assert.equal(await onHand(steel, at), '18')
    assert.equal(await onHand(bracket, warehouse.stockId), '0')
    const after = await db.from('procurement_subcontract_materials').where('order_id', order.id).orderBy('id')
    assert.equal(trim(after[0].consumed_qty), '0')
    assert.equal(trim(after[0].consumed_value), '0')
    await client.post(`/procurement/material-issues/${issue.id}/cancel`).withCsrfToken().loginAs(user).redirects(0)
    assert.equal(await onHand(steel, warehouse.stockId), '100')
    assert.equal(await onHand(steel, at), '0')
  })

  test('materials: unknown item, the product itself and bad quantities are refused; sending needs a quantity', async ({ client, assert }) => {
    const { user, bracket, order } = await setup()
    const post = (body: Record<string, string>) => client.post(`/procurement/subcontracting/${order.id}/materials`).header('HX-Request', 'true').form(body).withCsrfToken().loginAs(user)
    const unknown = await post({ order_line_id: String(order.lineIds[0]), item_code: 'NO-SUCH', qty_per_unit: '1' })
    unknown.assertStatus(422)
    assert.include(unknown.text(), 'No item has the code NO-SUCH')
    const bracketCode = (await db.from('inventory_items').where('id', bracket).first()).code
    const itself = await post({ order_line_id: String(order.lineIds[0]), item_code: bracketCode, qty_per_unit: '1' })
    assert.include(itself.text(), 'is the finished item itself')
    const send = await client.post(`/procurement/subcontracting/${order.id}/send`).header('HX-Request', 'true').form({}).withCsrfToken().loginAs(user)
    send.assertStatus(422)
    assert.equal((await db.from('procurement_subcontract_materials').where('order_id', order.id).count('* as n').first()).n, 0)
    const list = await client.get('/procurement/subcontracting').loginAs(user)
    list.assertStatus(200)
    assert.include(list.text(), order.number)
  })
})
