/*
 * Queues webhook deliveries for every Loom event (`<plugin>:<entity>.<verb>`,
 * including kernel:record.*). Never throws into the code that emitted.
 */
import emitter from '@adonisjs/core/services/emitter'
import logger from '@adonisjs/core/services/logger'
import { EVENT_NAME, queueEvent } from './webhooks.js'

emitter.onAny(async (event, payload) => {
  if (typeof event !== 'string' || !EVENT_NAME.test(event)) return
  try {
    await queueEvent(event, payload)
  } catch (error) {
    logger.error({ err: error, event }, 'could not queue webhook deliveries')
  }
})
