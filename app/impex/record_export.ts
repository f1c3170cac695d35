/*
 * Generic export of a registered record type (every field of fieldsOf that
 * the user may see, rows inside the user's data scope) and the import
 * template of a type. Values are written as an import reads them back:
 * option labels, yes/no words, exact decimals, dates as YYYY-MM-DD.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import type { RecordFieldDeclaration } from '#kernel/plugins/define_plugin'
import type { RegisteredRecordType } from '#kernel/plugins/plugin_registry'
import { fieldsOf, recordTypeOrFail } from '#kernel/records/fields'
import { readFieldValue } from '#kernel/records/values'
import { applyDataScope } from '#services/data_scope'
import { fieldModes } from '#services/field_permissions'
import { companyZone } from '#services/settings'
import type { CsvColumn } from '#services/list_query'
import type { CellKind, Sheet } from '#kernel/impex/xlsx'

type Locale = 'zh-CN' | 'en'

export function localeOf(locale: string | undefined | null): Locale {
  return locale === 'en' ? 'en' : 'zh-CN'
}

const YES_NO: Record<Locale, [string, string]> = { 'zh-CN': ['是', '否'], 'en': ['yes', 'no'] }

function cellKind(field: RecordFieldDeclaration): CellKind {
  if (field.kind === 'money' || field.kind === 'quantity' || field.kind === 'number') return field.kind
  return 'text'
}

/** A stored value as the text an import reads back (exact decimals, option labels, company-clock times). */
export function exportText(field: RecordFieldDeclaration, stored: unknown, locale: Locale, zone: string): string | null {
  const value = readFieldValue(field, stored)
  if (value === null) return null
  switch (field.kind) {
    case 'number':
    case 'money':
    case 'quantity': {
      const d = value as any
      return field.kind === 'money' ? d.toFixed(Math.max(2, d.decimalPlaces())) : d.toFixed()
    }
    case 'datetime':
      return DateTime.fromMillis(value as number).setZone(zone).toFormat('yyyy-MM-dd HH:mm:ss')
    case 'boolean':
      return YES_NO[locale][value ? 0 : 1]
    case 'select':
      return field.options?.find((o) => o.value === value)?.label[locale] ?? String(value)
    case 'multiselect':
      return (value as string[]).map((v) => field.options?.find((o) => o.value === v)?.label[locale] ?? v).join(', ')
    default:
      return String(value)
  }
}

/** The fields of `type` the user may see (field permissions), in declaration order. */
export async function visibleFields(recordType: RegisteredRecordType, user: User) {
  const modes = await fieldModes(user, recordType.type)
  return (await fieldsOf(recordType)).filter((f) => modes[f.name] !== 'hidden')
}

export interface RecordExport {
  recordType: RegisteredRecordType
  rows: Record<string, any>[]
  columns: CsvColumn<Record<string, any>>[]
}

/**
 * Every record of `type` the user may see under `<permissionPrefix>.view`
 * (data scope), with one column per visible field. `narrow` may add
 * conditions to the query; at most `limit` rows (50 000).
 */
export async function exportRecords(
  type: string,
  user: User,
  options: { locale?: string; narrow?: (query: any) => void; limit?: number } = {}
): Promise<RecordExport> {
  const recordType = recordTypeOrFail(type)
  const locale = localeOf(options.locale ?? user.locale)
  const zone = await companyZone()
  const fields = await visibleFields(recordType, user)
  const query = db.from(recordType.table).select('*')
  await applyDataScope(query, user, `${recordType.permissionPrefix}.view`)
  options.narrow?.(query)
  const rows = await query.orderBy('id', 'asc').limit(options.limit ?? 50_000)
  const columns = fields.map((field) => ({
    label: field.label[locale],
    field: field.name,
    kind: cellKind(field),
    value: (row: Record<string, any>) => exportText(field, row[field.name], locale, zone),
  }))
  return { recordType, rows, columns }
}

/** Header of a template column: the label in the user's language, "*" when required. */
export function templateHeader(field: RecordFieldDeclaration, locale: Locale) {
  return field.required ? `${field.label[locale]} *` : field.label[locale]
}

/** The import template: the header row, and a second sheet explaining each column. */
export function templateSheets(
  recordType: RegisteredRecordType,
  fields: RecordFieldDeclaration[],
  locale: Locale,
  t: (key: string, params?: Record<string, unknown>) => string
): Sheet[] {
  const label = recordType.label[locale]
  return [
    { name: label, columns: fields.map((f) => ({ header: templateHeader(f, locale), kind: cellKind(f) })), rows: [] },
    {
      name: t('impex.template.fields_sheet'),
      columns: [
        { header: t('impex.template.column'), width: 24 },
        { header: t('impex.template.field'), width: 20 },
        { header: t('impex.template.kind'), width: 14 },
        { header: t('impex.template.required'), width: 10 },
        { header: t('impex.template.accepted'), width: 60 },
      ],
      rows: fields.map((f) => [
        templateHeader(f, locale),
        f.name,
        t(`impex.kinds.${f.kind}`),
        f.required ? YES_NO[locale][0] : YES_NO[locale][1],
        f.options?.length ? f.options.map((o) => o.label[locale]).join(', ') : t(`impex.hints.${f.kind}`),
      ]),
    },
  ]
}
