/*
 * Custom field values for people: the text a form input starts with, and the
 * text a list cell, detail page, CSV export or PDF shows (option labels in the
 * user's language, user names, referenced records' titles).
 */
import db from '@adonisjs/lucid/services/db'
import { microsToDecimal } from '#kernel/numbers/fixed_point'
import { readFieldValue } from '#kernel/records/values'
import plugins from '#services/plugins'
import type User from '#models/user'
import { customFieldsOf, type CustomField } from './custom_fields.js'
import { customFieldModes, visibleTo } from './custom_field_access.js'

export type Locale = 'zh-CN' | 'en'

export function localeOf(i18n: { locale: string } | string): Locale {
  const locale = typeof i18n === 'string' ? i18n : i18n.locale
  return locale === 'en' ? 'en' : 'zh-CN'
}

function decimalText(field: CustomField, stored: unknown): string {
  const value = microsToDecimal(typeof stored === 'object' ? String(stored) : (stored as any))
  // Money shows at least cents; a number shows what was entered.
  return field.kind === 'money' && value.decimalPlaces() < 2 ? value.toFixed(2) : value.toFixed()
}

/** The text a form input starts with for a stored value ('' when empty); multi-select gives the list. */
export function formValue(field: CustomField, stored: unknown): string | string[] | boolean {
  if (stored === null || stored === undefined) return field.kind === 'multiselect' ? [] : field.kind === 'boolean' ? false : ''
  switch (field.kind) {
    case 'number':
    case 'money':
      return decimalText(field, stored)
    case 'boolean':
      return readFieldValue(field, stored) as boolean
    case 'multiselect':
      return readFieldValue(field, stored) as string[]
    case 'date':
      return (readFieldValue(field, stored) as string | null) ?? ''
    default:
      return String(stored)
  }
}

/** The text shown for a stored value without looking anything up (users and references show their id). */
export function displayValue(field: CustomField, stored: unknown, locale: Locale): string {
  if (stored === null || stored === undefined || stored === '') return ''
  switch (field.kind) {
    case 'number':
    case 'money':
      return decimalText(field, stored)
    case 'boolean':
      return readFieldValue(field, stored) ? (locale === 'en' ? 'Yes' : '是') : locale === 'en' ? 'No' : '否'
    case 'select':
      return field.options.find((o) => o.value === String(stored))?.label[locale] ?? String(stored)
    case 'multiselect':
      return (readFieldValue(field, stored) as string[])
        .map((v) => field.options.find((o) => o.value === v)?.label[locale] ?? v)
        .join(locale === 'en' ? ', ' : '、')
    default:
      return String(stored)
  }
}

/** Names of users and titles of referenced records, one query per field. */
async function lookups(fields: CustomField[], rows: Record<string, any>[]): Promise<Map<string, Map<string, string>>> {
  const found = new Map<string, Map<string, string>>()
  for (const field of fields) {
    if (field.kind !== 'user' && field.kind !== 'reference') continue
    const ids = [...new Set(rows.map((r) => r[field.column]).filter((v) => v !== null && v !== undefined).map(String))]
    const names = new Map<string, string>()
    found.set(field.column, names)
    if (!ids.length) continue
    if (field.kind === 'user') {
      for (const u of await db.from('users').whereIn('id', ids).select('id', 'name')) names.set(String(u.id), u.name)
    } else {
      const target = plugins.recordType(field.reference!)
      if (!target) continue
      const title = target.titleField ?? target.fields.find((f) => f.kind === 'text')?.name ?? 'id'
      for (const r of await db.from(target.table).whereIn('id', ids).select('id', `${title} as title`)) names.set(String(r.id), String(r.title ?? r.id))
    }
  }
  return found
}

export interface CustomFieldView {
  column: string
  kind: CustomField['kind']
  label: string
  /** Row id → shown text ('' when empty) */
  values: Map<string, string>
}

/**
 * What lists, detail pages, exports and PDFs show for `rows` of `recordType`:
 * one entry per active custom field (label in `locale`), with each row's text.
 * `text(rowId, column)` on the result reads one cell. With `user`, fields hidden from them are left out.
 */
export async function presentCustomFields(recordType: string, rows: Record<string, any>[], locale: Locale, options: { user?: User | null } = {}) {
  const fields = (await customFieldsOf(recordType)).filter(visibleTo(await customFieldModes(options.user, recordType)))
  const names = await lookups(fields, rows)
  const views: CustomFieldView[] = fields.map((field) => {
    const values = new Map<string, string>()
    for (const row of rows) {
      const stored = row[field.column]
      const looked = names.get(field.column)?.get(String(stored))
      values.set(String(row.id), looked ?? displayValue(field, stored, locale))
    }
    return { column: field.column, kind: field.kind, label: field.label[locale], values }
  })
  return {
    fields: views,
    text(rowId: string | number, column: string) {
      return views.find((v) => v.column === column)?.values.get(String(rowId)) ?? ''
    },
  }
}

export type PresentedCustomFields = Awaited<ReturnType<typeof presentCustomFields>>
