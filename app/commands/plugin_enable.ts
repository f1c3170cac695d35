/*
 * `node ace plugin:enable <id>`: enables an installed plugin, and first any
 * disabled plugin it depends on.
 */
import { args } from '@adonisjs/core/ace'
import { PluginCommand } from '#kernel/plugins/plugin_command'

export default class PluginEnable extends PluginCommand {
  static commandName = 'plugin:enable'
  static description = 'Enable an installed plugin (and the disabled plugins it depends on)'

  @args.string({ description: 'Id of the plugin, as shown by plugin:list' })
  declare id: string

  async run() {
    const lifecycle = await this.lifecycle()
    await this.attempt(async () => {
      const changed = await lifecycle.enable(this.id)
      if (!changed.length) this.logger.info(`Plugin "${this.id}" was already enabled`)
      for (const id of changed) this.logger.success(`Enabled plugin "${id}"`)
    })
  }
}
