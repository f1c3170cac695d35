/*
 * The inputs of a record's custom fields, for components/custom_fields/form.edge:
 *
 *   customFields: await customFormFields('crm.customer', { i18n: ctx.i18n, record })
 *
 * Labels, help and option labels in the user's language; values from the
 * stored record (a 422 re-render shows what the user typed instead).
 */
import db from '@adonisjs/lucid/services/db'
import plugins from '#services/plugins'
import { customFieldsOf, type CustomField } from './custom_fields.js'
import { formValue, localeOf, type Locale } from './custom_field_values.js'
import { customFieldModes } from './custom_field_access.js'
import type User from '#models/user'

/** Pickers list at most this many users or records; beyond it the input takes an id. */
export const MAX_CHOICES = 500

export interface CustomFormField {
  name: string
  kind: CustomField['kind']
  /** The field component's type (components/field.edge), or `multiselect` */
  type: 'text' | 'textarea' | 'money' | 'quantity' | 'date' | 'select' | 'checkbox' | 'multiselect' | 'number'
  label: string
  help: string | null
  required: boolean
  /** Shown, not editable (field permission); readCustomInput ignores it too */
  readonly: boolean
  value: string | string[] | boolean
  options: { value: string; label: string }[]
}

/** Options of a select, multi-select, user or reference field; null when there are too many to list. */
export async function choicesOf(field: CustomField, locale: Locale): Promise<{ value: string; label: string }[] | null> {
  if (field.kind === 'select' || field.kind === 'multiselect') return field.options.map((o) => ({ value: o.value, label: o.label[locale] }))
  if (field.kind === 'user') {
    const users = await db.from('users').where('is_active', true).orderBy('name').limit(MAX_CHOICES + 1).select('id', 'name')
    return users.length > MAX_CHOICES ? null : users.map((u) => ({ value: String(u.id), label: u.name }))
  }
  if (field.kind === 'reference') {
    const target = plugins.recordType(field.reference!)
    if (!target) return null
    const title = target.titleField ?? target.fields.find((f) => f.kind === 'text')?.name ?? 'id'
    const rows = await db.from(target.table).orderBy(title).limit(MAX_CHOICES + 1).select('id', `${title} as title`)
    return rows.length > MAX_CHOICES ? null : rows.map((r) => ({ value: String(r.id), label: String(r.title ?? r.id) }))
  }
  return []
}

const INPUT_TYPES: Record<CustomField['kind'], CustomFormField['type']> = {
  text: 'text',
  textarea: 'textarea',
  number: 'quantity',
  money: 'money',
  date: 'date',
  select: 'select',
  multiselect: 'multiselect',
  boolean: 'checkbox',
  user: 'select',
  reference: 'select',
}

export async function customFormFields(
  recordType: string,
  options: { i18n: { locale: string }; record?: Record<string, any> | null; user?: User | null }
): Promise<CustomFormField[]> {
  const locale = localeOf(options.i18n)
  const modes = await customFieldModes(options.user, recordType)
  const out: CustomFormField[] = []
  for (const field of await customFieldsOf(recordType)) {
    if (modes[field.column] === 'hidden') continue
    const choices = await choicesOf(field, locale)
    out.push({
      name: field.column,
      kind: field.kind,
      type: choices === null ? 'number' : INPUT_TYPES[field.kind],
      label: field.label[locale],
      help: field.help ? field.help[locale] : null,
      required: field.required,
      readonly: modes[field.column] === 'readonly',
      value: formValue(field, options.record ? options.record[field.column] : null),
      options: choices ?? [],
    })
  }
  return out
}
