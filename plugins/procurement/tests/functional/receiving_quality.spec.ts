/*
 * Incoming inspection and returns to supplier: goods needing IQC wait in
 * quarantine; accepted ones move to stock, rejected ones stay until
 * returned; returns never exceed what was received, credit the order or
 * expect replacements; cancelling reverses both.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { createUserWith } from '#tests/helpers/ui_users'
import { receiveOrder } from '../../services/receipts.js'
import { makeOrder, orderLine, onHand, onOrder, trim, makeItem, makeWarehouse } from '../helpers/receiving_fixtures.js'

const PERMISSIONS = [
  'procurement.receipt.view', 'procurement.receipt.create', 'procurement.inspection.view', 'procurement.inspection.perform',
  'procurement.return.view', 'procurement.return.create', 'procurement.return.cancel',
]

async function received(options: { inspection: boolean; quantity?: string }) {
  const warehouse = await makeWarehouse()
  const item = await makeItem({ requiresInspection: options.inspection, standardCost: '3' })
  const order = await makeOrder({ warehouseId: warehouse.id, lines: [{ itemId: item, quantity: options.quantity ?? '100', unitPrice: '4' }] })
  const user = await createUserWith({ permissions: PERMISSIONS })
  const receipt = await receiveOrder({ orderId: order.id, lines: [{ orderLineId: order.lineIds[0], quantity: options.quantity ?? '100' }] }, user)
  const line = await db.from('procurement_receipt_lines').where('receipt_id', receipt.id).first()
  return { warehouse, item, order, user, receipt, line }
}

function inspect(client: any, user: any, lineId: number, values: Record<string, string>) {
  return client.post(`/procurement/receipt-lines/${lineId}/inspect`).form(values).withCsrfToken().loginAs(user).redirects(0)
}

function returnForm(receiptId: number, lineId: number, quantity: string, source: 'quarantine' | 'stock', extra: Record<string, string> = {}) {
  return { receipt_id: String(receiptId), reason: '外观划伤', 'lines[0][receipt_line_id]': String(lineId), 'lines[0][quantity]': quantity, 'lines[0][source]': source, ...extra }
}

test.group('Receiving | IQC and returns', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('goods needing inspection wait in quarantine; the receipt page offers the IQC form', async ({ client, assert }) => {
    const { warehouse, item, user, receipt, line } = await received({ inspection: true })
    assert.equal(line.inspection_status, 'pending')
    assert.equal(await onHand(item, warehouse.quarantineId), '100')
    assert.equal(await onHand(item, warehouse.stockId), '0')
    const page = await client.get(`/procurement/receipts/${receipt.id}`).loginAs(user)
    page.assertStatus(200)
    assert.include(page.text(), 'Waiting for IQC')
    assert.include(page.text(), `/procurement/receipt-lines/${line.id}/inspect`)
    const worklist = await client.get('/procurement/inspections').loginAs(user)
    assert.include(worklist.text(), receipt.number!)
  })

  test('IQC: accepted move quarantine → stock, rejected stay in quarantine with the reason; the order line counts them', async ({ client, assert }) => {
    const { warehouse, item, order, user, line } = await received({ inspection: true })
    const response = await inspect(client, user, line.id, { inspected_qty: '100', accepted_qty: '92', rejected_qty: '8', reason_code: 'dimension' })
    response.assertStatus(302)
    assert.equal(await onHand(item, warehouse.stockId), '92')
    assert.equal(await onHand(item, warehouse.quarantineId), '8')
    const after = await db.from('procurement_receipt_lines').where('id', line.id).first()
    assert.equal(after.inspection_status, 'done')
    assert.equal(trim(after.accepted_qty), '92')
    assert.equal(trim(after.rejected_qty), '8')
    assert.equal(trim((await orderLine(order.lineIds[0])).rejected_qty), '8')
    const inspection = await db.from('procurement_inspections').where('receipt_line_id', line.id).first()
    assert.equal(inspection.state, 'posted')
    assert.equal(inspection.reason_code, 'dimension')
    assert.match(inspection.number, /^IQC-/)
  })

  test('IQC in two parts; accepted + rejected must equal inspected; a reason is needed for rejects', async ({ client, assert }) => {
    const { warehouse, item, user, line } = await received({ inspection: true })
    const mismatch = await inspect(client, user, line.id, { inspected_qty: '50', accepted_qty: '45', rejected_qty: '4', reason_code: 'appearance' })
    mismatch.assertStatus(302)
    assert.equal((await db.from('procurement_inspections').where('receipt_line_id', line.id).count('* as n').first()).n, 0)
    const noReason = await client.post(`/procurement/receipt-lines/${line.id}/inspect`).accept('json').form({ inspected_qty: '50', accepted_qty: '45', rejected_qty: '5' }).withCsrfToken().loginAs(user)
    noReason.assertStatus(422)
    assert.equal(noReason.body().errors[0].field, 'reason_code')
    const otherNoText = await client.post(`/procurement/receipt-lines/${line.id}/inspect`).accept('json').form({ inspected_qty: '50', accepted_qty: '45', rejected_qty: '5', reason_code: 'other' }).withCsrfToken().loginAs(user)
    assert.equal(otherNoText.body().errors[0].field, 'reason_text')
    const sum = await client.post(`/procurement/receipt-lines/${line.id}/inspect`).accept('json').form({ inspected_qty: '50', accepted_qty: '45', rejected_qty: '4', reason_code: 'short' }).withCsrfToken().loginAs(user)
    assert.equal(sum.body().errors[0].field, 'rejected_qty')
    assert.include(sum.body().errors[0].message, 'Accepted + rejected must equal the inspected quantity (50)')

    await inspect(client, user, line.id, { inspected_qty: '50', accepted_qty: '50', rejected_qty: '0' })
    assert.equal((await db.from('procurement_receipt_lines').where('id', line.id).first()).inspection_status, 'partial')
    const tooMuch = await client.post(`/procurement/receipt-lines/${line.id}/inspect`).accept('json').form({ inspected_qty: '51', accepted_qty: '51', rejected_qty: '0' }).withCsrfToken().loginAs(user)
    assert.equal(tooMuch.body().errors[0].field, 'inspected_qty')
    await inspect(client, user, line.id, { inspected_qty: '50', accepted_qty: '47', rejected_qty: '3', reason_code: 'other', reason_text: '包装破损' })
    assert.equal(await onHand(item, warehouse.stockId), '97')
    assert.equal(await onHand(item, warehouse.quarantineId), '3')
    assert.equal((await db.from('procurement_receipt_lines').where('id', line.id).first()).inspection_status, 'done')
  })

  test('returning rejected goods from quarantine at the receipt cost, credit: the order is reduced', async ({ client, assert }) => {
    const { warehouse, item, order, user, receipt, line } = await received({ inspection: true })
    await inspect(client, user, line.id, { inspected_qty: '100', accepted_qty: '90', rejected_qty: '10', reason_code: 'performance' })
    const page = await client.get(`/procurement/returns/new/${receipt.id}`).loginAs(user)
    page.assertStatus(200)
    const response = await client.post('/procurement/returns').form(returnForm(receipt.id, line.id, '10', 'quarantine')).withCsrfToken().loginAs(user).redirects(0)
    response.assertStatus(302)
    const doc = await db.from('procurement_returns').where('receipt_id', receipt.id).firstOrFail()
    assert.equal(doc.state, 'posted')
    assert.equal(trim(doc.total_value), '40')
    assert.equal(await onHand(item, warehouse.quarantineId), '0')
    assert.equal(await onHand(item, warehouse.stockId), '90')
    const credited = await orderLine(order.lineIds[0])
    assert.equal(trim(credited.returned_qty), '10')
    assert.equal(trim(credited.quantity), '90')
    assert.equal(trim(credited.amount), '360')
    assert.equal(await onOrder(item, warehouse.id), '0')
    assert.equal((await db.from('procurement_orders').where('id', order.id).first()).receipt_status, 'received')
    // Cancelling the return restores the order and puts the goods back into quarantine.
    await client.post(`/procurement/returns/${doc.id}/cancel`).withCsrfToken().loginAs(user).redirects(0)
    assert.equal(trim((await orderLine(order.lineIds[0])).quantity), '100')
    assert.equal(await onHand(item, warehouse.quarantineId), '10')
    assert.equal(await onOrder(item, warehouse.id), '0')
    const show = await client.get(`/procurement/returns/${doc.id}`).loginAs(user)
    show.assertStatus(200)
    assert.include(show.text(), doc.number)
  })

  test('a return expecting replacements re-opens on-order; cancelling it restores everything', async ({ client, assert }) => {
    const { warehouse, item, order, user, receipt, line } = await received({ inspection: false })
    await client.post('/procurement/returns').form(returnForm(receipt.id, line.id, '6', 'stock', { expect_replacement: 'on' })).withCsrfToken().loginAs(user).redirects(0)
    assert.equal(await onHand(item, warehouse.stockId), '94')
    assert.equal(await onOrder(item, warehouse.id), '6')
    assert.equal((await db.from('procurement_orders').where('id', order.id).first()).receipt_status, 'partially_received')
    // The replacement can now be received.
    const replacement = await receiveOrder({ orderId: order.id, lines: [{ orderLineId: order.lineIds[0], quantity: '6' }] }, user)
    assert.equal(replacement.state, 'posted')
    assert.equal(await onOrder(item, warehouse.id), '0')

    const doc = await db.from('procurement_returns').where('receipt_id', receipt.id).firstOrFail()
    const cancelled = await client.post(`/procurement/returns/${doc.id}/cancel`).withCsrfToken().loginAs(user).redirects(0)
    cancelled.assertStatus(302)
    assert.equal(await onHand(item, warehouse.stockId), '106')
    assert.equal(trim((await db.from('procurement_receipt_lines').where('id', line.id).first()).returned_qty), '0')
  })

  test('returning more than received is refused, also across returns; more than is in quarantine too', async ({ client, assert }) => {
    const { user, receipt, line } = await received({ inspection: false, quantity: '10' })
    const over = await client.post('/procurement/returns').header('HX-Request', 'true').form(returnForm(receipt.id, line.id, '11', 'stock')).withCsrfToken().loginAs(user)
    over.assertStatus(422)
    assert.include(over.text(), 'Returning more than received: 10 EA of')
    assert.include(over.text(), 'error-field-lines-0-quantity')
    await client.post('/procurement/returns').form(returnForm(receipt.id, line.id, '7', 'stock')).withCsrfToken().loginAs(user).redirects(0)
    const again = await client.post('/procurement/returns').header('HX-Request', 'true').form(returnForm(receipt.id, line.id, '4', 'stock')).withCsrfToken().loginAs(user)
    again.assertStatus(422)
    assert.include(again.text(), '7 EA already returned')
    const quarantine = await client.post('/procurement/returns').header('HX-Request', 'true').form(returnForm(receipt.id, line.id, '1', 'quarantine')).withCsrfToken().loginAs(user)
    quarantine.assertStatus(422)
    assert.include(quarantine.text(), 'return it from stock')
    assert.equal((await db.from('procurement_returns').where('receipt_id', receipt.id).count('* as n').first()).n, 1)
  })

  test('cancelling an inspection moves accepted goods back to quarantine; refused once rejects were returned', async ({ client, assert }) => {
    const { warehouse, item, user, receipt, line } = await received({ inspection: true, quantity: '20' })
    await inspect(client, user, line.id, { inspected_qty: '20', accepted_qty: '15', rejected_qty: '5', reason_code: 'appearance' })
    const inspection = await db.from('procurement_inspections').where('receipt_line_id', line.id).first()
    await client.post(`/procurement/inspections/${inspection.id}/cancel`).withCsrfToken().loginAs(user).redirects(0)
    assert.equal(await onHand(item, warehouse.quarantineId), '20')
    assert.equal(await onHand(item, warehouse.stockId), '0')
    assert.equal((await db.from('procurement_receipt_lines').where('id', line.id).first()).inspection_status, 'pending')

    await inspect(client, user, line.id, { inspected_qty: '20', accepted_qty: '15', rejected_qty: '5', reason_code: 'appearance' })
    await client.post('/procurement/returns').form(returnForm(receipt.id, line.id, '5', 'quarantine')).withCsrfToken().loginAs(user).redirects(0)
    const second = await db.from('procurement_inspections').where('receipt_line_id', line.id).where('state', 'posted').first()
    const refused = await client.post(`/procurement/inspections/${second.id}/cancel`).header('HX-Request', 'true').withCsrfToken().loginAs(user)
    refused.assertStatus(422)
    assert.include(refused.text(), 'cannot be cancelled')
    // And the receipt itself cannot be cancelled any more.
    const receiptCancel = await client.post(`/procurement/receipts/${receipt.id}/cancel`).header('HX-Request', 'true').withCsrfToken().loginAs(await createUserWith({ permissions: ['procurement.receipt.cancel'] }))
    receiptCancel.assertStatus(422)
    assert.include(receiptCancel.text(), 'already inspected, returned or billed')
  })

  test('the return prints as a PDF-ready page', async ({ client, assert }) => {
    const { user, receipt, line } = await received({ inspection: false, quantity: '5' })
    await client.post('/procurement/returns').form(returnForm(receipt.id, line.id, '2', 'stock')).withCsrfToken().loginAs(user).redirects(0)
    const doc = await db.from('procurement_returns').where('receipt_id', receipt.id).firstOrFail()
    const html = await client.get(`/print/procurement.return/${doc.id}.html`).loginAs(user)
    html.assertStatus(200)
    assert.include(html.text(), doc.number)
    assert.include(html.text(), 'Return to supplier')
  })
})
