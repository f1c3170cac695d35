import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import type { DataScope } from '#kernel/plugins/define_plugin'
import { applyDataScope, findInScopeOrFail, isInScope } from '#services/data_scope'
import { makeDepartment, makeUser } from '#tests/helpers/access'

/**
 * HQ ─┬─ Sales ── Sales East
 *     └─ Production
 * Notes: Wang's (Sales), an unowned one filed under Sales, East's (Sales East), Prod's (Production).
 */
async function world() {
  const hq = await makeDepartment('HQ')
  const sales = await makeDepartment('Sales', hq)
  const east = await makeDepartment('Sales East', sales)
  const prod = await makeDepartment('Production', hq)
  const eastRep = await makeUser({ department: east, permissions: { 'fixscope.note.view': 'own' } })
  const prodUser = await makeUser({ department: prod, permissions: { 'fixscope.note.view': 'own' } })
  const make = (scope: DataScope | null, department = sales) =>
    makeUser({ department, permissions: scope ? { 'fixscope.note.view': scope, 'fixscope.note.edit': scope } : { 'fixscope.note.edit': 'all' } })
  const owner = await make('own')
  const insert = async (title: string, ownerId: number | null, departmentId: number) => {
    const [row] = await db.table('fixscope_notes').insert({ title, owner_id: ownerId, department_id: departmentId, cost: 0, price: 0 }).returning('id')
    return Number(typeof row === 'object' ? row.id : row)
  }
  const notes = {
    own: await insert('own note', owner.id, sales.id),
    salesUnowned: await insert('sales unowned', null, sales.id),
    east: await insert('east note', eastRep.id, east.id),
    prod: await insert('prod note', prodUser.id, prod.id),
  }
  return { hq, sales, east, prod, owner, make, notes }
}

async function titlesVia(client: any, user: any) {
  const response = await client.get('/api/v1/fixscope/notes').withGuard('api').loginAs(user)
  response.assertStatus(200)
  return (response.body().data as any[]).map((n) => n.title).sort()
}

test.group('Data scopes (applyDataScope, one kernel query scope)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('"own" shows only the records the user owns, in the API and on the page', async ({ client, assert }) => {
    const w = await world()
    assert.deepEqual(await titlesVia(client, w.owner), ['own note'])
    const page = await client.get('/fixscope/notes').loginAs(w.owner)
    page.assertStatus(200)
    assert.include(page.text(), 'own note')
    assert.notInclude(page.text(), 'sales unowned')
    assert.notInclude(page.text(), 'east note')
  })

  test('"department" adds the records of the user\'s own department, not its sub-departments', async ({ client, assert }) => {
    const w = await world()
    // A Sales colleague sees the Sales records (a colleague's and the unowned one), not Sales East's.
    const user = await w.make('department')
    assert.deepEqual(await titlesVia(client, user), ['own note', 'sales unowned'])
    // Under "department" a user still sees their own record filed in another department.
    const eastUser = await w.make('department', w.east)
    await db.from('fixscope_notes').where('id', w.notes.prod).update({ owner_id: eastUser.id })
    assert.deepEqual(await titlesVia(client, eastUser), ['east note', 'prod note'])
  })

  test('"subtree" reaches every department below the user\'s, not siblings', async ({ client, assert }) => {
    const w = await world()
    const user = await w.make('subtree')
    assert.deepEqual(await titlesVia(client, user), ['east note', 'own note', 'sales unowned'])
    const top = await w.make('subtree', w.hq)
    assert.deepEqual(await titlesVia(client, top), ['east note', 'own note', 'prod note', 'sales unowned'])
  })

  test('"subtree" follows a department that moves (paths rewritten)', async ({ client, assert }) => {
    const w = await world()
    const user = await w.make('subtree')
    const { updateDepartment } = await import('#services/departments')
    await updateDepartment(w.east.id, { code: w.east.code, name: w.east.name, parentId: w.prod.id })
    assert.deepEqual(await titlesVia(client, user), ['own note', 'sales unowned'])
    const prodHead = await w.make('subtree', w.prod)
    assert.deepEqual(await titlesVia(client, prodHead), ['east note', 'prod note'])
  })

  test('"all" shows every record; no permission shows none and the route answers 403', async ({ client, assert }) => {
    const w = await world()
    const all = await w.make('all')
    assert.deepEqual(await titlesVia(client, all), ['east note', 'own note', 'prod note', 'sales unowned'])

    const none = await w.make(null)
    const query = db.from('fixscope_notes')
    await applyDataScope(query, none, 'fixscope.note.view')
    assert.lengthOf(await query, 0)
    const response = await client.get('/api/v1/fixscope/notes').withGuard('api').loginAs(none)
    response.assertStatus(403)
  })

  test('a record outside the scope is a 404 on the page and in the API, never a leak', async ({ client, assert }) => {
    const w = await world()
    const user = await w.make('department')
    const page = await client.get(`/fixscope/notes/${w.notes.east}`).loginAs(user)
    page.assertStatus(404)
    assert.notInclude(page.text(), 'east note')
    const api = await client.get(`/api/v1/fixscope/notes/${w.notes.prod}`).withGuard('api').loginAs(user)
    api.assertStatus(404)
    assert.notInclude(api.text(), 'prod note')
    const inside = await client.get(`/api/v1/fixscope/notes/${w.notes.salesUnowned}`).withGuard('api').loginAs(user)
    inside.assertStatus(200)
    assert.equal(inside.body().data.title, 'sales unowned')
  })

  test('writing outside the edit scope is a 404 and changes nothing', async ({ client, assert }) => {
    const w = await world()
    const user = await w.make('department')
    const response = await client.post(`/fixscope/notes/${w.notes.prod}`).form({ title: 'hijacked' }).withCsrfToken().loginAs(user).redirects(0)
    response.assertStatus(404)
    const row = await db.from('fixscope_notes').where('id', w.notes.prod).first()
    assert.equal(row.title, 'prod note')
  })

  test('findInScopeOrFail and isInScope agree with the query scope', async ({ assert }) => {
    const w = await world()
    for (const scope of ['own', 'department', 'subtree', 'all'] as DataScope[]) {
      const user = scope === 'own' ? w.owner : await w.make(scope)
      const query = db.from('fixscope_notes').select('id')
      await applyDataScope(query, user, 'fixscope.note.view')
      const visible = new Set((await query).map((r) => Number(r.id)))
      for (const id of Object.values(w.notes)) {
        const row = await db.from('fixscope_notes').where('id', id).first()
        assert.equal(await isInScope(user, 'fixscope.note.view', row), visible.has(id), `${scope} / note ${id}`)
        const found = await findInScopeOrFail('fixscope_notes', id, user, 'fixscope.note.view').then(
          () => true,
          (e) => (e.status === 404 ? false : Promise.reject(e))
        )
        assert.equal(found, visible.has(id), `findInScopeOrFail ${scope} / note ${id}`)
      }
    }
  })

  test('works on Lucid model queries and on joined queries with qualified columns', async ({ assert }) => {
    const w = await world()
    const user = await w.make('subtree')
    // A model query: users are "owned" by themselves (ownerColumn id).
    const User = (await import('#models/user')).default
    const people = User.query().orderBy('id')
    await applyDataScope(people, user, 'fixscope.note.view', { ownerColumn: 'id' })
    const departments = new Set((await people).map((u) => u.departmentId))
    assert.isTrue([...departments].every((d) => d === w.sales.id || d === w.east.id))
    assert.isTrue(departments.has(w.east.id))

    // A join where both tables have department_id: qualify the columns.
    const joined = db
      .from('fixscope_notes as n')
      .leftJoin('users as u', 'u.id', 'n.owner_id')
      .select('n.title', 'u.department_id as owner_department')
      .orderBy('n.title')
    await applyDataScope(joined, user, 'fixscope.note.view', { ownerColumn: 'n.owner_id', departmentColumn: 'n.department_id' })
    assert.deepEqual((await joined).map((r) => r.title), ['east note', 'own note', 'sales unowned'])
  })

  test('a user without a department sees only their own records under "department" and "subtree"', async ({ client, assert }) => {
    const w = await world()
    const loner = await w.make('subtree', null as any)
    await db.from('fixscope_notes').where('id', w.notes.prod).update({ owner_id: loner.id })
    assert.deepEqual(await titlesVia(client, loner), ['prod note'])
  })
})
