/*
 * Which fields of a record type an import may fill, and how a file's headers
 * are matched to them: by field name, zh-CN label or en label, ignoring case,
 * spaces, underscores and the "*" a template puts on required columns.
 */
import type User from '#models/user'
import type { RecordFieldDeclaration } from '#kernel/plugins/define_plugin'
import type { RegisteredRecordType } from '#kernel/plugins/plugin_registry'
import { fieldsOf } from '#kernel/records/fields'
import { fieldModes } from '#services/field_permissions'

/** Fields an import fills: not read-only, not the creation time, and writable for this user. */
export async function importableFields(recordType: RegisteredRecordType, user: User): Promise<RecordFieldDeclaration[]> {
  const modes = await fieldModes(user, recordType.type)
  return (await fieldsOf(recordType)).filter((f) => !f.readonly && f.name !== 'created_at' && !modes[f.name])
}

export function normalizeHeader(text: unknown): string {
  return String(text ?? '')
    .toLowerCase()
    .replace(/[\s_\-*＊:：]+/g, '')
}

/** For each header, the name of the field it matches (each field at most once), or null. */
export function autoMap(headers: string[], fields: RecordFieldDeclaration[]): (string | null)[] {
  const used = new Set<string>()
  return headers.map((header) => {
    const key = normalizeHeader(header)
    if (!key) return null
    const field = fields.find(
      (f) => !used.has(f.name) && [f.name, f.label['zh-CN'], f.label.en].some((name) => normalizeHeader(name) === key)
    )
    if (!field) return null
    used.add(field.name)
    return field.name
  })
}

/** Problems of a mapping: unknown or twice-mapped fields, required fields left unmapped (i18n keys + params). */
export function mappingProblems(mapping: (string | null)[], fields: RecordFieldDeclaration[]) {
  const problems: { error: string; params: Record<string, string> }[] = []
  const seen = new Set<string>()
  for (const name of mapping) {
    if (!name) continue
    if (!fields.some((f) => f.name === name)) problems.push({ error: 'impex.errors.unknown_field', params: { field: name } })
    else if (seen.has(name)) problems.push({ error: 'impex.errors.mapped_twice', params: { field: name } })
    seen.add(name)
  }
  for (const field of fields) {
    if (field.required && !seen.has(field.name)) problems.push({ error: 'impex.errors.required_unmapped', params: { field: field.name } })
  }
  return problems
}
