/*
 * The fields of a record type, as every engine sees them: what the plugin
 * declared, the columns every document has (number, state, owner, department,
 * created), and whatever field sources add (the custom-fields engine
 * registers one). Approval conditions, automation rules, imports, exports,
 * the API and reports all ask here, so a field added once shows up in all.
 */
import plugins from '#services/plugins'
import type { RecordFieldDeclaration } from '#kernel/plugins/define_plugin'
import type { RegisteredRecordType } from '#kernel/plugins/plugin_registry'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

/**
 * `client`: the transaction the caller is in, if any. On SQLite (one connection) a
 * source that read through the default connection inside a transaction would wait
 * for that very transaction.
 */
export type FieldSource = (
  recordType: RegisteredRecordType,
  client?: QueryClientContract
) => RecordFieldDeclaration[] | Promise<RecordFieldDeclaration[]>

const sources: FieldSource[] = []

/** Adds fields to record types (e.g. admin-defined custom fields). */
export function addFieldSource(source: FieldSource) {
  if (!sources.includes(source)) sources.push(source)
}

/** The columns of app/documents/document_columns.ts, for documents. */
export const DOCUMENT_FIELDS: RecordFieldDeclaration[] = [
  { name: 'number', kind: 'text', label: { 'zh-CN': '单号', 'en': 'Number' }, readonly: true },
  {
    name: 'state',
    kind: 'select',
    label: { 'zh-CN': '状态', 'en': 'State' },
    readonly: true,
    options: [
      { value: 'draft', label: { 'zh-CN': '草稿', 'en': 'Draft' } },
      { value: 'submitted', label: { 'zh-CN': '已提交', 'en': 'Submitted' } },
      { value: 'confirmed', label: { 'zh-CN': '已确认', 'en': 'Confirmed' } },
      { value: 'posted', label: { 'zh-CN': '已过账', 'en': 'Posted' } },
      { value: 'done', label: { 'zh-CN': '已完成', 'en': 'Done' } },
      { value: 'cancelled', label: { 'zh-CN': '已取消', 'en': 'Cancelled' } },
    ],
  },
  { name: 'owner_id', kind: 'user', label: { 'zh-CN': '负责人', 'en': 'Owner' } },
  { name: 'department_id', kind: 'reference', reference: 'kernel.department', label: { 'zh-CN': '部门', 'en': 'Department' } },
  { name: 'created_at', kind: 'datetime', label: { 'zh-CN': '创建时间', 'en': 'Created at' }, readonly: true },
]

export function recordTypeOrFail(type: string): RegisteredRecordType {
  const recordType = plugins.recordType(type)
  if (!recordType) throw new Error(`Unknown record type "${type}" (is its plugin enabled?)`)
  return recordType
}

/** Every field of `type`: declared, standard document columns, then added ones. */
export async function fieldsOf(type: string | RegisteredRecordType, client?: QueryClientContract): Promise<RecordFieldDeclaration[]> {
  const recordType = typeof type === 'string' ? recordTypeOrFail(type) : type
  const fields = [...recordType.fields]
  if (recordType.document) {
    for (const f of DOCUMENT_FIELDS) if (!fields.some((d) => d.name === f.name)) fields.push(f)
  }
  for (const source of sources) fields.push(...(await source(recordType, client)))
  return fields
}

/** The field called `name` on `type`, or undefined. */
export async function fieldOf(type: string | RegisteredRecordType, name: string) {
  return (await fieldsOf(type)).find((f) => f.name === name)
}
