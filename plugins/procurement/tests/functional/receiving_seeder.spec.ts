/*
 * The receiving demo seeder: on confirmed orders it receives goods, rejects
 * part at IQC, returns the rejects and leaves a bill waiting for the
 * accountant; it grants the demo roles; running it twice changes nothing.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { makeOrder, makeItem, makeWarehouse } from '../helpers/receiving_fixtures.js'
import ReceivingSeeder from '../../database/seeders/receiving_seeder.js'
import { makeUser } from '#tests/helpers/access'

test.group('Receiving | demo seeder', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('receipts, an IQC rejection, its return and a bill awaiting the accountant; idempotent', async ({ assert }) => {
    for (const code of ['accountant', 'storekeeper', 'buyer']) {
      if (!(await db.from('roles').where('code', code).first())) {
        await db.table('roles').insert({ code, name: code, is_superuser: false, created_at: new Date().toISOString().slice(0, 19).replace('T', ' ') })
      }
    }
    await db.from('approval_flows').where('document_type', 'procurement.bill').delete()
    const accountant = await makeUser()
    await db.table('user_roles').insert({ user_id: accountant.id, role_id: (await db.from('roles').where('code', 'accountant').first()).id })
    const warehouse = await makeWarehouse()
    const checked = await makeItem({ requiresInspection: true, name: '铝合金外壳' })
    const plain = await makeItem({ name: '包装纸箱' })
    const order = await makeOrder({ warehouseId: warehouse.id, lines: [{ itemId: checked, quantity: '50', unitPrice: '12' }, { itemId: plain, quantity: '20', unitPrice: '1.5' }] })
    const seeder = new ReceivingSeeder(db.connection())
    await seeder.run()
    const receipts = await db.from('procurement_receipts').where('order_id', order.id)
    assert.lengthOf(receipts, 1)
    const inspection = await db.from('procurement_inspections').where('receipt_id', receipts[0].id).first()
    assert.equal(inspection.reason_code, 'appearance')
    assert.equal(Number(inspection.rejected_qty), 5_000_000)
    const back = await db.from('procurement_returns').where('receipt_id', receipts[0].id).first()
    assert.equal(back.state, 'posted')
    const bill = await db.from('procurement_bills').where('supplier_id', order.supplierId).first()
    assert.equal(bill.state, 'submitted')
    assert.isTrue(Boolean(bill.has_mismatch))
    const instance = await db.from('approval_instances').where({ document_type: 'procurement.bill', document_id: bill.id }).first()
    assert.equal(instance.state, 'pending')
    const role = await db.from('roles').where('code', 'accountant').first()
    assert.exists(await db.from('role_permissions').where({ role_id: role.id, permission: 'procurement.bill.post' }).first())

    await seeder.run()
    assert.lengthOf(await db.from('procurement_receipts').where('order_id', order.id), 1)
    assert.lengthOf(await db.from('procurement_bills').where('supplier_id', order.supplierId), 1)
  })
})
