/*
 * Purchase orders: a draft by hand (price from the agreement's break, base
 * quantity through the unit conversion, exact totals), submit → confirmed with
 * on-order expectations, close short, cancel, the approval gate, bad input.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { userWith } from '#tests/helpers/plugins'
import { saveFlow } from '#kernel/approvals/flows'
import { pendingInstanceOf, decide } from '#kernel/approvals/engine'
import { onEvent } from '#services/events'
import { stockOf } from '#plugins/inventory/api'
import { captureMail } from '#tests/helpers/smtp_capture'
import ProcurementOrder from '../../models/procurement_order.js'
import { createOrder, submitOrder } from '../../services/orders.js'
import { recomputeOrderProgress } from '../../services/order_progress.js'
import { makeAgreement, makeItem, makeSupplier, makeWarehouse, money, qty } from '../helpers/buying_fixtures.js'

const BUYER = ['procurement.order.view', 'procurement.order.create', 'procurement.order.edit', 'procurement.order.close']

async function setup() {
  const warehouse = await makeWarehouse()
  const item = await makeItem({ conversions: { BOX: '12' } })
  const supplier = await makeSupplier({ grade: 'B' })
  await makeAgreement(supplier.id, item.id, '10.00', { breaks: [['100', '9.50'], ['500', '9.00']] })
  return { warehouse, item, supplier }
}

function orderForm(s: { supplier: { id: number }; warehouse: { id: number }; item: { code: string } }, lines: Record<string, any>[] = [{ item_code: s.item.code, quantity: '120' }]) {
  const form: Record<string, any> = { supplier_id: s.supplier.id, warehouse_id: s.warehouse.id, over_receipt_pct: '5', expected_date: '2026-12-20' }
  lines.forEach((line, i) => {
    for (const [key, value] of Object.entries(line)) form[`lines[${i}][${key}]`] = value
  })
  return form
}

test.group('Purchase orders', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.timeout(90_000)

  test('a draft by hand takes the price break for the quantity and converts boxes to base units', async ({ client, assert }) => {
    const s = await setup()
    const buyer = await userWith(BUYER)
    const response = await client.post('/procurement/orders').loginAs(buyer)
      .form(orderForm(s, [{ item_code: s.item.code, unit_code: 'BOX', quantity: '10' }, { item_code: s.item.code, quantity: '7', unit_price: '10.3333' }]))
      .withCsrfToken().redirects(0)
    response.assertStatus(302)
    const order = await db.from('procurement_orders').where('supplier_id', s.supplier.id).firstOrFail()
    assert.equal(order.state, 'draft')
    assert.equal(order.supplier_grade, 'B')
    const lines = await db.from('procurement_order_lines').where('order_id', order.id).orderBy('line_no')
    // 10 BOX = 120 EA ≥ 100 → 9.50 per EA = 114.00 per BOX; 10 × 114 = 1140.00
    assert.equal(qty(lines[0].quantity_base), '120')
    assert.equal(money(lines[0].unit_price), '114')
    assert.equal(money(lines[0].amount), '1140')
    // typed price: 7 × 10.3333 = 72.3331 → 72.33
    assert.equal(money(lines[1].amount), '72.33')
    assert.equal(money(order.total), '1212.33')
    assert.equal(qty(order.over_receipt_pct), '5')
    const page = await client.get(`/procurement/orders/${order.id}`).loginAs(buyer)
    page.assertStatus(200)
    assert.include(page.text(), '1,212.33')
  })

  test('bad input answers 422 on the field and writes nothing', async ({ client, assert }) => {
    const s = await setup()
    const buyer = await userWith(BUYER)
    const send = (form: Record<string, any>) => client.post('/procurement/orders').loginAs(buyer).header('HX-Request', 'true').form(form).withCsrfToken()
    const zero = await send(orderForm(s, [{ item_code: s.item.code, quantity: '0' }]))
    zero.assertStatus(422)
    assert.include(zero.text(), 'data-test="error-lines.0.quantity"')
    assert.include(zero.text(), 'greater than 0')
    const negative = await send(orderForm(s, [{ item_code: s.item.code, quantity: '-3' }]))
    negative.assertStatus(422)
    const precision = await send(orderForm(s, [{ item_code: s.item.code, quantity: '1.5' }]))
    precision.assertStatus(422)
    assert.include(precision.text(), 'data-test="error-lines.0.quantity"')
    const unknown = await send(orderForm(s, [{ item_code: 'NO-SUCH-ITEM', quantity: '1' }]))
    unknown.assertStatus(422)
    assert.include(unknown.text(), 'No item has the code NO-SUCH-ITEM')
    const noLines = await send(orderForm(s, []))
    noLines.assertStatus(422)
    assert.include(noLines.text(), 'Add at least one line')
    const other = await makeItem()
    const noPrice = await send(orderForm(s, [{ item_code: other.code, quantity: '1' }]))
    noPrice.assertStatus(422)
    assert.include(noPrice.text(), 'data-test="error-lines.0.unit_price"')
    const badPct = await send({ ...orderForm(s), over_receipt_pct: '150' })
    badPct.assertStatus(422)
    assert.include(badPct.text(), 'data-test="error-over_receipt_pct"')
    assert.lengthOf(await db.from('procurement_orders').where('supplier_id', s.supplier.id), 0)
  })

  test('submit confirms at once without a flow, expects the quantities on order, and announces it', async ({ client, assert }) => {
    const s = await setup()
    const buyer = await userWith(BUYER)
    const order = await createOrder({ supplierId: s.supplier.id, warehouseId: s.warehouse.id, expectedDate: '2026-12-20', lines: [{ itemId: s.item.id, quantity: '150' }] }, buyer)
    const heard: any[] = []
    const off = onEvent('procurement:order.confirmed', (p) => {
      heard.push(p)
    })
    const response = await client.post(`/procurement/orders/${order.id}/submit`).loginAs(buyer).withCsrfToken().redirects(0)
    off()
    response.assertStatus(302)
    const fresh = await ProcurementOrder.findOrFail(order.id)
    assert.equal(fresh.state, 'confirmed')
    assert.match(fresh.number!, /^PO-\d{4}-\d{5}$/)
    assert.equal((await stockOf(s.item.id, { warehouseId: s.warehouse.id })).onOrder.toString(), '150')
    assert.equal(heard.length, 1)
    assert.deepInclude(heard[0], { orderId: order.id, number: fresh.number, supplierId: s.supplier.id, currency: 'CNY' })
    assert.equal(heard[0].total, '1425.00')
  })

  test('received goods lower the open quantity; close short clears what is left', async ({ client, assert }) => {
    const s = await setup()
    const buyer = await userWith(BUYER)
    const order = await createOrder({ supplierId: s.supplier.id, warehouseId: s.warehouse.id, lines: [{ itemId: s.item.id, quantity: '100' }] }, buyer)
    await submitOrder(order, buyer)
    // receiving (slice 7) updates the running totals and recomputes
    await db.from('procurement_order_lines').where('order_id', order.id).update({ received_qty: '60000000' })
    await db.transaction((trx) => recomputeOrderProgress(trx, order.id))
    assert.equal((await stockOf(s.item.id, { warehouseId: s.warehouse.id })).onOrder.toString(), '40')
    assert.equal((await ProcurementOrder.findOrFail(order.id)).receiptStatus, 'partially_received')
    const refused = await client.post(`/procurement/orders/${order.id}/cancel`).loginAs(buyer).header('HX-Request', 'true').withCsrfToken()
    refused.assertStatus(422)
    assert.include(refused.text(), 'close it short instead')
    const closed = await client.post(`/procurement/orders/${order.id}/close`).loginAs(buyer).withCsrfToken().redirects(0)
    closed.assertStatus(302)
    const fresh = await ProcurementOrder.findOrFail(order.id)
    assert.equal(fresh.state, 'done')
    assert.equal(fresh.receiptStatus, 'closed_short')
    assert.equal((await stockOf(s.item.id, { warehouseId: s.warehouse.id })).onOrder.toString(), '0')
  })

  test('cancel before anything arrived clears the expectation; a draft cannot be closed', async ({ client, assert }) => {
    const s = await setup()
    const buyer = await userWith(BUYER)
    const draft = await createOrder({ supplierId: s.supplier.id, warehouseId: s.warehouse.id, lines: [{ itemId: s.item.id, quantity: '5' }] }, buyer)
    const notYet = await client.post(`/procurement/orders/${draft.id}/close`).loginAs(buyer).header('HX-Request', 'true').withCsrfToken()
    notYet.assertStatus(422)
    await submitOrder(draft, buyer)
    assert.equal((await stockOf(s.item.id, { warehouseId: s.warehouse.id })).onOrder.toString(), '5')
    const cancelled = await client.post(`/procurement/orders/${draft.id}/cancel`).loginAs(buyer).withCsrfToken().redirects(0)
    cancelled.assertStatus(302)
    assert.equal((await ProcurementOrder.findOrFail(draft.id)).state, 'cancelled')
    assert.equal((await stockOf(s.item.id, { warehouseId: s.warehouse.id })).onOrder.toString(), '0')
  })

  test('a flow "over ¥50,000 or grade C → purchasing manager" holds the order until approved', async ({ assert }) => {
    const s = await setup()
    const buyer = await userWith(BUYER)
    const manager = await userWith(['procurement.order.view'])
    await saveFlow({
      documentType: 'procurement.order', name: 'Purchasing manager', priority: 1, isActive: true,
      conditions: { match: 'any', conditions: [{ field: 'total', op: 'gt', value: '50000' }, { field: 'supplier_grade', op: 'eq', value: 'C' }] },
      steps: [{ approver: 'user', userId: manager.id, mode: 'any' }],
    } as any, null)
    // small order, grade B: no approval
    const small = await createOrder({ supplierId: s.supplier.id, warehouseId: s.warehouse.id, lines: [{ itemId: s.item.id, quantity: '10' }] }, buyer)
    assert.equal(await submitOrder(small, buyer), 'confirmed')
    // large order: held
    const large = await createOrder({ supplierId: s.supplier.id, warehouseId: s.warehouse.id, lines: [{ itemId: s.item.id, quantity: '6000' }] }, buyer)
    assert.equal(await submitOrder(large, buyer), 'submitted')
    assert.equal((await stockOf(s.item.id, { warehouseId: s.warehouse.id })).onOrder.toString(), '10')
    // grade C supplier, small amount: held too
    const gradeC = await makeSupplier({ grade: 'C' })
    const risky = await createOrder({ supplierId: gradeC.id, warehouseId: s.warehouse.id, lines: [{ itemId: s.item.id, quantity: '1', unitPrice: '3' }] }, buyer)
    assert.equal(await submitOrder(risky, buyer), 'submitted')
    const instance = await pendingInstanceOf('procurement.order', large.id)
    assert.exists(instance)
    await decide(instance!.id, manager, 'approve', 'ok')
    assert.equal((await ProcurementOrder.findOrFail(large.id)).state, 'confirmed')
    assert.equal((await stockOf(s.item.id, { warehouseId: s.warehouse.id })).onOrder.toString(), '6010')
  })

  test('the PDF print and "mark as sent"', async ({ client, assert }) => {
    const s = await setup()
    const buyer = await userWith(BUYER)
    const order = await createOrder({ supplierId: s.supplier.id, warehouseId: s.warehouse.id, lines: [{ itemId: s.item.id, quantity: '3' }] }, buyer)
    const early = await client.post(`/procurement/orders/${order.id}/send`).loginAs(buyer).header('HX-Request', 'true').withCsrfToken()
    early.assertStatus(422)
    // A draft prints marked as such, so it is not taken for an order.
    const draft = await client.get(`/print/procurement.order/${order.id}.html`).loginAs(buyer)
    draft.assertStatus(200)
    assert.include(draft.text(), 'DRAFT')
    await submitOrder(order, buyer)
    const fresh = await ProcurementOrder.findOrFail(order.id)
    const html = await client.get(`/print/procurement.order/${order.id}.html`).loginAs(buyer)
    html.assertStatus(200)
    assert.include(html.text(), fresh.number!)
    assert.include(html.text(), s.supplier.name)
    assert.include(html.text(), '30.00')
    assert.notInclude(html.text(), 'DRAFT')
    const sent = await client.post(`/procurement/orders/${order.id}/send`).loginAs(buyer).withCsrfToken().redirects(0)
    sent.assertStatus(302)
    assert.isNotNull((await db.from('procurement_orders').where('id', order.id).first()).sent_at)
  })
  test('"send to supplier" e-mails the order PDF to the supplier when mail is set up', async ({ client, assert }) => {
    const s = await setup()
    const buyer = await userWith(BUYER)
    const order = await createOrder({ supplierId: s.supplier.id, warehouseId: s.warehouse.id, lines: [{ itemId: s.item.id, quantity: '3' }] }, buyer)
    await submitOrder(order, buyer)
    const number = (await ProcurementOrder.findOrFail(order.id)).number!
    const mail = await captureMail()
    try {
      // No address yet: marked as sent, the buyer is told to send the PDF himself.
      const noAddress = await client.post(`/procurement/orders/${order.id}/send`).loginAs(buyer).withCsrfToken()
      assert.include(noAddress.text(), 'The supplier has no e-mail address')
      assert.lengthOf(mail.capture.messages, 0)

      await db.from('procurement_suppliers').where('id', s.supplier.id).update({ email: 'sales@supplier.example' })
      const sent = await client.post(`/procurement/orders/${order.id}/send`).loginAs(buyer).withCsrfToken()
      assert.include(sent.text(), `${number} was e-mailed to sales@supplier.example with its PDF`)
      assert.lengthOf(mail.capture.messages, 1)
      const message = mail.capture.messages[0]
      assert.deepEqual(message.to, ['sales@supplier.example'])
      assert.include(message.subject, number)
      assert.include(message.raw, 'application/pdf')
      assert.include(message.raw, 'JVBERi0') // "%PDF-" in base64: the printed order itself
      assert.isNotNull((await db.from('procurement_orders').where('id', order.id).first()).sent_at)
    } finally {
      await mail.stop()
    }
  }).timeout(60_000)
})
