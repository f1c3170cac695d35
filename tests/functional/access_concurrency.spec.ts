/*
 * Two admins at once. These tests run outside the global transaction (each
 * request and service call commits on its own connection) and clean up.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Department from '#models/department'
import User from '#models/user'
import Role from '#models/role'
import { createDepartment, DepartmentTreeError, updateDepartment } from '#services/departments'

test.group('Access: concurrent changes', (group) => {
  const cleanup: Array<() => Promise<unknown>> = []
  group.each.teardown(async () => {
    for (const fn of cleanup.reverse()) await fn()
    cleanup.length = 0
  })

  test('moving A under B while B moves under A: exactly one wins, no cycle', async ({ assert }) => {
    const root = await createDepartment({ code: 'CC_ROOT', name: 'Root', parentId: null })
    const a = await createDepartment({ code: 'CC_A', name: 'A', parentId: root.id })
    const b = await createDepartment({ code: 'CC_B', name: 'B', parentId: root.id })
    cleanup.push(() => db.from('departments').whereIn('code', ['CC_ROOT', 'CC_A', 'CC_B']).delete())
    cleanup.push(() => db.from('departments').whereIn('code', ['CC_A', 'CC_B']).update({ parent_id: null }))

    const results = await Promise.allSettled([
      updateDepartment(a.id, { code: 'CC_A', name: 'A', parentId: b.id }),
      updateDepartment(b.id, { code: 'CC_B', name: 'B', parentId: a.id }),
    ])
    const ok = results.filter((r) => r.status === 'fulfilled')
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[]
    assert.lengthOf(ok, 1, JSON.stringify(refused.map((r) => String(r.reason))))
    assert.lengthOf(refused, 1)
    assert.instanceOf(refused[0].reason, DepartmentTreeError)
    assert.equal(refused[0].reason.code, 'own_ancestor')

    const fresh = await Department.query().whereIn('id', [a.id, b.id])
    const byId = new Map(fresh.map((d) => [d.id, d]))
    const childIsA = byId.get(a.id)!.parentId === b.id
    const child = childIsA ? byId.get(a.id)! : byId.get(b.id)!
    const parent = childIsA ? byId.get(b.id)! : byId.get(a.id)!
    assert.equal(parent.parentId, root.id)
    assert.equal(child.path, `${parent.path}${child.id}/`)
  })

  test('interleaved moves (PostgreSQL, two open transactions): the second waits for the first and is refused', async ({ assert }) => {
    // On SQLite one writer holds the database at a time, so this interleaving cannot occur;
    // the Promise.all test above covers SQLite.
    if (db.connection().dialect.name !== 'postgres') return
    const root = await createDepartment({ code: 'CI_ROOT', name: 'Root', parentId: null })
    const a = await createDepartment({ code: 'CI_A', name: 'A', parentId: root.id })
    const b = await createDepartment({ code: 'CI_B', name: 'B', parentId: root.id })
    cleanup.push(() => db.from('departments').whereIn('code', ['CI_ROOT', 'CI_A', 'CI_B']).delete())
    cleanup.push(() => db.from('departments').whereIn('code', ['CI_A', 'CI_B']).update({ parent_id: null }))

    const trx1 = await db.transaction()
    const trx2 = await db.transaction()
    try {
      await updateDepartment(a.id, { code: 'CI_A', name: 'A', parentId: b.id }, trx1)
      let secondDone = false
      const second = updateDepartment(b.id, { code: 'CI_B', name: 'B', parentId: a.id }, trx2).then(
        () => ((secondDone = true), null),
        (error) => ((secondDone = true), error)
      )
      await new Promise((r) => setTimeout(r, 300))
      const waited = !secondDone
      await trx1.commit()
      const error = await second
      assert.isTrue(waited, 'the second move waits for the first transaction')
      assert.instanceOf(error, DepartmentTreeError)
      assert.equal(error.code, 'own_ancestor')
    } finally {
      // Never leave a transaction open: a failed assertion must not hang the suite.
      if (!trx1.isCompleted) await trx1.rollback()
      if (!trx2.isCompleted) await trx2.rollback()
    }
    const fresh = await Department.findOrFail(b.id)
    assert.equal(fresh.parentId, root.id)
  })

  test('two admins creating the same username at once: one user, the other gets 422', async ({ client, assert }) => {
    const admin = await User.create({ username: 'cc_admin', name: 'CC', password: 'secret-pass', locale: 'en', isActive: true })
    const roleId = (await Role.create({ code: 'cc_role', name: 'CC', isSuperuser: true })).id
    await db.table('user_roles').insert({ user_id: admin.id, role_id: roleId })
    cleanup.push(() => db.from('users').whereIn('username', ['cc_admin', 'cc_twin']).delete())
    cleanup.push(() => db.from('roles').where('id', roleId).delete())

    const post = () =>
      client.post('/admin/users').header('Accept-Language', 'en').form({ username: 'cc_twin', name: 'Twin', password: 'long-enough', locale: 'en' }).withCsrfToken().loginAs(admin).redirects(0)
    const responses = await Promise.all([post(), post()])
    assert.deepEqual(responses.map((r) => r.status()).sort(), [302, 422], responses.map((r) => r.text().slice(0, 300)).join(' || '))
    const loser = responses.find((r) => r.status() === 422)!
    assert.include(loser.text(), 'This username is already taken')
    assert.lengthOf(await db.from('users').where('username', 'cc_twin'), 1)
  })
})
