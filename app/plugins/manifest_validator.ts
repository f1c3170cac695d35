/*
 * Checks a manifest's shape before the kernel trusts it. Every problem is
 * reported with the plugin id and the field, so an author can fix it at once.
 */
import semver from 'semver'
import { FIELD_KINDS, type PluginManifest } from './define_plugin.js'

const ID = /^[a-z][a-z0-9_]{1,39}$/
const PERMISSION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){1,3}$/
const FIELD = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){2,4}$/

function isLocalized(value: unknown): boolean {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof (value as any)['zh-CN'] === 'string' &&
    typeof (value as any)['en'] === 'string' &&
    (value as any)['zh-CN'].trim() !== '' &&
    (value as any)['en'].trim() !== ''
  )
}

/** Returns the list of problems; empty when the manifest is valid. */
/** Problems with a record type's `fields` list (see RecordFieldDeclaration). */
function validateFields(fields: unknown, at: string): string[] {
  if (!Array.isArray(fields)) return [`"${at}.fields" must be a list of { name, kind, label }`]
  const errors: string[] = []
  const seen = new Set<string>()
  for (const [j, f] of fields.entries()) {
    const where = `"${at}.fields[${j}]`
    if (!f || typeof f.name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(f.name)) {
      errors.push(`${where}.name" must be a snake_case column name`)
      continue
    }
    if (seen.has(f.name)) errors.push(`${where}.name" (${f.name}) is declared twice`)
    seen.add(f.name)
    if (!FIELD_KINDS.includes(f.kind)) errors.push(`${where}.kind" must be one of ${FIELD_KINDS.join(', ')} (got ${JSON.stringify(f.kind)})`)
    if (!isLocalized(f.label)) errors.push(`${where}.label" needs "zh-CN" and "en" texts`)
    if ((f.kind === 'select' || f.kind === 'multiselect') && (!Array.isArray(f.options) || f.options.length === 0)) {
      errors.push(`${where}.options" must list the choices of a ${f.kind} field`)
    }
    if (f.kind === 'reference' && typeof f.reference !== 'string') errors.push(`${where}.reference" must name the record type pointed at`)
  }
  return errors
}

export function validateManifest(manifest: unknown, folderName?: string): string[] {
  const errors: string[] = []
  if (!manifest || typeof manifest !== 'object') {
    return ['the manifest must be an object exported by default from plugin.ts (use definePlugin)']
  }
  const m = manifest as PluginManifest

  if (typeof m.id !== 'string' || !ID.test(m.id)) {
    errors.push(`"id" must be 2–40 lowercase letters, digits or underscores, starting with a letter (got ${JSON.stringify(m.id)})`)
  } else if (folderName && folderName !== m.id && !folderName.startsWith('loom-plugin-')) {
    errors.push(`"id" is "${m.id}" but the folder is named "${folderName}": they must match`)
  }
  if (m.id === 'kernel') errors.push('"id" may not be "kernel": that name is reserved')
  if (typeof m.version !== 'string' || !semver.valid(m.version)) {
    errors.push(`"version" must be a semantic version such as 1.0.0 (got ${JSON.stringify(m.version)})`)
  }
  if (!isLocalized(m.name)) errors.push('"name" needs non-empty "zh-CN" and "en" texts')

  if (m.depends !== undefined) {
    if (typeof m.depends !== 'object' || m.depends === null || Array.isArray(m.depends)) {
      errors.push('"depends" must map plugin ids to version ranges, e.g. { kernel: "^1.0.0" }')
    } else {
      for (const [dep, range] of Object.entries(m.depends)) {
        if (typeof range !== 'string' || semver.validRange(range) === null) {
          errors.push(`"depends.${dep}" is not a valid version range (got ${JSON.stringify(range)})`)
        }
        if (dep === m.id) errors.push(`"depends" lists the plugin itself`)
      }
    }
  }

  const prefix = typeof m.id === 'string' ? `${m.id}.` : ''
  const seen = new Set<string>()
  for (const [i, p] of (m.permissions ?? []).entries()) {
    if (!p || typeof p.code !== 'string' || !PERMISSION.test(p.code)) {
      errors.push(`"permissions[${i}].code" must look like "${prefix}resource.action"`)
      continue
    }
    if (prefix && !p.code.startsWith(prefix)) {
      errors.push(`"permissions[${i}].code" (${p.code}) must start with "${prefix}"`)
    }
    if (seen.has(p.code)) errors.push(`"permissions[${i}].code" (${p.code}) is declared twice`)
    seen.add(p.code)
    if (!isLocalized(p.label)) errors.push(`"permissions[${i}].label" needs "zh-CN" and "en" texts`)
  }

  if (m.fieldPermissions !== undefined && !Array.isArray(m.fieldPermissions)) {
    errors.push('"fieldPermissions" must be a list of { field, label }')
  }
  const seenFields = new Set<string>()
  for (const [i, f] of (Array.isArray(m.fieldPermissions) ? m.fieldPermissions : []).entries()) {
    if (!f || typeof f.field !== 'string' || !FIELD.test(f.field)) {
      errors.push(`"fieldPermissions[${i}].field" must look like "${prefix}record.field" (snake_case column name)`)
      continue
    }
    if (prefix && !f.field.startsWith(prefix)) {
      errors.push(`"fieldPermissions[${i}].field" (${f.field}) must start with "${prefix}"`)
    }
    if (seenFields.has(f.field)) errors.push(`"fieldPermissions[${i}].field" (${f.field}) is declared twice`)
    seenFields.add(f.field)
    if (!isLocalized(f.label)) errors.push(`"fieldPermissions[${i}].label" needs "zh-CN" and "en" texts`)
  }

  for (const [i, entry] of (m.menu ?? []).entries()) {
    for (const field of ['key', 'label', 'route'] as const) {
      if (!entry || typeof entry[field] !== 'string' || entry[field] === '') {
        errors.push(`"menu[${i}].${field}" is required`)
      }
    }
  }

  for (const [i, doc] of (m.documents ?? []).entries()) {
    if (!doc || typeof doc.type !== 'string' || (prefix && !doc.type.startsWith(prefix))) {
      errors.push(`"documents[${i}].type" must start with "${prefix}"`)
    }
    if (doc && !isLocalized(doc.label)) errors.push(`"documents[${i}].label" needs "zh-CN" and "en" texts`)
    if (doc?.fields !== undefined) {
      if (typeof doc.table !== 'string') errors.push(`"documents[${i}].table" is required when the document declares fields`)
      errors.push(...validateFields(doc.fields, `documents[${i}]`))
    }
  }

  for (const [i, rec] of (m.records ?? []).entries()) {
    if (!rec || typeof rec.type !== 'string' || !/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/.test(rec.type) || (prefix && !rec.type.startsWith(prefix))) {
      errors.push(`"records[${i}].type" must look like "${prefix}record"`)
    }
    if (rec && !isLocalized(rec.label)) errors.push(`"records[${i}].label" needs "zh-CN" and "en" texts`)
    if (!rec || typeof rec.table !== 'string' || !/^[a-z][a-z0-9_]*$/.test(rec.table)) errors.push(`"records[${i}].table" must be a table name`)
    errors.push(...validateFields(rec?.fields, `records[${i}]`))
  }

  for (const [i, job] of (m.jobs ?? []).entries()) {
    if (!job || typeof job.name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(job.name)) {
      errors.push(`"jobs[${i}].name" must be lowercase letters, digits or underscores`)
    }
    if (!job || typeof job.file !== 'string') errors.push(`"jobs[${i}].file" is required`)
    if (job && !job.cron && !job.interval) errors.push(`"jobs[${i}]" needs a "cron" or an "interval"`)
  }

  for (const [event, fns] of Object.entries(m.listeners ?? {})) {
    const list = Array.isArray(fns) ? fns : [fns]
    if (!/^[a-z][a-z0-9_]*:[a-z0-9_.]+$/.test(event)) {
      errors.push(`"listeners" key "${event}" must look like "plugin:entity.verb"`)
    }
    if (list.some((fn) => typeof fn !== 'function')) errors.push(`"listeners.${event}" must be a function or a list of functions`)
  }

  for (const [type, hooks] of Object.entries(m.hooks ?? {})) {
    for (const [name, fn] of Object.entries(hooks ?? {})) {
      if (!/^(before|after)(Submit|Confirm|Post|Cancel|Complete)$/.test(name)) {
        errors.push(`"hooks.${type}.${name}" is not a known document hook`)
      } else if (typeof fn !== 'function') {
        errors.push(`"hooks.${type}.${name}" must be a function`)
      }
    }
  }

  for (const [slot, list] of Object.entries(m.slots ?? {})) {
    if (!Array.isArray(list)) {
      errors.push(`"slots.${slot}" must be a list of contributions`)
      continue
    }
    for (const [i, c] of list.entries()) {
      if (!c || typeof c.view !== 'string') errors.push(`"slots.${slot}[${i}].view" is required`)
    }
  }

  for (const [type, template] of Object.entries(m.printTemplates ?? {})) {
    const view = typeof template === 'string' ? template : (template as any)?.view
    if (typeof view !== 'string' || !view.includes('::')) {
      errors.push(`"printTemplates.${type}" must name an Edge view on the plugin's disk, e.g. "${m.id}::print/${type}"`)
    }
    if (typeof template === 'string' || !template || typeof template !== 'object') continue
    if (typeof template.load !== 'function') {
      errors.push(`"printTemplates.${type}.load" must be a function (id, ctx) => data that applies the caller's access`)
    }
    if (template.permission !== undefined && (typeof template.permission !== 'string' || !PERMISSION.test(template.permission))) {
      errors.push(`"printTemplates.${type}.permission" must be a permission code such as "${prefix}resource.view"`)
    }
    if (template.paper !== undefined && template.paper !== 'A4' && template.paper !== 'A5') {
      errors.push(`"printTemplates.${type}.paper" must be "A4" or "A5" (got ${JSON.stringify(template.paper)})`)
    }
    if (template.title !== undefined && typeof template.title !== 'function') {
      errors.push(`"printTemplates.${type}.title" must be a function (data, ctx) => string`)
    }
  }

  if (m.automation !== undefined) {
    const auto = m.automation as any
    if (!auto || typeof auto !== 'object' || Array.isArray(auto)) errors.push('"automation" must be { events?: [...], actions?: [...] }')
    for (const [i, e] of (Array.isArray(auto?.events) ? auto.events : []).entries()) {
      if (!e || typeof e.id !== 'string' || !/^[a-z][a-z0-9_]*:[a-z0-9_]+(\.[a-z0-9_]+)+$/.test(e.id) || (m.id && !e.id.startsWith(`${m.id}:`))) {
        errors.push(`"automation.events[${i}].id" must look like "${m.id}:entity.verb"`)
      }
      if (!isLocalized(e?.label)) errors.push(`"automation.events[${i}].label" needs "zh-CN" and "en" texts`)
      if (typeof e?.recordType !== 'string') errors.push(`"automation.events[${i}].recordType" must name the record type the event is about`)
    }
    for (const [i, a] of (Array.isArray(auto?.actions) ? auto.actions : []).entries()) {
      if (!a || typeof a.id !== 'string' || !/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/.test(a.id) || (prefix && !a.id.startsWith(prefix))) {
        errors.push(`"automation.actions[${i}].id" must look like "${prefix}action"`)
      }
      if (!isLocalized(a?.label)) errors.push(`"automation.actions[${i}].label" needs "zh-CN" and "en" texts`)
      if (typeof a?.run !== 'function') errors.push(`"automation.actions[${i}].run" must be a function`)
      if (a?.options !== undefined && typeof a.options?.getProperties !== 'function') {
        errors.push(`"automation.actions[${i}].options" must be a VineJS object schema (vine.object({...}))`)
      }
    }
  }

  if (m.datasetImporters !== undefined && !Array.isArray(m.datasetImporters)) {
    errors.push('"datasetImporters" must be a list of { dataset, file, label?, tables? }')
  }
  const seenDatasets = new Set<string>()
  for (const [i, d] of (Array.isArray(m.datasetImporters) ? m.datasetImporters : []).entries()) {
    if (!d || typeof d.dataset !== 'string' || !/^[a-z][a-z0-9_-]{1,39}$/.test(d.dataset)) {
      errors.push(`"datasetImporters[${i}].dataset" must be a dataset id such as "adventureworks" (lowercase letters, digits, _ or -)`)
      continue
    }
    if (typeof d.file !== 'string' || !/\.(ts|js)$/.test(d.file) || d.file.startsWith('/') || d.file.includes('..')) {
      errors.push(`"datasetImporters[${i}].file" must be a .ts or .js module inside the plugin folder, e.g. "importers/${d.dataset}.ts"`)
    }
    if (seenDatasets.has(d.dataset)) errors.push(`"datasetImporters[${i}]": the dataset "${d.dataset}" has two importers (one per plugin and dataset)`)
    seenDatasets.add(d.dataset)
    if (d.label !== undefined && !isLocalized(d.label)) errors.push(`"datasetImporters[${i}].label" needs "zh-CN" and "en" texts`)
    if (d.tables !== undefined && (!Array.isArray(d.tables) || d.tables.some((t: unknown) => typeof t !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(t)))) {
      errors.push(`"datasetImporters[${i}].tables" must list file names without extension, e.g. "Purchasing.Vendor"`)
    }
  }

  if (m.settings !== undefined && typeof (m.settings as any)?.getProperties !== 'function') {
    errors.push('"settings" must be a VineJS object schema (vine.object({...}))')
  }

  return errors
}
