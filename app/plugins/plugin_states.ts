/*
 * Reads and writes plugin lifecycle rows (table kernel_plugins) and keeps the
 * registry's cache fresh. Several Loom processes may share one database, so
 * the cache is re-read when it is older than a few seconds.
 */
import db from '@adonisjs/lucid/services/db'
import plugins from '#services/plugins'
import type { PluginRegistry, PluginRow } from './plugin_registry.js'

export const STATE_TTL_MS = 5000

/** Reads kernel_plugins into a registry (the application's unless another is given). */
export async function loadPluginStates(registry: PluginRegistry = plugins): Promise<void> {
  try {
    const rows = await db.from('kernel_plugins').select('id', 'state', 'version', 'error')
    registry.setStates(rows as PluginRow[])
  } catch {
    // The table does not exist yet (before the first migration): nothing is installed.
    registry.setStates([])
  }
}

export async function refreshPluginStatesIfStale(): Promise<void> {
  if (plugins.statesAge() > STATE_TTL_MS) await loadPluginStates()
}

/**
 * Background refresh of the application's registry: applied only if no
 * other load happened meanwhile (a lifecycle action's fresher read wins).
 */
plugins.setStateRefresher(async () => {
  const version = plugins.statesVersion
  let rows: PluginRow[]
  try {
    rows = (await db.from('kernel_plugins').select('id', 'state', 'version', 'error')) as PluginRow[]
  } catch {
    return
  }
  if (plugins.statesVersion === version) plugins.setStates(rows)
}, STATE_TTL_MS)
