import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import Role from '#models/role'
import JobRun from '#models/job_run'
import { runJob } from '#services/jobs'

async function userWith(username: string, permissions: string[]) {
  const user = await User.create({ username, name: username, password: 'secret-pass', locale: 'en', isActive: true })
  if (permissions.length) {
    const role = await Role.create({ code: `role_${username}`, name: `Role ${username}`, isSuperuser: false })
    for (const permission of permissions) await db.table('role_permissions').insert({ role_id: role.id, permission, scope: 'all' })
    await db.table('user_roles').insert({ user_id: user.id, role_id: role.id })
  }
  return user
}

async function waitFor<T>(fn: () => Promise<T | null | undefined>, ms = 5000): Promise<T> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    const value = await fn()
    if (value) return value
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('timed out')
}

test.group('Admin job runs page', (group) => {
  group.each.setup(async () => {
    await db.from('job_runs').delete()
    await db.from('locks').where('key', 'like', 'loom.job.%').delete()
    // Only what these tests create (other suites' data stays).
    await db.from('roles').where('code', 'like', 'role_job%').orWhere('code', 'role_nobody').delete()
    await db.from('users').where('username', 'like', 'job%').orWhere('username', 'nobody').delete()
  })

  test('lists the declared jobs with their schedule, last run and run history with errors', async ({ client, assert }) => {
    const admin = await userWith('jobadmin', ['admin.jobs.view', 'admin.jobs.run'])
    await runJob('fixjob.broken')
    await runJob('fixjob.nightly')

    const response = await client.get('/admin/jobs').header('Accept-Language', 'en').loginAs(admin)
    response.assertStatus(200)
    const html = response.text()
    assert.include(html, 'Job runs')
    assert.include(html, 'Nightly count')
    assert.include(html, 'cron 0 2 * * *')
    assert.include(html, 'every 1h')
    assert.include(html, 'the supplier feed is unreachable')
    assert.include(html, 'data-test="run-fixjob.slow"')
    assert.match(html, /data-test="job-fixjob-nightly"[\s\S]*?Succeeded/)
    assert.equal(response.header('vary'), 'HX-Request')

    admin.locale = 'zh-CN'
    await admin.save()
    const zh = await client.get('/admin/jobs').header('Accept-Language', 'zh-CN').loginAs(admin)
    assert.include(zh.text(), '任务运行记录')
    assert.include(zh.text(), '夜间统计')
  })

  test('the history filters by job and answers htmx with just the table', async ({ client, assert }) => {
    const admin = await userWith('jobadmin2', ['admin.jobs.view'])
    await runJob('fixjob.broken')
    await runJob('fixjob.nightly')
    const response = await client
      .get('/admin/jobs?job=fixjob.nightly')
      .header('Accept-Language', 'en')
      .header('HX-Request', 'true')
      .header('HX-Target', 'job-runs')
      .loginAs(admin)
    response.assertStatus(200)
    const html = response.text()
    assert.notInclude(html, '<html')
    assert.include(html, 'id="job-runs"')
    assert.notInclude(html, 'the supplier feed is unreachable')
    assert.equal((html.match(/data-test="run-\d+"/g) ?? []).length, 1)
  })

  test('a viewer without admin.jobs.run sees no run button and is refused with 403', async ({ client, assert }) => {
    const viewer = await userWith('jobviewer', ['admin.jobs.view'])
    const page = await client.get('/admin/jobs').loginAs(viewer)
    page.assertStatus(200)
    assert.notInclude(page.text(), 'data-test="run-fixjob.slow"')
    const run = await client.post('/admin/jobs/fixjob.slow/run').withCsrfToken().loginAs(viewer)
    run.assertStatus(403)
    assert.equal(await JobRun.query().count('* as total').first().then((r: any) => Number(r.$extras.total)), 0)
  })

  test('a user without admin.jobs.view gets 403, a visitor is sent to the login page', async ({ client }) => {
    const nobody = await userWith('nobody', [])
    ;(await client.get('/admin/jobs').loginAs(nobody)).assertStatus(403)
    const anonymous = await client.get('/admin/jobs').redirects(0)
    anonymous.assertStatus(302)
  })

  test('"run now" starts the job and returns a progress bar that polls until the run is done', async ({ client, assert }) => {
    const admin = await userWith('jobadmin3', ['admin.jobs.view', 'admin.jobs.run'])
    process.env.FIXJOB_SLOW_MS = '200'
    try {
      const response = await client
        .post('/admin/jobs/fixjob.slow/run')
        .header('HX-Request', 'true')
        .header('Accept-Language', 'en')
        .withCsrfToken()
        .loginAs(admin)
      response.assertStatus(200)
      const html = response.text()
      const run = await JobRun.query().where('job_id', 'fixjob.slow').firstOrFail()
      assert.equal(run.triggeredBy, admin.id)
      assert.equal(run.trigger, 'manual')
      assert.include(html, `hx-get="/admin/jobs/runs/${run.id}"`)
      assert.include(html, 'hx-trigger="every 1s"')
      assert.include(html, 'role="progressbar"')

      // While running, the polled answer keeps polling; once done it stops and says so.
      const polled = await client.get(`/admin/jobs/runs/${run.id}`).header('HX-Request', 'true').header('Accept-Language', 'en').loginAs(admin)
      polled.assertStatus(200)
      assert.include(polled.text(), 'every 1s')
      await waitFor(async () => (await JobRun.findOrFail(run.id)).status === 'succeeded')
      const done = await client.get(`/admin/jobs/runs/${run.id}`).header('HX-Request', 'true').header('Accept-Language', 'en').loginAs(admin)
      assert.notInclude(done.text(), 'every 1s')
      assert.include(done.text(), 'aria-valuenow="100"')
      assert.include(done.text(), 'Succeeded')
      assert.equal(done.header('hx-trigger'), 'loom:job-finished')
    } finally {
      await waitFor(async () => !(await JobRun.query().where('status', 'running').first()))
      delete process.env.FIXJOB_SLOW_MS
    }
  })

  test('"run now" without htmx redirects back with a message; an unknown job is refused', async ({ client, assert }) => {
    const admin = await userWith('jobadmin4', ['admin.jobs.view', 'admin.jobs.run'])
    const response = await client.post('/admin/jobs/fixjob.nightly/run').header('Accept-Language', 'en').withCsrfToken().loginAs(admin).redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), '/admin/jobs')
    assert.match(response.flashMessages().success as string, /Nightly count started/)
    await waitFor(async () => JobRun.query().where('job_id', 'fixjob.nightly').where('status', 'succeeded').first())

    const unknown = await client.post('/admin/jobs/fixjob.nope/run').header('Accept-Language', 'en').withCsrfToken().loginAs(admin).redirects(0)
    assert.match(unknown.flashMessages().error as string, /no enabled job “fixjob.nope”/)
    const missingRun = await client.get('/admin/jobs/runs/999999').loginAs(admin)
    missingRun.assertStatus(404)
  })
})
