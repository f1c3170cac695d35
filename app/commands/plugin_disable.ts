/*
 * `node ace plugin:disable <id>`: hides the plugin's pages, menu, listeners
 * and hooks without touching its data; refused while an enabled plugin
 * depends on it.
 */
import { args } from '@adonisjs/core/ace'
import { PluginCommand } from '#kernel/plugins/plugin_command'

export default class PluginDisable extends PluginCommand {
  static commandName = 'plugin:disable'
  static description = 'Disable a plugin (its data stays); refused while an enabled plugin depends on it'

  @args.string({ description: 'Id of the plugin, as shown by plugin:list' })
  declare id: string

  async run() {
    const lifecycle = await this.lifecycle()
    await this.attempt(async () => {
      await lifecycle.disable(this.id)
      this.logger.success(`Disabled plugin "${this.id}"`)
    })
  }
}
