/*
 * Shared behaviour of the plugin:* commands: the lifecycle error (unknown id,
 * failed plugin, refused because of dependants …) is printed in one line
 * naming the argument, and the command exits with code 1.
 */
import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export abstract class PluginCommand extends BaseCommand {
  static options: CommandOptions = { startApp: true }

  protected async lifecycle() {
    const { PluginLifecycle } = await import('#kernel/plugins/plugin_lifecycle')
    const { loadPluginStates } = await import('#kernel/plugins/plugin_states')
    await loadPluginStates()
    return new PluginLifecycle()
  }

  /** Runs a lifecycle action; a refusal is reported and sets exit code 1. */
  protected async attempt(action: () => Promise<void>) {
    const { PluginLifecycleError } = await import('#kernel/plugins/plugin_lifecycle')
    try {
      await action()
    } catch (error) {
      if (!(error instanceof PluginLifecycleError)) throw error
      this.logger.error(error.message)
      this.exitCode = 1
    }
  }
}
