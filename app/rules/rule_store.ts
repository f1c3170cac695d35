/*
 * Automation rules in the database: JSON columns read back into
 * RuleDefinitions, saved after validateRule, listed with their last run and
 * error count for the admin page.
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type { RuleDefinition } from './validate_rule.js'

export interface StoredRule extends RuleDefinition {
  id: number
  createdAt: Date | string
  updatedAt: Date | string | null
}

function parse(text: unknown, fallback: any) {
  try {
    return typeof text === 'string' ? JSON.parse(text) : (text ?? fallback)
  } catch {
    return fallback
  }
}

export function toRule(row: any): StoredRule {
  return {
    id: Number(row.id),
    name: row.name,
    recordType: row.record_type,
    event: row.event,
    eventOptions: parse(row.event_options, {}),
    conditions: parse(row.conditions, { match: 'all', conditions: [] }),
    actions: parse(row.actions, []),
    isActive: row.is_active === true || row.is_active === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** Active rules on one record type and event. */
export async function activeRules(recordType: string, event: string, client: QueryClientContract = db.connection()): Promise<StoredRule[]> {
  const rows = await client.from('automation_rules').where({ record_type: recordType, event, is_active: true }).orderBy('id')
  return rows.map(toRule)
}

/** Active rules with one of the timed events. */
export async function timedRules(): Promise<StoredRule[]> {
  const rows = await db.from('automation_rules').whereIn('event', ['record.date_ahead', 'record.no_activity']).where('is_active', true).orderBy('id')
  return rows.map(toRule)
}

export async function findRule(id: number): Promise<StoredRule | null> {
  const row = await db.from('automation_rules').where('id', id).first()
  return row ? toRule(row) : null
}

/** Creates (no id) or updates a rule; returns its id. */
export async function saveRule(rule: RuleDefinition, userId: number | null, id?: number): Promise<number> {
  const now = new Date()
  const values = {
    name: rule.name,
    record_type: rule.recordType,
    event: rule.event,
    event_options: JSON.stringify(rule.eventOptions),
    conditions: JSON.stringify(rule.conditions),
    actions: JSON.stringify(rule.actions),
    is_active: rule.isActive,
    updated_by: userId,
    updated_at: now,
  }
  if (id) {
    await db.from('automation_rules').where('id', id).update(values)
    return id
  }
  const [row] = await db.table('automation_rules').insert({ ...values, created_by: userId, created_at: now }).returning('id')
  return Number(typeof row === 'object' ? row.id : row)
}

export async function setRuleActive(id: number, active: boolean, userId: number | null) {
  await db.from('automation_rules').where('id', id).update({ is_active: active, updated_by: userId, updated_at: new Date() })
}

export async function deleteRule(id: number) {
  await db.from('automation_rules').where('id', id).delete()
}

export interface RuleListEntry extends StoredRule {
  lastRunAt: Date | string | null
  lastResult: string | null
  errorCount: number
}

/** Every rule with its last run and how many runs failed (errors and stopped loops). */
export async function listRules(): Promise<RuleListEntry[]> {
  const rules = (await db.from('automation_rules').orderBy('record_type').orderBy('name')).map(toRule)
  if (!rules.length) return []
  const ids = rules.map((r) => r.id)
  const last = await db
    .from('rule_runs')
    .whereIn('id', db.from('rule_runs').max('id').whereIn('rule_id', ids).groupBy('rule_id'))
    .select('rule_id', 'result', 'created_at')
  const errors = await db.from('rule_runs').whereIn('rule_id', ids).whereIn('result', ['error', 'loop']).groupBy('rule_id').select('rule_id').count('* as total')
  return rules.map((rule) => {
    const run = last.find((r) => Number(r.rule_id) === rule.id)
    const failed = errors.find((r) => Number(r.rule_id) === rule.id)
    return { ...rule, lastRunAt: run?.created_at ?? null, lastResult: run?.result ?? null, errorCount: Number(failed?.total ?? 0) }
  })
}
