import { test } from '@japa/runner'
import { spawn } from 'node:child_process'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import lockManager from '@adonisjs/lock/services/main'
import { jobs, lockKey, runJob, startJob, UnknownJobError } from '#services/jobs'
import { Scheduler } from '#services/scheduler'
import JobRun from '#models/job_run'
import { PluginLifecycle } from '#kernel/plugins/plugin_lifecycle'

async function clearRuns() {
  await db.from('job_runs').delete()
  await db.from('locks').where('key', 'like', 'loom.job.%').delete()
}

test.group('Jobs: running and recording', (group) => {
  group.each.setup(clearRuns)

  test('the fixture plugin declares its jobs, named <plugin>.<job>', async ({ assert }) => {
    const ids = jobs().map((j) => j.id)
    assert.includeMembers(ids, ['fixjob.nightly', 'fixjob.slow', 'fixjob.broken'])
    const nightly = jobs().find((j) => j.id === 'fixjob.nightly')!
    assert.equal(nightly.cron, '0 2 * * *')
    assert.equal(nightly.plugin, 'fixjob')
  })

  test('a run is recorded with start, end, host, pid and status succeeded', async ({ assert }) => {
    const run = await runJob('fixjob.nightly', { trigger: 'manual' })
    assert.equal(run.status, 'succeeded')
    assert.equal(run.pid, process.pid)
    assert.isNotEmpty(run.host)
    assert.isNotNull(run.finishedAt)
    assert.isTrue(run.finishedAt!.toMillis() >= run.startedAt.toMillis())
    assert.equal(run.progress, 100)
    // The job saw the real database through its context.
    assert.match(run.progressMessage ?? '', /^users: \d+$/)
    const rows = await JobRun.query().where('job_id', 'fixjob.nightly')
    assert.lengthOf(rows, 1)
  })

  test('a job that throws is recorded failed with its error, and its lock is released', async ({ assert }) => {
    const run = await runJob('fixjob.broken')
    assert.equal(run.status, 'failed')
    assert.include(run.error!, 'the supplier feed is unreachable')
    assert.equal(run.progress, 30)
    assert.isFalse(await lockManager.createLock(lockKey('fixjob.broken')).isLocked())
    // It can run again straight away.
    const again = await runJob('fixjob.broken')
    assert.equal(again.status, 'failed')
    assert.notEqual(again.id, run.id)
  })

  test('two concurrent runs of the same job: one runs, the other is recorded skipped', async ({ assert }) => {
    const [a, b] = await Promise.all([runJob('fixjob.slow'), runJob('fixjob.slow')])
    const statuses = [a.status, b.status].sort()
    assert.deepEqual(statuses, ['skipped', 'succeeded'])
    const rows = await JobRun.query().where('job_id', 'fixjob.slow').orderBy('id')
    assert.deepEqual(rows.map((r) => r.status).sort(), ['skipped', 'succeeded'])
    // Once the first has finished, the job runs again.
    const third = await runJob('fixjob.slow')
    assert.equal(third.status, 'succeeded')
  })

  test('a job is skipped while another instance holds its lock in the database', async ({ assert }) => {
    // Another process's lock: same table, different owner.
    const other = lockManager.createLock(lockKey('fixjob.nightly'), 60_000)
    assert.isTrue(await other.acquireImmediately())
    try {
      const run = await runJob('fixjob.nightly')
      assert.equal(run.status, 'skipped')
    } finally {
      await other.release()
    }
    assert.equal((await runJob('fixjob.nightly')).status, 'succeeded')
  })

  test('another Loom process finds the lock taken and records its run as skipped', async ({ assert }) => {
    const held = lockManager.createLock(lockKey('fixjob.nightly'), 120_000)
    assert.isTrue(await held.acquireImmediately())
    let output = ''
    try {
      const code = await new Promise<number>((resolve, reject) => {
        const child = spawn(process.execPath, ['ace', 'job:run', 'fixjob.nightly'], {
          cwd: app.appRoot.pathname,
          env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
          stdio: ['ignore', 'pipe', 'pipe'],
        })
        child.stdout.on('data', (c) => (output += c))
        child.stderr.on('data', (c) => (output += c))
        child.on('error', reject)
        child.on('close', (c) => resolve(c ?? 1))
      })
      assert.equal(code, 0, output)
    } finally {
      await held.release()
    }
    assert.match(output, /skipped/)
    const runs = await JobRun.query().where('job_id', 'fixjob.nightly')
    assert.lengthOf(runs, 1)
    assert.equal(runs[0].status, 'skipped')
    assert.notEqual(runs[0].pid, process.pid)
  }).timeout(90_000)

  test('progress is visible while the job runs', async ({ assert }) => {
    process.env.FIXJOB_SLOW_MS = '300'
    try {
      const { run, finished } = await startJob('fixjob.slow')
      assert.equal(run.status, 'running')
      await new Promise((r) => setTimeout(r, 750))
      const midway = await JobRun.findOrFail(run.id)
      assert.equal(midway.status, 'running')
      assert.isAbove(midway.progress!, 0)
      assert.isBelow(midway.progress!, 100)
      const done = await finished
      assert.equal(done.status, 'succeeded')
      assert.equal(done.progress, 100)
    } finally {
      delete process.env.FIXJOB_SLOW_MS
    }
  })

  test('an unknown job is refused with a message naming it', async ({ assert }) => {
    await assert.rejects(() => runJob('fixjob.nope'), /fixjob\.nope/)
    try {
      await runJob('nobody.nothing')
    } catch (error) {
      assert.instanceOf(error, UnknownJobError)
    }
  })

  test('the jobs of a disabled plugin are not offered', async ({ assert }) => {
    const lifecycle = new PluginLifecycle()
    await lifecycle.disable('fixjob')
    try {
      assert.notInclude(jobs().map((j) => j.id), 'fixjob.nightly')
      await assert.rejects(() => runJob('fixjob.nightly'), UnknownJobError)
    } finally {
      await lifecycle.enable('fixjob')
    }
  })
})

test.group('Jobs: the Bree scheduler', (group) => {
  group.each.setup(clearRuns)

  test('puts the cron and interval jobs of enabled plugins on its calendar, and drops those of a disabled plugin', async ({ assert }) => {
    const scheduler = new Scheduler()
    await scheduler.start()
    try {
      const scheduled = scheduler.scheduledJobs()
      assert.includeMembers(scheduled, ['fixjob.nightly', 'fixjob.slow', 'fixjob.broken'])
      const lifecycle = new PluginLifecycle()
      await lifecycle.disable('fixjob')
      try {
        await scheduler.syncJobs()
        assert.notInclude(scheduler.scheduledJobs(), 'fixjob.nightly')
      } finally {
        await lifecycle.enable('fixjob')
      }
      await scheduler.syncJobs()
      assert.include(scheduler.scheduledJobs(), 'fixjob.nightly')
    } finally {
      await scheduler.stop()
    }
    assert.isFalse(scheduler.running)
  })

  test('a due job runs through a Bree worker tick and is recorded with trigger schedule', async ({ assert }) => {
    const scheduler = new Scheduler()
    await scheduler.start()
    try {
      // Ask Bree to run it now, as its timer would.
      await scheduler.fireNow('fixjob.nightly')
      let run: JobRun | null = null
      for (let i = 0; i < 50 && !run; i++) {
        await new Promise((r) => setTimeout(r, 100))
        run = await JobRun.query().where('job_id', 'fixjob.nightly').where('status', 'succeeded').first()
      }
      assert.isNotNull(run)
      assert.equal(run!.trigger, 'schedule')
    } finally {
      await scheduler.stop()
    }
  })
})

test.group('Jobs: node ace scheduler', () => {
  test('runs on its own, lists the scheduled jobs, and stops cleanly on SIGTERM', async ({ assert }) => {
    let output = ''
    const child = spawn(process.execPath, ['ace', 'scheduler'], {
      cwd: app.appRoot.pathname,
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    child.stderr.on('data', (c) => (output += c))
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`scheduler did not start: ${output}`)), 60_000)
      child.stdout.on('data', (c) => {
        output += c
        if (/Scheduled:/.test(output)) {
          clearTimeout(timer)
          resolve()
        }
      })
    })
    assert.match(output, /fixjob\.nightly/)
    assert.match(output, /fixjob\.slow/)
    child.kill('SIGTERM')
    assert.equal(await closed, 0, output)
  }).timeout(90_000)
})
