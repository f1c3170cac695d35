/*
 * The timed automation events, checked by the kernel job rule_timers (hourly;
 * firings are remembered, so running it more often is harmless):
 *
 * - record.date_ahead: records whose date field is N days ahead on the
 *   company clock; "every year" matches month and day (birthdays), and a
 *   29 February date is reminded on 28 February in other years.
 *   Fires once per rule, record and date.
 * - record.no_activity: records whose last change (audit log) or comment is
 *   more than N days old. Fires once per quiet spell: new activity starts a
 *   new spell.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import plugins from '#services/plugins'
import { companyNow } from '#services/settings'
import { fieldsOf } from '#kernel/records/fields'
import { evaluateConditions } from '#kernel/records/conditions'
import { parseDate } from '#kernel/records/values'
import { toDateTime } from '#kernel/documents/db_dates'
import { isUniqueViolation } from '#services/forms'
import type { RegisteredRecordType } from '#kernel/plugins/plugin_registry'
import type { RecordFieldDeclaration } from '#kernel/plugins/define_plugin'
import { plainRow } from './record_rows.js'
import { timedRules, type StoredRule } from './rule_store.js'
import { executeRule } from './run_rules.js'

export interface TimerSummary {
  fired: number
}

/** Claims a firing; false when this rule already fired for this record and key. */
async function claimFiring(ruleId: number, recordId: string, key: string): Promise<boolean> {
  try {
    await db.table('rule_firings').insert({ rule_id: ruleId, record_id: recordId, fire_key: key, created_at: new Date() })
    return true
  } catch (error) {
    if (isUniqueViolation(error)) return false
    throw error
  }
}

async function fire(rule: StoredRule, recordType: RegisteredRecordType, fields: RecordFieldDeclaration[], row: Record<string, unknown>, key: string): Promise<boolean> {
  const record = plainRow(row, fields)!
  if (!evaluateConditions(rule.conditions, fields, record)) return false
  if (!(await claimFiring(rule.id, String(row.id), key))) return false
  await executeRule(rule, { recordType: recordType.type, recordId: String(row.id), event: rule.event, record, before: null, userId: null, depth: 0 })
  return true
}

/** Whether a stored date is the day to remind of `target` (every year: same month and day). */
export function dateMatches(stored: string, target: DateTime, yearly: boolean): boolean {
  if (!yearly) return stored === target.toISODate()
  const [, month, day] = stored.split('-').map(Number)
  if (month === target.month && day === target.day) return true
  // 29 February, in a year without one, is remembered on the 28th.
  return month === 2 && day === 29 && target.month === 2 && target.day === 28 && !target.isInLeapYear
}

async function dateAhead(rule: StoredRule, recordType: RegisteredRecordType, fields: RecordFieldDeclaration[], today: DateTime): Promise<number> {
  const { field, days, yearly } = rule.eventOptions
  if (!fields.some((f) => f.name === field && f.kind === 'date')) return 0
  const target = today.plus({ days: Number(days) })
  const query = db.from(recordType.table).whereNotNull(field)
  if (!yearly) query.where(field, target.toISODate()!)
  let fired = 0
  for (const row of await query) {
    const stored = parseDate(row[field])
    if (!stored || !dateMatches(stored, target, !!yearly)) continue
    if (await fire(rule, recordType, fields, row, target.toISODate()!)) fired++
  }
  return fired
}

async function latestBy(table: string, types: string[]): Promise<Map<string, number>> {
  const rows = await db.from(table).whereIn('record_type', types).groupBy('record_id').select('record_id').max('created_at as at')
  return new Map(rows.map((r) => [String(r.record_id), toDateTime(r.at)?.toMillis() ?? 0]))
}

async function noActivity(rule: StoredRule, recordType: RegisteredRecordType, fields: RecordFieldDeclaration[], now: DateTime): Promise<number> {
  const cutoff = now.minus({ days: Number(rule.eventOptions.days) }).toMillis()
  // The audit log names a record by its type (older rows: by its table).
  const types = [recordType.type, recordType.table]
  const [changes, comments] = await Promise.all([latestBy('audit_log', types), latestBy('comments', types)])
  let fired = 0
  for (const row of await db.from(recordType.table)) {
    const id = String(row.id)
    const last = Math.max(toDateTime(row.created_at)?.toMillis() ?? 0, changes.get(id) ?? 0, comments.get(id) ?? 0)
    if (!last || last >= cutoff) continue
    if (await fire(rule, recordType, fields, row, DateTime.fromMillis(last).toUTC().toISO()!)) fired++
  }
  return fired
}

/** Checks every active timed rule once; returns how many fired. */
export async function runRuleTimers(now?: DateTime): Promise<TimerSummary> {
  const clock = now ?? (await companyNow())
  const today = clock.startOf('day')
  let fired = 0
  for (const rule of await timedRules()) {
    const recordType = plugins.recordType(rule.recordType)
    if (!recordType) continue
    const fields = await fieldsOf(recordType)
    fired += rule.event === 'record.date_ahead' ? await dateAhead(rule, recordType, fields, today) : await noActivity(rule, recordType, fields, clock)
  }
  return { fired }
}
