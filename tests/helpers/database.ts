/*
 * The test database: every table dropped, kernel migrations run, every
 * plugin under plugins/ installed and enabled. Works on SQLite and PostgreSQL.
 */
import db from '@adonisjs/lucid/services/db'
import { PluginLifecycle } from '#kernel/plugins/plugin_lifecycle'
import plugins from '#services/plugins'
import { loadPluginStates } from '#kernel/plugins/plugin_states'

export async function resetTestDatabase() {
  const connection = db.connection()
  if (connection.dialect.name === 'postgres') {
    await connection.rawQuery('DROP SCHEMA IF EXISTS public CASCADE')
    await connection.rawQuery('CREATE SCHEMA public')
  } else {
    await connection.rawQuery('PRAGMA foreign_keys = OFF')
    await connection.dropAllTables()
    await connection.rawQuery('PRAGMA foreign_keys = ON')
  }
  await loadPluginStates()
  const lifecycle = new PluginLifecycle()
  await lifecycle.migrate()
  for (const plugin of plugins.loadable()) await lifecycle.install(plugin.id)
}
