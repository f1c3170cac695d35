import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import { makeDepartment, makeUser } from '#tests/helpers/access'
import { dbTimestamp } from '#kernel/records/record_writer'

const CONTACT_ALL = { 'fixrec.contact.view': 'all', 'fixrec.contact.create': 'all', 'fixrec.contact.edit': 'all' } as const

async function tokenFor(user: User) {
  const token = await User.accessTokens.create(user, ['*'], { name: 'api test' })
  return token.value!.release()
}

async function apiUser(options: Parameters<typeof makeUser>[0] = {}) {
  const user = await makeUser({ permissions: { ...CONTACT_ALL }, ...options })
  return { user, token: await tokenFor(user) }
}

async function contactCount() {
  const row = await db.from('fixrec_contacts').count('* as n').first()
  return Number(row.n)
}

test.group('REST API: records', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('no token is 401; a user without the permission gets 403 as JSON', async ({ client, assert }) => {
    ;(await client.get('/api/v1/records/fixrec.contact')).assertStatus(401)
    const nobody = await makeUser({ permissions: ['fixrec.deal.view'] })
    const token = await tokenFor(nobody)
    const list = await client.get('/api/v1/records/fixrec.contact').bearerToken(token)
    list.assertStatus(403)
    assert.equal(list.body().errors[0].code, 'forbidden')
    assert.include(list.body().errors[0].message, 'fixrec.contact.view')
    const create = await client.post('/api/v1/records/fixrec.contact').json({ name: 'X' }).bearerToken(token)
    create.assertStatus(403)
    assert.equal(await contactCount(), 0)
    ;(await client.get('/api/v1/records/nope.thing').bearerToken(token)).assertStatus(404)
  })

  test('create, read and list: money as an exact decimal string, dates and booleans as JSON, defaults filled', async ({ client, assert }) => {
    const dept = await makeDepartment('Sales')
    const { user, token } = await apiUser({ department: dept })
    const created = await client
      .post('/api/v1/records/fixrec.contact')
      .json({ name: 'Acme', email: 'a@acme.test', grade: 'A', credit_limit: '1234567.123456', birthday: '1990-03-31', vip: true })
      .bearerToken(token)
    created.assertStatus(201)
    const data = created.body().data
    assert.equal(data.credit_limit, '1234567.123456')
    assert.equal(data.birthday, '1990-03-31')
    assert.strictEqual(data.vip, true)
    assert.equal(data.owner_id, user.id)
    assert.equal(data.department_id, dept.id)
    assert.match(data.version, /^\d{4}-\d\d-\d\dT/)

    const row = await db.from('fixrec_contacts').where('id', data.id).first()
    assert.equal(String(row.credit_limit), '1234567123456')
    const audit = await db.from('audit_log').where({ record_type: 'fixrec.contact', record_id: String(data.id), action: 'create' }).first()
    assert.equal(audit.user_id, user.id)

    const one = await client.get(`/api/v1/records/fixrec.contact/${data.id}`).bearerToken(token)
    one.assertStatus(200)
    assert.deepEqual(one.body().data, data)
    const list = await client.get('/api/v1/records/fixrec.contact').bearerToken(token)
    assert.deepEqual(list.body().data, [data])
    assert.isNull(list.body().meta.next_cursor)
  })

  test('unknown fields, read-only fields and wrong types: 422 naming each field, in the user language, nothing written', async ({ client, assert }) => {
    const { token } = await apiUser({ locale: 'zh-CN' })
    const response = await client
      .post('/api/v1/records/fixrec.contact')
      .json({ name: 'Acme', colour: 'red', created_at: '2020-01-01', credit_limit: 'lots', grade: 'Z', vip: 'maybe' })
      .bearerToken(token)
    response.assertStatus(422)
    const errors = response.body().errors as Array<{ field: string; code: string; message: string }>
    const byField = Object.fromEntries(errors.map((e) => [e.field, e]))
    assert.equal(byField.colour.code, 'unknown_field')
    assert.include(byField.colour.message, 'colour')
    assert.equal(byField.created_at.code, 'readonly')
    assert.equal(byField.credit_limit.code, 'invalid')
    assert.include(byField.credit_limit.message, '信用额度')
    assert.include(byField.grade.message, 'A, B, C')
    assert.equal(byField.vip.code, 'invalid')
    assert.equal(await contactCount(), 0)

    const en = await makeUser({ permissions: { ...CONTACT_ALL }, locale: 'en' })
    const missing = await client.post('/api/v1/records/fixrec.contact').json({ email: 'x@y.test' }).bearerToken(await tokenFor(en))
    missing.assertStatus(422)
    assert.deepEqual(missing.body().errors, [{ field: 'name', code: 'required', message: 'Name: Required' }])

    const dangling = await client.post('/api/v1/records/fixrec.contact').json({ name: 'X', owner_id: 987654 }).bearerToken(await tokenFor(en))
    dangling.assertStatus(422)
    assert.deepEqual(dangling.body().errors, [{ field: 'owner_id', code: 'invalid', message: 'Owner: There is no record with id 987654' }])

    const notObject = await client.post('/api/v1/records/fixrec.contact').json([1, 2]).bearerToken(await tokenFor(en))
    notObject.assertStatus(422)
    assert.equal(notObject.body().errors[0].code, 'body')
  })

  test('a hidden field is absent from the JSON and cannot be written; a read-only one cannot be written', async ({ client, assert }) => {
    const { token } = await apiUser({ fields: { 'fixrec.contact.credit_limit': 'hidden' } })
    const created = await client.post('/api/v1/records/fixrec.contact').json({ name: 'Acme' }).bearerToken(token)
    created.assertStatus(201)
    assert.notProperty(created.body().data, 'credit_limit')
    const list = await client.get('/api/v1/records/fixrec.contact').bearerToken(token)
    assert.notProperty(list.body().data[0], 'credit_limit')
    const sneaky = await client.post('/api/v1/records/fixrec.contact').json({ name: 'B', credit_limit: '5' }).bearerToken(token)
    sneaky.assertStatus(422)
    assert.equal(sneaky.body().errors[0].field, 'credit_limit')
    const filter = await client.get('/api/v1/records/fixrec.contact?filter[credit_limit][gt]=0').bearerToken(token)
    filter.assertStatus(422)

    const readonly = await apiUser({ fields: { 'fixrec.contact.credit_limit': 'readonly' } })
    const refused = await client.post('/api/v1/records/fixrec.contact').json({ name: 'C', credit_limit: '5' }).bearerToken(readonly.token)
    refused.assertStatus(422)
    assert.equal(refused.body().errors[0].code, 'readonly')
    assert.equal(await contactCount(), 1)
  })

  test('data scope: an "own" user neither lists, reads nor changes other people\'s records (404)', async ({ client, assert }) => {
    const { token: allToken } = await apiUser()
    const theirs = (await client.post('/api/v1/records/fixrec.contact').json({ name: 'Theirs' }).bearerToken(allToken)).body().data
    const own = await makeUser({ permissions: { 'fixrec.contact.view': 'own', 'fixrec.contact.create': 'all', 'fixrec.contact.edit': 'own' } })
    const token = await tokenFor(own)
    const mine = (await client.post('/api/v1/records/fixrec.contact').json({ name: 'Mine' }).bearerToken(token)).body().data

    const list = await client.get('/api/v1/records/fixrec.contact').bearerToken(token)
    assert.deepEqual(list.body().data.map((r: any) => r.name), ['Mine'])
    ;(await client.get(`/api/v1/records/fixrec.contact/${theirs.id}`).bearerToken(token)).assertStatus(404)
    ;(await client.get(`/api/v1/records/fixrec.contact/${mine.id}`).bearerToken(token)).assertStatus(200)
    const patch = await client.patch(`/api/v1/records/fixrec.contact/${theirs.id}`).json({ name: 'Hacked', version: theirs.version }).bearerToken(token)
    patch.assertStatus(404)
    const row = await db.from('fixrec_contacts').where('id', theirs.id).first()
    assert.equal(row.name, 'Theirs')
  })

  test('update needs the current version: missing or stale → 409 and nothing changes; the right one saves and audits', async ({ client, assert }) => {
    const { user, token } = await apiUser()
    const created = (await client.post('/api/v1/records/fixrec.contact').json({ name: 'Acme', grade: 'B' }).bearerToken(token)).body().data

    const noVersion = await client.patch(`/api/v1/records/fixrec.contact/${created.id}`).json({ grade: 'A' }).bearerToken(token)
    noVersion.assertStatus(409)
    assert.equal(noVersion.body().errors[0].code, 'version_missing')

    const first = await client.patch(`/api/v1/records/fixrec.contact/${created.id}`).json({ grade: 'A', version: created.version }).bearerToken(token)
    first.assertStatus(200)
    assert.equal(first.body().data.grade, 'A')
    assert.notEqual(first.body().data.version, created.version)

    const stale = await client.patch(`/api/v1/records/fixrec.contact/${created.id}`).json({ grade: 'C', version: created.version }).bearerToken(token)
    stale.assertStatus(409)
    assert.equal(stale.body().errors[0].code, 'version_stale')
    assert.include(stale.body().errors[0].message, 'changed')
    assert.equal(stale.body().current_version, first.body().data.version)
    const row = await db.from('fixrec_contacts').where('id', created.id).first()
    assert.equal(row.grade, 'A')

    const bad = await client.patch(`/api/v1/records/fixrec.contact/${created.id}`).json({ grade: 'Z', name: 'New', version: first.body().data.version }).bearerToken(token)
    bad.assertStatus(422)
    assert.equal((await db.from('fixrec_contacts').where('id', created.id).first()).name, 'Acme', 'nothing half-written')

    const audit = await db.from('audit_log').where({ record_type: 'fixrec.contact', record_id: String(created.id), field: 'grade' })
    assert.lengthOf(audit, 1)
    assert.equal(audit[0].old_value, 'B')
    assert.equal(audit[0].new_value, 'A')
    assert.equal(audit[0].user_id, user.id)
  })

  test('filters and sort; cursor pagination walks every record once, stable across pages', async ({ client, assert }) => {
    const { token } = await apiUser()
    const grades = ['A', 'B', 'C', null]
    for (let i = 1; i <= 11; i++) {
      await client
        .post('/api/v1/records/fixrec.contact')
        .json({ name: `C${String(i).padStart(2, '0')}`, grade: grades[i % 4], credit_limit: i % 3 === 0 ? null : String(i * 100) })
        .bearerToken(token)
    }
    const onlyA = await client.get('/api/v1/records/fixrec.contact?filter[grade]=A').bearerToken(token)
    assert.deepEqual(onlyA.body().data.map((r: any) => r.name), ['C04', 'C08'])
    const big = await client.get('/api/v1/records/fixrec.contact?filter[credit_limit][gte]=700&sort=-credit_limit').bearerToken(token)
    assert.deepEqual(big.body().data.map((r: any) => r.credit_limit), ['1100', '1000', '800', '700'])
    const inList = await client.get('/api/v1/records/fixrec.contact?filter[grade][in]=B,C&sort=name').bearerToken(token)
    assert.deepEqual(inList.body().data.map((r: any) => r.name), ['C01', 'C02', 'C05', 'C06', 'C09', 'C10'])

    for (const sort of ['credit_limit', '-credit_limit', 'grade', '-name', '']) {
      const seen: string[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const url: string = `/api/v1/records/fixrec.contact?limit=4&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`
        const page = await client.get(url).bearerToken(token)
        page.assertStatus(200)
        seen.push(...page.body().data.map((r: any) => r.name))
        cursor = page.body().meta.next_cursor
        pages++
      } while (cursor && pages < 10)
      assert.equal(pages, 3, `three pages sorted by "${sort}"`)
      assert.sameMembers(seen, Array.from({ length: 11 }, (_, i) => `C${String(i + 1).padStart(2, '0')}`), `every record once sorted by "${sort}"`)
      assert.lengthOf(new Set(seen), 11)
    }

    const badParams = await client.get('/api/v1/records/fixrec.contact?limit=500&sort=nope&filter[grade][gt]=A&cursor=%%%').bearerToken(token)
    badParams.assertStatus(422)
    assert.sameMembers(badParams.body().errors.map((e: any) => e.field), ['limit', 'sort', 'filter[grade][gt]', 'cursor'])
  })

  test('Idempotency-Key: a replay returns the first answer, a different body is 422, nothing is created twice', async ({ client, assert }) => {
    const { token } = await apiUser()
    const first = await client.post('/api/v1/records/fixrec.contact').header('Idempotency-Key', 'k-1').json({ name: 'Once' }).bearerToken(token)
    first.assertStatus(201)
    const again = await client.post('/api/v1/records/fixrec.contact').header('Idempotency-Key', 'k-1').json({ name: 'Once' }).bearerToken(token)
    again.assertStatus(201)
    assert.equal(again.header('idempotent-replayed'), 'true')
    assert.deepEqual(again.body(), first.body())
    const other = await client.post('/api/v1/records/fixrec.contact').header('Idempotency-Key', 'k-1').json({ name: 'Twice' }).bearerToken(token)
    other.assertStatus(422)
    assert.equal(other.body().errors[0].code, 'idempotency_mismatch')
    assert.equal(await contactCount(), 1)

    // Another user's key of the same name is theirs alone.
    const second = await apiUser()
    ;(await client.post('/api/v1/records/fixrec.contact').header('Idempotency-Key', 'k-1').json({ name: 'Once' }).bearerToken(second.token)).assertStatus(201)
    assert.equal(await contactCount(), 2)
  })

  test('Idempotency-Key: concurrent requests with the same key create one record', async ({ client, assert }) => {
    const { token } = await apiUser()
    const send = () => client.post('/api/v1/records/fixrec.contact').header('Idempotency-Key', 'race').json({ name: 'Race' }).bearerToken(token)
    const responses = await Promise.all([send(), send(), send()])
    const statuses = responses.map((r) => r.status())
    assert.includeMembers([201, 409], statuses)
    assert.equal(statuses.filter((s) => s === 201 && true).length >= 1, true)
    assert.equal(await contactCount(), 1)
    const ids = new Set(responses.filter((r) => r.status() === 201).map((r) => r.body().data.id))
    assert.equal(ids.size, 1)
  })

  test('document actions go through the state machine: numbering, hooks, and a veto comes back as JSON', async ({ client, assert }) => {
    const user = await makeUser({ permissions: ['fixrec.deal.view', 'fixrec.deal.create', 'fixrec.deal.edit', 'fixrec.deal.confirm', 'fixdoc.order.view', 'fixdoc.order.edit'] })
    const token = await tokenFor(user)
    const deal = await client.post('/api/v1/records/fixrec.deal').json({ title: 'Big deal', amount: '1000.50', state: 'confirmed' }).bearerToken(token)
    deal.assertStatus(422)
    assert.equal(deal.body().errors[0].code, 'readonly')

    const created = await client.post('/api/v1/records/fixrec.deal').json({ title: 'Big deal', amount: '1000.50' }).bearerToken(token)
    created.assertStatus(201)
    assert.equal(created.body().data.state, 'draft')
    assert.isNull(created.body().data.number)
    const id = created.body().data.id

    const submitted = await client.post(`/api/v1/records/fixrec.deal/${id}/actions/submit`).header('Idempotency-Key', 'sub-1').bearerToken(token)
    submitted.assertStatus(200)
    assert.equal(submitted.body().data.state, 'submitted')
    assert.match(submitted.body().data.number, /^DL-\d{4}-\d{4}$/)
    const replay = await client.post(`/api/v1/records/fixrec.deal/${id}/actions/submit`).header('Idempotency-Key', 'sub-1').bearerToken(token)
    assert.equal(replay.header('idempotent-replayed'), 'true')
    assert.deepEqual(replay.body(), submitted.body())

    const locked = await client.patch(`/api/v1/records/fixrec.deal/${id}`).json({ title: 'Changed', version: submitted.body().data.version }).bearerToken(token)
    locked.assertStatus(409)
    assert.equal(locked.body().errors[0].code, 'locked')
    const post = await client.post(`/api/v1/records/fixrec.deal/${id}/actions/post`).bearerToken(token)
    post.assertStatus(422)
    assert.equal(post.body().errors[0].code, 'state')
    ;(await client.post(`/api/v1/records/fixrec.deal/${id}/actions/explode`).bearerToken(token)).assertStatus(404)
    const confirmed = await client.post(`/api/v1/records/fixrec.deal/${id}/actions/confirm`).bearerToken(token)
    confirmed.assertStatus(200)
    assert.equal(confirmed.body().data.state, 'confirmed')

    // fixdoc vetoes a post when the order says so; the message is the plugin's, in the user's language.
    const [orderId] = await db
      .table('fixdoc_orders')
      .insert({ customer: 'Zhang', veto_reason: 'post', state: 'draft', owner_id: user.id, created_at: dbTimestamp(new Date(), db.connection()) })
      .returning('id')
    const oid = typeof orderId === 'object' ? (orderId as any).id : orderId
    ;(await client.post(`/api/v1/records/fixdoc.order/${oid}/actions/submit`).bearerToken(token)).assertStatus(200)
    const vetoed = await client.post(`/api/v1/records/fixdoc.order/${oid}/actions/post`).bearerToken(token)
    vetoed.assertStatus(422)
    assert.deepEqual(vetoed.body().errors, [{ field: null, code: 'vetoed', message: 'Credit limit exceeded: cannot post' }])
    const order = await db.from('fixdoc_orders').where('id', oid).first()
    assert.equal(order.state, 'submitted')
  })

  test('a document action needs its permission', async ({ client, assert }) => {
    const maker = await makeUser({ permissions: ['fixrec.deal.view', 'fixrec.deal.create', 'fixrec.deal.edit'] })
    const token = await tokenFor(maker)
    const id = (await client.post('/api/v1/records/fixrec.deal').json({ title: 'T', amount: '1' }).bearerToken(token)).body().data.id
    ;(await client.post(`/api/v1/records/fixrec.deal/${id}/actions/submit`).bearerToken(token)).assertStatus(200)
    const refused = await client.post(`/api/v1/records/fixrec.deal/${id}/actions/confirm`).bearerToken(token)
    refused.assertStatus(403)
    assert.include(refused.body().errors[0].message, 'fixrec.deal.confirm')
  })
})

test.group('REST API: concurrent and custom writes', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('two updates with the same version at once: one saves, the other gets 409', async ({ client, assert }) => {
    const { token } = await apiUser()
    const created = (await client.post('/api/v1/records/fixrec.contact').json({ name: 'Acme' }).bearerToken(token)).body().data
    const patch = (grade: string) => client.patch(`/api/v1/records/fixrec.contact/${created.id}`).json({ grade, version: created.version }).bearerToken(token)
    const responses = await Promise.all([patch('A'), patch('B'), patch('C')])
    const statuses = responses.map((r) => r.status()).sort()
    assert.deepEqual(statuses, [200, 409, 409])
    const winner = responses.find((r) => r.status() === 200)!.body().data
    const row = await db.from('fixrec_contacts').where('id', created.id).first()
    assert.equal(row.grade, winner.grade)
  })

  test('a record type with its own create/update actions is written through them, after the same validation', async ({ client, assert }) => {
    const plugins = (await import('#services/plugins')).default
    const declaration = plugins.get('fixrec')!.manifest!.records![0]
    const calls: Array<[string, unknown]> = []
    declaration.actions = {
      create: async (values) => {
        calls.push(['create', values])
        const [row] = await db.table('fixrec_contacts').insert({ ...values, name: `${values.name} (via action)`, created_at: dbTimestamp(new Date(), db.connection()) }).returning('id')
        return typeof row === 'object' ? (row as any).id : row
      },
      update: async (id, values) => {
        calls.push(['update', values])
        await db.from('fixrec_contacts').where('id', id).update({ ...values, updated_at: dbTimestamp(new Date(Date.now() + 5), db.connection()) })
      },
    }
    try {
      const { token } = await apiUser()
      const bad = await client.post('/api/v1/records/fixrec.contact').json({ name: 'X', grade: 'Z' }).bearerToken(token)
      bad.assertStatus(422)
      assert.lengthOf(calls, 0, 'invalid input never reaches the action')
      const created = await client.post('/api/v1/records/fixrec.contact').json({ name: 'Acme', credit_limit: '1.5' }).bearerToken(token)
      created.assertStatus(201)
      assert.equal(created.body().data.name, 'Acme (via action)')
      assert.deepEqual(calls[0], ['create', { name: 'Acme', credit_limit: '1500000' }])
      const updated = await client
        .patch(`/api/v1/records/fixrec.contact/${created.body().data.id}`)
        .json({ grade: 'A', version: created.body().data.version })
        .bearerToken(token)
      updated.assertStatus(200)
      assert.deepEqual(calls[1], ['update', { grade: 'A' }])
      assert.equal(updated.body().data.grade, 'A')
    } finally {
      delete declaration.actions
    }
  })

  test('an approval flow applies to API actions too: confirming while approval is pending is refused as JSON', async ({ client, assert }) => {
    const { makeFlow } = await import('#tests/helpers/approvals')
    const boss = await makeUser()
    await makeFlow([{ approver: 'user', userId: boss.id, mode: 'any' }])
    const user = await makeUser({ permissions: ['fixrec.deal.view', 'fixrec.deal.create', 'fixrec.deal.edit', 'fixrec.deal.confirm'] })
    const token = await tokenFor(user)
    const id = (await client.post('/api/v1/records/fixrec.deal').json({ title: 'Huge', amount: '600000' }).bearerToken(token)).body().data.id
    ;(await client.post(`/api/v1/records/fixrec.deal/${id}/actions/submit`).bearerToken(token)).assertStatus(200)
    const refused = await client.post(`/api/v1/records/fixrec.deal/${id}/actions/confirm`).bearerToken(token)
    refused.assertStatus(422)
    assert.equal(refused.body().errors[0].code, 'state')
    assert.isNotEmpty(refused.body().errors[0].message)
    assert.equal((await db.from('fixrec_deals').where('id', id).first()).state, 'submitted')
  })
})
