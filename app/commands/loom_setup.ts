/*
 * `node ace loom:setup [--demo]`: brings a database up to date — kernel
 * migrations, every discovered plugin installed on first run, pending plugin
 * migrations — and, with --demo, loads the demo company when it is empty.
 */
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class LoomSetup extends BaseCommand {
  static commandName = 'loom:setup'
  static description = 'Migrate the database, install plugins on first run, optionally load demo data'
  static options: CommandOptions = { startApp: true }

  @flags.boolean({ description: 'Load the demo company and users when the database has no users' })
  declare demo: boolean

  async run() {
    const db = (await import('@adonisjs/lucid/services/db')).default
    const plugins = (await import('#services/plugins')).default
    const { PluginLifecycle } = await import('#kernel/plugins/plugin_lifecycle')
    const { loadPluginStates } = await import('#kernel/plugins/plugin_states')

    const lifecycle = new PluginLifecycle()
    await loadPluginStates()
    const migrated = await lifecycle.migrate()
    if (migrated.length) this.logger.success(`Ran ${migrated.length} migration(s)`)

    const firstRun = (await db.from('kernel_plugins').count('* as total').first())?.total == 0
    if (firstRun) {
      for (const plugin of plugins.loadable()) {
        if (!plugins.isInstalled(plugin.id)) {
          await lifecycle.install(plugin.id)
          this.logger.success(`Installed plugin ${plugin.id}`)
        }
      }
    }
    for (const plugin of plugins.all().filter((p) => p.error)) {
      this.logger.warning(`Plugin ${plugin.id} cannot load: ${plugin.error}`)
    }

    if (this.demo) {
      const users = (await db.from('users').count('* as total').first())?.total
      if (Number(users) === 0) {
        const { default: DemoSeeder, DEMO_USERS, DEMO_PASSWORD } = await import('#database/seeders/demo_seeder')
        await new DemoSeeder(db.connection()).run()
        for (const plugin of plugins.enabled()) await lifecycle.seed(plugin.id)
        this.logger.success('Loaded the demo company 示例制造有限公司 / Demo Manufacturing Co.')
        this.logger.info(`Demo logins (password for all: ${DEMO_PASSWORD}): ${DEMO_USERS.map((u) => u.username).join(', ')}`)
      }
    }
  }
}
