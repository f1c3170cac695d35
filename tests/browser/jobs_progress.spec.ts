import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import Role from '#models/role'

/*
 * In a real browser: "run now" shows a progress bar that htmx polls every
 * second until the run is over, then the history refreshes by itself.
 */
test.group('Browser: job progress', (group) => {
  group.setup(async () => {
    await db.from('job_runs').delete()
    await db.from('locks').where('key', 'like', 'loom.job.%').delete()
    await db.from('users').where('username', 'jobbrowser').delete()
    await db.from('roles').where('code', 'role_jobbrowser').delete()
    const user = await User.create({ username: 'jobbrowser', name: 'Job Browser', password: 'secret-pass', locale: 'en', isActive: true })
    const role = await Role.create({ code: 'role_jobbrowser', name: 'Jobs', isSuperuser: false })
    for (const permission of ['admin.jobs.view', 'admin.jobs.run', 'admin.settings.manage']) {
      await db.table('role_permissions').insert({ role_id: role.id, permission, scope: 'all' })
    }
    await db.table('user_roles').insert({ user_id: user.id, role_id: role.id })
  })

  test('run now: the bar advances while the job runs and the history shows the finished run', async ({ visit, assert }) => {
    process.env.FIXJOB_SLOW_MS = '700'
    try {
      const page = await visit('/login')
      await page.locator('input[name=username]').fill('jobbrowser')
      await page.locator('input[name=password]').fill('secret-pass')
      await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.locator('form button[type=submit]').first().click()])

      await page.goto(page.url().replace(/\/$/, '') + '/admin/jobs')
      await page.locator('[data-test="run-fixjob.slow"]').click()
      const bar = page.locator('#job-fixjob-slow-progress [data-test="progress"]')
      await bar.waitFor()
      assert.equal(await bar.getAttribute('data-status'), 'running')
      // Polled every second: the percentage moves without a reload.
      await page.waitForFunction(() => {
        const el = (globalThis as any).document.querySelector('#job-fixjob-slow-progress [role="progressbar"]')
        return el && Number(el.getAttribute('aria-valuenow')) > 0
      }, undefined, { timeout: 10_000 })
      await page.locator('#job-fixjob-slow-progress [data-status="succeeded"]').waitFor({ timeout: 20_000 })
      assert.equal(await page.locator('#job-fixjob-slow-progress [role="progressbar"]').getAttribute('aria-valuenow'), '100')
      // The history refreshed itself on loom:job-finished.
      await page.locator('#job-runs [data-test="status-succeeded"]').first().waitFor({ timeout: 10_000 })
      await page.screenshot({ path: 'tests/browser/screenshots/admin-jobs.png', fullPage: true })

      await page.goto(page.url().replace(/\/admin\/jobs.*$/, '') + '/admin/settings')
      await page.locator('#setting-fixjob-batch_size').fill('0')
      await page.locator('[data-test="save-fixjob"]').click()
      await page.locator('[data-test="error-fixjob-batch_size"]').waitFor()
      assert.include(await page.locator('[data-test="error-fixjob-batch_size"]').innerText(), 'Batch size')
      await page.screenshot({ path: 'tests/browser/screenshots/admin-settings.png', fullPage: true })
    } finally {
      delete process.env.FIXJOB_SLOW_MS
    }
  }).timeout(60_000)
})
