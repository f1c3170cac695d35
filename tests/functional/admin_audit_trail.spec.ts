/*
 * Changes to who may do what are audited like documents: users, departments,
 * roles and every grant or field mode of a role, with who made the change.
 * The password hash never reaches the log.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import Role from '#models/role'
import { makeDepartment, makeUser } from '#tests/helpers/access'

const entries = (recordType: string, recordId: number) =>
  db.from('audit_log').where({ record_type: recordType, record_id: String(recordId) }).orderBy('id').select('user_id', 'action', 'field', 'old_value', 'new_value')

test.group('Audit trail of identity and access', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('editing a role grid logs each grant and field mode that changed, old → new, with the admin who did it', async ({ client, assert }) => {
    const admin = await makeUser({ superuser: true })
    const role = await Role.create({ code: 'auditor_role', name: 'Auditor' })
    await db.table('role_permissions').insert({ role_id: role.id, permission: 'fixscope.note.view', scope: 'own' })
    await db.table('role_permissions').insert({ role_id: role.id, permission: 'fixscope.note.edit', scope: 'all' })

    const response = await client
      .post(`/admin/roles/${role.id}`)
      .form({
        code: 'auditor_role',
        name: 'Auditor',
        'grants[fixscope.note.view]': 'department',
        'grants[fixscope.note.edit]': 'all',
        'fields[fixscope.note.cost]': 'hidden',
      })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    response.assertStatus(302)

    const grants = (await entries('kernel.role', role.id)).filter((e) => e.action === 'grant')
    assert.deepEqual(
      grants.map((e) => [e.field, e.old_value, e.new_value, e.user_id]),
      [
        ['fixscope.note.cost', null, 'hidden', admin.id],
        ['fixscope.note.view', 'own', 'department', admin.id],
      ]
    )
  })

  test('a user edit logs changed fields and roles; a password reset is logged without the hash', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ['admin.users.manage'] })
    const a = await makeDepartment('Audit A')
    const target = await makeUser({ username: 'audited', name: 'Before', department: a, password: 'old-password' })
    const role = await Role.create({ code: 'clerk', name: 'Clerk' })
    await db.from('audit_log').where('record_type', 'kernel.user').where('record_id', String(target.id)).delete()

    await client
      .post(`/admin/users/${target.id}`)
      .form({ username: 'audited', name: 'After', department_id: a.id, locale: 'zh-CN', roles: [role.id] })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    await client
      .post(`/admin/users/${target.id}/password`)
      .form({ password: 'new-password-1', password_confirmation: 'new-password-1' })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)

    const log = await entries('kernel.user', target.id)
    assert.deepInclude(log, { user_id: admin.id, action: 'update', field: 'name', old_value: 'Before', new_value: 'After' })
    assert.deepInclude(log, { user_id: admin.id, action: 'update', field: 'roles', old_value: '', new_value: 'clerk' })
    assert.deepInclude(log, { user_id: admin.id, action: 'password_reset', field: null, old_value: null, new_value: null })
    assert.notInclude(JSON.stringify(log), 'scrypt')
    assert.isFalse(log.some((e) => e.field === 'password'))
  })

  test('creating and moving a department is logged', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ['admin.departments.manage'] })
    const parent = await makeDepartment('Audit parent')
    const created = await client
      .post('/admin/departments')
      .form({ code: 'AUD1', name: 'Audited department' })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    created.assertStatus(302)
    const dept = await db.from('departments').where('code', 'AUD1').firstOrFail()
    await client
      .post(`/admin/departments/${dept.id}`)
      .form({ code: 'AUD1', name: 'Audited department', parent_id: parent.id })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    const log = await entries('kernel.department', dept.id)
    assert.equal(log[0].action, 'create')
    assert.deepInclude(log, { user_id: admin.id, action: 'update', field: 'parent_id', old_value: null, new_value: String(parent.id) })
  })
})
