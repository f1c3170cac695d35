/*
 * Queues webhook deliveries for every Loom event (`<plugin>:<entity>.<verb>`,
 * including kernel:record.*). It never throws into, nor waits inside, the
 * code that emitted: the emitter may hold a transaction (SQLite has a single
 * connection), so the queueing runs just after, in the background.
 */
import emitter from '@adonisjs/core/services/emitter'
import logger from '@adonisjs/core/services/logger'
import { background, EVENT_NAME, queueEvent } from './webhooks.js'

emitter.onAny((event, payload) => {
  if (typeof event !== 'string' || !EVENT_NAME.test(event)) return
  background(
    new Promise((resolve) => setImmediate(resolve))
      .then(() => queueEvent(event, payload))
      .catch((error) => logger.error({ err: error, event }, 'could not queue webhook deliveries'))
  )
})
