/*
 * Security properties a browser sees, tested over real HTTP with a cookie
 * jar (no test shortcuts for sessions or CSRF): session id rotation at login,
 * CSRF refusal, shield headers and CSP, logout ending the session.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import Role from '#models/role'
import { makeUser } from '#tests/helpers/access'

const BASE = `http://${process.env.HOST}:${process.env.PORT}`

/** A tiny browser: keeps cookies, reads the CSRF token from the page's meta tag. */
class Browser {
  cookies = new Map<string, string>()

  async request(path: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { 'Accept-Language': 'en', ...(init.headers ?? {}) }
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    let body: string | undefined
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams(init.form).toString()
    }
    const response = await fetch(BASE + path, { method: init.method ?? 'GET', headers, body, redirect: 'manual' })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const index = pair.indexOf('=')
      const name = pair.slice(0, index)
      const value = pair.slice(index + 1)
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return { response, text: await response.text() }
  }

  async csrf(path = '/login') {
    const { text } = await this.request(path)
    const token = text.match(/name="csrf-token" content="([^"]+)"/)?.[1]
    if (!token) throw new Error(`no CSRF token on ${path}`)
    return token
  }

  async login(username: string, password: string) {
    const token = await this.csrf('/login')
    return this.request('/login', { method: 'POST', form: { _csrf: token, username, password } })
  }
}

test.group('Security: sessions, CSRF, headers', (group) => {
  // Real HTTP from outside the test process's transaction: commit, then clean up.
  const created: number[] = []
  group.each.teardown(async () => {
    if (created.length) {
      await db.from('user_roles').whereIn('user_id', created).delete()
      await db.from('users').whereIn('id', created).delete()
      created.length = 0
    }
  })
  const user = async (username: string) => {
    const u = await User.create({ username, name: username, password: 'secret-pass', locale: 'en', isActive: true })
    created.push(u.id)
    return u
  }

  test('the session id changes when a user signs in', async ({ assert }) => {
    await user('rotator')
    const browser = new Browser()
    await browser.csrf('/login')
    const before = browser.cookies.get('loom-session')
    assert.isString(before)
    const { response } = await browser.login('rotator', 'secret-pass')
    assert.equal(response.status, 302)
    assert.equal(response.headers.get('location'), '/')
    const after = browser.cookies.get('loom-session')
    assert.isString(after)
    assert.notEqual(after, before, 'a fixed session id would allow session fixation')
    const home = await browser.request('/')
    assert.equal(home.response.status, 200)
  })

  test('a form posted without the CSRF token is refused and does nothing', async ({ assert }) => {
    await user('csrf_victim')
    const browser = new Browser()
    await browser.csrf('/login')
    const noToken = await browser.request('/login', { method: 'POST', form: { username: 'csrf_victim', password: 'secret-pass' } })
    assert.notEqual(noToken.response.status, 200)
    assert.equal((await browser.request('/')).response.status, 302, 'still signed out')

    // Signed in, a state-changing admin POST without the token changes nothing.
    const admin = await user('csrf_admin')
    const roleId = (await Role.create({ code: 'csrf_role', name: 'x', isSuperuser: true })).id
    await db.table('user_roles').insert({ user_id: admin.id, role_id: roleId })
    await browser.login('csrf_admin', 'secret-pass')
    const forged = await browser.request('/admin/departments', { method: 'POST', form: { code: 'FORGED', name: 'Forged' } })
    assert.notEqual(forged.response.status, 200)
    assert.isNull(await db.from('departments').where('code', 'FORGED').first())
    const token = await browser.csrf('/admin/departments/create')
    const genuine = await browser.request('/admin/departments', { method: 'POST', form: { _csrf: token, code: 'GENUINE', name: 'Genuine' } })
    assert.equal(genuine.response.status, 302)
    assert.isNotNull(await db.from('departments').where('code', 'GENUINE').first())
    await db.from('departments').where('code', 'GENUINE').delete()
    await db.from('user_roles').where('role_id', roleId).delete()
    await db.from('roles').where('id', roleId).delete()
  })

  test('a form sent from an expired page is refused with a message the user can read', async ({ assert }) => {
    const admin = await user('csrf_expired')
    const roleId = (await Role.create({ code: 'csrf_expired_role', name: 'x', isSuperuser: true })).id
    await db.table('user_roles').insert({ user_id: admin.id, role_id: roleId })
    const browser = new Browser()
    await browser.login('csrf_expired', 'secret-pass')
    const stale = await browser.request('/admin/departments', {
      method: 'POST',
      form: { _csrf: 'stale-token', code: 'STALE', name: 'Stale' },
      headers: { referer: BASE + '/admin/departments/create' },
    })
    assert.equal(stale.response.status, 302)
    assert.equal(stale.response.headers.get('location'), '/admin/departments/create')
    const page = await browser.request('/admin/departments/create')
    assert.include(page.text, 'This page has expired or the form was not sent by Loom. Reload the page and try again.')
    assert.isNull(await db.from('departments').where('code', 'STALE').first())

    const htmx = await browser.request('/admin/departments', { method: 'POST', form: { code: 'STALE', name: 'Stale' }, headers: { 'HX-Request': 'true' } })
    assert.equal(htmx.response.status, 419)
    assert.include(htmx.text, 'This page has expired')
    await db.from('user_roles').where('role_id', roleId).delete()
    await db.from('roles').where('id', roleId).delete()
  })

  test('pages carry a CSP and the other shield headers', async ({ assert }) => {
    const { response } = await new Browser().request('/login')
    const csp = response.headers.get('content-security-policy') ?? ''
    assert.include(csp, "default-src 'self'")
    assert.include(csp, "object-src 'none'")
    assert.match(csp, /script-src 'self'[^;]*'nonce-/)
    assert.notInclude(csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '', "'unsafe-inline'")
    assert.equal(response.headers.get('x-frame-options'), 'SAMEORIGIN')
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff')
    assert.match(response.headers.get('strict-transport-security') ?? '', /max-age=\d+/)
  })

  test('signing out ends the session: the old cookie no longer opens pages', async ({ assert }) => {
    await user('leaver')
    const browser = new Browser()
    await browser.login('leaver', 'secret-pass')
    assert.equal((await browser.request('/')).response.status, 200)
    const stolen = new Map(browser.cookies)
    const token = await browser.csrf('/')
    const out = await browser.request('/logout', { method: 'POST', form: { _csrf: token } })
    assert.equal(out.response.status, 302)
    assert.equal((await browser.request('/')).response.status, 302)
    // Replaying the cookies from before logout does not bring the session back.
    const replay = new Browser()
    replay.cookies = stolen
    const again = await replay.request('/')
    assert.equal(again.response.status, 302)
    assert.equal(again.response.headers.get('location'), '/login')
  })

  test('passwords are stored as scrypt hashes, never in clear', async ({ assert }) => {
    const u = await makeUserOutsideTransaction('hashed_one')
    created.push(u.id)
    const row = await db.from('users').where('id', u.id).first()
    assert.notInclude(row.password, 'secret-pass')
    assert.match(row.password, /^\$scrypt\$/)
  })
})

async function makeUserOutsideTransaction(username: string) {
  return User.create({ username, name: username, password: 'secret-pass', locale: 'en', isActive: true })
}

test.group('Security: factories inside a transaction', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  test('an inactive user with a valid session is signed out and refused', async ({ client }) => {
    const u = await makeUser({ isActive: false })
    const response = await client.get('/').loginAs(u).redirects(0)
    response.assertStatus(401)
  })
})
