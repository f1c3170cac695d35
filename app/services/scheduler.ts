/*
 * The scheduler: Bree keeps the calendar (cron expressions and intervals of
 * every enabled plugin's jobs); when a job is due, Bree's worker thread only
 * signals the tick and the job itself runs in this process through
 * app/services/jobs.ts (lock, run record, progress). Running job code in the
 * main process lets jobs use the booted application (database pool, models,
 * settings) from TypeScript sources in development and tests alike; see
 * docs/decisions/005-jobs-settings-backup.md.
 *
 * Started inline by the web server (LOOM_SCHEDULER=inline, the default) or on
 * its own by `node ace scheduler`; with several web processes, run it in all
 * of them or in one — the job lock lets only one instance run a job at once.
 */
import Bree from 'bree'
import logger from '@adonisjs/core/services/logger'
import { refreshPluginStatesIfStale } from '#kernel/plugins/plugin_states'
import { jobs, reapStaleRuns, startJob, type RegisteredJob } from '#services/jobs'

/**
 * Runs inside Bree's worker thread (Bree stringifies it, `eval: true`): it
 * tells the main thread the job is due and ends.
 */
function tick() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parentPort } = require('node:worker_threads')
  parentPort.postMessage('tick')
  parentPort.postMessage('done')
}

const breeLogger = {
  info: (message: unknown) => logger.debug({ scheduler: true }, String(message)),
  warn: (message: unknown) => logger.warn({ scheduler: true }, String(message)),
  error: (message: unknown) => logger.error({ scheduler: true }, String(message)),
}

function signature(job: RegisteredJob) {
  return `${job.id}|${job.cron ?? ''}|${job.interval ?? ''}`
}

export class Scheduler {
  #bree: Bree | null = null
  #scheduled = new Map<string, string>()
  #inFlight = new Set<Promise<unknown>>()
  #sync: NodeJS.Timeout | null = null

  get running() {
    return this.#bree !== null
  }

  /** Job ids Bree currently keeps a calendar for. */
  scheduledJobs(): string[] {
    return [...this.#scheduled.keys()]
  }

  #breeJob(job: RegisteredJob) {
    return {
      name: job.id,
      path: tick,
      timeout: false as const,
      ...(job.cron ? { cron: job.cron } : { interval: job.interval }),
    }
  }

  #fire(jobId: string) {
    const promise = startJob(jobId, { trigger: 'schedule' })
      .then((started) => started.finished)
      .catch((error) => logger.error({ err: error, job: jobId }, 'scheduled job could not start'))
      .finally(() => this.#inFlight.delete(promise))
    this.#inFlight.add(promise)
  }

  async start() {
    if (this.#bree) return
    const reaped = await reapStaleRuns()
    if (reaped) logger.warn(`${reaped} job run(s) left running by a dead process were marked failed`)
    this.#bree = new Bree({
      root: false,
      doRootCheck: false,
      logger: breeLogger as any,
      jobs: [],
      errorHandler: (error: unknown, meta: any) => logger.error({ err: error, job: meta?.name }, 'scheduler worker error'),
      workerMessageHandler: ({ name, message }: { name: string; message: unknown }) => {
        if (message === 'tick') this.#fire(name)
      },
    })
    await (this.#bree as any).init()
    await this.syncJobs()
    // Plugins may be enabled or disabled by another process: follow them.
    this.#sync = setInterval(() => {
      this.syncJobs().catch((error) => logger.error({ err: error }, 'scheduler could not refresh its jobs'))
    }, 60_000)
    this.#sync.unref()
    logger.info(`scheduler started with ${this.#scheduled.size} scheduled job(s)`)
  }

  /** Adds newly enabled plugins' jobs to the calendar and drops those that went away. */
  async syncJobs() {
    const bree = this.#bree
    if (!bree) return
    await refreshPluginStatesIfStale()
    const wanted = new Map(jobs().filter((j) => j.cron || j.interval).map((j) => [j.id, j]))
    for (const [id, sig] of this.#scheduled) {
      const job = wanted.get(id)
      if (!job || signature(job) !== sig) {
        await bree.remove(id)
        this.#scheduled.delete(id)
      }
    }
    for (const [id, job] of wanted) {
      if (this.#scheduled.has(id)) continue
      try {
        await bree.add(this.#breeJob(job) as any)
        await bree.start(id)
        this.#scheduled.set(id, signature(job))
      } catch (error) {
        logger.error({ err: error, job: id }, `job "${id}" has an invalid schedule and was not scheduled`)
      }
    }
  }

  /** Makes Bree fire a scheduled job now, exactly as its timer does when the job is due. */
  async fireNow(jobId: string) {
    if (!this.#bree) throw new Error('The scheduler is not running')
    await this.#bree.run(jobId)
  }

  /** Stops the calendar and waits for jobs already running to finish. */
  async stop() {
    if (this.#sync) clearInterval(this.#sync)
    this.#sync = null
    const bree = this.#bree
    this.#bree = null
    this.#scheduled.clear()
    if (bree) await bree.stop()
    await Promise.allSettled([...this.#inFlight])
  }
}

const scheduler = new Scheduler()
export default scheduler
