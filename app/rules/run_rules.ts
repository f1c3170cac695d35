/*
 * The automation engine: for a change of a record (or a timed occasion, or
 * a plugin's event) it finds the active rules on that record type and event,
 * checks their conditions, runs their actions one after another — each in
 * its own try, after the user's transaction has committed — and logs the
 * execution in rule_runs (ok, skipped, error, loop).
 *
 * Actions run at depth + 1 (app/records/after_commit.ts): whatever they
 * write announces itself one level deeper, and a chain deeper than
 * MAX_RULE_DEPTH is stopped and logged as "loop".
 */
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import plugins from '#services/plugins'
import { fieldsOf } from '#kernel/records/fields'
import { evaluateConditions } from '#kernel/records/conditions'
import type { RecordChange } from '#kernel/records/record_events'
import { withAutomationDepth } from '#kernel/records/after_commit'
import type { RecordFieldDeclaration } from '#kernel/plugins/define_plugin'
import { plainRow } from './record_rows.js'
import { activeRules, type StoredRule } from './rule_store.js'
import { automationAction } from './automation_registry.js'

export const MAX_RULE_DEPTH = 5
const MAX_ERROR_LENGTH = 2000

/** Something a rule may react to: a record, an event, the rows before and after. */
export interface Occurrence {
  recordType: string
  recordId: string
  event: string
  record: Record<string, unknown> | null
  before: Record<string, unknown> | null
  userId: number | null
  depth: number
}

export type RunResult = 'ok' | 'skipped' | 'error' | 'loop'

interface ActionOutcome {
  type: string
  result: 'ok' | 'skipped' | 'error'
  note?: string
}

/** Whether the rule's event options and conditions accept the occurrence. */
export function ruleMatches(rule: StoredRule, occurrence: Occurrence, fields: RecordFieldDeclaration[]): boolean {
  const row = occurrence.record ?? occurrence.before
  if (!row) return false
  if (rule.event === 'record.state_changed' && rule.eventOptions.to && row.state !== rule.eventOptions.to) return false
  const now = evaluateConditions(rule.conditions, fields, row)
  if (!now) return false
  if (rule.event === 'record.updated' && rule.eventOptions.only_when_becomes_true) {
    return !!occurrence.before && !evaluateConditions(rule.conditions, fields, occurrence.before)
  }
  return true
}

async function logRun(rule: StoredRule, occurrence: Occurrence, result: RunResult, error: string | null, detail: ActionOutcome[]) {
  await db.table('rule_runs').insert({
    rule_id: rule.id,
    record_type: occurrence.recordType,
    record_id: occurrence.recordId,
    event: occurrence.event,
    result,
    error: error && error.length > MAX_ERROR_LENGTH ? error.slice(0, MAX_ERROR_LENGTH) + '…' : error,
    detail: detail.length ? JSON.stringify(detail) : null,
    depth: occurrence.depth,
    created_at: new Date(),
  })
}

/** Runs one rule's actions for an occurrence its conditions accepted, and logs it. */
export async function executeRule(rule: StoredRule, occurrence: Occurrence): Promise<RunResult> {
  if (occurrence.depth >= MAX_RULE_DEPTH) {
    await logRun(rule, occurrence, 'loop', `stopped: a chain of ${occurrence.depth} automated changes (the limit is ${MAX_RULE_DEPTH})`, [])
    return 'loop'
  }
  const outcomes: ActionOutcome[] = []
  await withAutomationDepth(occurrence.depth + 1, async () => {
    for (const action of rule.actions) {
      const declared = automationAction(action.type)
      try {
        if (!declared) throw new Error(`the action "${action.type}" is not available (is its plugin enabled?)`)
        const result = await declared.run({
          rule: { id: rule.id, name: rule.name },
          recordType: occurrence.recordType,
          recordId: occurrence.recordId,
          record: occurrence.record,
          before: occurrence.before,
          event: occurrence.event,
          options: action.options,
          userId: occurrence.userId,
          depth: occurrence.depth + 1,
        })
        const skipped = typeof result === 'object' && result?.skipped
        const note = typeof result === 'string' ? result : typeof result === 'object' ? result?.note : undefined
        outcomes.push({ type: action.type, result: skipped ? 'skipped' : 'ok', note })
      } catch (error: any) {
        outcomes.push({ type: action.type, result: 'error', note: error?.message ?? String(error) })
      }
    }
  })
  const failed = outcomes.filter((o) => o.result === 'error')
  const result: RunResult = failed.length ? 'error' : outcomes.every((o) => o.result === 'skipped') ? 'skipped' : 'ok'
  await logRun(rule, occurrence, result, failed.length ? failed.map((o) => `${o.type}: ${o.note}`).join('\n') : null, outcomes)
  return result
}

/** Checks every active rule on the occurrence's record type and event; never throws. */
export async function runRules(occurrence: Occurrence): Promise<void> {
  try {
    const rules = await activeRules(occurrence.recordType, occurrence.event)
    if (!rules.length) return
    const recordType = plugins.recordType(occurrence.recordType)
    if (!recordType) return
    const fields = await fieldsOf(recordType)
    const normalized = { ...occurrence, record: plainRow(occurrence.record, fields), before: plainRow(occurrence.before, fields) }
    for (const rule of rules) {
      try {
        if (ruleMatches(rule, normalized, fields)) await executeRule(rule, normalized)
      } catch (error) {
        logger.error({ err: error, rule: rule.id }, 'an automation rule failed')
      }
    }
  } catch (error) {
    logger.error({ err: error, type: occurrence.recordType, id: occurrence.recordId }, 'automation rules could not run')
  }
}

/** The listener of kernel:record.* events. */
export async function runRulesForChange(change: RecordChange): Promise<void> {
  await runRules({
    recordType: change.type,
    recordId: String(change.id),
    event: `record.${change.action}`,
    record: change.after,
    before: change.before,
    userId: change.userId,
    depth: change.depth ?? 0,
  })
}
