/*
 * `kernel:custom_field.changed`: announced after a custom field was added,
 * edited, (de)activated or deleted and the change committed, so engines that
 * keep something derived from fieldsOf() (an OpenAPI document, report
 * sources, import templates) can rebuild it.
 */
import { emitEventAfterSave } from '#services/events'

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
  await emitEventAfterSave('kernel:custom_field.changed', change, { ...change })
}
