import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import hash from '@adonisjs/core/services/hash'
import User from '#models/user'
import Role from '#models/role'
import Department from '#models/department'
import { makeDepartment, makeUser } from '#tests/helpers/access'
import { authorizationMatrix } from '#tests/helpers/authorization_matrix'

const ADMIN = ['admin.users.manage', 'admin.departments.manage', 'admin.roles.manage']

test.group('Admin: users', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the list searches by name and filters by department and status; htmx gets only the table', async ({ client, assert }) => {
    const sales = await makeDepartment('Sales')
    const prod = await makeDepartment('Production')
    const admin = await makeUser({ permissions: ADMIN })
    await makeUser({ username: 'wang_fang', name: '王芳', department: sales })
    await makeUser({ username: 'liu_yang', name: '刘洋', department: prod })
    await makeUser({ username: 'old_timer', name: 'Retired', department: sales, isActive: false })

    const all = await client.get('/admin/users').loginAs(admin)
    all.assertStatus(200)
    assert.include(all.text(), 'wang_fang')
    assert.include(all.text(), '<html')

    const search = await client.get('/admin/users?q=王').loginAs(admin)
    assert.include(search.text(), 'wang_fang')
    assert.notInclude(search.text(), 'liu_yang')

    const byDept = await client.get(`/admin/users?department=${sales.id}`).loginAs(admin)
    assert.include(byDept.text(), 'wang_fang')
    assert.include(byDept.text(), 'old_timer')
    assert.notInclude(byDept.text(), 'liu_yang')

    const inactive = await client.get(`/admin/users?department=${sales.id}&active=0`).loginAs(admin)
    assert.include(inactive.text(), 'old_timer')
    assert.notInclude(inactive.text(), 'wang_fang')

    const fragment = await client.get('/admin/users?q=liu').header('HX-Request', 'true').header('HX-Target', 'users-table').loginAs(admin)
    fragment.assertStatus(200)
    assert.include(fragment.text(), 'liu_yang')
    assert.notInclude(fragment.text(), '<html')
    assert.include(String(fragment.header('vary')), 'HX-Request')
  })

  test('the list pages 25 users at a time, keeping the filters in the page links', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ADMIN, username: 'zz_admin' })
    const dept = await makeDepartment('Paged')
    for (let i = 0; i < 27; i++) await makeUser({ username: `pg_${String(i).padStart(2, '0')}`, department: dept })
    const first = await client.get(`/admin/users?department=${dept.id}`).loginAs(admin)
    assert.equal((first.text().match(/data-test="user-row"/g) ?? []).length, 25)
    assert.include(first.text(), `department=${dept.id}`)
    const second = await client.get(`/admin/users?department=${dept.id}&page=2`).loginAs(admin)
    assert.equal((second.text().match(/data-test="user-row"/g) ?? []).length, 2)
    assert.include(second.text(), 'pg_26')
    assert.notInclude(second.text(), 'pg_00')
  })

  test('creating a user hashes the password and assigns roles; the new user can sign in', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ADMIN })
    const dept = await makeDepartment('Sales')
    const role = await Role.create({ code: 'rep', name: 'Rep' })
    const response = await client
      .post('/admin/users')
      .form({ username: 'newbie', name: 'New Person', email: 'n@example.com', password: 'long-enough', department_id: dept.id, locale: 'en', roles: [role.id] })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    assert.equal(response.status(), 302, response.text().match(/data-test="error-[^"]+">[^<]*/g)?.join(' | '))
    const user = await User.findByOrFail('username', 'newbie')
    assert.notEqual(user.password, 'long-enough')
    assert.isTrue(await hash.verify(user.password, 'long-enough'))
    assert.equal(user.departmentId, dept.id)
    const roles = await db.from('user_roles').where('user_id', user.id)
    assert.deepEqual(roles.map((r) => r.role_id), [role.id])
  })

  test('a duplicate username is a 422 naming the field, in the user language, and nothing is written', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ADMIN, locale: 'en' })
    await makeUser({ username: 'taken' })
    const before = await db.from('users').count('* as n').first()
    const response = await client
      .post('/admin/users')
      .header('Accept-Language', 'en')
      .form({ username: 'TAKEN', name: 'Copy', password: 'long-enough', locale: 'en' })
      .withCsrfToken()
      .loginAs(admin)
    response.assertStatus(422)
    assert.include(response.text(), 'This username is already taken')
    assert.include(response.text(), 'data-test="error-username"')
    assert.include(response.text(), 'value="Copy"', 'the form keeps what was typed')
    const after = await db.from('users').count('* as n').first()
    assert.equal(Number(after.n), Number(before.n))

    const zhAdmin = await makeUser({ permissions: ADMIN, locale: 'zh-CN' })
    const zh = await client.post('/admin/users').form({ username: 'taken', name: 'x', password: 'short', locale: 'zh-CN' }).withCsrfToken().loginAs(zhAdmin)
    zh.assertStatus(422)
    assert.include(zh.text(), '该用户名已被占用')
    assert.include(zh.text(), '密码')
  })

  test('editing changes department and roles; reset password; deactivate blocks sign-in', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ADMIN })
    const a = await makeDepartment('A')
    const b = await makeDepartment('B')
    const role1 = await Role.create({ code: 'r1', name: 'R1' })
    const role2 = await Role.create({ code: 'r2', name: 'R2' })
    const target = await makeUser({ username: 'target', name: 'Target', department: a, password: 'old-password' })
    await db.table('user_roles').insert({ user_id: target.id, role_id: role1.id })

    const edit = await client.get(`/admin/users/${target.id}/edit`).loginAs(admin)
    edit.assertStatus(200)
    assert.include(edit.text(), 'value="target"')
    // The page links to the user's printable access report.
    assert.include(edit.text(), `/print/kernel.user_access/${target.id}.pdf`)

    const saved = await client
      .post(`/admin/users/${target.id}`)
      .form({ username: 'target', name: 'Target Renamed', department_id: b.id, locale: 'zh-CN', roles: [role2.id] })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    saved.assertStatus(302)
    await target.refresh()
    assert.equal(target.name, 'Target Renamed')
    assert.equal(target.departmentId, b.id)
    assert.deepEqual((await db.from('user_roles').where('user_id', target.id)).map((r) => r.role_id), [role2.id])

    const mismatch = await client.post(`/admin/users/${target.id}/password`).form({ password: 'new-password', password_confirmation: 'other' }).withCsrfToken().loginAs(admin)
    mismatch.assertStatus(422)
    await client.post(`/admin/users/${target.id}/password`).form({ password: 'new-password', password_confirmation: 'new-password' }).withCsrfToken().loginAs(admin).redirects(0)
    await target.refresh()
    assert.isTrue(await hash.verify(target.password, 'new-password'))

    await User.accessTokens.create(target)
    await client.post(`/admin/users/${target.id}/activation`).form({ active: '0' }).withCsrfToken().loginAs(admin).redirects(0)
    await target.refresh()
    assert.isFalse(target.isActive)
    assert.lengthOf(await db.from('auth_access_tokens').where('tokenable_id', target.id), 0, 'API tokens are revoked')
    const login = await client.post('/login').header('Accept-Language', 'en').form({ username: 'target', password: 'new-password' }).withCsrfToken().redirects(0)
    assert.equal((login.flashMessages().errors as any).username, 'This account is disabled')
  })

  test('an admin cannot deactivate their own account', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ADMIN })
    await client.post(`/admin/users/${admin.id}/activation`).form({ active: '0' }).withCsrfToken().loginAs(admin).redirects(0)
    await admin.refresh()
    assert.isTrue(admin.isActive)
  })
})

test.group('Admin: departments', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the tree shows children under their parent; create and move keep paths right', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ADMIN })
    const hq = await makeDepartment('Head Office')
    const created = await client.post('/admin/departments').form({ code: 'SALES', name: 'Sales', parent_id: hq.id }).withCsrfToken().loginAs(admin).redirects(0)
    created.assertStatus(302)
    const sales = await Department.findByOrFail('code', 'SALES')
    assert.equal(sales.path, `${hq.path}${sales.id}/`)
    await client.post('/admin/departments').form({ code: 'EAST', name: 'East', parent_id: sales.id }).withCsrfToken().loginAs(admin).redirects(0)
    const east = await Department.findByOrFail('code', 'EAST')

    const page = await client.get('/admin/departments').loginAs(admin)
    page.assertStatus(200)
    const text = page.text()
    assert.isBelow(text.indexOf('Head Office'), text.indexOf('>Sales<'))
    assert.isBelow(text.indexOf('>Sales<'), text.indexOf('>East<'))

    const other = await makeDepartment('Other')
    const moved = await client.post(`/admin/departments/${sales.id}`).form({ code: 'SALES', name: 'Sales', parent_id: other.id }).withCsrfToken().loginAs(admin).redirects(0)
    moved.assertStatus(302)
    await east.refresh()
    assert.equal(east.path, `${other.path}${sales.id}/${east.id}/`)
  })

  test('making a department its own ancestor is refused with a clear message; nothing changes', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ADMIN })
    const hq = await makeDepartment('Head Office')
    const sales = await makeDepartment('Sales', hq)
    const east = await makeDepartment('East', sales)
    const response = await client
      .post(`/admin/departments/${sales.id}`)
      .header('Accept-Language', 'en')
      .form({ code: sales.code, name: 'Sales', parent_id: east.id })
      .withCsrfToken()
      .loginAs(admin)
    response.assertStatus(422)
    assert.include(response.text(), 'Sales cannot be placed under itself or one of its own sub-departments')
    const self = await client.post(`/admin/departments/${sales.id}`).form({ code: sales.code, name: 'Sales', parent_id: sales.id }).withCsrfToken().loginAs(admin)
    self.assertStatus(422)
    await sales.refresh()
    assert.equal(sales.parentId, hq.id)
    assert.equal(sales.path, `${hq.path}${sales.id}/`)
  })

  test('delete is refused while a department has users or sub-departments', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ADMIN, locale: 'en' })
    const hq = await makeDepartment('Head Office')
    const sales = await makeDepartment('Sales', hq)
    const lonely = await makeDepartment('Lonely', hq)
    await makeUser({ department: sales })

    const withChildren = await client.post(`/admin/departments/${hq.id}/delete`).header('Accept-Language', 'en').withCsrfToken().loginAs(admin).redirects(0)
    assert.match(String(withChildren.flashMessages().error), /still has sub-departments/)
    const withUsers = await client.post(`/admin/departments/${sales.id}/delete`).header('Accept-Language', 'en').withCsrfToken().loginAs(admin).redirects(0)
    assert.match(String(withUsers.flashMessages().error), /still has users/)
    assert.isNotNull(await Department.find(hq.id))
    assert.isNotNull(await Department.find(sales.id))

    await client.post(`/admin/departments/${lonely.id}/delete`).withCsrfToken().loginAs(admin).redirects(0)
    assert.isNull(await Department.find(lonely.id))
  })

  test('a duplicate code is a 422 naming the field', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ADMIN })
    const existing = await makeDepartment('Existing')
    const response = await client.post('/admin/departments').header('Accept-Language', 'en').form({ code: existing.code, name: 'Copy' }).withCsrfToken().loginAs(admin)
    response.assertStatus(422)
    assert.include(response.text(), 'This code is already in use')
  })
})

test.group('Admin: roles and the permission grid', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the grid groups permissions by plugin with a scope select for scoped ones and field modes', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ADMIN, locale: 'en' })
    const role = await Role.create({ code: 'clerk', name: 'Clerk' })
    const page = await client.get(`/admin/roles/${role.id}/edit`).header('Accept-Language', 'en').loginAs(admin)
    page.assertStatus(200)
    const html = page.text()
    assert.include(html, 'Data scope fixture')
    assert.include(html, 'name="grants[fixscope.note.view]"')
    assert.include(html, 'name="grants[admin.users.manage]"')
    assert.include(html, 'Department and below')
    assert.include(html, 'name="fields[fixscope.note.cost]"')
  })

  test('saving the grid stores scopes and field modes, which then govern what the role\'s users see', async ({ client, assert }) => {
    const admin = await makeUser({ superuser: true })
    const created = await client
      .post('/admin/roles')
      .form({
        code: 'viewer',
        name: 'Viewer',
        'grants[fixscope.note.view]': 'department',
        'grants[fixscope.note.edit]': 'none',
        'grants[admin.users.manage]': 'own',
        'fields[fixscope.note.cost]': 'hidden',
        'fields[fixscope.note.price]': 'visible',
      })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    created.assertStatus(302)
    const role = await Role.findByOrFail('code', 'viewer')
    const grants = await db.from('role_permissions').where('role_id', role.id).orderBy('permission')
    assert.deepEqual(
      grants.map((g) => [g.permission, g.scope]),
      [
        ['admin.users.manage', 'all'],
        ['fixscope.note.view', 'department'],
      ]
    )
    const fields = await db.from('field_permissions').where('role_id', role.id)
    assert.deepEqual(fields.map((f) => [f.field, f.mode]), [['fixscope.note.cost', 'hidden']])

    // Edit again: revoke the scoped grant; the rows are replaced, not appended.
    await client
      .post(`/admin/roles/${role.id}`)
      .form({ code: 'viewer', name: 'Viewer', 'grants[fixscope.note.view]': 'none' })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    assert.lengthOf(await db.from('role_permissions').where('role_id', role.id), 0)
    assert.lengthOf(await db.from('field_permissions').where('role_id', role.id), 0)
  })

  test('an unknown permission code is a 422 naming it, and the role is left as it was', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ADMIN, locale: 'zh-CN' })
    const role = await Role.create({ code: 'clerk', name: 'Clerk' })
    await db.table('role_permissions').insert({ role_id: role.id, permission: 'fixscope.note.view', scope: 'own' })
    const response = await client
      .post(`/admin/roles/${role.id}`)
      .form({ code: 'clerk', name: 'Renamed', 'grants[fixscope.note.view]': 'all', 'grants[sales.order.nuke]': 'all' })
      .withCsrfToken()
      .loginAs(admin)
    response.assertStatus(422)
    assert.include(response.text(), '未知权限“sales.order.nuke”')
    await role.refresh()
    assert.equal(role.name, 'Clerk')
    const grants = await db.from('role_permissions').where('role_id', role.id)
    assert.deepEqual(grants.map((g) => [g.permission, g.scope]), [['fixscope.note.view', 'own']])

    const badScope = await client
      .post(`/admin/roles/${role.id}`)
      .header('Accept-Language', 'zh-CN')
      .form({ code: 'clerk', name: 'Clerk', 'grants[fixscope.note.view]': 'galaxy', 'fields[fixscope.note.nope]': 'hidden' })
      .withCsrfToken()
      .loginAs(admin)
    badScope.assertStatus(422)
    assert.include(badScope.text(), '未知数据范围')
    assert.include(badScope.text(), '未知字段')
  })

  test('roles list shows user and permission counts; a duplicate role code is a 422', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ADMIN })
    await Role.create({ code: 'dup', name: 'Duplicate me' })
    const list = await client.get('/admin/roles').loginAs(admin)
    list.assertStatus(200)
    assert.include(list.text(), 'Duplicate me')
    const dup = await client.post('/admin/roles').header('Accept-Language', 'en').form({ code: 'dup', name: 'Again' }).withCsrfToken().loginAs(admin)
    dup.assertStatus(422)
    assert.include(dup.text(), 'This code is already in use')
  })
})

test.group('Admin: no privilege escalation', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a user manager cannot hand out a superuser role or a role granting more than they hold', async ({ client, assert }) => {
    const manager = await makeUser({ permissions: ['admin.users.manage'], locale: 'en' })
    const superRole = await Role.create({ code: 'root', name: 'Root', isSuperuser: true })
    const strong = await Role.create({ code: 'strong', name: 'Strong' })
    await db.table('role_permissions').insert({ role_id: strong.id, permission: 'admin.roles.manage', scope: 'all' })
    const weak = await Role.create({ code: 'weak', name: 'Weak' })
    await db.table('role_permissions').insert({ role_id: weak.id, permission: 'admin.users.manage', scope: 'all' })
    const target = await makeUser({ username: 'target_esc' })

    for (const role of [superRole, strong]) {
      const response = await client
        .post(`/admin/users/${manager.id}`)
        .form({ username: manager.username, name: 'Me', locale: 'en', roles: [role.id] })
        .withCsrfToken()
        .loginAs(manager)
      response.assertStatus(422)
      assert.include(response.text(), `You cannot assign the role &quot;${role.name}&quot;`)
    }
    const mine = await db.from('user_roles').where('user_id', manager.id)
    assert.notIncludeMembers(mine.map((r) => r.role_id), [superRole.id, strong.id])

    const ok = await client
      .post(`/admin/users/${target.id}`)
      .form({ username: 'target_esc', name: 'T', locale: 'en', roles: [weak.id] })
      .withCsrfToken()
      .loginAs(manager)
      .redirects(0)
    ok.assertStatus(302)
  })

  test('a role manager cannot grant a permission or a wider scope than they hold, nor edit a superuser role', async ({ client, assert }) => {
    const manager = await makeUser({ permissions: { 'admin.roles.manage': 'all', 'fixscope.note.view': 'department' }, locale: 'en' })
    const role = await Role.create({ code: 'clerk', name: 'Clerk' })
    await db.table('role_permissions').insert({ role_id: role.id, permission: 'admin.users.manage', scope: 'all' })

    const wider = await client
      .post(`/admin/roles/${role.id}`)
      .form({ code: 'clerk', name: 'Clerk', 'grants[admin.users.manage]': 'all', 'grants[fixscope.note.view]': 'all' })
      .withCsrfToken()
      .loginAs(manager)
    wider.assertStatus(422)
    assert.include(wider.text(), 'You cannot grant &quot;fixscope.note.view&quot; with scope &quot;All records&quot;')

    // Keeping a grant they do not hold (admin.users.manage) is fine; so is granting what they hold.
    const ok = await client
      .post(`/admin/roles/${role.id}`)
      .form({ code: 'clerk', name: 'Clerk', 'grants[admin.users.manage]': 'all', 'grants[fixscope.note.view]': 'own' })
      .withCsrfToken()
      .loginAs(manager)
      .redirects(0)
    ok.assertStatus(302)
    const grants = await db.from('role_permissions').where('role_id', role.id).orderBy('permission')
    assert.deepEqual(grants.map((g) => [g.permission, g.scope]), [['admin.users.manage', 'all'], ['fixscope.note.view', 'own']])

    const root = await Role.create({ code: 'root', name: 'Root', isSuperuser: true })
    const edit = await client.post(`/admin/roles/${root.id}`).form({ code: 'root', name: 'Hacked' }).withCsrfToken().loginAs(manager)
    edit.assertStatus(422)
    await root.refresh()
    assert.equal(root.name, 'Root')
  })
})

/* Every admin route of the access area, through the authorization matrix. */
const someUser = async () => `/admin/users/${(await makeUser()).id}`
const someDept = async () => `/admin/departments/${(await makeDepartment('Matrix target')).id}`
const someRole = async () => `/admin/roles/${(await Role.create({ code: `m${Date.now()}${Math.random().toString(36).slice(2, 6)}`, name: 'M' })).id}`

authorizationMatrix('access admin pages', [
  { method: 'GET', url: '/admin/users', permission: 'admin.users.manage' },
  { method: 'GET', url: '/admin/users/create', permission: 'admin.users.manage' },
  { method: 'POST', url: '/admin/users', permission: 'admin.users.manage', body: async () => ({ username: `mx${Date.now()}`, name: 'M', password: 'long-enough', locale: 'en' }) },
  { method: 'GET', label: 'GET /admin/users/:id/edit', url: async () => `${await someUser()}/edit`, permission: 'admin.users.manage' },
  { method: 'POST', label: 'POST /admin/users/:id', url: someUser, permission: 'admin.users.manage', body: async () => ({ username: `my${Date.now()}`, name: 'M', locale: 'en' }) },
  { method: 'POST', label: 'POST /admin/users/:id/activation', url: async () => `${await someUser()}/activation`, permission: 'admin.users.manage', body: { active: '0' } },
  { method: 'POST', label: 'POST /admin/users/:id/password', url: async () => `${await someUser()}/password`, permission: 'admin.users.manage', body: { password: 'long-enough', password_confirmation: 'long-enough' } },
  { method: 'GET', url: '/admin/departments', permission: 'admin.departments.manage' },
  { method: 'GET', url: '/admin/departments/create', permission: 'admin.departments.manage' },
  { method: 'POST', url: '/admin/departments', permission: 'admin.departments.manage', body: async () => ({ code: `MX${Date.now()}`, name: 'M' }) },
  { method: 'GET', label: 'GET /admin/departments/:id/edit', url: async () => `${await someDept()}/edit`, permission: 'admin.departments.manage' },
  { method: 'POST', label: 'POST /admin/departments/:id', url: someDept, permission: 'admin.departments.manage', body: async () => ({ code: `MY${Date.now()}`, name: 'M' }) },
  { method: 'POST', label: 'POST /admin/departments/:id/delete', url: async () => `${await someDept()}/delete`, permission: 'admin.departments.manage' },
  { method: 'GET', url: '/admin/roles', permission: 'admin.roles.manage' },
  { method: 'GET', url: '/admin/roles/create', permission: 'admin.roles.manage' },
  { method: 'POST', url: '/admin/roles', permission: 'admin.roles.manage', body: async () => ({ code: `mr${Date.now()}`, name: 'M' }) },
  { method: 'GET', label: 'GET /admin/roles/:id/edit', url: async () => `${await someRole()}/edit`, permission: 'admin.roles.manage' },
  { method: 'POST', label: 'POST /admin/roles/:id', url: someRole, permission: 'admin.roles.manage', body: async () => ({ code: `ms${Date.now()}`, name: 'M' }) },
])
