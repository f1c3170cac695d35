/*
 * Plugin lifecycle: discovered → installed (migrations ran, row in
 * kernel_plugins) → enabled ⇄ disabled → uninstalled (migrations rolled back,
 * row removed). The ace commands and the admin page both call these.
 */
import { relative, join } from 'node:path'
import { existsSync, readdirSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { MigrationRunner } from '@adonisjs/lucid/migration'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { PluginRegistry } from './plugin_registry.js'
import { dependantsOf, dependenciesOf } from './dependency_graph.js'
import defaultRegistry from '#services/plugins'
import { loadPluginStates } from './plugin_states.js'
import { invalidateCustomFields } from '../custom_fields/custom_fields.js'

export class PluginLifecycleError extends Error {
  constructor(
    public code: 'unknown' | 'failed' | 'not_installed' | 'has_dependants' | 'has_enabled_dependants' | 'migration_failed',
    message: string,
    public params: Record<string, string> = {}
  ) {
    super(message)
  }
}

export class PluginLifecycle {
  constructor(private registry: PluginRegistry = defaultRegistry) {}

  #require(id: string) {
    const plugin = this.registry.get(id)
    if (!plugin) {
      const known = this.registry.all().map((p) => p.id).join(', ') || 'none'
      throw new PluginLifecycleError('unknown', `There is no plugin "${id}" (known plugins: ${known})`, { id, known })
    }
    if (plugin.error) {
      throw new PluginLifecycleError('failed', `Plugin "${id}" cannot load: ${plugin.error}`, { id, error: plugin.error })
    }
    return plugin
  }

  /** Migration folders, relative to the app root, of the kernel and the given plugins in load order. */
  migrationPaths(pluginIds: string[]): string[] {
    const paths = ['database/migrations']
    for (const plugin of this.registry.loadable()) {
      if (!pluginIds.includes(plugin.id)) continue
      const dir = join(plugin.root, 'database', 'migrations')
      if (existsSync(dir)) paths.push(relative(app.appRoot.pathname, dir) || dir)
    }
    return paths
  }

  /** Points Lucid's migrator (and `node ace migration:*`) at the kernel plus installed plugins. */
  useMigrationPaths(paths: string[]) {
    for (const name of db.manager.connections.keys()) {
      const config = db.getRawConnection(name)!.config
      config.migrations = { ...(config.migrations ?? {}), paths }
    }
  }

  /** Runs pending migrations of the kernel and every installed plugin (plus `extra`). */
  async migrate(extra: string[] = []) {
    const ids = [...new Set([...this.registry.installed().map((p) => p.id), ...extra])]
    this.useMigrationPaths(this.migrationPaths(ids))
    const runner = new MigrationRunner(db, app, { direction: 'up' })
    await runner.run()
    if (runner.error) throw runner.error
    // An installed plugin whose code is newer (its new migrations just ran) is now at that version.
    for (const plugin of this.registry.installed()) {
      const version = plugin.manifest!.version
      if (this.registry.installedVersion(plugin.id) !== version) {
        await db.from('kernel_plugins').where('id', plugin.id).update({ version, updated_at: new Date() })
      }
    }
    await loadPluginStates(this.registry)
    return Object.values(runner.migratedFiles).map((f) => f.file.name)
  }

  /** Installs a plugin and the plugins it depends on; enables them unless told not to. */
  async install(id: string, options: { enable?: boolean } = {}): Promise<string[]> {
    this.#require(id)
    const chain = [...dependenciesOf(id, this.registry.graphNodes()), id]
    for (const dep of chain) this.#require(dep)
    const toInstall = chain.filter((p) => !this.registry.isInstalled(p))
    if (toInstall.length) {
      try {
        await this.migrate(toInstall)
      } catch (error) {
        // Nothing half-written: undo the migrations that did run for the plugins of this install.
        for (const pluginId of [...toInstall].reverse()) {
          await db.transaction((trx) => this.#rollbackMigrations(this.registry.get(pluginId)!.root, trx))
        }
        throw new PluginLifecycleError('migration_failed', `Migrations of "${id}" failed: ${(error as Error).message}`, {
          id,
          error: (error as Error).message,
        })
      }
      const now = new Date()
      for (const pluginId of toInstall) {
        const plugin = this.registry.get(pluginId)!
        await db.table('kernel_plugins').insert({
          id: pluginId,
          version: plugin.manifest!.version,
          state: options.enable === false && pluginId === id ? 'installed' : 'enabled',
          installed_at: now,
          updated_at: now,
        })
      }
    }
    await loadPluginStates(this.registry)
    if (options.enable !== false) await this.enable(id)
    return toInstall
  }

  /** Enables an installed plugin and, first, any disabled plugin it depends on. */
  async enable(id: string): Promise<string[]> {
    this.#require(id)
    const chain = [...dependenciesOf(id, this.registry.graphNodes()), id]
    for (const p of chain) {
      if (!this.registry.isInstalled(p)) {
        throw new PluginLifecycleError('not_installed', `Plugin "${p}" is not installed`, { id: p })
      }
    }
    const changed = chain.filter((p) => !this.registry.isEnabled(p))
    if (changed.length) {
      await db.from('kernel_plugins').whereIn('id', changed).update({ state: 'enabled', updated_at: new Date() })
      await loadPluginStates(this.registry)
    }
    return changed
  }

  /** Disables a plugin; refuses while an enabled plugin depends on it. */
  async disable(id: string): Promise<void> {
    this.#require(id)
    if (!this.registry.isInstalled(id)) {
      throw new PluginLifecycleError('not_installed', `Plugin "${id}" is not installed`, { id })
    }
    const dependants = dependantsOf(id, this.registry.graphNodes()).filter((p) => this.registry.isEnabled(p))
    if (dependants.length) {
      throw new PluginLifecycleError(
        'has_enabled_dependants',
        `Plugin "${id}" cannot be disabled while these enabled plugins depend on it: ${dependants.join(', ')}`,
        { id, dependants: dependants.join(', ') }
      )
    }
    await db.from('kernel_plugins').where('id', id).update({ state: 'disabled', updated_at: new Date() })
    await loadPluginStates(this.registry)
  }

  /** Rolls back the plugin's migrations and forgets it; refuses while a dependant is installed. */
  async uninstall(id: string): Promise<void> {
    const plugin = this.#require(id)
    if (!this.registry.isInstalled(id)) {
      throw new PluginLifecycleError('not_installed', `Plugin "${id}" is not installed`, { id })
    }
    const dependants = dependantsOf(id, this.registry.graphNodes()).filter((p) => this.registry.isInstalled(p))
    if (dependants.length) {
      throw new PluginLifecycleError(
        'has_dependants',
        `Plugin "${id}" cannot be uninstalled while these installed plugins depend on it: ${dependants.join(', ')}`,
        { id, dependants: dependants.join(', ') }
      )
    }

    await db.transaction(async (trx) => {
      await this.#rollbackMigrations(plugin.root, trx)
      await trx.from('settings').where('key', 'like', `${id}.%`).delete()
      // Its tables (and their cf_ columns) are gone: so are the custom fields defined on its record types.
      const types = [...(plugin.manifest!.records ?? []), ...(plugin.manifest!.documents ?? [])].map((r) => r.type)
      if (types.length) await trx.from('custom_fields').whereIn('record_type', types).delete()
      await trx.from('kernel_plugins').where('id', id).delete()
    })
    invalidateCustomFields()
    await loadPluginStates(this.registry)
  }

  /** Runs the `down` of every migration of a plugin that ran, newest first, and forgets them. */
  async #rollbackMigrations(root: string, trx: TransactionClientContract) {
    const dir = join(root, 'database', 'migrations')
    if (!existsSync(dir)) return
    const prefix = relative(app.appRoot.pathname, dir)
    const files = readdirSync(dir)
      .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
      .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
      .reverse()
    for (const file of files) {
      const name = `${prefix}/${file.replace(/\.(ts|js)$/, '')}`
      const ran = await trx.from('adonis_schema').where('name', name).first()
      if (!ran) continue
      const { default: Schema } = await import(pathToFileURL(join(dir, file)).href)
      const schema = new Schema(trx, name, false)
      await schema.execDown()
      await trx.from('adonis_schema').where('name', name).delete()
    }
  }

  /** Runs the demo seeders a plugin declares, in order. */
  async seed(id: string) {
    const plugin = this.#require(id)
    for (const file of plugin.manifest!.seeders ?? []) {
      const { default: Seeder } = await import(pathToFileURL(join(plugin.root, file)).href)
      const seeder = new Seeder(db.connection())
      await seeder.run()
    }
  }
}
