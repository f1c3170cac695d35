/*
 * `node ace plugin:list`: every discovered plugin with its version, state,
 * dependencies and, for a failed one, why it cannot load.
 */
import { flags } from '@adonisjs/core/ace'
import { PluginCommand } from '#kernel/plugins/plugin_command'

export default class PluginList extends PluginCommand {
  static commandName = 'plugin:list'
  static description = 'List discovered plugins with their version, state, dependencies and errors'

  @flags.boolean({ description: 'Print JSON instead of a table' })
  declare json: boolean

  async run() {
    await this.lifecycle()
    const plugins = (await import('#services/plugins')).default
    const rows = plugins.all().map((p) => ({
      id: p.id,
      version: p.manifest?.version ?? '',
      state: plugins.stateOf(p.id),
      source: p.source,
      depends: Object.entries(p.manifest?.depends ?? {})
        .filter(([id]) => id !== 'kernel')
        .map(([id, range]) => `${id} ${range}`)
        .join(', '),
      error: p.error,
    }))
    if (this.json) {
      this.logger.log(JSON.stringify(rows, null, 2))
      return
    }
    if (!rows.length) {
      this.logger.info('No plugins found (looked in the folders and packages of config/plugins.ts)')
      return
    }
    const table = this.ui.table().head(['Plugin', 'Version', 'State', 'Depends on', 'Error'])
    for (const r of rows) {
      const state = r.state === 'failed' ? this.colors.red(r.state) : r.state === 'enabled' ? this.colors.green(r.state) : r.state
      table.row([r.id, r.version, state, r.depends, r.error ?? ''])
    }
    table.render()
  }
}
