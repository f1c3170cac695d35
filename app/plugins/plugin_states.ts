/*
 * Reads and writes plugin lifecycle rows (table kernel_plugins) and keeps the
 * registry's cache fresh. Several Loom processes may share one database, so
 * the cache is re-read when it is older than a few seconds.
 */
import db from '@adonisjs/lucid/services/db'
import plugins from '#services/plugins'
import type { PluginRow } from './plugin_registry.js'

export const STATE_TTL_MS = 5000

export async function loadPluginStates(): Promise<void> {
  try {
    const rows = await db.from('kernel_plugins').select('id', 'state', 'version', 'error')
    plugins.setStates(rows as PluginRow[])
  } catch {
    // The table does not exist yet (before the first migration): nothing is installed.
    plugins.setStates([])
  }
}

export async function refreshPluginStatesIfStale(): Promise<void> {
  if (plugins.statesAge() > STATE_TTL_MS) await loadPluginStates()
}
