import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import { makeDepartment, makeUser } from '#tests/helpers/access'

test.group('API tokens', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the tokens page creates a token, shows it once, and stores only its hash', async ({ client, assert }) => {
    const user = await makeUser({ locale: 'en' })
    const created = await client.post('/account/tokens').form({ name: 'ERP sync' }).withCsrfToken().loginAs(user)
    created.assertStatus(201)
    const secret = created.text().match(/data-test="token-value">([^<]+)</)?.[1]
    assert.match(secret ?? '', /^loom_/)
    assert.equal(created.header('cache-control'), 'no-store')

    const row = await db.from('auth_access_tokens').where('tokenable_id', user.id).first()
    assert.equal(row.name, 'ERP sync')
    assert.notInclude(row.hash, secret!.slice(5))
    assert.notInclude(JSON.stringify(row), secret!.split('.').pop()!)

    const list = await client.get('/account/tokens').loginAs(user)
    list.assertStatus(200)
    assert.include(list.text(), 'ERP sync')
    assert.notInclude(list.text(), secret!, 'the secret is never shown again')
  })

  test('/api/v1/me answers the token owner with roles, scopes and field restrictions', async ({ client, assert }) => {
    const dept = await makeDepartment('Sales')
    const user = await makeUser({
      username: 'api_user',
      department: dept,
      permissions: { 'fixscope.note.view': 'subtree' },
      fields: { 'fixscope.note.cost': 'hidden' },
    })
    const token = await User.accessTokens.create(user, ['*'], { name: 't' })
    const response = await client.get('/api/v1/me').bearerToken(token.value!.release())
    response.assertStatus(200)
    const data = response.body().data
    assert.equal(data.username, 'api_user')
    assert.equal(data.department.name, 'Sales')
    assert.deepEqual(data.permissions, { 'fixscope.note.view': 'subtree' })
    assert.deepEqual(data.fields, { 'fixscope.note.cost': 'hidden' })
    assert.notProperty(data, 'password')
  })

  test('no token, a wrong token or a revoked token gets 401; users revoke only their own', async ({ client, assert }) => {
    const user = await makeUser()
    const other = await makeUser()
    const token = await User.accessTokens.create(user, ['*'], { name: 't' })
    const secret = token.value!.release()

    ;(await client.get('/api/v1/me')).assertStatus(401)
    ;(await client.get('/api/v1/me').bearerToken(secret.slice(0, -2) + 'xx')).assertStatus(401)
    ;(await client.get('/api/v1/me').bearerToken(secret)).assertStatus(200)

    const foreign = await client.post(`/account/tokens/${token.identifier}/revoke`).withCsrfToken().loginAs(other).redirects(0)
    foreign.assertStatus(404)
    ;(await client.get('/api/v1/me').bearerToken(secret)).assertStatus(200)

    const revoked = await client.post(`/account/tokens/${token.identifier}/revoke`).withCsrfToken().loginAs(user).redirects(0)
    revoked.assertStatus(302)
    const after = await client.get('/api/v1/me').bearerToken(secret)
    after.assertStatus(401)
    assert.notInclude(after.text(), user.username)
  })

  test('a token of a deactivated user stops working', async ({ client }) => {
    const user = await makeUser()
    const token = await User.accessTokens.create(user)
    const secret = token.value!.release()
    user.isActive = false
    await user.save()
    ;(await client.get('/api/v1/me').bearerToken(secret)).assertStatus(401)
  })

  test('an empty token name is a 422 naming the field', async ({ client, assert }) => {
    const user = await makeUser({ locale: 'zh-CN' })
    const response = await client.post('/account/tokens').form({ name: '' }).withCsrfToken().loginAs(user)
    response.assertStatus(422)
    assert.include(response.text(), '令牌名称')
    assert.lengthOf(await db.from('auth_access_tokens').where('tokenable_id', user.id), 0)
  })

  test('the tokens page needs a signed-in user', async ({ client }) => {
    const response = await client.get('/account/tokens').redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/login')
  })
})
