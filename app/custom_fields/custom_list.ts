/*
 * Custom fields in a list built with list_query: every active custom field
 * becomes a sort key (its column) and a filter —
 *   equality for text, select, yes/no, user and reference (`?cf_region=north`),
 *   a range for number, money and date (`?cf_budget_from=10&cf_budget_to=99.5`),
 *   "contains" for multi-select (`?cf_tags=vip`).
 * Each indexed column is indexed on (column, id), so a filtered, sorted page
 * stays fast on large tables (bench/custom_fields.ts).
 */
import type { ListOptions } from '#services/list_query'
import { parseFieldInput } from '#kernel/records/values'
import { customFieldsOf, toFieldDeclaration, type CustomField } from './custom_fields.js'
import { localeOf } from './custom_field_values.js'
import { choicesOf } from './custom_form.js'
import { customFieldModes, visibleTo } from './custom_field_access.js'
import type User from '#models/user'

const RANGE_KINDS = ['number', 'money', 'date'] as const

function isRange(field: CustomField) {
  return (RANGE_KINDS as readonly string[]).includes(field.kind)
}

/** A filter value as the column stores it, or undefined when it is not valid (the filter is then ignored). */
function storedFilterValue(field: CustomField, raw: string): unknown {
  const parsed = parseFieldInput({ ...toFieldDeclaration(field), required: false, kind: field.kind === 'multiselect' ? 'select' : field.kind }, raw)
  if (!parsed.ok || parsed.stored === null) return undefined
  return typeof parsed.stored === 'bigint' ? parsed.stored.toString() : parsed.stored
}

/**
 * `options` with the record type's custom fields added as sort keys and
 * filters; `prefix` qualifies the columns (a joined query), `user` leaves out
 * the fields hidden from them (sorting or filtering by one would leak it).
 */
export async function withCustomFields(
  recordType: string,
  options: ListOptions = {},
  extra: { prefix?: string; user?: User | null } = {}
): Promise<ListOptions> {
  const prefix = extra.prefix ?? ''
  const fields = (await customFieldsOf(recordType)).filter(visibleTo(await customFieldModes(extra.user, recordType)))
  const sortable: Record<string, string> = Array.isArray(options.sortable)
    ? Object.fromEntries(options.sortable.map((c: string) => [c, c]))
    : { ...((options.sortable as Record<string, string>) ?? {}) }
  const filters = { ...(options.filters ?? {}) }
  const col = (field: CustomField) => (prefix ? `${prefix}.${field.column}` : field.column)

  for (const field of fields) {
    if (field.kind !== 'textarea' && field.kind !== 'multiselect') sortable[field.column] = col(field)
    if (field.kind === 'textarea') continue
    if (isRange(field)) {
      filters[`${field.column}_from`] = (query, raw) => {
        const value = storedFilterValue(field, raw)
        if (value !== undefined) query.where(col(field), '>=', value)
      }
      filters[`${field.column}_to`] = (query, raw) => {
        const value = storedFilterValue(field, raw)
        if (value !== undefined) query.where(col(field), '<=', value)
      }
    } else if (field.kind === 'multiselect') {
      filters[field.column] = (query, raw) => {
        const value = storedFilterValue(field, raw)
        // The column holds a JSON list of option values, which never contain quotes (custom_field_definition.ts).
        if (value === undefined) return
        const pattern = `%${JSON.stringify(String(value)).replace(/[\\%_]/g, (c) => `\\${c}`)}%`
        query.whereRaw(`?? LIKE ? ESCAPE '\\'`, [col(field), pattern])
      }
    } else {
      filters[field.column] = (query, raw) => {
        const value = storedFilterValue(field, raw)
        if (value !== undefined) query.where(col(field), value as any)
      }
    }
  }
  return { ...options, sortable, filters }
}

export interface CustomFilterControl {
  column: string
  label: string
  /** select: pick one of `options`; text: type a value; number/date: a from–to pair */
  control: 'select' | 'text' | 'number' | 'date'
  options: { value: string; label: string }[]
}

/** The filter controls a list page shows for the custom fields (components/custom_fields/list_filters.edge). */
export async function customFilterControls(
  recordType: string,
  i18n: { locale: string; t: (k: string) => string },
  user?: User | null
): Promise<CustomFilterControl[]> {
  const locale = localeOf(i18n)
  const controls: CustomFilterControl[] = []
  for (const field of (await customFieldsOf(recordType)).filter(visibleTo(await customFieldModes(user, recordType)))) {
    const label = field.label[locale]
    if (field.kind === 'textarea') continue
    if (field.kind === 'number' || field.kind === 'money') controls.push({ column: field.column, label, control: 'number', options: [] })
    else if (field.kind === 'date') controls.push({ column: field.column, label, control: 'date', options: [] })
    else if (field.kind === 'boolean') {
      controls.push({ column: field.column, label, control: 'select', options: [{ value: 'yes', label: i18n.t('custom_fields.values.yes') }, { value: 'no', label: i18n.t('custom_fields.values.no') }] })
    } else if (field.kind === 'text') controls.push({ column: field.column, label, control: 'text', options: [] })
    else {
      const choices = await choicesOf(field, locale)
      controls.push({ column: field.column, label, control: choices ? 'select' : 'text', options: choices ?? [] })
    }
  }
  return controls
}
