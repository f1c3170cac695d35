import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import plugins from '#services/plugins'
import { restorePlugins, tableExists, userWith } from '#tests/helpers/plugins'

test.group('Admin plugins page in a browser', (group) => {
  group.each.teardown(() => restorePlugins())

  test('refusals show in place; uninstall goes through the typed confirmation', async ({ visit, assert }) => {
    const admin = await userWith(['admin.plugins.manage'], 'en')
    const page = await visit('/login')
    await page.locator('input[name=username]').fill(admin.username)
    await page.locator('input[name=password]').fill('secret-pass')
    await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.locator('form button[type=submit]:not([name])').last().click()])

    await page.goto(new URL('/admin/plugins', page.url()).href)
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))

    // Disabling fixbase is refused while fixdep needs it: the message appears without a reload.
    await page.locator('[data-test=plugin-fixbase] [data-test=action-disable]').click()
    await page.locator('[data-test=notice-error]').waitFor()
    assert.include(await page.locator('[data-test=notice-error]').innerText(), 'fixdep')
    assert.equal(plugins.stateOf('fixbase'), 'enabled')

    // Uninstall fixdep: a wrong confirmation is refused inline, the right one removes its tables.
    await page.locator('[data-test=plugin-fixdep] [data-test=action-uninstall]').click()
    await page.locator('[data-test=confirm-uninstall]').waitFor()
    await page.locator('#field-confirm').fill('nope')
    await page.locator('[data-test=confirm-uninstall-submit]').click()
    await page.locator('[data-test=error-confirm]').waitFor()
    assert.isTrue(await tableExists('fixdep_tallies'))

    await page.locator('#field-confirm').fill('fixdep')
    await Promise.all([page.waitForLoadState('load'), page.locator('[data-test=confirm-uninstall-submit]').click()])
    await page.locator('[data-test=plugin-fixdep][data-state=discovered]').waitFor()
    assert.include(await page.locator('[role=status]').first().innerText(), 'Uninstalled fixdep')
    assert.isFalse(await tableExists('fixdep_tallies'))

    await page.screenshot({ path: app.makePath('tests/browser/screenshots/admin-plugins.png'), fullPage: true })
    // (The Vite dev client's HMR socket may fail when another dev server holds its port: not a page error.)
    assert.deepEqual(errors.filter((e) => !e.includes('WebSocket')), [])
  })
})
