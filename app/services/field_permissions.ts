/*
 * Field permissions: a role may hide a named field of a record type (cost,
 * margin, supplier price …) or make it read-only. Pages, exports, PDFs and
 * the API all pass records through the same two helpers:
 *
 *   redactFields(user, record, 'sales.order')      hidden fields removed
 *   dropReadonlyInput(user, input, 'sales.order')  read-only (and hidden) fields ignored on write
 *
 * Restrictable fields are declared by manifests (`fieldPermissions`), keyed
 * "<record type>.<field>" with the field's snake_case column name.
 */
import plugins from '#services/plugins'
import kernelManifest from '#kernel/kernel_manifest'
import type { LocalizedText, PluginManifest } from '#kernel/plugins/define_plugin'
import { grantsOf } from '#services/authorization'
import type User from '#models/user'
import { customFieldsOf } from '#kernel/custom_fields/custom_fields'

export type FieldMode = 'visible' | 'hidden' | 'readonly'

export interface DeclaredField {
  /** "<record type>.<field>", e.g. "sales.order.cost_total" */
  field: string
  label: LocalizedText
  plugin: string
}

/** Every restrictable field of the kernel and the installed plugins. */
export function declaredFields(): DeclaredField[] {
  const list: DeclaredField[] = ((kernelManifest as PluginManifest).fieldPermissions ?? []).map((f) => ({ ...f, plugin: 'loom_kernel' }))
  for (const p of plugins.installed()) {
    for (const f of p.manifest!.fieldPermissions ?? []) list.push({ ...f, plugin: p.id })
  }
  return list
}

/**
 * What the role grid offers: the declared fields plus the custom fields admins
 * added to each record type (`<type>.cf_<name>`), grouped under the plugin
 * that owns the record type.
 */
export async function restrictableFields(): Promise<DeclaredField[]> {
  const list = declaredFields()
  for (const recordType of plugins.recordTypes()) {
    for (const f of await customFieldsOf(recordType.type)) {
      list.push({ field: `${recordType.type}.${f.column}`, label: f.label, plugin: recordType.plugin })
    }
  }
  return list
}

function camel(name: string) {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
}

/** Mode of every restricted field of a record type for this user: field name → mode. */
export async function fieldModes(user: User, recordType: string): Promise<Record<string, FieldMode>> {
  const grants = await grantsOf(user)
  const modes: Record<string, FieldMode> = {}
  if (grants.superuser) return modes
  const prefix = `${recordType}.`
  for (const [key, mode] of grants.fields) {
    if (key.startsWith(prefix)) modes[key.slice(prefix.length)] = mode
  }
  return modes
}

function plain(record: any): Record<string, any> {
  if (record && typeof record.serialize === 'function') return record.serialize()
  return { ...record }
}

/**
 * A copy of `record` (a plain row or a Lucid model, serialized) without the
 * fields hidden from `user`; both `cost_total` and `costTotal` spellings go.
 */
export async function redactFields<T extends Record<string, any>>(user: User, record: T, recordType: string): Promise<Partial<T>> {
  const modes = await fieldModes(user, recordType)
  const out = plain(record)
  for (const [field, mode] of Object.entries(modes)) {
    if (mode !== 'hidden') continue
    delete out[field]
    delete out[camel(field)]
  }
  return out as Partial<T>
}

/** redactFields over a list, reading the user's grants once. */
export async function redactMany<T extends Record<string, any>>(user: User, records: T[], recordType: string): Promise<Partial<T>[]> {
  const out: Partial<T>[] = []
  for (const r of records) out.push(await redactFields(user, r, recordType))
  return out
}

/**
 * A copy of write input without the fields the user may not change
 * (read-only or hidden): they are ignored, the stored value stays.
 */
export async function dropReadonlyInput<T extends Record<string, any>>(user: User, input: T, recordType: string): Promise<Partial<T>> {
  const modes = await fieldModes(user, recordType)
  const out: Record<string, any> = { ...input }
  for (const [field, mode] of Object.entries(modes)) {
    if (mode === 'visible') continue
    delete out[field]
    delete out[camel(field)]
  }
  return out as Partial<T>
}
