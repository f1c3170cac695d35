/*
 * `node ace plugin:uninstall <id>`: rolls back the plugin's migrations (its
 * tables and data are deleted) and forgets it; refused while an installed
 * plugin depends on it. Asks for confirmation unless --force.
 */
import { args, flags } from '@adonisjs/core/ace'
import { PluginCommand } from '#kernel/plugins/plugin_command'

export default class PluginUninstall extends PluginCommand {
  static commandName = 'plugin:uninstall'
  static description = 'Uninstall a plugin: roll back its migrations, deleting its tables and data'

  @args.string({ description: 'Id of the plugin, as shown by plugin:list' })
  declare id: string

  @flags.boolean({ description: 'Do not ask for confirmation' })
  declare force: boolean

  async run() {
    const lifecycle = await this.lifecycle()
    const plugins = (await import('#services/plugins')).default
    if (!this.force && plugins.get(this.id) && plugins.isInstalled(this.id)) {
      const sure = await this.prompt.confirm(`Uninstall "${this.id}"? Its tables and all their data will be deleted`)
      if (!sure) {
        this.logger.info('Nothing was changed')
        return
      }
    }
    await this.attempt(async () => {
      await lifecycle.uninstall(this.id)
      this.logger.success(`Uninstalled plugin "${this.id}": its migrations were rolled back`)
    })
  }
}
