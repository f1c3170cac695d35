/*
 * Supplier bills and the 3-way match: quantity against received − returned −
 * billed, price against the order within tolerances; a mismatch holds the
 * bill until an approval flow approves it; posting keeps billed quantities
 * and announces procurement:bill.posted.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { onEvent } from '#services/events'
import { saveFlow } from '#kernel/approvals/flows'
import { decide, pendingInstanceOf } from '#kernel/approvals/engine'
import { createUserWith } from '#tests/helpers/ui_users'
import { makeRole } from '#tests/helpers/approvals'
import { receiveOrder } from '../../services/receipts.js'
import { returnToSupplier } from '../../services/returns.js'
import { makeOrder, makeSupplier, orderLine, trim, makeItem, makeWarehouse } from '../helpers/receiving_fixtures.js'

const BILLER = ['procurement.bill.view', 'procurement.bill.create', 'procurement.bill.post', 'procurement.bill.cancel']
let invoiceSeq = 0

async function receivedGoods(quantity = '100', price = '4') {
  const warehouse = await makeWarehouse()
  const item = await makeItem()
  const supplierId = await makeSupplier({ name: '苏州精密五金有限公司' })
  const order = await makeOrder({ warehouseId: warehouse.id, supplierId, lines: [{ itemId: item, quantity, unitPrice: price }] })
  const user = await createUserWith({ permissions: BILLER })
  const receipt = await receiveOrder({ orderId: order.id, lines: [{ orderLineId: order.lineIds[0], quantity }] }, user)
  const line = await db.from('procurement_receipt_lines').where('receipt_id', receipt.id).first()
  return { warehouse, item, supplierId, order, user, receipt, line }
}

function billForm(supplierId: number, lineId: number, quantity: string, price: string, extra: Record<string, string> = {}) {
  return {
    supplier_id: String(supplierId),
    invoice_number: `INV-${Date.now()}-${++invoiceSeq}`,
    invoice_date: '2026-11-23',
    'lines[0][receipt_line_id]': String(lineId),
    'lines[0][quantity]': quantity,
    'lines[0][unit_price]': price,
    'lines[0][tax_rate]': '13',
    ...extra,
  }
}

async function saveBill(client: any, user: any, body: Record<string, string>) {
  const response = await client.post('/procurement/bills').form(body).withCsrfToken().loginAs(user).redirects(0)
  response.assertStatus(302)
  return db.from('procurement_bills').where('invoice_number', body.invoice_number).firstOrFail()
}

test.group('Receiving | supplier bills', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a matching bill saves with totals, posts on submit, keeps billed quantities and announces itself', async ({ client, assert }) => {
    const { supplierId, order, user, line } = await receivedGoods()
    const bill = await saveBill(client, user, billForm(supplierId, line.id, '100', '4'))
    assert.equal(bill.state, 'draft')
    assert.isFalse(Boolean(bill.has_mismatch))
    assert.equal(trim(bill.subtotal), '400')
    assert.equal(trim(bill.tax_total), '52')
    assert.equal(trim(bill.total), '452')
    const events: any[] = []
    const off = onEvent('procurement:bill.posted', (payload) => {
      events.push(payload)
    })
    const submitted = await client.post(`/procurement/bills/${bill.id}/submit`).withCsrfToken().loginAs(user).redirects(0)
    off()
    submitted.assertStatus(302)
    const after = await db.from('procurement_bills').where('id', bill.id).first()
    assert.equal(after.state, 'posted')
    assert.match(after.number, /^AP-/)
    assert.equal(trim((await db.from('procurement_receipt_lines').where('id', line.id).first()).billed_qty), '100')
    assert.equal(trim((await orderLine(order.lineIds[0])).billed_qty), '100')
    assert.deepEqual(events, [{ billId: bill.id, number: after.number, supplierId, total: '452.00', currency: 'CNY' }])
    const page = await client.get(`/procurement/bills/${bill.id}`).loginAs(user)
    page.assertStatus(200)
    assert.include(page.text(), 'Matched')
  })

  test('price within the tolerance matches; outside it, or more quantity than open, is a mismatch', async ({ client, assert }) => {
    const { supplierId, user, line } = await receivedGoods()
    const close = await saveBill(client, user, billForm(supplierId, line.id, '50', '4.05'))
    assert.isFalse(Boolean(close.has_mismatch))
    const far = await saveBill(client, user, billForm(supplierId, line.id, '50', '4.10'))
    assert.isTrue(Boolean(far.has_mismatch))
    assert.equal(trim(far.mismatch_amount), '5')
    const farLine = await db.from('procurement_bill_lines').where('bill_id', far.id).first()
    assert.isFalse(Boolean(farLine.price_ok))
    assert.isTrue(Boolean(farLine.qty_ok))
    const over = await saveBill(client, user, billForm(supplierId, line.id, '101', '4'))
    assert.isTrue(Boolean(over.has_mismatch))
    const tolerated = await saveBill(client, user, billForm(supplierId, line.id, '101', '4', { qty_tolerance_pct: '2' }))
    assert.isFalse(Boolean(tolerated.has_mismatch))
  })

  test('returned goods are not billable: received 100, returned 10, billing 100 is a mismatch', async ({ client, assert }) => {
    const { supplierId, user, receipt, line } = await receivedGoods()
    await returnToSupplier({ receiptId: receipt.id, expectReplacement: false, lines: [{ receiptLineId: line.id, quantity: '10', source: 'stock' }] }, user)
    const bill = await saveBill(client, user, billForm(supplierId, line.id, '100', '4'))
    assert.isTrue(Boolean(bill.has_mismatch))
    assert.equal(trim(bill.mismatch_amount), '40')
    const ok = await saveBill(client, user, billForm(supplierId, line.id, '90', '4'))
    assert.isFalse(Boolean(ok.has_mismatch))
  })

  test('a mismatched bill without a flow is held: submitting does not post it, nothing is billed', async ({ client, assert }) => {
    const { supplierId, user, line } = await receivedGoods()
    const bill = await saveBill(client, user, billForm(supplierId, line.id, '100', '5'))
    const response = await client.post(`/procurement/bills/${bill.id}/submit`).withCsrfToken().loginAs(user).redirects(0)
    response.assertStatus(302)
    const after = await db.from('procurement_bills').where('id', bill.id).first()
    assert.equal(after.state, 'submitted')
    assert.equal(trim((await db.from('procurement_receipt_lines').where('id', line.id).first()).billed_qty), '0')
    const page = await client.get(`/procurement/bills/${bill.id}`).loginAs(user)
    assert.include(page.text(), 'It is held: it posts only after approval')
    // Back to draft, then cancelled.
    await client.post(`/procurement/bills/${bill.id}/withdraw`).withCsrfToken().loginAs(user).redirects(0)
    assert.equal((await db.from('procurement_bills').where('id', bill.id).first()).state, 'draft')
  })

  test('mismatch → the accountant approves → the bill posts', async ({ client, assert }) => {
    const { supplierId, user, line } = await receivedGoods()
    const accountant = await createUserWith({ permissions: ['procurement.bill.view'] })
    const role = await makeRole([accountant], 'Accountants')
    await saveFlow(
      {
        documentType: 'procurement.bill',
        name: 'Bill mismatch',
        priority: 10,
        isActive: true,
        conditions: { match: 'all', conditions: [{ field: 'has_mismatch', op: 'eq', value: true }] },
        steps: [{ approver: 'role', roleId: role.id, mode: 'any' }],
      },
      null
    )
    const matched = await saveBill(client, user, billForm(supplierId, line.id, '40', '4'))
    await client.post(`/procurement/bills/${matched.id}/submit`).withCsrfToken().loginAs(user).redirects(0)
    assert.equal((await db.from('procurement_bills').where('id', matched.id).first()).state, 'posted')

    const bill = await saveBill(client, user, billForm(supplierId, line.id, '60', '4.5'))
    await client.post(`/procurement/bills/${bill.id}/submit`).withCsrfToken().loginAs(user).redirects(0)
    assert.equal((await db.from('procurement_bills').where('id', bill.id).first()).state, 'submitted')
    const instance = await pendingInstanceOf('procurement.bill', bill.id)
    assert.exists(instance)
    assert.equal(trim((await db.from('procurement_receipt_lines').where('id', line.id).first()).billed_qty), '40')
    await decide(instance!.id, accountant, 'approve', '差价已与供应商确认')
    assert.equal((await db.from('procurement_bills').where('id', bill.id).first()).state, 'posted')
    assert.equal(trim((await db.from('procurement_receipt_lines').where('id', line.id).first()).billed_qty), '100')
  })

  test('bad input: invoice number required and unique per supplier, dates, prices, another supplier’s receipt', async ({ client, assert }) => {
    const { supplierId, user, line } = await receivedGoods()
    const post = (body: Record<string, string>) => client.post('/procurement/bills').header('HX-Request', 'true').form(body).withCsrfToken().loginAs(user)
    const first = billForm(supplierId, line.id, '10', '4')
    await saveBill(client, user, first)
    const duplicate = await post({ ...billForm(supplierId, line.id, '10', '4'), invoice_number: first.invoice_number })
    duplicate.assertStatus(422)
    assert.include(duplicate.text(), `Invoice ${first.invoice_number} of this supplier was already entered`)
    const noNumber = await post({ ...billForm(supplierId, line.id, '10', '4'), invoice_number: '' })
    assert.include(noNumber.text(), 'Enter the invoice number')
    const badDate = await post({ ...billForm(supplierId, line.id, '10', '4'), invoice_date: '23/11/2026' })
    assert.include(badDate.text(), 'YYYY-MM-DD')
    const negative = await post(billForm(supplierId, line.id, '10', '-4'))
    negative.assertStatus(422)
    assert.include(negative.text(), 'error-field-lines-0-unit_price')
    const zero = await post(billForm(supplierId, line.id, '-1', '4'))
    assert.include(zero.text(), 'error-field-lines-0-quantity')
    const otherSupplier = await makeSupplier()
    const other = await post(billForm(otherSupplier, line.id, '10', '4'))
    other.assertStatus(422)
    assert.include(other.text(), 'is not from')
    // The same invoice number at another supplier is fine.
    const otherGoods = await receivedGoods('5')
    const reused = await saveBill(client, otherGoods.user, { ...billForm(otherGoods.supplierId, otherGoods.line.id, '5', '4'), invoice_number: first.invoice_number })
    assert.equal(reused.invoice_number, first.invoice_number)
    assert.equal((await db.from('procurement_bills').where('supplier_id', supplierId).count('* as n').first()).n, 1)
  })

  test('a second bill for quantities billed meanwhile is refused at posting; cancelling a posted bill frees them', async ({ client, assert }) => {
    const { supplierId, user, line } = await receivedGoods('10')
    const a = await saveBill(client, user, billForm(supplierId, line.id, '10', '4'))
    const b = await saveBill(client, user, billForm(supplierId, line.id, '10', '4'))
    await client.post(`/procurement/bills/${a.id}/submit`).withCsrfToken().loginAs(user).redirects(0)
    const refused = await client.post(`/procurement/bills/${b.id}/submit`).header('HX-Request', 'true').withCsrfToken().loginAs(user)
    refused.assertStatus(422)
    assert.include(refused.text(), 'is no longer open for billing')
    assert.equal((await db.from('procurement_bills').where('id', b.id).first()).state, 'draft')
    await client.post(`/procurement/bills/${a.id}/cancel`).withCsrfToken().loginAs(user).redirects(0)
    assert.equal(trim((await db.from('procurement_receipt_lines').where('id', line.id).first()).billed_qty), '0')
    await client.post(`/procurement/bills/${b.id}/submit`).withCsrfToken().loginAs(user).redirects(0)
    assert.equal((await db.from('procurement_bills').where('id', b.id).first()).state, 'posted')
  })

  test('the bill pages: list with mismatch filter, the new-bill form lists open receipt lines at the order price', async ({ client, assert }) => {
    const { supplierId, user, line, receipt } = await receivedGoods()
    const form = await client.get(`/procurement/bills/create?supplier=${supplierId}`).loginAs(user)
    form.assertStatus(200)
    assert.include(form.text(), receipt.number!)
    assert.match(form.text(), /name="lines\[0\]\[unit_price\]"[^>]*value="4"/)
    const bill = await saveBill(client, user, billForm(supplierId, line.id, '100', '5'))
    const list = await client.get('/procurement/bills?mismatch=yes').header('HX-Request', 'true').loginAs(user)
    assert.include(list.text(), bill.invoice_number)
    const csv = await client.get('/procurement/bills/export').loginAs(user)
    csv.assertStatus(200)
    assert.include(csv.text(), bill.invoice_number)
  })
})
