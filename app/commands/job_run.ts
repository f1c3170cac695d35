/*
 * `node ace job:run <job>`: runs one job now, under its lock, and records the
 * run like the scheduler does. `node ace job:run` alone lists the jobs.
 */
import { BaseCommand, args } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class JobRunCommand extends BaseCommand {
  static commandName = 'job:run'
  static description = 'Run a scheduled job now (e.g. node ace job:run crm.recompute_rfm)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Job id <plugin>.<job>', required: false })
  declare job?: string

  async run() {
    const { jobs, runJob, findJob } = await import('#services/jobs')
    const { loadPluginStates } = await import('#kernel/plugins/plugin_states')
    await loadPluginStates()
    const known = jobs()
    if (!this.job) {
      if (!known.length) this.logger.info('No enabled plugin declares a job')
      for (const job of known) this.logger.info(`${job.id}  ${job.cron ?? job.interval ?? '(manual)'}`)
      return
    }
    if (!findJob(this.job)) {
      this.logger.error(`Unknown job "${this.job}". Known jobs: ${known.map((j) => j.id).join(', ') || 'none'}`)
      this.exitCode = 1
      return
    }
    const run = await runJob(this.job, { trigger: 'manual' })
    if (run.status === 'succeeded') this.logger.success(`${this.job} succeeded (run #${run.id})`)
    else if (run.status === 'skipped') this.logger.warning(`${this.job} is running in another instance: this run was skipped (run #${run.id})`)
    else {
      this.logger.error(`${this.job} failed (run #${run.id}): ${run.error?.split('\n')[0]}`)
      this.exitCode = 1
    }
  }
}
