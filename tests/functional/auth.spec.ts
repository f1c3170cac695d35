import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import User from '#models/user'

test.group('Signing in', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a user signs in with the right password and reaches the workbench', async ({ client, assert }) => {
    await User.create({ username: 'alice', name: 'Alice', password: 'secret-pass', locale: 'en', isActive: true })
    const page = await client.get('/login')
    page.assertStatus(200)

    const response = await client.post('/login').form({ username: 'alice', password: 'secret-pass' }).withCsrfToken().redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), '/')
  })

  test('the username is matched regardless of case; a case variant cannot be created', async ({ client, assert }) => {
    await User.create({ username: 'dora', name: 'Dora', password: 'right-pass', locale: 'en', isActive: true })
    const response = await client.post('/login').form({ username: 'DoRa', password: 'right-pass' }).withCsrfToken().redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), '/')
    await assert.rejects(() => User.create({ username: 'DORA', name: 'Copy', password: 'x-pass-123', locale: 'en', isActive: true }))
  })

  test('a wrong password is refused with a message in the user language', async ({ client, assert }) => {
    await User.create({ username: 'bob', name: 'Bob', password: 'right-pass', locale: 'zh-CN', isActive: true })
    const response = await client
      .post('/login')
      .header('Accept-Language', 'en')
      .form({ username: 'bob', password: 'wrong' })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    assert.equal((response.flashMessages().errors as any).username, 'Wrong username or password')

    const zh = await client.post('/login').header('Accept-Language', 'zh-CN').form({ username: 'bob', password: 'x' }).withCsrfToken().redirects(0)
    assert.equal((zh.flashMessages().errors as any).username, '用户名或密码错误')
  })

  test('the sixth wrong password in a minute is throttled with 429 and a message', async ({ client, assert }) => {
    await User.create({ username: 'carol', name: 'Carol', password: 'right-pass', locale: 'en', isActive: true })
    const statuses: number[] = []
    let last
    for (let i = 0; i < 6; i++) {
      last = await client.post('/login').header('Accept-Language', 'en').form({ username: 'carol', password: 'nope' }).withCsrfToken().redirects(0)
      statuses.push(last.status())
    }
    assert.deepEqual(statuses, [302, 302, 302, 302, 302, 429])
    assert.match(last!.text(), /Too many attempts. Try again in \d+ seconds/)
    assert.isAbove(Number(last!.header('retry-after')), 0)
    // Even the right password is refused while blocked.
    const blocked = await client.post('/login').header('Accept-Language', 'en').form({ username: 'carol', password: 'right-pass' }).withCsrfToken().redirects(0)
    blocked.assertStatus(429)
    assert.include(blocked.text(), 'Too many attempts')
    const zh = await client.post('/login').header('Accept-Language', 'zh-CN').form({ username: 'carol', password: 'right-pass' }).withCsrfToken().redirects(0)
    zh.assertStatus(429)
    assert.notInclude(zh.text(), 'Too many attempts')
  })

  test('the workbench redirects anonymous visitors to the login page', async ({ client }) => {
    const response = await client.get('/').redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/login')
  })
})
