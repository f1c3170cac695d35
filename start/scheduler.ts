/*
 * Starts the job scheduler inside the web server (one-machine installs).
 * LOOM_SCHEDULER=off leaves it to `node ace scheduler` (or nobody).
 */
import app from '@adonisjs/core/services/app'
import env from '#start/env'
import logger from '@adonisjs/core/services/logger'

if (app.getEnvironment() === 'web' && !app.inTest && env.get('LOOM_SCHEDULER', 'inline') === 'inline') {
  app.ready(async () => {
    const { default: scheduler } = await import('#services/scheduler')
    const { onShutdown } = await import('#services/shutdown')
    onShutdown(() => scheduler.stop())
    try {
      await scheduler.start()
    } catch (error) {
      logger.error({ err: error }, 'the inline scheduler could not start')
    }
  })
}
