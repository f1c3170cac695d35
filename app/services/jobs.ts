/*
 * Scheduled jobs: plugins declare them in their manifest (`jobs: [...]`); this
 * service runs one, in-process, under a lock so that only one Loom instance
 * runs a given job at a time, and records every run in `job_runs`.
 *
 * A job file exports a default async function receiving a JobContext:
 *
 *   import type { JobContext } from '#services/jobs'
 *   export default async function (ctx: JobContext) {
 *     await ctx.progress(50, 'half way')
 *   }
 *
 * Bree (app/services/scheduler.ts) decides *when* a job runs; this decides
 * *how*. See docs/decisions/005-jobs-settings-backup.md.
 */
import { hostname } from 'node:os'
import { existsSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import lockManager from '@adonisjs/lock/services/main'
import type { Logger } from '@adonisjs/core/logger'
import type { Database } from '@adonisjs/lucid/database'
import type { JobDeclaration } from '#kernel/plugins/define_plugin'
import plugins from '#services/plugins'
import JobRun from '#models/job_run'

export interface JobContext {
  /** `<plugin>.<job>` */
  jobId: string
  /** The plugin that declared the job */
  pluginId: string
  /** Row id in job_runs */
  runId: number
  trigger: 'schedule' | 'manual'
  logger: Logger
  db: Database
  /** Reports progress (0–100, optional message) to the admin page's progress bar. */
  progress(percent: number, message?: string): Promise<void>
}

export type JobFunction = (ctx: JobContext) => unknown | Promise<unknown>

export type RegisteredJob = JobDeclaration & { plugin: string; id: string; root: string | null }

export class UnknownJobError extends Error {
  constructor(public jobId: string) {
    super(`There is no enabled job "${jobId}" (known jobs: ${jobs().map((j) => j.id).join(', ') || 'none'})`)
  }
}

/** How long a job's lock lives without a heartbeat; renewed while the job runs. */
const LOCK_TTL_MS = 120_000
const HEARTBEAT_MS = 30_000
/** Progress is written at most this often (the last value is always written). */
const PROGRESS_EVERY_MS = 250
const MAX_ERROR_LENGTH = 4000

/** Jobs of the kernel and every enabled plugin. */
export function jobs(): RegisteredJob[] {
  return plugins.jobs()
}

export function findJob(jobId: string): RegisteredJob | undefined {
  return jobs().find((j) => j.id === jobId)
}

export function lockKey(jobId: string) {
  return `loom.job.${jobId}`
}

async function loadJobFunction(job: RegisteredJob): Promise<JobFunction> {
  const base = job.root ?? app.appRoot.pathname
  let file = isAbsolute(job.file) ? job.file : join(base, job.file)
  // Built apps ship .js files where the sources said .ts.
  if (!existsSync(file) && file.endsWith('.ts')) file = file.replace(/\.ts$/, '.js')
  if (!existsSync(file)) throw new Error(`Job file ${file} of "${job.id}" does not exist`)
  const mod = await import(pathToFileURL(file).href)
  if (typeof mod.default !== 'function') throw new Error(`Job file ${file} of "${job.id}" has no default exported function`)
  return mod.default
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error)
  return text.length > MAX_ERROR_LENGTH ? text.slice(0, MAX_ERROR_LENGTH) + '…' : text
}

export interface StartOptions {
  trigger?: 'schedule' | 'manual'
  userId?: number | null
}

export interface StartedJob {
  /** The recorded run: `running`, or `skipped` when another instance holds the lock. */
  run: JobRun
  /** Resolves with the finished run (never rejects: failures are recorded). */
  finished: Promise<JobRun>
}

/**
 * Takes the job's lock and starts it. Returns as soon as the run is recorded,
 * so a page can show its progress while it runs.
 */
export async function startJob(jobId: string, options: StartOptions = {}): Promise<StartedJob> {
  const job = findJob(jobId)
  if (!job) throw new UnknownJobError(jobId)
  const trigger = options.trigger ?? 'manual'
  const base = {
    jobId: job.id,
    plugin: job.plugin,
    trigger,
    host: hostname(),
    pid: process.pid,
    triggeredBy: options.userId ?? null,
    startedAt: DateTime.now(),
  }

  const lock = lockManager.createLock(lockKey(job.id), LOCK_TTL_MS)
  const acquired = await lock.acquireImmediately()
  if (!acquired) {
    const run = await JobRun.create({ ...base, status: 'skipped', finishedAt: DateTime.now() })
    logger.info({ job: job.id }, 'job skipped: another instance holds its lock')
    return { run, finished: Promise.resolve(run) }
  }

  let run: JobRun
  try {
    run = await JobRun.create({ ...base, status: 'running', progress: 0 })
  } catch (error) {
    await lock.release().catch(() => {})
    throw error
  }

  const heartbeat = setInterval(() => {
    lock.extend(LOCK_TTL_MS).catch((error) => logger.warn({ job: job.id, error }, 'could not extend job lock'))
  }, HEARTBEAT_MS)
  heartbeat.unref()

  let lastWrite = 0
  let pending: { percent: number; message: string | null } | null = null
  const writeProgress = async () => {
    if (!pending) return
    const { percent, message } = pending
    pending = null
    lastWrite = Date.now()
    await db.from('job_runs').where('id', run.id).update({ progress: percent, progress_message: message })
  }

  const jobLogger = logger.child({ job: job.id, run: run.id })
  const context: JobContext = {
    jobId: job.id,
    pluginId: job.plugin,
    runId: run.id,
    trigger,
    logger: jobLogger,
    db,
    async progress(percent: number, message?: string) {
      const value = Math.max(0, Math.min(100, Math.round(Number(percent) || 0)))
      pending = { percent: value, message: message ? String(message).slice(0, 255) : null }
      if (Date.now() - lastWrite >= PROGRESS_EVERY_MS) await writeProgress()
    },
  }

  const finished = (async () => {
    try {
      const fn = await loadJobFunction(job)
      await fn(context)
      await writeProgress()
      run.merge({ status: 'succeeded', progress: 100, finishedAt: DateTime.now() })
      jobLogger.info('job succeeded')
    } catch (error) {
      await writeProgress().catch(() => {})
      run.merge({ status: 'failed', error: describeError(error), finishedAt: DateTime.now() })
      jobLogger.error({ err: error }, 'job failed')
    } finally {
      clearInterval(heartbeat)
    }
    try {
      // Progress was written behind the model's back: save only the final fields.
      await db.from('job_runs').where('id', run.id).update({
        status: run.status,
        error: run.error ?? null,
        finished_at: run.finishedAt!.toFormat(db.connection().dialect.dateTimeFormat),
        ...(run.status === 'succeeded' ? { progress: 100 } : {}),
      })
    } finally {
      await lock.release().catch((error) => jobLogger.warn({ error }, 'could not release job lock'))
    }
    await run.refresh()
    return run
  })()

  return { run, finished }
}

/** Runs a job to the end and returns its recorded run. */
export async function runJob(jobId: string, options: StartOptions = {}): Promise<JobRun> {
  const { finished } = await startJob(jobId, options)
  return finished
}

/**
 * Runs left "running" by a process of this host that no longer exists (it
 * crashed or was killed) are marked failed, so the admin page tells the truth.
 */
export async function reapStaleRuns(): Promise<number> {
  const rows = await JobRun.query().where('status', 'running').where('host', hostname())
  let reaped = 0
  for (const row of rows) {
    let alive = row.pid !== process.pid
    if (alive) {
      try {
        process.kill(row.pid, 0)
      } catch (error) {
        alive = (error as NodeJS.ErrnoException).code === 'EPERM'
      }
    }
    if (row.pid === process.pid || !alive) {
      // Same pid as ours means a previous process with our pid: it cannot be us, we just started.
      row.merge({ status: 'failed', error: 'The process running this job ended before it finished', finishedAt: DateTime.now() })
      await row.save()
      reaped++
    }
  }
  return reaped
}

/** The latest run of every job, keyed by job id. */
export async function lastRuns(): Promise<Map<string, JobRun>> {
  const latest = db.from('job_runs').max('id as id').groupBy('job_id')
  const rows = await JobRun.query().whereIn('id', latest)
  return new Map(rows.map((r) => [r.jobId, r]))
}
