/*
 * How a plugin raises one of its automation events (declared in its
 * manifest's `automation.events`) for a record:
 *
 *   await triggerAutomationEvent('crm:customer.visited', { recordId: customer.id, userId })
 *
 * Pass `trx` when inside a transaction: the rules then run once it commits.
 * Rules never throw into the caller.
 */
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import plugins from '#services/plugins'
import { fieldsOf } from '#kernel/records/fields'
import { afterCommit, automationDepth } from '#kernel/records/after_commit'
import { loadRecordRow } from './record_rows.js'
import { runRules } from './run_rules.js'

export async function triggerAutomationEvent(
  eventId: string,
  target: { recordId: string | number; userId?: number | null; trx?: TransactionClientContract }
): Promise<void> {
  const declared = plugins
    .enabled()
    .flatMap((p) => p.manifest?.automation?.events ?? [])
    .find((e) => e.id === eventId)
  if (!declared) throw new Error(`No enabled plugin declares the automation event "${eventId}"`)
  const depth = automationDepth()
  const run = async () => {
    const recordType = plugins.recordType(declared.recordType)
    if (!recordType) return
    const record = await loadRecordRow(recordType, target.recordId, await fieldsOf(recordType))
    if (!record) return
    await runRules({ recordType: recordType.type, recordId: String(target.recordId), event: eventId, record, before: null, userId: target.userId ?? null, depth })
  }
  if (target.trx) afterCommit(target.trx, run)
  else await run()
}
