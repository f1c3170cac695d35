/*
 * Settings of the kernel and of each plugin, stored in the `settings` table
 * as `<section>.<key>` → JSON value. A section is the kernel (`kernel`) or a
 * plugin that declares a VineJS `settings` schema and `settingsDefaults` in
 * its manifest. Reads merge the defaults under the stored values; writes are
 * validated against the schema and saved in one transaction.
 */
import vine, { errors as vineErrors } from '@vinejs/vine'
import type { VineObject } from '@vinejs/vine'
import type { FieldContext, MessagesProviderContact } from '@vinejs/vine/types'
import type { I18n } from '@adonisjs/i18n'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { DateTime } from 'luxon'
import plugins from '#services/plugins'

export const KERNEL_SECTION = 'kernel'

/** The kernel's own settings. */
export const kernelSettingsSchema = vine.object({
  company_name: vine.object({
    'zh-CN': vine.string().trim().minLength(1).maxLength(120),
    'en': vine.string().trim().minLength(1).maxLength(120),
  }),
  default_locale: vine.enum(['zh-CN', 'en']),
  currency: vine.string().trim().toUpperCase().regex(/^[A-Z]{3}$/),
  timezone: vine.enum([...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])]),
})

export const kernelSettingsDefaults = {
  company_name: { 'zh-CN': '我的公司', 'en': 'My company' },
  default_locale: 'zh-CN',
  currency: 'CNY',
  timezone: 'Asia/Shanghai',
}

/**
 * Now in the company's time zone (setting kernel.timezone): what "today" and
 * "this year" mean for document numbers and paper. Pass the transaction when
 * inside one (SQLite has a single connection).
 */
export async function companyNow(client: QueryClientContract = db.connection()): Promise<DateTime> {
  return DateTime.now().setZone(await companyZone(client))
}

/** The company's IANA time zone (setting kernel.timezone; Asia/Shanghai by default). */
export async function companyZone(client: QueryClientContract = db.connection()): Promise<string> {
  const row = await client.from('settings').where('key', `${KERNEL_SECTION}.timezone`).select('value').first()
  try {
    const zone = row ? JSON.parse(row.value) : null
    if (typeof zone === 'string' && DateTime.now().setZone(zone).isValid) return zone
  } catch {}
  return kernelSettingsDefaults.timezone
}

export interface SettingsSection {
  /** `kernel` or a plugin id */
  id: string
  schema: VineObject<any, any, any, any>
  defaults: Record<string, unknown>
}

export class UnknownSettingsSectionError extends Error {
  constructor(public section: string) {
    super(`There are no settings "${section}" (known: ${sections().map((s) => s.id).join(', ')})`)
  }
}

/** The kernel's section, then every enabled plugin that declares settings. */
export function sections(): SettingsSection[] {
  const list: SettingsSection[] = [{ id: KERNEL_SECTION, schema: kernelSettingsSchema, defaults: kernelSettingsDefaults }]
  for (const plugin of plugins.enabled()) {
    const manifest = plugin.manifest!
    if (manifest.settings) list.push({ id: plugin.id, schema: manifest.settings, defaults: manifest.settingsDefaults ?? {} })
  }
  return list
}

export function section(id: string): SettingsSection {
  const found = sections().find((s) => s.id === id)
  if (!found) throw new UnknownSettingsSectionError(id)
  return found
}

const compiled = new WeakMap<object, ReturnType<typeof vine.compile>>()
function validatorOf(schema: VineObject<any, any, any, any>) {
  let validator = compiled.get(schema)
  if (!validator) {
    validator = vine.compile(schema)
    compiled.set(schema, validator)
  }
  return validator
}

/** Every setting of a section: defaults, overridden by what is stored. */
export async function getSettings<T extends Record<string, any> = Record<string, any>>(sectionId: string): Promise<T> {
  const { defaults } = section(sectionId)
  const rows = await db.from('settings').where('key', 'like', `${sectionId}.%`).select('key', 'value')
  const values: Record<string, any> = structuredClone(defaults)
  for (const row of rows) {
    const key = String(row.key).slice(sectionId.length + 1)
    try {
      values[key] = JSON.parse(row.value)
    } catch {
      // A value that is not JSON (written by hand): keep the default.
    }
  }
  return values as T
}

/** One setting, e.g. `getSetting('kernel', 'currency')`. */
export async function getSetting<T = unknown>(sectionId: string, key: string): Promise<T> {
  const values = await getSettings(sectionId)
  return values[key] as T
}

/**
 * Validates `input` (merged over the current values, so a form may send only
 * some keys) with the section's schema and stores every key in one
 * transaction. Throws VineJS's validation error (field + message) on bad input.
 */
export async function setSettings(
  sectionId: string,
  input: Record<string, unknown>,
  options: { messagesProvider?: MessagesProviderContact } = {}
): Promise<Record<string, unknown>> {
  const target = section(sectionId)
  const current = await getSettings(sectionId)
  const validated = await validatorOf(target.schema).validate({ ...current, ...input }, options)
  const now = new Date()
  await db.transaction(async (trx) => {
    for (const [key, value] of Object.entries(validated as Record<string, unknown>)) {
      if (value === undefined) continue
      const fullKey = `${sectionId}.${key}`
      const json = JSON.stringify(value)
      const updated = await trx.from('settings').where('key', fullKey).update({ value: json, updated_at: now })
      if (!Number(Array.isArray(updated) ? updated.length || updated[0] : updated)) {
        await trx.table('settings').insert({ key: fullKey, value: json, updated_at: now })
      }
    }
  })
  return validated as Record<string, unknown>
}

export const ValidationError = vineErrors.E_VALIDATION_ERROR

/* ------------------------------------------------------------------ */
/* Form description generated from the schema                          */
/* ------------------------------------------------------------------ */

export interface SettingsField {
  /** Path in the values, e.g. `currency` or `company_name.en` */
  path: string
  /** Form field name, e.g. `company_name[en]` */
  name: string
  label: string
  kind: 'text' | 'number' | 'checkbox' | 'select'
  required: boolean
  choices?: Array<{ value: string; label: string }>
  min?: number
  max?: number
  maxLength?: number
  step?: string
}

function translate(i18n: I18n, key: string, fallback: string) {
  return i18n.hasMessage(key) || i18n.hasFallbackMessage(key) ? i18n.t(key) : fallback
}

/** Label of a setting in the user's language. */
export function settingLabel(i18n: I18n, sectionId: string, path: string): string {
  const [key, sub] = path.split('.')
  const base = sectionId === KERNEL_SECTION ? `settings.fields.${key}` : `${sectionId}.settings.${key}`
  const label = translate(i18n, base, key.replace(/_/g, ' '))
  if (!sub) return label
  return `${label} (${translate(i18n, `settings.languages.${sub}`, sub)})`
}

function describe(i18n: I18n, sectionId: string, prop: any, path: string, name: string, required: boolean): SettingsField[] {
  if (prop.type === 'object' && prop.properties) {
    const inner = new Set<string>(prop.required ?? [])
    return Object.entries(prop.properties).flatMap(([k, p]) => describe(i18n, sectionId, p, `${path}.${k}`, `${name}[${k}]`, inner.has(k)))
  }
  const base = { path, name, label: settingLabel(i18n, sectionId, path), required }
  if (Array.isArray(prop.enum)) {
    if (prop.enum.includes(true) && prop.enum.includes(false)) return [{ ...base, kind: 'checkbox' }]
    const prefix = sectionId === KERNEL_SECTION ? `settings.choices.${path}` : `${sectionId}.settings.choices.${path}`
    const choices = prop.enum.map(String).map((value: string) => ({ value, label: translate(i18n, `${prefix}.${value}`, value) }))
    return [{ ...base, kind: 'select', choices }]
  }
  if (prop.type === 'integer' || prop.type === 'number') {
    return [{ ...base, kind: 'number', min: prop.minimum, max: prop.maximum, step: prop.type === 'integer' ? '1' : 'any' }]
  }
  return [{ ...base, kind: 'text', maxLength: prop.maxLength }]
}

/** The form fields of a section, derived from its VineJS schema. */
export function formFields(i18n: I18n, sectionId: string): SettingsField[] {
  const json: any = (section(sectionId).schema as any).toJSONSchema()
  const required = new Set<string>(json.required ?? [])
  return Object.entries(json.properties ?? {}).flatMap(([key, prop]) => describe(i18n, sectionId, prop, key, key, required.has(key)))
}

/**
 * Turns posted form data into the section's input: unchecked checkboxes
 * (absent from the body) become false, checked ones true.
 */
export function formInput(fields: SettingsField[], body: Record<string, any>): Record<string, unknown> {
  const input: Record<string, any> = {}
  for (const field of fields) {
    const parts = field.path.split('.')
    let raw: any = body
    for (const p of parts) raw = raw?.[p]
    const value = field.kind === 'checkbox' ? raw !== undefined && raw !== '' && raw !== '0' && raw !== 'false' : raw
    if (value === undefined) continue
    let target = input
    for (const p of parts.slice(0, -1)) target = target[p] ??= {}
    target[parts[parts.length - 1]] = value
  }
  return input
}

/** VineJS messages in the user's language, naming each setting by its label. */
export class SettingsMessagesProvider implements MessagesProviderContact {
  constructor(
    private i18n: I18n,
    private sectionId: string
  ) {}

  getMessage(defaultMessage: string, rule: string, field: FieldContext, args?: Record<string, any>) {
    const path = typeof (field as any).getFieldPath === 'function' ? (field as any).getFieldPath() : String(field.name)
    const label = settingLabel(this.i18n, this.sectionId, path)
    const data = { ...(args ?? {}), field: label, choices: Array.isArray(args?.choices) ? args!.choices.join(', ') : args?.choices }
    for (const key of [`settings.messages.${rule}`, `validator.shared.messages.${rule}`]) {
      if (this.i18n.hasMessage(key) || this.i18n.hasFallbackMessage(key)) return this.i18n.t(key, data)
    }
    return defaultMessage.replace(/\{\{\s*field\s*\}\}/g, label)
  }
}
