import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import Role from '#models/role'
import { getSetting, getSettings, sections, setSettings, ValidationError, UnknownSettingsSectionError } from '#services/settings'
import { PluginLifecycle } from '#kernel/plugins/plugin_lifecycle'

async function userWith(username: string, permissions: string[], locale = 'en') {
  const user = await User.create({ username, name: username, password: 'secret-pass', locale, isActive: true })
  if (permissions.length) {
    const role = await Role.create({ code: `role_${username}`, name: `Role ${username}`, isSuperuser: false })
    for (const permission of permissions) await db.table('role_permissions').insert({ role_id: role.id, permission, scope: 'all' })
    await db.table('user_roles').insert({ user_id: user.id, role_id: role.id })
  }
  return user
}

async function stored(key: string) {
  const row = await db.from('settings').where('key', key).first()
  return row ? JSON.parse(row.value) : undefined
}

test.group('Settings service', (group) => {
  group.each.setup(async () => {
    await db.from('settings').where('key', 'like', 'fixjob.%').orWhere('key', 'like', 'kernel.%').delete()
  })

  test('reads defaults from the manifest until a value is stored as <plugin>.<key>', async ({ assert }) => {
    assert.deepEqual(await getSettings('fixjob'), { greeting: 'hello', batch_size: 50, notify: true, mode: 'careful' })
    assert.equal(await getSetting('kernel', 'currency'), 'CNY')
    await setSettings('fixjob', { batch_size: '200', mode: 'fast' })
    assert.equal(await getSetting('fixjob', 'batch_size'), 200)
    assert.equal(await stored('fixjob.batch_size'), 200)
    assert.equal(await stored('fixjob.mode'), 'fast')
    assert.equal(await getSetting('fixjob', 'greeting'), 'hello')
  })

  test('bad input is refused with the field named, and nothing is written', async ({ assert }) => {
    await setSettings('fixjob', { greeting: 'hi' })
    try {
      await setSettings('fixjob', { greeting: 'changed', batch_size: '2.5' })
      assert.fail('should have been refused')
    } catch (error) {
      assert.instanceOf(error, ValidationError)
      assert.deepEqual((error as any).messages.map((m: any) => m.field), ['batch_size'])
    }
    // The valid key of the same submission was not saved either.
    assert.equal(await getSetting('fixjob', 'greeting'), 'hi')
    await assert.rejects(() => setSettings('fixjob', { mode: 'reckless' }))
    await assert.rejects(() => setSettings('kernel', { currency: 'yuan' }))
    await assert.rejects(() => setSettings('kernel', { timezone: 'Mars/Olympus' }))
    assert.isUndefined(await stored('kernel.currency'))
  })

  test('an unknown section and a disabled plugin\'s settings are refused', async ({ assert }) => {
    await assert.rejects(() => getSettings('nobody'), UnknownSettingsSectionError)
    const lifecycle = new PluginLifecycle()
    await lifecycle.disable('fixjob')
    try {
      assert.notInclude(sections().map((s) => s.id), 'fixjob')
      await assert.rejects(() => setSettings('fixjob', { batch_size: 3 }), UnknownSettingsSectionError)
    } finally {
      await lifecycle.enable('fixjob')
    }
  })
})

test.group('Admin settings page', (group) => {
  group.each.setup(async () => {
    await db.from('settings').where('key', 'like', 'fixjob.%').orWhere('key', 'like', 'kernel.%').delete()
    // Only what these tests create (other suites' data stays).
    await db.from('roles').where('code', 'like', 'role_set%').delete()
    await db.from('users').where('username', 'like', 'set%').delete()
  })

  test('shows a form per section generated from the schemas, in the user language', async ({ client, assert }) => {
    const admin = await userWith('setadmin', ['admin.settings.manage'])
    const page = await client.get('/admin/settings').loginAs(admin)
    page.assertStatus(200)
    const html = page.text()
    assert.include(html, 'Company and system')
    assert.include(html, 'Company name (English)')
    assert.include(html, 'name="company_name[zh-CN]"')
    assert.include(html, 'Job fixture')
    assert.include(html, 'Batch size')
    assert.match(html, /name="batch_size" type="number"[^>]*min="1"[^>]*max="1000"/)
    assert.match(html, /<select[^>]*name="mode"/)
    assert.match(html, /<option value="fast"\s*>Fast<\/option>/)
    assert.match(html, /<option value="zh-CN" selected>中文 \(Chinese\)<\/option>/)
    assert.match(html, /type="checkbox" name="notify" value="1"[^>]*checked/)

    const zhUser = await userWith('setadmin_zh', ['admin.settings.manage'], 'zh-CN')
    const zh = await client.get('/admin/settings').loginAs(zhUser)
    assert.include(zh.text(), '公司名称 (英文)')
    assert.include(zh.text(), '批量大小')
  })

  test('saving through htmx stores the values and re-renders the section', async ({ client, assert }) => {
    const admin = await userWith('setadmin2', ['admin.settings.manage'])
    const response = await client
      .post('/admin/settings/fixjob')
      .header('HX-Request', 'true')
      .form({ greeting: 'Good morning', batch_size: '120', mode: 'fast' }) // notify unchecked
      .withCsrfToken()
      .loginAs(admin)
    response.assertStatus(200)
    assert.include(response.text(), 'settings saved')
    assert.notInclude(response.text(), '<html')
    assert.deepEqual(await getSettings('fixjob'), { greeting: 'Good morning', batch_size: 120, notify: false, mode: 'fast' })
  })

  test('bad input answers 422 with a message on each field, in the user language, and saves nothing', async ({ client, assert }) => {
    const admin = await userWith('setadmin3', ['admin.settings.manage'])
    const response = await client
      .post('/admin/settings/fixjob')
      .header('HX-Request', 'true')
      .form({ greeting: '', batch_size: '0', notify: '1', mode: 'fast' })
      .withCsrfToken()
      .loginAs(admin)
    response.assertStatus(422)
    const html = response.text()
    assert.match(html, /data-test="error-fixjob-greeting">Greeting is required/)
    assert.match(html, /data-test="error-fixjob-batch_size">Batch size must be at least 1/)
    assert.include(html, 'value="0"')
    assert.equal(await db.from('settings').where('key', 'like', 'fixjob.%').count('* as n').first().then((r: any) => Number(r.n)), 0)

    const zhUser = await userWith('setadmin3zh', ['admin.settings.manage'], 'zh-CN')
    const zh = await client
      .post('/admin/settings/kernel')
      .header('HX-Request', 'true')
      .form({ 'company_name[zh-CN]': '新公司', 'company_name[en]': 'New Co', 'default_locale': 'en', 'currency': 'RMB1', 'timezone': 'Asia/Shanghai' })
      .withCsrfToken()
      .loginAs(zhUser)
    zh.assertStatus(422)
    assert.include(zh.text(), '币种格式不正确')
    assert.equal((await getSettings('kernel')).company_name['zh-CN'], '我的公司')
  })

  test('without htmx the page re-renders with 422, and a good save redirects with a message', async ({ client, assert }) => {
    const admin = await userWith('setadmin4', ['admin.settings.manage'])
    const bad = await client
      .post('/admin/settings/kernel')
      .form({ 'company_name[zh-CN]': '', 'company_name[en]': 'X', 'default_locale': 'fr', 'currency': 'usd', 'timezone': 'UTC' })
      .withCsrfToken()
      .loginAs(admin)
    bad.assertStatus(422)
    assert.include(bad.text(), '<html')
    assert.include(bad.text(), 'Company name (Chinese) is required')
    assert.include(bad.text(), 'Default language must be one of')

    const good = await client
      .post('/admin/settings/kernel')
      .form({ 'company_name[zh-CN]': '示例制造有限公司', 'company_name[en]': 'Demo Manufacturing Co.', 'default_locale': 'en', 'currency': 'usd', 'timezone': 'UTC' })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    good.assertStatus(302)
    assert.equal(good.header('location'), '/admin/settings')
    const kernel = await getSettings('kernel')
    assert.equal(kernel.currency, 'USD')
    assert.equal(kernel.company_name.en, 'Demo Manufacturing Co.')
  })

  test('needs admin.settings.manage; an unknown section is a 404', async ({ client }) => {
    const nobody = await userWith('setnobody', [])
    ;(await client.get('/admin/settings').loginAs(nobody)).assertStatus(403)
    ;(await client.post('/admin/settings/fixjob').form({ batch_size: 5 }).withCsrfToken().loginAs(nobody)).assertStatus(403)
    const admin = await userWith('setadmin5', ['admin.settings.manage'])
    ;(await client.post('/admin/settings/nobody').form({}).withCsrfToken().loginAs(admin)).assertStatus(404)
  })
})
