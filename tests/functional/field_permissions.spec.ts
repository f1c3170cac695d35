import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { makeDepartment, makeUser } from '#tests/helpers/access'
import { declaredFields, dropReadonlyInput, redactFields } from '#services/field_permissions'
import { validateManifest } from '#kernel/plugins/manifest_validator'

const VIEW_EDIT = { 'fixscope.note.view': 'all', 'fixscope.note.edit': 'all' } as const

async function note(title = 'Gearbox', cost = '12340000', price = '20000000') {
  const [row] = await db.table('fixscope_notes').insert({ title, owner_id: null, department_id: null, cost, price }).returning('id')
  return Number(typeof row === 'object' ? row.id : row)
}

test.group('Field permissions (hidden / read-only per role)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a hidden cost is absent from the page HTML and from the API JSON', async ({ client, assert }) => {
    const id = await note()
    const restricted = await makeUser({ permissions: { ...VIEW_EDIT }, fields: { 'fixscope.note.cost': 'hidden' } })
    const list = await client.get('/fixscope/notes').loginAs(restricted)
    list.assertStatus(200)
    assert.include(list.text(), 'Gearbox')
    assert.notInclude(list.text(), '12.34')
    const page = await client.get(`/fixscope/notes/${id}`).loginAs(restricted)
    assert.notInclude(page.text(), '12.34')
    assert.notInclude(page.text(), 'name="cost"')

    const api = await client.get(`/api/v1/fixscope/notes/${id}`).withGuard('api').loginAs(restricted)
    api.assertStatus(200)
    assert.notProperty(api.body().data, 'cost')
    assert.equal(api.body().data.price, '20.00')
    const apiList = await client.get('/api/v1/fixscope/notes').withGuard('api').loginAs(restricted)
    assert.notProperty(apiList.body().data[0], 'cost')
    assert.notInclude(apiList.text(), '12.34')

    // A role without the restriction sees it.
    const open = await makeUser({ permissions: { ...VIEW_EDIT } })
    const seen = await client.get(`/api/v1/fixscope/notes/${id}`).withGuard('api').loginAs(open)
    assert.equal(seen.body().data.cost, '12.34')
    assert.include((await client.get('/fixscope/notes').loginAs(open)).text(), '12.34')
  })

  test('a read-only price is shown but a POST cannot change it; other fields still save', async ({ client, assert }) => {
    const id = await note()
    const user = await makeUser({ permissions: { ...VIEW_EDIT }, fields: { 'fixscope.note.price': 'readonly', 'fixscope.note.cost': 'hidden' } })
    const page = await client.get(`/fixscope/notes/${id}`).loginAs(user)
    assert.match(page.text(), /name="price"[^>]*value="20.00"[^>]*readonly|name="price"[\s\S]*?readonly/)
    const response = await client
      .post(`/fixscope/notes/${id}`)
      .form({ title: 'Gearbox v2', price: '1.00', cost: '0.01' })
      .withCsrfToken()
      .loginAs(user)
      .redirects(0)
    response.assertStatus(302)
    const row = await db.from('fixscope_notes').where('id', id).first()
    assert.equal(row.title, 'Gearbox v2')
    assert.equal(String(row.price), '20000000')
    assert.equal(String(row.cost), '12340000', 'a hidden field cannot be written either')
  })

  test('a field is restricted only when every role of the user restricts it; superusers see everything', async ({ assert }) => {
    const user = await makeUser({ permissions: { ...VIEW_EDIT }, fields: { 'fixscope.note.cost': 'hidden' } })
    const record = { id: 1, title: 'x', cost: '1', price: '2' }
    assert.notProperty(await redactFields(user, record, 'fixscope.note'), 'cost')

    // A second role without the restriction lifts it.
    const second = await makeUser({ permissions: { 'fixscope.note.view': 'all' } })
    const roleId = (await db.from('user_roles').where('user_id', second.id).first()).role_id
    await db.table('user_roles').insert({ user_id: user.id, role_id: roleId })
    const { forgetGrants } = await import('#services/authorization')
    forgetGrants(user)
    assert.property(await redactFields(user, record, 'fixscope.note'), 'cost')

    const admin = await makeUser({ superuser: true, fields: { 'fixscope.note.cost': 'hidden' } })
    assert.property(await redactFields(admin, record, 'fixscope.note'), 'cost')
    assert.deepEqual(await dropReadonlyInput(admin, { cost: '1' }, 'fixscope.note'), { cost: '1' })
  })

  test('helpers handle camelCase keys of serialized models too', async ({ assert }) => {
    const department = await makeDepartment('X')
    const user = await makeUser({ department, fields: { 'fixscope.note.unit_cost': 'hidden', 'fixscope.note.list_price': 'readonly' } })
    const out = await redactFields(user, { unitCost: 5, listPrice: 6, title: 't' }, 'fixscope.note')
    assert.deepEqual(out, { listPrice: 6, title: 't' })
    assert.deepEqual(await dropReadonlyInput(user, { list_price: '9', title: 'n' }, 'fixscope.note'), { title: 'n' })
  })

  test('Lucid models are serialized before redaction (what exports and PDFs pass in)', async ({ assert }) => {
    const viewer = await makeUser({ fields: { 'loom.user.email': 'hidden' } })
    const subject = await makeUser({ username: 'subject' })
    subject.email = 'subject@example.com'
    const out = await redactFields(viewer, subject, 'loom.user')
    assert.notProperty(out, 'email')
    assert.equal((out as any).username, 'subject')
    assert.notProperty(out, 'password', 'serialization keeps hiding the password too')
  })

  test('manifests declare restrictable fields; bad declarations are reported with the field', async ({ assert }) => {
    assert.includeDeepMembers(
      declaredFields().map((f) => f.field),
      ['fixscope.note.cost', 'fixscope.note.price']
    )
    const base = { id: 'shop', version: '1.0.0', name: { 'zh-CN': '店', 'en': 'Shop' } }
    assert.deepEqual(validateManifest({ ...base, fieldPermissions: [{ field: 'shop.order.cost', label: { 'zh-CN': '成本', 'en': 'Cost' } }] }, 'shop'), [])
    const errors = validateManifest(
      {
        ...base,
        fieldPermissions: [
          { field: 'other.order.cost', label: { 'zh-CN': '成本', 'en': 'Cost' } },
          { field: 'cost', label: { 'zh-CN': '成本', 'en': 'Cost' } },
          { field: 'shop.order.margin', label: { en: 'Margin' } },
        ],
      },
      'shop'
    )
    assert.lengthOf(errors, 3)
    assert.match(errors[0], /fieldPermissions\[0\]\.field.*must start with "shop\."/)
    assert.match(errors[1], /fieldPermissions\[1\]\.field/)
    assert.match(errors[2], /fieldPermissions\[2\]\.label/)
  })
})
