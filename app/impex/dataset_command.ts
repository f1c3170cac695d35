/*
 * What import:dataset and import:adventureworks share: run the importers of
 * a dataset and print per plugin and table what they did.
 */
import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export abstract class DatasetCommand extends BaseCommand {
  static options: CommandOptions = { startApp: true }

  protected async importDataset(dataset: string, dir: string) {
    const { runDatasetImport, DatasetImportError } = await import('#kernel/impex/datasets')
    const { loadPluginStates } = await import('#kernel/plugins/plugin_states')
    const plugins = (await import('#services/plugins')).default
    const app = (await import('@adonisjs/core/services/app')).default
    await loadPluginStates()

    const started = Date.now()
    let results
    try {
      results = await runDatasetImport(dataset, dir, {
        registry: plugins,
        appRoot: app.appRoot.pathname,
        log: (message) => this.logger.info(message),
        onResult: (result) => {
          const title = `${result.plugin}${result.label ? ` — ${result.label.en}` : ''}`
          if (result.status === 'failed') {
            this.logger.error(`${title}: failed, nothing of it was written: ${result.error}`)
            return
          }
          this.logger.success(`${title} (${(result.ms / 1000).toFixed(1)} s)`)
          const table = this.ui.table().head(['Table', 'Rows read', 'Created', 'Already there', 'Skipped', 'Note'])
          for (const t of result.tables) {
            table.row([t.table, String(t.read), String(t.created), String(t.existing), String(t.skipped), t.note ?? ''])
          }
          table.render()
        },
      })
    } catch (error) {
      if (!(error instanceof DatasetImportError)) throw error
      this.logger.error(error.message)
      this.exitCode = 1
      return
    }
    const notRun = results.filter((r) => r.status === 'not_run').map((r) => r.plugin)
    if (notRun.length) this.logger.warning(`Not run because an importer before them failed: ${notRun.join(', ')}`)
    if (results.some((r) => r.status !== 'imported')) {
      this.exitCode = 1
      return
    }
    const created = results.flatMap((r) => r.tables).reduce((sum, t) => sum + t.created, 0)
    this.logger.success(
      `${dataset}: ${results.length} importer(s), ${created} row(s) created in ${((Date.now() - started) / 1000).toFixed(1)} s` +
        (created === 0 ? ' (everything was already there)' : '')
    )
  }
}
