/*
 * A plugin's save action reads its record's custom fields here:
 *
 *   const { values, errors } = await readCustomInput('crm.customer', ctx.request.all(), { i18n: ctx.i18n })
 *   if (Object.keys(errors).length) → re-render the form (errors keyed by column, e.g. cf_region)
 *   else → insert/update the row with { ...ownColumns, ...values }
 *
 * Values are converted by parseFieldInput (decision 007): money and numbers
 * to BIGINT micros, dates to 'YYYY-MM-DD', multi-select to a JSON list.
 * Users and referenced records must exist.
 */
import db from '@adonisjs/lucid/services/db'
import type { I18n } from '@adonisjs/i18n'
import { parseFieldInput } from '#kernel/records/values'
import plugins from '#services/plugins'
import type User from '#models/user'
import { customFieldsOf, toFieldDeclaration } from './custom_fields.js'
import { customFieldModes, writableBy } from './custom_field_access.js'

export interface CustomInput {
  /** column → value to store */
  values: Record<string, unknown>
  /** column → message in the user's language (or the i18n key without `i18n`) */
  errors: Record<string, string>
}

export interface ReadCustomInputOptions {
  /** Translates the messages (the request's i18n); without it errors hold i18n keys */
  i18n?: I18n
  /** Only the fields present in the body (an API PATCH); otherwise a missing field is blank */
  partial?: boolean
  /** The user saving: fields hidden from or read-only for them are ignored (their stored value stays) */
  user?: User | null
}

export async function readCustomInput(recordType: string, body: Record<string, any>, options: ReadCustomInputOptions = {}): Promise<CustomInput> {
  const values: Record<string, unknown> = {}
  const errors: Record<string, string> = {}
  const say = (key: string, params?: Record<string, unknown>) => (options.i18n ? options.i18n.t(key, params) : key)

  const writable = writableBy(await customFieldModes(options.user, recordType))
  for (const field of (await customFieldsOf(recordType)).filter(writable)) {
    const present = Object.prototype.hasOwnProperty.call(body, field.column)
    if (options.partial && !present) continue
    let raw = body[field.column]
    // An unticked checkbox sends nothing: for a yes/no field that means "no".
    if (field.kind === 'boolean' && (raw === undefined || raw === null || raw === '')) raw = false
    const parsed = parseFieldInput(toFieldDeclaration(field), raw)
    if (!parsed.ok) {
      errors[field.column] = say(parsed.error, parsed.params)
      continue
    }
    if (parsed.stored !== null && (field.kind === 'user' || field.kind === 'reference')) {
      const table = field.kind === 'user' ? 'users' : plugins.recordType(field.reference!)?.table
      const found = table ? await db.from(table).where('id', String(parsed.stored)).select('id').first() : null
      if (!found) {
        errors[field.column] = say('custom_fields.errors.unknown_record')
        continue
      }
      values[field.column] = Number(parsed.stored)
      continue
    }
    values[field.column] = typeof parsed.stored === 'bigint' ? parsed.stored.toString() : parsed.stored
  }
  return { values, errors }
}
