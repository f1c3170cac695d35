/*
 * `node ace import:dataset <dataset> <dir>`: imports a real sample dataset
 * through the importers the enabled plugins declare for it (app/impex/datasets.ts),
 * printing per plugin and table the rows read, created, already there and
 * skipped. Idempotent: a second run creates nothing. A bad folder or a failed
 * importer prints the reason and exits with code 1.
 */
import { args } from '@adonisjs/core/ace'
import { DatasetCommand } from '#kernel/impex/dataset_command'

export default class ImportDataset extends DatasetCommand {
  static commandName = 'import:dataset'
  static description = 'Import a sample dataset (e.g. adventureworks) through the importers of the enabled plugins'

  @args.string({ description: 'Dataset id, e.g. adventureworks' })
  declare dataset: string

  @args.string({ description: 'Folder of the dataset files (relative to the app root or absolute)' })
  declare dir: string

  async run() {
    await this.importDataset(this.dataset, this.dir)
  }
}
