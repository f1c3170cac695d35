/*
 * Custom field definitions: what admins added to a record type, read from
 * the `custom_fields` table and cached per record type. Every change made
 * through this module's actions clears the cache at once; other processes
 * see a change within CACHE_TTL_MS (docs/decisions/009-custom-fields.md).
 *
 * The engine registers a field source (app/records/fields.ts), so
 * `fieldsOf(type)` includes every active custom field: imports, exports, the
 * API, approval conditions and rules get them without knowing about them.
 */
import db from '@adonisjs/lucid/services/db'
import type { FieldOption, LocalizedText, RecordFieldDeclaration } from '#kernel/plugins/define_plugin'
import type { RegisteredRecordType } from '#kernel/plugins/plugin_registry'
import { addFieldSource } from '#kernel/records/fields'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

/** The kinds an admin may pick (decision 009). */
export const CUSTOM_FIELD_KINDS = ['text', 'textarea', 'number', 'money', 'date', 'select', 'multiselect', 'boolean', 'user', 'reference'] as const
export type CustomFieldKind = (typeof CUSTOM_FIELD_KINDS)[number]

/** Kinds whose column gets an index (filtering and sorting); long text and JSON lists do not. */
export const INDEXED_KINDS: readonly CustomFieldKind[] = ['text', 'number', 'money', 'date', 'select', 'boolean', 'user', 'reference']

/** Column prefix: a custom field `region` lives in the column `cf_region`. */
export const COLUMN_PREFIX = 'cf_'

export const CACHE_TTL_MS = 5_000

export interface CustomField {
  id: number
  recordType: string
  /** Without the prefix, as the admin typed it */
  name: string
  /** The column, `cf_<name>`; also the field's name in fieldsOf, forms and the API */
  column: string
  kind: CustomFieldKind
  label: LocalizedText
  help: LocalizedText | null
  required: boolean
  active: boolean
  position: number
  options: FieldOption[]
  reference: string | null
}

const cache = new Map<string, { at: number; fields: CustomField[] }>()

/** Forgets the cached definitions (of one record type, or all). */
export function invalidateCustomFields(recordType?: string) {
  if (recordType) cache.delete(recordType)
  else cache.clear()
}

function parseOptions(raw: unknown): FieldOption[] {
  if (!raw) return []
  try {
    const list = typeof raw === 'string' ? JSON.parse(raw) : raw
    return Array.isArray(list) ? list : []
  } catch {
    return []
  }
}

export function rowToCustomField(row: any): CustomField {
  return {
    id: Number(row.id),
    recordType: row.record_type,
    name: row.name,
    column: COLUMN_PREFIX + row.name,
    kind: row.kind,
    label: { 'zh-CN': row.label_zh, 'en': row.label_en },
    help: row.help_zh || row.help_en ? { 'zh-CN': row.help_zh || row.help_en, 'en': row.help_en || row.help_zh } : null,
    required: row.required === true || row.required === 1,
    active: row.active === true || row.active === 1,
    position: Number(row.position ?? 0),
    options: parseOptions(row.options),
    reference: row.reference ?? null,
  }
}

async function load(recordType: string, client: QueryClientContract = db.connection()): Promise<CustomField[]> {
  const rows = await client.from('custom_fields').where('record_type', recordType).orderBy('position', 'asc').orderBy('id', 'asc')
  return rows.map(rowToCustomField)
}

/**
 * The custom fields of `recordType`, in position order: active ones only,
 * unless `includeInactive` (the admin page).
 */
export async function customFieldsOf(
  recordType: string,
  options: { includeInactive?: boolean; /** the caller's transaction, if any */ client?: QueryClientContract } = {}
): Promise<CustomField[]> {
  let entry = cache.get(recordType)
  if (!entry || Date.now() - entry.at > CACHE_TTL_MS) {
    entry = { at: Date.now(), fields: await load(recordType, options.client) }
    cache.set(recordType, entry)
  }
  return options.includeInactive ? entry.fields : entry.fields.filter((f) => f.active)
}

/** One definition by id (any record type, active or not), straight from the table. */
export async function findCustomField(id: number | string): Promise<CustomField | null> {
  if (!/^\d{1,15}$/.test(String(id))) return null
  const row = await db.from('custom_fields').where('id', id).first()
  return row ? rowToCustomField(row) : null
}

/** A custom field as every engine sees a field (decision 007). */
export function toFieldDeclaration(field: CustomField): RecordFieldDeclaration {
  return {
    name: field.column,
    kind: field.kind,
    label: field.label,
    required: field.required,
    ...(field.options.length ? { options: field.options } : {}),
    ...(field.reference ? { reference: field.reference } : {}),
    ...(field.kind === 'text' ? { maxLength: 255 } : field.kind === 'textarea' ? { maxLength: 10_000 } : {}),
  }
}

/** The field source fieldsOf() asks: the active custom fields of the type. */
async function customFieldSource(recordType: RegisteredRecordType, client?: QueryClientContract): Promise<RecordFieldDeclaration[]> {
  try {
    return (await customFieldsOf(recordType.type, { client })).map(toFieldDeclaration)
  } catch (error) {
    // Before the kernel's migrations ran (a fresh install), there are no custom fields.
    if (/custom_fields/.test(String((error as Error).message)) && /no such table|does not exist/.test(String((error as Error).message))) return []
    throw error
  }
}

let registered = false
/** Adds the custom fields to fieldsOf() (start/custom_fields.ts calls this at boot). */
export function registerCustomFieldSource() {
  if (registered) return
  registered = true
  addFieldSource(customFieldSource)
}
