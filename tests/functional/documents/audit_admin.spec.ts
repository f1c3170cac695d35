import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import Role from '#models/role'
import { recordAudit } from '#kernel/documents/audit'

async function auditor(locale = 'en') {
  const role = await Role.create({ code: `auditor_${Math.random()}`, name: 'Auditor', isSuperuser: false })
  await db.table('role_permissions').insert({ role_id: role.id, permission: 'admin.audit.view', scope: 'all' })
  const user = await User.create({ username: `auditor_${Math.random()}`, name: 'Audrey Auditor', password: 'x-secret-1', locale, isActive: true })
  await db.table('user_roles').insert({ user_id: user.id, role_id: role.id })
  return user
}

async function entryAt(when: string, values: { userId: number | null; recordType: string; recordId: number; field?: string; oldValue?: string; newValue?: string }) {
  await db.table('audit_log').insert({
    user_id: values.userId,
    record_type: values.recordType,
    record_id: String(values.recordId),
    action: values.field ? 'update' : 'create',
    field: values.field ?? null,
    old_value: values.oldValue ?? null,
    new_value: values.newValue ?? null,
    created_at: new Date(when),
  })
}

test.group('Admin: audit log', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('times are shown and filtered by day on the company clock (Asia/Shanghai by default), not the server one', async ({ client, assert }) => {
    const user = await auditor()
    // 2026-03-01 20:30 UTC is 2026-03-02 04:30 in Shanghai.
    await entryAt('2026-03-01T20:30:00Z', { userId: null, recordType: 'fixdoc.tz', recordId: 1 })
    const html = (await client.get('/admin/audit?record_type=fixdoc.tz').loginAs(user)).text()
    assert.include(html, '2026-03-02 04:30:00')
    assert.notInclude(html, '2026-03-01 20:30')
    const onTheSecond = await client.get('/admin/audit?record_type=fixdoc.tz&from=2026-03-02&to=2026-03-02').loginAs(user)
    assert.include(onTheSecond.text(), '2026-03-02 04:30:00')
    const onTheFirst = await client.get('/admin/audit?record_type=fixdoc.tz&from=2026-03-01&to=2026-03-01').loginAs(user)
    assert.notInclude(onTheFirst.text(), '2026-03-02 04:30:00')
  })

  test('shows who changed which field from what to what, newest first', async ({ client, assert }) => {
    const user = await auditor()
    const editor = await User.create({ username: 'ed', name: 'Eddie Editor', password: 'x-secret-1', locale: 'en', isActive: true })
    await recordAudit({ userId: editor.id, recordType: 'fixdoc.order', recordId: 7, action: 'update', field: 'customer', oldValue: 'ACME', newValue: 'Globex' })
    const response = await client.get('/admin/audit').loginAs(user)
    response.assertStatus(200)
    const html = response.text()
    assert.include(html, 'Eddie Editor')
    assert.include(html, 'fixdoc.order')
    assert.include(html, 'customer')
    assert.include(html, 'ACME')
    assert.include(html, 'Globex')
    assert.include(html, 'Changed')
    assert.include(html, '<option value="fixdoc.order" >Fixture order (fixdoc.order)</option>')
  })

  test('filters by user, record type and date range', async ({ client, assert }) => {
    const user = await auditor()
    const ann = await User.create({ username: 'ann', name: 'Ann', password: 'x-secret-1', locale: 'en', isActive: true })
    const bob = await User.create({ username: 'bobby', name: 'Bob', password: 'x-secret-1', locale: 'en', isActive: true })
    // Times on the company clock (Asia/Shanghai by default): days are the company's days.
    await entryAt('2026-01-10T10:00:00+08:00', { userId: ann.id, recordType: 'sales.order', recordId: 1, field: 'note', newValue: 'ann-jan' })
    await entryAt('2026-02-10T10:00:00+08:00', { userId: ann.id, recordType: 'crm.customer', recordId: 2, field: 'note', newValue: 'ann-feb' })
    await entryAt('2026-02-11T23:59:00+08:00', { userId: bob.id, recordType: 'sales.order', recordId: 3, field: 'note', newValue: 'bob-feb' })
    await entryAt('2026-03-01T00:00:00+08:00', { userId: bob.id, recordType: 'sales.order', recordId: 4, field: 'note', newValue: 'bob-mar' })

    const byUser = (await client.get('/admin/audit').qs({ user_id: ann.id }).loginAs(user)).text()
    assert.include(byUser, 'ann-jan')
    assert.include(byUser, 'ann-feb')
    assert.notInclude(byUser, 'bob-feb')

    const byType = (await client.get('/admin/audit').qs({ record_type: 'sales.order' }).loginAs(user)).text()
    assert.include(byType, 'ann-jan')
    assert.include(byType, 'bob-mar')
    assert.notInclude(byType, 'ann-feb')

    const byDates = await client.get('/admin/audit').qs({ from: '2026-02-01', to: '2026-02-11' }).loginAs(user).header('HX-Request', 'true').header('HX-Target', 'audit-panel')
    const text = byDates.text()
    assert.notInclude(text, '<html')
    assert.include(text, 'ann-feb')
    assert.include(text, 'bob-feb') // the whole "to" day counts
    assert.notInclude(text, 'ann-jan')
    assert.notInclude(text, 'bob-mar')
  })

  test('pages through long logs fifty at a time', async ({ client, assert }) => {
    const user = await auditor()
    await db.table('audit_log').multiInsert(
      Array.from({ length: 60 }, (_, i) => ({
        user_id: null,
        record_type: 'bulk.thing',
        record_id: String(i + 1),
        action: 'create',
        created_at: new Date(Date.UTC(2026, 0, 1, 0, i)),
      }))
    )
    const first = (await client.get('/admin/audit').qs({ record_type: 'bulk.thing' }).loginAs(user)).text()
    assert.equal((first.match(/data-test="audit-row"/g) ?? []).length, 50)
    assert.include(first, 'Page 1 of 2')
    assert.include(first, 'bulk.thing</span> #60')
    const second = (await client.get('/admin/audit').qs({ record_type: 'bulk.thing', page: 2 }).loginAs(user)).text()
    assert.equal((second.match(/data-test="audit-row"/g) ?? []).length, 10)
    assert.include(second, 'bulk.thing</span> #1<')
  })

  test('dates in the wrong order are refused with a message on the field', async ({ client, assert }) => {
    const user = await auditor('zh-CN')
    const response = await client.get('/admin/audit').qs({ from: '2026-03-01', to: '2026-02-01' }).loginAs(user).header('HX-Request', 'true').header('HX-Target', 'audit-panel')
    response.assertStatus(422)
    assert.include(response.text(), '结束日期不能早于开始日期')
    assert.include(response.text(), 'data-test="error-to"')
    const bad = await client.get('/admin/audit').qs({ from: 'yesterday' }).loginAs(user)
    bad.assertStatus(422)
    assert.include(bad.text(), 'data-test="error-from"')
  })

  test('only users with admin.audit.view may read the log', async ({ client }) => {
    const user = await User.create({ username: 'nosy', name: 'Nosy', password: 'x-secret-1', locale: 'en', isActive: true })
    ;(await client.get('/admin/audit').loginAs(user)).assertStatus(403)
  })
})
