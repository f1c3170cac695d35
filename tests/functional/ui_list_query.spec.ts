/*
 * listQuery over a Lucid model query (what scoped kernel and plugin queries
 * are): rows stay models, paging state is right, the URL helpers keep the
 * current search.
 */
import { IncomingMessage } from 'node:http'
import { Socket } from 'node:net'
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import User from '#models/user'
import db from '@adonisjs/lucid/services/db'
import { exportQuery, listQuery, sendCsv, toCsv } from '#services/list_query'
import { makeDepartment, makeUser } from '#tests/helpers/access'

test.group('listQuery', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('pages a model query, keeps models, and builds links that keep the search', async ({ assert }) => {
    // A tag of this run only: other suites' users must not match the search.
    const tag = `lq${Date.now().toString(36)}_`
    for (const name of ['anna', 'bert', 'carl', 'dora', 'emil']) {
      await User.create({ username: `${tag}${name}`, name: name.toUpperCase(), password: 'secret-pass', locale: 'en', isActive: name !== 'carl' })
    }
    const req = new IncomingMessage(new Socket())
    req.url = '/users'
    const ctx = await testUtils.createHttpContext({ req })
    ctx.request.updateQs({ q: tag.toUpperCase(), sort: 'username', direction: 'desc', perPage: '2', page: '2', active: 'yes' })
    const options = {
      searchable: ['username', 'name'],
      sortable: ['username'],
      filters: { active: (query: any, value: string) => query.where('is_active', value === 'yes') },
      exportUrl: '/users/export',
    }
    const { rows, list } = await listQuery<User>(ctx, User.query(), options)
    assert.instanceOf(rows[0], User)
    assert.deepEqual(rows.map((u) => u.username), [`${tag}bert`, `${tag}anna`])
    assert.equal(list.total, 4)
    assert.equal(list.lastPage, 2)
    assert.equal(list.from, 3)
    assert.equal(list.to, 4)
    assert.equal(list.url({ page: 1 }), `/users?q=${tag.toUpperCase()}&active=yes&sort=username&direction=desc&perPage=2&page=1`)
    assert.equal(list.sortUrl('username'), `/users?q=${tag.toUpperCase()}&active=yes&sort=username&direction=asc&perPage=2`)
    assert.equal(list.exportUrl, `/users/export?q=${tag.toUpperCase()}&active=yes&sort=username&direction=desc`)

    const all = await exportQuery<User>(ctx, User.query(), options)
    assert.deepEqual(all.map((u) => u.username), ['emil', 'dora', 'bert', 'anna'].map((n) => tag + n))
  })

  test('CSV cells are quoted when needed and never start a formula', ({ assert }) => {
    const csv = toCsv(
      [{ a: 'plain', b: 'with, comma', c: '=1+1' }, { a: 'say "hi"', b: '-5.25', c: '-cmd' }],
      [
        { label: 'A', value: (r) => r.a },
        { label: 'B', value: (r) => r.b },
        { label: 'C', value: (r) => r.c },
      ]
    )
    assert.equal(csv, '\uFEFFA,B,C\r\nplain,"with, comma",\'=1+1\r\n"say ""hi""",-5.25,\'-cmd\r\n')
  })

  test('with a scope and a record type, pages and exports show only rows in the user scope, without hidden fields', async ({ assert }) => {
    const sales = await makeDepartment('LQ sales')
    const other = await makeDepartment('LQ other')
    const rep = await makeUser({
      username: 'lq_rep',
      department: sales,
      permissions: { 'fixscope.note.view': 'department' },
      fields: { 'fixscope.note.cost': 'hidden' },
    })
    const colleague = await makeUser({ username: 'lq_colleague', department: sales })
    const stranger = await makeUser({ username: 'lq_stranger', department: other })
    await db.table('fixscope_notes').multiInsert([
      { title: 'lq mine', owner_id: rep.id, department_id: sales.id, cost: 1_000_000, price: 2_000_000 },
      { title: 'lq team', owner_id: colleague.id, department_id: sales.id, cost: 3_000_000, price: 4_000_000 },
      { title: 'lq elsewhere', owner_id: stranger.id, department_id: other.id, cost: 5_000_000, price: 6_000_000 },
    ])
    const req = new IncomingMessage(new Socket())
    req.url = '/notes'
    const ctx = await testUtils.createHttpContext({ req })
    ctx.auth = { user: rep } as any
    ctx.request.updateQs({ q: 'lq', sort: 'title' })
    const options = { searchable: ['title'], sortable: ['title'], scope: { permission: 'fixscope.note.view' }, recordType: 'fixscope.note' }

    const { rows, list } = await listQuery(ctx, db.from('fixscope_notes').select('*'), options)
    assert.deepEqual(rows.map((r: any) => r.title), ['lq mine', 'lq team'])
    assert.equal(list.total, 2)

    const exported = await exportQuery<any>(ctx, db.from('fixscope_notes').select('*'), options)
    assert.deepEqual(exported.map((r) => r.title), ['lq mine', 'lq team'])
    assert.isFalse(exported.some((r) => 'cost' in r), 'the hidden cost never leaves in an export')
    assert.equal(String(exported[0].price), '2000000')

    await sendCsv(ctx, 'notes', exported, [
      { label: 'Title', field: 'title', value: (r) => r.title },
      { label: 'Cost', field: 'cost', value: (r) => r.cost },
      { label: 'Price', field: 'price', value: (r) => r.price },
    ], 'fixscope.note')
    const csv = String(ctx.response.getBody())
    assert.isTrue(csv.startsWith('\uFEFFTitle,Price\r\n'), csv)

    // Without a permission, nothing is in scope.
    ctx.auth = { user: stranger } as any
    const none = await listQuery(ctx, db.from('fixscope_notes').select('*'), options)
    assert.equal(none.list.total, 0)
  })
})
