/*
 * The shape of the kernel's own automation actions: a plugin's action
 * (AutomationActionDeclaration) plus checks that need the record type's
 * fields, and what it writes on the record (for the loop check).
 */
import type { AutomationActionContext, AutomationActionDeclaration, RecordFieldDeclaration } from '#kernel/plugins/define_plugin'
import type { RegisteredRecordType } from '#kernel/plugins/plugin_registry'
import { fieldsOf, recordTypeOrFail } from '#kernel/records/fields'
import { loadRecordRow } from '../record_rows.js'

/** A problem with one option; `key` is an i18n key (rules.json or records.json). */
export interface OptionProblem {
  option: string
  key: string
  params?: Record<string, unknown>
}

/** A value the loop check cannot know before the rule runs (taken from a field, computed by a plugin). */
export const UNKNOWN = Symbol('unknown value')

export interface BuiltinAction extends AutomationActionDeclaration {
  check?: (options: any, fields: RecordFieldDeclaration[]) => OptionProblem[]
  /** Columns of the rule's record the action writes, with the value when it is known */
  writes?: (options: any) => Array<{ field: string; value: unknown }>
}

/** The record type, its fields and the record's current row, for an action that runs. */
export async function recordOf(context: AutomationActionContext): Promise<{ recordType: RegisteredRecordType; fields: RecordFieldDeclaration[]; row: Record<string, unknown> | null }> {
  const recordType = recordTypeOrFail(context.recordType)
  const fields = await fieldsOf(recordType)
  const row = context.record ? await loadRecordRow(recordType, context.recordId, fields) : null
  return { recordType, fields, row }
}

/** The user id a "who" option points at: a fixed user, the record's owner, or a user field of the record. */
export function userFrom(options: { to?: string; user_id?: number | null; field?: string | null }, row: Record<string, unknown> | null): number | null {
  if (options.to === 'user') return options.user_id ? Number(options.user_id) : null
  const column = options.to === 'field' ? options.field : 'owner_id'
  const value = column && row ? row[column] : null
  return value === null || value === undefined || value === '' ? null : Number(value)
}

/** Problems with a "who" option: a user id when "user", a user field when "field". */
export function checkWho(options: { to?: string; user_id?: number | null; field?: string | null }, fields: RecordFieldDeclaration[]): OptionProblem[] {
  if (options.to === 'user' && !options.user_id) return [{ option: 'user_id', key: 'rules.errors.user_required' }]
  if (options.to === 'field') {
    const field = fields.find((f) => f.name === options.field)
    if (!field || field.kind !== 'user') return [{ option: 'field', key: 'rules.errors.user_field', params: { field: options.field ?? '' } }]
  }
  if ((options.to ?? 'owner') === 'owner' && !fields.some((f) => f.name === 'owner_id')) return [{ option: 'to', key: 'rules.errors.no_owner' }]
  return []
}
