/*
 * Helpers of the plugin-system tests: users with given permissions, and
 * putting the fixture plugins back (installed and enabled) after a test that
 * uninstalled or disabled some.
 */
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import Role from '#models/role'
import plugins from '#services/plugins'
import { PluginLifecycle } from '#kernel/plugins/plugin_lifecycle'
import { loadPluginStates } from '#kernel/plugins/plugin_states'

let counter = 0

/** A user whose role holds exactly these permissions (scope "all"), or every permission with `superuser`. */
export async function userWith(permissions: string[] | 'superuser', locale = 'en'): Promise<User> {
  counter++
  const tag = `${Date.now().toString(36)}${counter}`
  const user = await User.create({ username: `plg_${tag}`, name: `Plugin tester ${counter}`, password: 'secret-pass', locale, isActive: true })
  const role = await Role.create({ code: `plg_${tag}`, name: `Plugin role ${counter}`, isSuperuser: permissions === 'superuser' })
  if (permissions !== 'superuser') {
    for (const permission of permissions) await db.table('role_permissions').insert({ role_id: role.id, permission, scope: 'all' })
  }
  await db.table('user_roles').insert({ user_id: user.id, role_id: role.id })
  return user
}

/** Installs and enables every loadable plugin again (the state the test database starts in). */
export async function restorePlugins() {
  await loadPluginStates()
  const lifecycle = new PluginLifecycle()
  for (const plugin of plugins.loadable()) {
    if (!plugins.isInstalled(plugin.id)) await lifecycle.install(plugin.id)
    else if (!plugins.isEnabled(plugin.id)) await lifecycle.enable(plugin.id)
  }
}

/** Whether a table exists on the default connection (SQLite or PostgreSQL). */
export async function tableExists(table: string): Promise<boolean> {
  return db.connection().schema.hasTable(table)
}
