/*
 * `node ace scheduler`: runs the job scheduler on its own (set
 * LOOM_SCHEDULER=off on the web processes then). Stops on SIGINT/SIGTERM
 * after the jobs already running have finished.
 */
import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class SchedulerCommand extends BaseCommand {
  static commandName = 'scheduler'
  static description = 'Run the scheduled jobs of the kernel and the enabled plugins (Bree), without the web server'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  async run() {
    const { default: scheduler } = await import('#services/scheduler')
    const { loadPluginStates } = await import('#kernel/plugins/plugin_states')
    await loadPluginStates()
    await scheduler.start()
    const ids = scheduler.scheduledJobs()
    this.logger.info(ids.length ? `Scheduled: ${ids.join(', ')}` : 'No enabled plugin declares a scheduled job (yet); waiting for one')
    this.app.terminating(async () => {
      await scheduler.stop()
    })
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, async () => {
        this.logger.info('Stopping the scheduler (waiting for running jobs)…')
        await this.terminate()
      })
    }
  }
}
