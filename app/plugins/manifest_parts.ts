/*
 * A large plugin may declare its manifest in parts (one per area: master
 * data, documents, reports …) and join them here, so each area keeps its own
 * permissions, menu, documents, hooks and slots next to its code:
 *
 *   export default definePlugin({ id: 'inventory', version: '1.0.0', …,
 *     ...joinManifestParts(masterPart, documentsPart, countsPart) })
 *
 * Lists are concatenated in order; per-key maps (slots, print templates) are
 * merged; two listeners of one event, or two hooks of one document hook, run
 * one after the other in part order. The same print template or settings key
 * declared twice is a programming error and throws at load.
 */
import type { PluginManifest, DocumentHookName, DocumentHookFn } from './define_plugin.js'

export type ManifestPart = Omit<Partial<PluginManifest>, 'id' | 'version' | 'name' | 'description' | 'depends' | 'settings'>

type ListKeys = 'permissions' | 'fieldPermissions' | 'menu' | 'documents' | 'records' | 'jobs' | 'reportSources' | 'seeders' | 'datasetImporters'
const LIST_KEYS: ListKeys[] = ['permissions', 'fieldPermissions', 'menu', 'documents', 'records', 'jobs', 'reportSources', 'seeders', 'datasetImporters']

function chain<F extends (...args: any[]) => any>(first: F | undefined, next: F): F {
  if (!first) return next
  return (async (...args: any[]) => {
    await first(...args)
    await next(...args)
  }) as F
}

export function joinManifestParts(...parts: ManifestPart[]): ManifestPart {
  const joined: any = {}
  for (const part of parts) {
    for (const key of LIST_KEYS) {
      if (part[key]) joined[key] = [...(joined[key] ?? []), ...(part[key] as unknown[])]
    }
    for (const [event, handler] of Object.entries(part.listeners ?? {})) {
      joined.listeners ??= {}
      joined.listeners[event] = chain(joined.listeners[event], handler as any)
    }
    for (const [type, hooks] of Object.entries(part.hooks ?? {})) {
      joined.hooks ??= {}
      joined.hooks[type] ??= {}
      for (const [name, fn] of Object.entries(hooks) as [DocumentHookName, DocumentHookFn][]) {
        joined.hooks[type][name] = chain(joined.hooks[type][name], fn)
      }
    }
    for (const [slot, contributions] of Object.entries(part.slots ?? {})) {
      joined.slots ??= {}
      joined.slots[slot] = [...(joined.slots[slot] ?? []), ...contributions]
    }
    for (const [type, template] of Object.entries(part.printTemplates ?? {})) {
      joined.printTemplates ??= {}
      if (joined.printTemplates[type]) throw new Error(`manifest parts: print template "${type}" is declared twice`)
      joined.printTemplates[type] = template
    }
    if (part.settingsDefaults) {
      joined.settingsDefaults ??= {}
      for (const [key, value] of Object.entries(part.settingsDefaults)) {
        if (key in joined.settingsDefaults) throw new Error(`manifest parts: setting "${key}" is declared twice`)
        joined.settingsDefaults[key] = value
      }
    }
    if (part.automation) {
      joined.automation ??= {}
      for (const key of ['events', 'actions'] as const) {
        if (part.automation[key]) joined.automation[key] = [...(joined.automation[key] ?? []), ...part.automation[key]!]
      }
    }
  }
  return joined
}
