/*
 * Events about any registered record, the ones automation rules and webhooks
 * listen to. Whatever writes a record — a plugin's page through its model, the
 * generic record writer (API, imports), a document transition — announces the
 * change here once, after it is committed:
 *
 *   await emitRecordChange({ type: 'crm.customer', id: 42, action: 'updated', before, after, userId })
 *
 * `before`/`after` are column → stored value (null `before` on create).
 * Listeners must not throw into the writer: emitRecordChange logs and
 * swallows listener failures, because the user's save has already happened.
 */
import { emitEventAfterSave } from '#services/events'
import { automationDepth } from './after_commit.js'

export interface RecordChange {
  type: string
  id: string | number
  action: 'created' | 'updated' | 'deleted' | 'state_changed'
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
  userId: number | null
  /** How deep in a chain of automated changes this one is (0 for a person's change); rules use it to stop loops */
  depth?: number
}

declare module '#services/events' {
  interface LoomEvents {
    'kernel:record.created': RecordChange
    'kernel:record.updated': RecordChange
    'kernel:record.deleted': RecordChange
    'kernel:record.state_changed': RecordChange
  }
}

export async function emitRecordChange(change: RecordChange): Promise<void> {
  // a change made by an automation rule's action is one level deeper (loops are stopped by depth)
  await emitEventAfterSave(`kernel:record.${change.action}`, { ...change, depth: change.depth ?? automationDepth() }, { type: change.type, id: change.id })
}
