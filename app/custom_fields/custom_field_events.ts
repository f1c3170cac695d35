/*
 * `kernel:custom_field.changed`: announced after a custom field was added,
 * edited, (de)activated or deleted and the change committed, so engines that
 * keep something derived from fieldsOf() (an OpenAPI document, report
 * sources, import templates) can rebuild it.
 */
import logger from '@adonisjs/core/services/logger'
import { emitEvent } from '#services/events'

export interface CustomFieldChange {
  recordType: string
  /** The column, e.g. cf_region */
  column: string
  action: 'added' | 'updated' | 'activated' | 'deactivated' | 'deleted'
  userId: number | null
}

declare module '#services/events' {
  interface LoomEvents {
    'kernel:custom_field.changed': CustomFieldChange
  }
}

/** Emits the change; a failing listener is logged, never thrown into the admin's save. */
export async function emitCustomFieldChange(change: CustomFieldChange) {
  try {
    await emitEvent('kernel:custom_field.changed', change)
  } catch (error) {
    logger.error({ err: error, ...change }, 'a listener of a custom field change failed')
  }
}
