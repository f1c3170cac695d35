/*
 * Receipts against purchase orders: stock moves and balances, on-order,
 * partial receipts, over-receipt tolerance, the warehouse of the target
 * location, packing units, barcode scanning, bad input, cancelling.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { onEvent } from '#services/events'
import { createUserWith } from '#tests/helpers/ui_users'
import { makeOrder, orderLine, onHand, onOrder, trim, makeItem, makeWarehouse, makeLocation } from '../helpers/receiving_fixtures.js'

const RECEIVER = ['procurement.receipt.view', 'procurement.receipt.create', 'procurement.receipt.cancel']

function form(orderId: number, lines: Array<{ id: number; quantity: string; lot?: string; location?: number }>) {
  const body: Record<string, string> = { order_id: String(orderId), receipt_date: '2026-11-23', delivery_note: 'DN-001' }
  lines.forEach((line, index) => {
    body[`lines[${index}][order_line_id]`] = String(line.id)
    body[`lines[${index}][quantity]`] = line.quantity
    if (line.lot) body[`lines[${index}][lot_code]`] = line.lot
    if (line.location) body[`lines[${index}][location_id]`] = String(line.location)
  })
  return body
}

async function setup(options: { quantity?: string; overReceiptPct?: string; inspection?: boolean; lot?: boolean } = {}) {
  const warehouse = await makeWarehouse()
  const item = await makeItem({ requiresInspection: options.inspection ?? false, lotTracked: options.lot ?? false, barcode: `69${Date.now()}${Math.floor(Math.random() * 1000)}`, conversions: { BOX: '12' } })
  const order = await makeOrder({ warehouseId: warehouse.id, overReceiptPct: options.overReceiptPct, lines: [{ itemId: item, quantity: options.quantity ?? '10', unitPrice: '2.50' }] })
  const user = await createUserWith({ permissions: RECEIVER })
  return { warehouse, item, order, user }
}

test.group('Receiving | receipts', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a full receipt posts supplier → stock at the order price, fills the line and clears on-order', async ({ client, assert }) => {
    const { warehouse, item, order, user } = await setup()
    const posted: any[] = []
    const off = onEvent('procurement:receipt.posted', (payload) => {
      posted.push(payload)
    })
    const response = await client.post('/procurement/receipts').form(form(order.id, [{ id: order.lineIds[0], quantity: '10' }])).withCsrfToken().loginAs(user).redirects(0)
    off()
    response.assertStatus(302)
    const receipt = await db.from('procurement_receipts').where('order_id', order.id).firstOrFail()
    assert.equal(receipt.state, 'posted')
    assert.match(receipt.number, /^GR-\d{4}-\d{5}$/)
    assert.equal(trim(receipt.total_value), '25')
    assert.equal(await onHand(item, warehouse.stockId), '10')
    assert.equal(await onOrder(item, warehouse.id), '0')
    const line = await orderLine(order.lineIds[0])
    assert.equal(trim(line.received_qty), '10')
    const po = await db.from('procurement_orders').where('id', order.id).first()
    assert.equal(po.receipt_status, 'received')
    const receiptLine = await db.from('procurement_receipt_lines').where('receipt_id', receipt.id).first()
    assert.equal(trim(receiptLine.unit_cost), '2.5')
    assert.equal(receiptLine.inspection_status, 'none')
    assert.equal(posted.length, 1)
    assert.equal(posted[0].number, receipt.number)
    assert.equal(posted[0].value, '25.00')
  })

  test('partial receipts: on-order keeps the rest until the order is complete', async ({ client, assert }) => {
    const { warehouse, item, order, user } = await setup()
    await client.post('/procurement/receipts').form(form(order.id, [{ id: order.lineIds[0], quantity: '4' }])).withCsrfToken().loginAs(user).redirects(0)
    assert.equal(await onHand(item, warehouse.stockId), '4')
    assert.equal(await onOrder(item, warehouse.id), '6')
    assert.equal((await db.from('procurement_orders').where('id', order.id).first()).receipt_status, 'partially_received')
    await client.post('/procurement/receipts').form(form(order.id, [{ id: order.lineIds[0], quantity: '6' }])).withCsrfToken().loginAs(user).redirects(0)
    assert.equal(await onHand(item, warehouse.stockId), '10')
    assert.equal(await onOrder(item, warehouse.id), '0')
    assert.equal((await db.from('procurement_orders').where('id', order.id).first()).receipt_status, 'received')
    assert.equal((await db.from('procurement_receipts').where('order_id', order.id).count('* as n').first()).n, 2)
  })

  test('over-receipt within the tolerance is accepted, beyond it refused naming line, open quantity and tolerance', async ({ client, assert }) => {
    const { warehouse, item, order, user } = await setup({ overReceiptPct: '5', quantity: '100' })
    const refused = await client
      .post('/procurement/receipts')
      .header('HX-Request', 'true')
      .form(form(order.id, [{ id: order.lineIds[0], quantity: '106' }]))
      .withCsrfToken()
      .loginAs(user)
    refused.assertStatus(422)
    assert.include(refused.text(), 'Line 1')
    assert.include(refused.text(), 'only 100 EA are open and the tolerance is 5%, so at most 105 EA')
    assert.equal((await db.from('procurement_receipts').where('order_id', order.id).count('* as n').first()).n, 0)
    assert.equal(trim((await orderLine(order.lineIds[0])).received_qty), '0')

    const accepted = await client.post('/procurement/receipts').form(form(order.id, [{ id: order.lineIds[0], quantity: '105' }])).withCsrfToken().loginAs(user).redirects(0)
    accepted.assertStatus(302)
    assert.equal(await onHand(item, warehouse.stockId), '105')
    assert.equal(await onOrder(item, warehouse.id), '0')
  })

  test('a location of another warehouse is refused on the line’s location field', async ({ client, assert }) => {
    const { order, user } = await setup()
    const other = await makeWarehouse()
    const response = await client
      .post('/procurement/receipts')
      .header('HX-Request', 'true')
      .form(form(order.id, [{ id: order.lineIds[0], quantity: '5', location: other.stockId }]))
      .withCsrfToken()
      .loginAs(user)
    response.assertStatus(422)
    assert.include(response.text(), `is not a stock location of warehouse`)
    assert.include(response.text(), 'error-field-lines-0-location_id')
    assert.equal((await db.from('procurement_receipts').where('order_id', order.id).count('* as n').first()).n, 0)
  })

  test('another bin of the order’s warehouse receives the goods', async ({ client, assert }) => {
    const { warehouse, item, order, user } = await setup()
    const bin = await makeLocation(warehouse, 'A-01')
    await client.post('/procurement/receipts').form(form(order.id, [{ id: order.lineIds[0], quantity: '3', location: bin }])).withCsrfToken().loginAs(user).redirects(0)
    assert.equal(await onHand(item, bin), '3')
    assert.equal(await onHand(item, warehouse.stockId), '0')
  })

  test('bad quantities are refused with a message on the field and nothing written', async ({ client, assert }) => {
    const { order, user } = await setup()
    const cases: Array<[string, string]> = [
      ['-2', 'greater than zero'],
      ['abc', ''],
      ['1.5', ''],
    ]
    for (const [quantity] of cases) {
      const response = await client
        .post('/procurement/receipts')
        .header('HX-Request', 'true')
        .form(form(order.id, [{ id: order.lineIds[0], quantity }]))
        .withCsrfToken()
        .loginAs(user)
      response.assertStatus(422)
      assert.include(response.text(), 'error-field-lines-0-quantity', `quantity ${quantity}`)
    }
    const nothing = await client.post('/procurement/receipts').header('HX-Request', 'true').form(form(order.id, [{ id: order.lineIds[0], quantity: '0' }])).withCsrfToken().loginAs(user)
    nothing.assertStatus(422)
    assert.include(nothing.text(), 'Enter a quantity on at least one line')
    assert.equal((await db.from('procurement_receipts').where('order_id', order.id).count('* as n').first()).n, 0)
  })

  test('a lot-tracked item needs a lot number; the lot is created on receipt', async ({ client, assert }) => {
    const { warehouse, item, order, user } = await setup({ lot: true })
    const missing = await client.post('/procurement/receipts').header('HX-Request', 'true').form(form(order.id, [{ id: order.lineIds[0], quantity: '5' }])).withCsrfToken().loginAs(user)
    missing.assertStatus(422)
    assert.include(missing.text(), 'is lot-tracked: enter the lot number')
    await client.post('/procurement/receipts').form(form(order.id, [{ id: order.lineIds[0], quantity: '5', lot: 'L20261123' }])).withCsrfToken().loginAs(user).redirects(0)
    const line = await db.from('procurement_receipt_lines as l').join('procurement_receipts as r', 'r.id', 'l.receipt_id').where('r.order_id', order.id).select('l.*').first()
    assert.isNotNull(line.lot_id)
    assert.equal(await onHand(item, warehouse.stockId), '5')
  })

  test('an order in boxes receives base units (2 BOX = 24 EA) at the base-unit cost', async ({ client, assert }) => {
    const warehouse = await makeWarehouse()
    const item = await makeItem({ conversions: { BOX: '12' } })
    const order = await makeOrder({ warehouseId: warehouse.id, lines: [{ itemId: item, quantity: '5', unit: 'BOX', factor: '12', unitPrice: '30' }] })
    const user = await createUserWith({ permissions: RECEIVER })
    await client.post('/procurement/receipts').form(form(order.id, [{ id: order.lineIds[0], quantity: '2' }])).withCsrfToken().loginAs(user).redirects(0)
    assert.equal(await onHand(item, warehouse.stockId), '24')
    const line = await db.from('procurement_receipt_lines').where('order_line_id', order.lineIds[0]).first()
    assert.equal(trim(line.unit_cost), '2.5')
    assert.equal(trim(line.quantity), '2')
    assert.equal(trim((await orderLine(order.lineIds[0])).received_qty), '24')
    assert.equal(await onOrder(item, warehouse.id), '36')
  })

  test('scanning: a barcode raises its line, a packing-unit barcode by its factor, an unknown code says so', async ({ client, assert }) => {
    const warehouse = await makeWarehouse()
    const item = await makeItem({ barcode: `690${Date.now()}`, conversions: { BOX: '12' } })
    const boxCode = `691${Date.now()}`
    await db.table('inventory_item_barcodes').insert({ item_id: item, barcode: boxCode, unit_id: (await db.from('inventory_units').where('code', 'BOX').first()).id })
    const itemCode = (await db.from('inventory_item_barcodes').where('item_id', item).whereNull('unit_id').first()).barcode
    const order = await makeOrder({ warehouseId: warehouse.id, lines: [{ itemId: item, quantity: '30', unitPrice: '1' }] })
    const user = await createUserWith({ permissions: RECEIVER })
    const scan = (code: string, quantity: string) =>
      client
        .post('/procurement/receipts/scan')
        .header('HX-Request', 'true')
        .form({ ...form(order.id, [{ id: order.lineIds[0], quantity }]), scan: code })
        .withCsrfToken()
        .loginAs(user)
    const one = await scan(itemCode, '0')
    one.assertStatus(200)
    assert.match(one.text(), /name="lines\[0\]\[quantity\]"[^>]*value="1"/)
    const box = await scan(boxCode, '1')
    assert.match(box.text(), /name="lines\[0\]\[quantity\]"[^>]*value="13"/)
    assert.include(box.text(), '+12 EA')
    const unknown = await scan('NOPE-404', '13')
    assert.include(unknown.text(), 'No item has the barcode NOPE-404')
    assert.match(unknown.text(), /name="lines\[0\]\[quantity\]"[^>]*value="13"/)
  })

  test('the receive page lists the open lines pre-filled; the list shows the receipt', async ({ client, assert }) => {
    const { order, user } = await setup()
    const page = await client.get(`/procurement/receipts/new/${order.id}`).loginAs(user)
    page.assertStatus(200)
    assert.match(page.text(), /name="lines\[0\]\[quantity\]"[^>]*value="10"/)
    await client.post('/procurement/receipts').form(form(order.id, [{ id: order.lineIds[0], quantity: '10' }])).withCsrfToken().loginAs(user).redirects(0)
    const receipt = await db.from('procurement_receipts').where('order_id', order.id).firstOrFail()
    const list = await client.get(`/procurement/receipts?q=${receipt.number}`).loginAs(user)
    assert.include(list.text(), receipt.number)
    const show = await client.get(`/procurement/receipts/${receipt.id}`).loginAs(user)
    show.assertStatus(200)
    assert.include(show.text(), order.number)
    const csv = await client.get(`/procurement/receipts/export?q=${receipt.number}`).loginAs(user)
    csv.assertStatus(200)
    assert.include(csv.text(), receipt.number)
  })

  test('cancelling a receipt reverses stock and re-opens the order; refused once the stock was used', async ({ client, assert }) => {
    const { warehouse, item, order, user } = await setup()
    await client.post('/procurement/receipts').form(form(order.id, [{ id: order.lineIds[0], quantity: '10' }])).withCsrfToken().loginAs(user).redirects(0)
    const receipt = await db.from('procurement_receipts').where('order_id', order.id).firstOrFail()
    const cancelled = await client.post(`/procurement/receipts/${receipt.id}/cancel`).withCsrfToken().loginAs(user).redirects(0)
    cancelled.assertStatus(302)
    assert.equal((await db.from('procurement_receipts').where('id', receipt.id).first()).state, 'cancelled')
    assert.equal(await onHand(item, warehouse.stockId), '0')
    assert.equal(await onOrder(item, warehouse.id), '10')
    assert.equal(trim((await orderLine(order.lineIds[0])).received_qty), '0')
    assert.equal((await db.from('procurement_orders').where('id', order.id).first()).receipt_status, 'open')

    // Receive again, move the goods away with another document, then cancelling is refused by the ledger.
    await client.post('/procurement/receipts').form(form(order.id, [{ id: order.lineIds[0], quantity: '10' }])).withCsrfToken().loginAs(user).redirects(0)
    const second = await db.from('procurement_receipts').where('order_id', order.id).where('state', 'posted').firstOrFail()
    const { postMoves, virtualLocation } = await import('#plugins/inventory/api')
    await db.transaction(async (trx) => {
      await postMoves(trx, [{ itemId: item, fromLocationId: warehouse.stockId, toLocationId: await virtualLocation('customer', trx), quantity: '8', documentType: 'test.issue', documentId: 1 }])
    })
    const refused = await client.post(`/procurement/receipts/${second.id}/cancel`).header('HX-Request', 'true').withCsrfToken().loginAs(user)
    refused.assertStatus(422)
    assert.equal((await db.from('procurement_receipts').where('id', second.id).first()).state, 'posted')
    assert.equal(await onHand(item, warehouse.stockId), '2')
  })

  test('an unconfirmed order cannot be received', async ({ client, assert }) => {
    const warehouse = await makeWarehouse()
    const item = await makeItem()
    const order = await makeOrder({ warehouseId: warehouse.id, state: 'draft', lines: [{ itemId: item, quantity: '1', unitPrice: '1' }] })
    const user = await createUserWith({ permissions: RECEIVER })
    const response = await client.post('/procurement/receipts').header('HX-Request', 'true').form(form(order.id, [{ id: order.lineIds[0], quantity: '1' }])).withCsrfToken().loginAs(user)
    response.assertStatus(422)
    assert.include(response.text(), 'cannot be received')
  })
})
