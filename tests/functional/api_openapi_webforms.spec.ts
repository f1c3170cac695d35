import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import { makeUser } from '#tests/helpers/access'
import { createWebFormToken, WEB_FORM_RATE } from '#kernel/webforms/web_forms'

/** Every "$ref" in the document, with where it was found. */
function refs(node: unknown, path = '#'): Array<[string, string]> {
  if (Array.isArray(node)) return node.flatMap((n, i) => refs(n, `${path}/${i}`))
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([k, v]) => (k === '$ref' ? [[String(v), path] as [string, string]] : refs(v, `${path}/${k}`)))
  }
  return []
}

function resolve(doc: any, ref: string) {
  if (!ref.startsWith('#/')) return undefined
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((o, k) => (o == null ? undefined : o[k]), doc)
}

test.group('OpenAPI document and reference page', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('/api/v1/openapi.json is OpenAPI 3.1 with every $ref resolving, and lists fixrec.contact with its fields', async ({ client, assert }) => {
    const anonymous = await client.get('/api/v1/openapi.json').redirects(0)
    assert.include([401, 302], anonymous.status())
    const user = await makeUser()
    const token = await User.accessTokens.create(user, ['*'], { name: 't' })
    const response = await client.get('/api/v1/openapi.json').bearerToken(token.value!.release())
    response.assertStatus(200)
    const doc = response.body()
    assert.equal(doc.openapi, '3.1.0')
    assert.properties(doc.info, ['title', 'version'])
    assert.isObject(doc.paths)
    assert.isObject(doc.components.schemas)
    for (const [ref, where] of refs(doc)) assert.isDefined(resolve(doc, ref), `${ref} at ${where}`)
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      assert.isTrue(path.startsWith('/'), path)
      for (const [method, op] of Object.entries<any>(item)) {
        assert.include(['get', 'post', 'patch', 'put', 'delete'], method)
        assert.isObject(op.responses, `${method} ${path} has responses`)
      }
    }
    const ids = Object.values<any>(doc.paths).flatMap((item) => Object.values<any>(item).map((op) => op.operationId))
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique')

    const contact = doc.components.schemas['fixrec.contact']
    assert.includeMembers(Object.keys(contact.properties), ['id', 'version', 'name', 'email', 'grade', 'credit_limit', 'birthday', 'vip', 'owner_id'])
    assert.deepEqual(contact.properties.credit_limit.type, ['string', 'null'])
    assert.deepEqual(contact.properties.grade.enum, ['A', 'B', 'C', null])
    assert.equal(contact.properties.birthday.format, 'date')
    const create = doc.components.schemas['fixrec.contact.create']
    assert.deepEqual(create.required, ['name'])
    assert.notProperty(create.properties, 'created_at')
    assert.isFalse(create.additionalProperties)
    assert.isDefined(doc.paths['/api/v1/records/fixrec.contact'], '/api/v1/records/fixrec.contact')
    assert.isDefined(doc.paths['/api/v1/records/fixrec.contact/{id}'], '/api/v1/records/fixrec.contact/{id}')
    assert.isDefined(doc.paths['/api/v1/records/fixrec.deal/{id}/actions/confirm'], '/api/v1/records/fixrec.deal/{id}/actions/confirm')
    assert.isUndefined(doc.paths['/api/v1/records/fixrec.deal/{id}/actions/post'], '/api/v1/records/fixrec.deal/{id}/actions/post')
    assert.isDefined(doc.paths['/api/v1/records/fixdoc.order/{id}/actions/post'], '/api/v1/records/fixdoc.order/{id}/actions/post')
    assert.isDefined(doc.paths['/api/v1/approvals/{id}/approve'], 'the approvals API is listed')
  })

  test('/api/docs renders the reference from the same document, in the user language', async ({ client, assert }) => {
    const user = await makeUser({ locale: 'zh-CN' })
    const page = await client.get('/api/docs').loginAs(user)
    page.assertStatus(200)
    const html = page.text()
    assert.include(html, 'API 参考')
    assert.include(html, '/api/v1/records/fixrec.contact')
    assert.include(html, '信用额度')
    assert.notMatch(html, /<script[^>]+src="https?:/, 'no CDN scripts')
  })
})

test.group('Web-to-record forms', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function owner() {
    return makeUser({ permissions: ['fixrec.contact.view', 'fixrec.contact.create', 'admin.webforms.manage'] })
  }

  test('admins create a form token for a record type that allows web forms', async ({ client, assert }) => {
    ;(await client.get('/admin/web-forms').loginAs(await makeUser())).assertStatus(403)
    const user = await owner()
    const empty = await client.get('/admin/web-forms').loginAs(user)
    empty.assertStatus(200)
    assert.include(empty.text(), 'No web forms yet')
    const bad = await client.post('/admin/web-forms').form({ record_type: 'fixrec.deal', name: 'Leads' }).withCsrfToken().loginAs(user)
    bad.assertStatus(422)
    assert.include(bad.text(), 'Choose a record type that allows web forms')
    const ok = await client.post('/admin/web-forms').form({ record_type: 'fixrec.contact', name: 'Website leads' }).withCsrfToken().loginAs(user).redirects(0)
    ok.assertStatus(302)
    const row = await db.from('web_form_tokens').first()
    assert.equal(row.record_type, 'fixrec.contact')
    assert.equal(row.user_id, user.id)
    const page = await client.get('/admin/web-forms').loginAs(user)
    assert.include(page.text(), `/public/forms/${row.token}`)
  })

  test('a public post without CSRF token creates the record as the form owner; only the form fields are allowed', async ({ client, assert }) => {
    const user = await owner()
    const token = await createWebFormToken('fixrec.contact', 'Leads', user.id)
    const response = await client.post(`/public/forms/${token}`).json({ name: 'Visitor', email: 'v@example.com', grade: 'B', website: '' })
    response.assertStatus(201)
    const row = await db.from('fixrec_contacts').where('name', 'Visitor').first()
    assert.equal(row.email, 'v@example.com')
    assert.equal(row.owner_id, user.id)
    assert.equal(Number((await db.from('web_form_tokens').first()).submissions), 1)

    const html = await client.post(`/public/forms/${token}`).form({ name: 'Form visitor' }).header('Accept', 'text/html')
    html.assertStatus(201)
    assert.include(html.text(), 'data-test="form-received"')

    const extra = await client.post(`/public/forms/${token}`).json({ name: 'Greedy', credit_limit: '1000000' })
    extra.assertStatus(422)
    assert.equal(extra.body().errors[0].field, 'credit_limit')
    const missing = await client.post(`/public/forms/${token}`).json({ email: 'x@example.com' })
    missing.assertStatus(422)
    assert.equal(missing.body().errors[0].field, 'name')
    assert.lengthOf(await db.from('fixrec_contacts'), 2)

    ;(await client.post('/public/forms/not-a-real-token-123').json({ name: 'X' })).assertStatus(404)
    await db.from('web_form_tokens').update({ active: false })
    ;(await client.post(`/public/forms/${token}`).json({ name: 'Late' })).assertStatus(404)
  })

  test('the honeypot is answered like a success and stores nothing', async ({ client, assert }) => {
    const token = await createWebFormToken('fixrec.contact', 'Leads', (await owner()).id)
    const response = await client.post(`/public/forms/${token}`).form({ name: 'Bot', website: 'http://spam.example' })
    response.assertStatus(201)
    assert.lengthOf(await db.from('fixrec_contacts'), 0)
  })

  test('submissions are rate-limited per visitor: 429 with Retry-After', async ({ client, assert }) => {
    const token = await createWebFormToken('fixrec.contact', 'Leads', (await owner()).id)
    for (let i = 0; i < WEB_FORM_RATE.requests; i++) {
      ;(await client.post(`/public/forms/${token}`).json({ name: `V${i}` })).assertStatus(201)
    }
    const limited = await client.post(`/public/forms/${token}`).json({ name: 'One too many' })
    limited.assertStatus(429)
    assert.isAbove(Number(limited.header('retry-after')), 0)
    assert.equal(limited.body().errors[0].code, 'too_many')
    assert.lengthOf(await db.from('fixrec_contacts'), WEB_FORM_RATE.requests)
  })
})
