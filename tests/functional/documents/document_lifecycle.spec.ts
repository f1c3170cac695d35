import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import i18nManager from '@adonisjs/i18n/services/main'
import { DateTime } from 'luxon'
import User from '#models/user'
import { Money, Quantity, sumMoney } from '#kernel/numbers/index'
import { transition } from '#kernel/documents/transition_document'
import { DocumentLockedError, DocumentStateError, documentErrorMessage } from '#kernel/documents/document_errors'
import { HookVeto } from '#kernel/plugins/document_hooks'
import FixdocOrder from '#tests/fixtures/plugins/fixdoc/models/fixdoc_order'
import FixdocOrderLine from '#tests/fixtures/plugins/fixdoc/models/fixdoc_order_line'

const year = () => DateTime.now().toFormat('yyyy')

async function makeOrder(user: User | null, values: Partial<{ customer: string; vetoReason: string | null }> = {}) {
  const order = await FixdocOrder.create({
    customer: values.customer ?? 'ACME',
    vetoReason: values.vetoReason ?? null,
    total: Money.of('30.00'),
    ownerId: user?.id ?? null,
    createdBy: user?.id ?? null,
  })
  await FixdocOrderLine.createMany([
    { orderId: order.id, description: 'bolts', qty: Quantity.of('2'), price: Money.of('10.00'), amount: Money.of('20.00') },
    { orderId: order.id, description: 'nuts', qty: Quantity.of('1'), price: Money.of('10.00'), amount: Money.of('10.00') },
  ])
  return order
}

async function ledgerSum(orderId: number) {
  return sumMoney(db.from('fixdoc_ledger').where('order_id', orderId), 'amount')
}

test.group('Document state machine', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  let user: User
  group.each.setup(async () => {
    user = await User.create({ username: `doc_${Date.now()}_${Math.random()}`, name: 'Doc User', password: 'x-secret-1', locale: 'en', isActive: true })
  })

  test('a draft gets its number on submit, then posts and completes', async ({ assert }) => {
    const order = await makeOrder(user)
    assert.equal(order.state, 'draft')
    assert.notExists(order.number)

    await transition(order, 'submitted', { user })
    assert.equal(order.state, 'submitted')
    assert.match(order.number!, new RegExp(`^FX-${year()}-\\d{4}$`))
    assert.isNotNull(order.submittedAt)

    await transition(order, 'posted', { user })
    assert.equal(order.state, 'posted')
    assert.isNotNull(order.confirmedAt)
    assert.equal((await ledgerSum(order.id)).toFixed(), '30.00')

    await transition(order, 'done', { user })
    const reloaded = await FixdocOrder.findOrFail(order.id)
    assert.equal(reloaded.state, 'done')
  })

  test('only allowed transitions happen: a draft cannot post, a cancelled order cannot be confirmed', async ({ assert }) => {
    const order = await makeOrder(user)
    await assert.rejects(() => transition(order, 'posted', { user }), DocumentStateError as any)
    await transition(order, 'cancelled', { user })
    await assert.rejects(() => transition(order, 'submitted', { user }), DocumentStateError as any)
    // fixdoc.order is a posting document: it never becomes "confirmed".
    const other = await makeOrder(user)
    await transition(other, 'submitted', { user })
    await assert.rejects(() => transition(other, 'confirmed', { user }), DocumentStateError as any)

    const error = await transition(order, 'posted', { user }).catch((e) => e)
    assert.equal(documentErrorMessage(error, i18nManager.locale('en')), 'A Cancelled document cannot become Posted')
    assert.equal(documentErrorMessage(error, i18nManager.locale('zh-CN')), '单据状态为「已作废」，不能变为「已过账」')
    const twice = await transition(order, 'cancelled', { user }).catch((e) => e)
    assert.equal(documentErrorMessage(twice, i18nManager.locale('en')), 'This document is already Cancelled')
  })

  test('a hook veto rolls everything back, uses no number, and speaks the user language', async ({ assert }) => {
    const vetoed = await makeOrder(user, { customer: 'Risky Ltd', vetoReason: 'submit' })
    let caught: unknown
    try {
      await transition(vetoed, 'submitted', { user })
    } catch (error) {
      caught = error
    }
    assert.instanceOf(caught, HookVeto)
    assert.equal((caught as HookVeto).plugin, 'fixdoc')
    assert.equal(documentErrorMessage(caught, i18nManager.locale('en')), "Orders for Risky Ltd need a manager's approval before submitting")
    assert.equal(documentErrorMessage(caught, i18nManager.locale('zh-CN')), '客户 Risky Ltd 的订单需经理批准后才能提交')

    const fresh = await FixdocOrder.findOrFail(vetoed.id)
    assert.equal(fresh.state, 'draft')
    assert.isNull(fresh.number)
    const transitions = await db.from('audit_log').where({ record_type: 'fixdoc.order', record_id: String(vetoed.id), action: 'transition' })
    assert.lengthOf(transitions, 0)

    // The number the vetoed submit would have had goes to the next document.
    const before = await db.from('number_series_counters').join('number_series', 'number_series.id', 'number_series_counters.series_id').where('document_type', 'fixdoc.order').first()
    const ok = await makeOrder(user)
    await transition(ok, 'submitted', { user })
    const expected = `FX-${year()}-${String(Number(before?.last_value ?? 0) + 1).padStart(4, '0')}`
    assert.equal(ok.number, expected)
  })

  test('a veto given in both languages (beforePost) keeps the document submitted and writes no ledger row', async ({ assert }) => {
    const order = await makeOrder(user, { vetoReason: 'post' })
    await transition(order, 'submitted', { user })
    const error = await transition(order, 'posted', { user }).catch((e) => e)
    assert.equal(documentErrorMessage(error, i18nManager.locale('en')), 'Credit limit exceeded: cannot post')
    assert.equal(documentErrorMessage(error, i18nManager.locale('zh-CN')), '信用额度不足，不能过账')
    assert.equal((await FixdocOrder.findOrFail(order.id)).state, 'submitted')
    assert.isTrue((await ledgerSum(order.id)).isZero())
  })

  test('cancelling a posted document writes reversals through the afterCancel hook', async ({ assert }) => {
    const order = await makeOrder(user)
    await transition(order, 'submitted', { user })
    await transition(order, 'posted', { user })
    assert.equal((await ledgerSum(order.id)).toFixed(), '30.00')

    await transition(order, 'cancelled', { user })
    assert.equal(order.state, 'cancelled')
    assert.isNotNull(order.cancelledAt)
    const rows = await db.from('fixdoc_ledger').where('order_id', order.id).orderBy('id')
    assert.lengthOf(rows, 4)
    assert.deepEqual(rows.map((r) => Boolean(r.reversal)), [false, false, true, true])
    assert.isTrue((await ledgerSum(order.id)).isZero())
  })

  test('a vetoed cancel leaves the posted document and its ledger untouched', async ({ assert }) => {
    const order = await makeOrder(user)
    await transition(order, 'submitted', { user })
    await transition(order, 'posted', { user })
    await FixdocOrder.query().where('id', order.id).update({ veto_reason: 'cancel' })
    const error = await transition(order, 'cancelled', { user }).catch((e) => e)
    assert.equal(documentErrorMessage(error, i18nManager.locale('en')), 'This order has shipments and cannot be cancelled')
    assert.equal((await FixdocOrder.findOrFail(order.id)).state, 'posted')
    assert.equal((await ledgerSum(order.id)).toFixed(), '30.00')
  })

  test('posted documents and their lines can be neither edited nor deleted', async ({ assert }) => {
    const order = await makeOrder(user)
    await transition(order, 'submitted', { user })
    await transition(order, 'posted', { user })

    const posted = await FixdocOrder.findOrFail(order.id)
    posted.customer = 'Someone else'
    await assert.rejects(() => posted.save(), DocumentLockedError as any)
    await assert.rejects(() => posted.delete(), DocumentLockedError as any)

    const line = await FixdocOrderLine.findByOrFail('orderId', order.id)
    line.amount = Money.of('0.01')
    await assert.rejects(() => line.save(), DocumentLockedError as any)
    await assert.rejects(() => line.delete(), DocumentLockedError as any)
    await assert.rejects(
      () => FixdocOrderLine.create({ orderId: order.id, description: 'extra', qty: Quantity.of(1), price: Money.of(1), amount: Money.of(1) }),
      DocumentLockedError as any
    )

    const reloaded = await FixdocOrder.findOrFail(order.id)
    assert.equal(reloaded.customer, 'ACME')
    assert.equal((await sumMoney(db.from('fixdoc_order_lines').where('order_id', order.id), 'amount')).toFixed(), '30.00')

    const error = await posted.save().catch((e) => e)
    assert.equal(documentErrorMessage(error, i18nManager.locale('en')), `${order.number} is Posted and can no longer be changed; cancel it instead`)
  })

  test('drafts can be edited and deleted; state changes only through transition()', async ({ assert }) => {
    const order = await makeOrder(user)
    order.customer = 'Changed Co'
    await order.save()
    order.state = 'posted'
    await assert.rejects(() => order.save(), DocumentLockedError as any)
    order.state = 'draft'
    await assert.rejects(() => FixdocOrder.create({ customer: 'x', total: Money.zero(), state: 'posted' }), DocumentLockedError as any)
    const draft = await makeOrder(user)
    await draft.delete()
    assert.isNull(await FixdocOrder.find(draft.id))
  })

  test('every change is in the audit trail: who, field, old → new', async ({ assert }) => {
    const order = await makeOrder(user)
    const fresh = await FixdocOrder.findOrFail(order.id)
    fresh.customer = 'New Name'
    fresh.total = Money.of('31.50')
    ;(fresh as any)[Symbol.for('loom.audit.user')] = user.id
    await fresh.save()
    await transition(fresh, 'submitted', { user })

    const rows = await db.from('audit_log').where({ record_type: 'fixdoc.order', record_id: String(order.id) }).orderBy('id')
    const byField = (field: string | null, action: string) => rows.find((r) => r.field === field && r.action === action)
    assert.exists(byField(null, 'create'))
    assert.include(byField('customer', 'update'), { old_value: 'ACME', new_value: 'New Name', user_id: user.id })
    assert.include(byField('total', 'update'), { old_value: '30', new_value: '31.5' })
    assert.include(byField('state', 'transition'), { old_value: 'draft', new_value: 'submitted', user_id: user.id })
    assert.include(byField('number', 'transition'), { old_value: null, new_value: fresh.number })
    assert.notExists(rows.find((r) => r.field === 'updated_at' || r.field === 'submitted_at'))

    // Lines (any model with the audit mixin) are audited too, under their own record type.
    const lineRows = await db.from('audit_log').where({ record_type: 'fixdoc.order_line', action: 'create' }).whereIn('record_id', (await db.from('fixdoc_order_lines').where('order_id', order.id).select('id')).map((l) => String(l.id)))
    assert.lengthOf(lineRows, 2)
  })
})

test.group('Document transitions under concurrency', (group) => {
  const created: number[] = []
  group.teardown(async () => {
    await db.from('fixdoc_orders').whereIn('id', created.concat([0])).delete()
  })

  test('five users posting the same document at once: exactly one wins, the ledger is written once', async ({ assert }) => {
    const order = await makeOrder(null)
    created.push(order.id)
    await transition(order, 'submitted', { user: null })

    const attempts = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const copy = await FixdocOrder.findOrFail(order.id)
        return transition(copy, 'posted', { user: null }).then(
          () => 'ok',
          (error) => (error instanceof DocumentStateError && error.key === 'documents.errors.already' ? 'refused' : `unexpected: ${error.message}`)
        )
      })
    )
    assert.deepEqual(attempts.sort(), ['ok', 'refused', 'refused', 'refused', 'refused'])
    assert.equal((await ledgerSum(order.id)).toFixed(), '30.00')
  }).timeout(30000)
})

test.group('Document actions over HTTP', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a veto reaches the user as a 422 message in their language', async ({ client, assert }) => {
    const user = await User.create({ username: 'veto_http', name: 'Veto', password: 'x-secret-1', locale: 'zh-CN', isActive: true })
    const order = await makeOrder(user, { customer: 'Risky Ltd', vetoReason: 'submit' })
    const zh = await client.post(`/fixdoc/orders/${order.id}/transition/submitted`).loginAs(user).header('HX-Request', 'true').withCsrfToken()
    zh.assertStatus(422)
    assert.equal(zh.text(), '客户 Risky Ltd 的订单需经理批准后才能提交')

    user.locale = 'en'
    await user.save()
    const en = await client.post(`/fixdoc/orders/${order.id}/transition/submitted`).loginAs(user).header('HX-Request', 'true').withCsrfToken()
    en.assertStatus(422)
    assert.equal(en.text(), "Orders for Risky Ltd need a manager's approval before submitting")
    assert.equal((await FixdocOrder.findOrFail(order.id)).state, 'draft')
  })
})
