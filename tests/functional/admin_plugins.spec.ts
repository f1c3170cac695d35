import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import plugins from '#services/plugins'
import pluginsConfig from '#config/plugins'
import { restorePlugins, tableExists, userWith } from '#tests/helpers/plugins'

const MANAGE = ['admin.plugins.manage']

test.group('Admin plugins page', (group) => {
  group.each.teardown(() => restorePlugins())

  test('needs a login and the admin.plugins.manage permission', async ({ client, assert }) => {
    const anonymous = await client.get('/admin/plugins').redirects(0)
    anonymous.assertStatus(302)
    anonymous.assertHeader('location', '/login')

    const user = await userWith(['fixbase.note.view'])
    const forbidden = await client.get('/admin/plugins').loginAs(user)
    forbidden.assertStatus(403)
    const forbiddenAction = await client.post('/admin/plugins/fixdep/disable').loginAs(user).withCsrfToken()
    forbiddenAction.assertStatus(403)
    assert.equal(plugins.stateOf('fixdep'), 'enabled')
  })

  test('lists every plugin with version, state and dependencies, in the user language', async ({ client, assert }) => {
    const admin = await userWith(MANAGE)
    const en = await client.get('/admin/plugins').loginAs(admin)
    en.assertStatus(200)
    en.assertHeader('vary', 'HX-Request')
    const html = en.text()
    assert.include(html, '<html')
    assert.match(html, /data-test="plugin-fixdep" data-state="enabled"/)
    assert.include(html, 'Fixture dependant')
    assert.include(html, 'fixbase ^1.0.0')
    assert.include(html, '1.2.0')
    assert.include(html, '>Enabled</span>')
    assert.include(html, '>Disable</button>')

    const zhAdmin = await userWith(MANAGE, 'zh-CN')
    const zh = await client.get('/admin/plugins').loginAs(zhAdmin)
    assert.include(zh.text(), '测试依赖插件')
    assert.include(zh.text(), '>已启用</span>')
    assert.include(zh.text(), '>停用</button>')
  })

  test('with HX-Request the page answers with the table fragment only', async ({ client, assert }) => {
    const admin = await userWith(MANAGE)
    const fragment = await client.get('/admin/plugins').loginAs(admin).header('HX-Request', 'true')
    fragment.assertStatus(200)
    assert.notInclude(fragment.text(), '<html')
    assert.match(fragment.text(), /^\s*(\{\{--.*--\}\})?\s*<div id="plugin-table"/)
  })

  test('disabling a plugin others need is refused with a message naming them; nothing changes', async ({ client, assert }) => {
    const admin = await userWith(MANAGE)
    const htmx = await client.post('/admin/plugins/fixbase/disable').loginAs(admin).header('HX-Request', 'true').withCsrfToken()
    htmx.assertStatus(422)
    assert.include(htmx.text(), '&quot;fixbase&quot; cannot be disabled while these enabled plugins depend on it: fixdep')
    assert.equal(plugins.stateOf('fixbase'), 'enabled')

    const zhAdmin = await userWith(MANAGE, 'zh-CN')
    const zh = await client.post('/admin/plugins/fixbase/disable').loginAs(zhAdmin).header('HX-Request', 'true').withCsrfToken()
    assert.include(zh.text(), '无法停用“fixbase”：以下已启用的插件依赖它：fixdep')

    const plain = await client.post('/admin/plugins/fixbase/disable').loginAs(admin).withCsrfToken().redirects(0)
    plain.assertStatus(302)
    plain.assertFlashMessage('error', '"fixbase" cannot be disabled while these enabled plugins depend on it: fixdep')
  })

  test('disable and enable from the page; enabling pulls in disabled dependencies', async ({ client, assert }) => {
    const admin = await userWith(MANAGE)
    const first = await client.post('/admin/plugins/fixdep/disable').loginAs(admin).header('HX-Request', 'true').withCsrfToken()
    first.assertStatus(200)
    assert.match(first.text(), /data-test="plugin-fixdep" data-state="disabled"/)
    assert.include(first.text(), 'Disabled fixdep. Its data is kept.')

    const second = await client.post('/admin/plugins/fixbase/disable').loginAs(admin).withCsrfToken().redirects(0)
    second.assertStatus(302)
    second.assertFlashMessage('success', 'Disabled fixbase. Its data is kept.')
    assert.equal(plugins.stateOf('fixbase'), 'disabled')
    assert.isTrue(await tableExists('fixbase_notes'))

    const enable = await client.post('/admin/plugins/fixdep/enable').loginAs(admin).header('HX-Request', 'true').withCsrfToken()
    enable.assertStatus(200)
    assert.include(enable.text(), 'Enabled: fixbase, fixdep')
    assert.equal(plugins.stateOf('fixbase'), 'enabled')
    assert.equal(plugins.stateOf('fixdep'), 'enabled')
  })

  test('uninstall asks for the plugin id, refuses a mismatch inline, then removes the tables', async ({ client, assert }) => {
    const admin = await userWith(MANAGE)
    const confirmPage = await client.get('/admin/plugins/fixdep/uninstall').loginAs(admin)
    confirmPage.assertStatus(200)
    assert.include(confirmPage.text(), 'Type fixdep to confirm')

    const wrong = await client.post('/admin/plugins/fixdep/uninstall').loginAs(admin).header('HX-Request', 'true').form({ confirm: 'fixbase' }).withCsrfToken()
    wrong.assertStatus(422)
    assert.include(wrong.text(), 'data-test="error-confirm"')
    assert.include(wrong.text(), 'Type fixdep exactly to confirm the uninstall')
    assert.isTrue(await tableExists('fixdep_tallies'))
    const empty = await client.post('/admin/plugins/fixdep/uninstall').loginAs(admin).header('HX-Request', 'true').withCsrfToken()
    empty.assertStatus(422)
    assert.isTrue(await tableExists('fixdep_tallies'))

    const refused = await client.post('/admin/plugins/fixbase/uninstall').loginAs(admin).header('HX-Request', 'true').form({ confirm: 'fixbase' }).withCsrfToken()
    refused.assertStatus(422)
    refused.assertHeader('hx-retarget', '#plugin-table')
    assert.include(refused.text(), 'these installed plugins depend on it: fixdep')
    assert.isTrue(await tableExists('fixbase_notes'))

    const ok = await client.post('/admin/plugins/fixdep/uninstall').loginAs(admin).header('HX-Request', 'true').form({ confirm: 'fixdep' }).withCsrfToken()
    ok.assertStatus(204)
    ok.assertHeader('hx-redirect', '/admin/plugins')
    assert.isFalse(await tableExists('fixdep_tallies'))
    assert.equal(plugins.stateOf('fixdep'), 'discovered')

    const plain = await client.post('/admin/plugins/fixbase/uninstall').loginAs(admin).form({ confirm: 'fixbase' }).withCsrfToken().redirects(0)
    plain.assertStatus(302)
    plain.assertFlashMessage('success', 'Uninstalled fixbase: its tables and data were removed.')
    assert.isFalse(await tableExists('fixbase_notes'))

    const list = await client.get('/admin/plugins').loginAs(admin)
    assert.match(list.text(), /data-test="plugin-fixbase" data-state="discovered"/)
    assert.include(list.text(), '>Install</button>')
  })

  test('install from the page installs the dependencies too', async ({ client, assert }) => {
    const admin = await userWith(MANAGE)
    for (const id of ['fixdep', 'fixbase']) {
      await client.post(`/admin/plugins/${id}/uninstall`).loginAs(admin).form({ confirm: id }).withCsrfToken().redirects(0)
    }
    assert.isFalse(await tableExists('fixbase_notes'))
    const response = await client.post('/admin/plugins/fixdep/install').loginAs(admin).header('HX-Request', 'true').withCsrfToken()
    response.assertStatus(200)
    assert.include(response.text(), 'Installed and enabled: fixbase, fixdep')
    assert.isTrue(await tableExists('fixbase_notes'))
    assert.isTrue(await tableExists('fixdep_tallies'))
  })

  test('an unknown plugin id answers 404 with a message naming it', async ({ client, assert }) => {
    const admin = await userWith(MANAGE)
    const response = await client.post('/admin/plugins/nosuch/enable').loginAs(admin).header('HX-Request', 'true').withCsrfToken()
    response.assertStatus(404)
    assert.include(response.text(), 'There is no plugin &quot;nosuch&quot;')
  })

  test('a plugin that failed to load is listed with the reason and no actions', async ({ client, assert }) => {
    const admin = await userWith(MANAGE)
    const discover = (extra: string[]) =>
      plugins.discover({ appRoot: app.appRoot.pathname, directories: [...pluginsConfig.directories, ...extra], packages: pluginsConfig.packages })
    await discover(['tests/fixtures/broken_plugins/throws', 'tests/fixtures/broken_plugins/out_of_range'])
    try {
      const response = await client.get('/admin/plugins').loginAs(admin)
      const html = response.text()
      assert.match(html, /data-test="plugin-boom" data-state="failed"/)
      assert.include(html, 'plugin.ts threw while loading: boom: the database driver this plugin needs is missing')
      assert.include(html, 'plugin &quot;wantsnew&quot; needs &quot;oldbase&quot; ^1.0.0, but &quot;oldbase&quot; is version 0.9.0')
      const boom = html.slice(html.indexOf('data-test="plugin-boom"'), html.indexOf('</li>', html.indexOf('data-test="plugin-boom"')))
      assert.notInclude(boom, 'data-test="action-')
      assert.include(html, 'data-test="plugin-fixbase" data-state="enabled"')
    } finally {
      await discover([])
    }
  })
})
