/*
 * `node ace plugin:install <id>`: runs the plugin's migrations (and those of
 * the plugins it depends on, installing them first) and enables it.
 */
import { args, flags } from '@adonisjs/core/ace'
import { PluginCommand } from '#kernel/plugins/plugin_command'

export default class PluginInstall extends PluginCommand {
  static commandName = 'plugin:install'
  static description = 'Install a plugin (and the plugins it depends on) and enable it'

  @args.string({ description: 'Id of the plugin, as shown by plugin:list' })
  declare id: string

  @flags.boolean({ description: 'Install without enabling' })
  declare disabled: boolean

  async run() {
    const lifecycle = await this.lifecycle()
    await this.attempt(async () => {
      const installed = await lifecycle.install(this.id, { enable: !this.disabled })
      if (!installed.length) this.logger.info(`Plugin "${this.id}" was already installed`)
      for (const id of installed) this.logger.success(`Installed plugin "${id}"`)
      if (!this.disabled) this.logger.success(`Plugin "${this.id}" is enabled`)
    })
  }
}
