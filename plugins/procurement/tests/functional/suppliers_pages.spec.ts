/*
 * Supplier pages: create with validation (unique code, e-mail, bank account
 * digits), list filters and export, detail tabs with contacts,
 * qualifications (expiry badges) and price agreements (breaks), score job.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { userWith } from '#tests/helpers/plugins'
import { scoreSuppliers, notifyExpiringQualifications } from '../../services/scores.js'
import { createOrder, submitOrder } from '../../services/orders.js'
import { recomputeOrderProgress } from '../../services/order_progress.js'
import { makeAgreement, makeItem, makeSupplier, makeWarehouse, money, qty, uniqueCode } from '../helpers/buying_fixtures.js'

const MANAGER = ['procurement.supplier.view', 'procurement.supplier.create', 'procurement.supplier.edit']

test.group('Supplier pages', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.timeout(90_000)

  test('create a supplier; bad input is refused on its field in the user language', async ({ client, assert }) => {
    const user = await userWith(MANAGER)
    const code = uniqueCode('S')
    const created = await client.post('/procurement/suppliers').loginAs(user)
      .form({ code, name: '东莞市恒达电子有限公司', email: 'sales@hengda.example.cn', bank_account: '6222 0210 0112 3456 789', tax_number: '91441900MA4W1234XY', payment_terms_days: '60' })
      .withCsrfToken().redirects(0)
    created.assertStatus(302)
    const row = await db.from('procurement_suppliers').where('code', code).firstOrFail()
    assert.equal(row.bank_account, '6222021001123456789')
    assert.equal(Number(row.payment_terms_days), 60)
    assert.isTrue(Boolean(row.active))
    assert.exists(await db.from('audit_log').where({ record_type: 'procurement.supplier', record_id: String(row.id), action: 'create' }).first())

    const send = (form: Record<string, any>, locale = 'en') => client.post('/procurement/suppliers').loginAs(user).header('HX-Request', 'true').header('Accept-Language', locale).form(form).withCsrfToken()
    const taken = await send({ code, name: 'Copy' })
    taken.assertStatus(422)
    assert.include(taken.text(), `The code ${code} is already used by another supplier`)
    const email = await send({ code: uniqueCode('S'), name: 'X', email: 'not-an-email' })
    email.assertStatus(422)
    assert.include(email.text(), 'data-test="error-email"')
    const bank = await send({ code: uniqueCode('S'), name: 'X', bank_account: '62-22-AB' })
    bank.assertStatus(422)
    assert.include(bank.text(), 'data-test="error-bank_account"')
    const zh = await userWith(MANAGER, 'zh-CN')
    const nameless = await client.post('/procurement/suppliers').loginAs(zh).header('HX-Request', 'true').form({ code: uniqueCode('S') }).withCsrfToken()
    nameless.assertStatus(422)
    assert.include(nameless.text(), '名称')
    assert.lengthOf(await db.from('procurement_suppliers').where('name', 'X'), 0)
  })

  test('list filters by grade and exports; detail shows expiry badges and agreements with breaks', async ({ client, assert }) => {
    const user = await userWith(MANAGER)
    const a = await makeSupplier({ grade: 'A', name: '上海甲级供应商' })
    await makeSupplier({ grade: 'C', name: '杭州丙级供应商' })
    const list = await client.get('/procurement/suppliers?grade=A').loginAs(user).header('HX-Request', 'true')
    list.assertStatus(200)
    assert.include(list.text(), '上海甲级供应商')
    assert.notInclude(list.text(), '杭州丙级供应商')
    const csv = await client.get('/procurement/suppliers/export?grade=C').loginAs(user)
    csv.assertStatus(200)
    assert.include(csv.text(), '杭州丙级供应商')
    assert.notInclude(csv.text(), '上海甲级供应商')

    const soon = DateTime.now().plus({ days: 10 }).toISODate()!
    const past = DateTime.now().minus({ days: 1 }).toISODate()!
    ;(await client.post(`/procurement/suppliers/${a.id}/qualifications`).loginAs(user).form({ name: 'ISO 9001', expires_on: soon }).withCsrfToken().redirects(0)).assertStatus(302)
    ;(await client.post(`/procurement/suppliers/${a.id}/qualifications`).loginAs(user).form({ name: '营业执照', expires_on: past }).withCsrfToken().redirects(0)).assertStatus(302)
    const backwards = await client.post(`/procurement/suppliers/${a.id}/qualifications`).loginAs(user).header('HX-Request', 'true').form({ name: 'IATF', valid_from: soon, expires_on: past }).withCsrfToken()
    backwards.assertStatus(422)
    ;(await client.post(`/procurement/suppliers/${a.id}/contacts`).loginAs(user).form({ name: '王经理', phone: '0512-6688 1234', is_primary: 'on' }).withCsrfToken().redirects(0)).assertStatus(302)
    const item = await makeItem()
    const agreement = await client.post(`/procurement/suppliers/${a.id}/agreements`).loginAs(user)
      .form({ item_code: item.code, unit_price: '12.80', min_order_qty: '50', lead_time_days: '14', breaks: '100:12.00, 500：11.50' }).withCsrfToken().redirects(0)
    agreement.assertStatus(302)
    const badBreaks = await client.post(`/procurement/suppliers/${a.id}/agreements`).loginAs(user).header('HX-Request', 'true')
      .form({ item_code: item.code, unit_price: '12.80', breaks: '100-12' }).withCsrfToken()
    badBreaks.assertStatus(422)
    assert.include(badBreaks.text(), 'data-test="error-breaks"')
    const stored = await db.from('procurement_price_agreements').where('supplier_id', a.id).firstOrFail()
    assert.equal(qty(stored.min_order_qty), '50')
    const breaks = await db.from('procurement_price_breaks').where('agreement_id', stored.id).orderBy('min_quantity')
    assert.deepEqual(breaks.map((b: any) => money(b.unit_price)), ['12', '11.5'])

    const page = await client.get(`/procurement/suppliers/${a.id}`).loginAs(user)
    page.assertStatus(200)
    assert.include(page.text(), 'data-test="badge-expiring"')
    assert.include(page.text(), 'data-test="badge-expired"')
    assert.include(page.text(), '王经理')
    assert.include(page.text(), item.code)
  })

  test('the score job grades suppliers from on-time and accepted receipts; expiring qualifications notify buyers', async ({ assert }) => {
    const warehouse = await makeWarehouse()
    const item = await makeItem()
    const good = await makeSupplier()
    const late = await makeSupplier()
    await makeAgreement(good.id, item.id, '10')
    await makeAgreement(late.id, item.id, '10')
    const buyer = await userWith(['procurement.order.view'])
    const future = DateTime.now().plus({ days: 30 }).toISODate()!
    const pastDue = DateTime.now().minus({ days: 30 }).toISODate()!
    for (const [supplier, expected, rejected] of [[good, future, '0'], [late, pastDue, '40000000']] as const) {
      const order = await createOrder({ supplierId: supplier.id, warehouseId: warehouse.id, orderDate: DateTime.now().minus({ days: 40 }).toISODate(), expectedDate: expected, lines: [{ itemId: item.id, quantity: '100' }] }, buyer)
      await submitOrder(order, buyer)
      await db.from('procurement_order_lines').where('order_id', order.id).update({ received_qty: '100000000', rejected_qty: rejected })
      await db.transaction((trx) => recomputeOrderProgress(trx, order.id))
    }
    await scoreSuppliers()
    const g = await db.from('procurement_suppliers').where('id', good.id).first()
    const l = await db.from('procurement_suppliers').where('id', late.id).first()
    assert.equal(g.grade, 'A')
    assert.equal(qty(g.score), '100')
    assert.equal(l.grade, 'C')
    // on time 0, quality 60, price 100 → (0×40 + 60×40 + 100×20) / 100 = 44
    assert.equal(qty(l.score), '44')
    assert.lengthOf(await db.from('procurement_supplier_scores').where('supplier_id', late.id), 1)

    await db.table('procurement_supplier_qualifications').insert({ supplier_id: good.id, name: 'ISO 14001', expires_on: DateTime.now().plus({ days: 5 }).toISODate(), created_at: new Date().toISOString() })
    assert.isAtLeast(await notifyExpiringQualifications(30), 1)
  })
})
