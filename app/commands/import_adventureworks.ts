/*
 * `node ace import:adventureworks <dir>`: `import:dataset adventureworks <dir>`
 * (dir is usually ../shared/datasets/adventureworks).
 */
import { args } from '@adonisjs/core/ace'
import { DatasetCommand } from '#kernel/impex/dataset_command'

export default class ImportAdventureworks extends DatasetCommand {
  static commandName = 'import:adventureworks'
  static description = 'Import the AdventureWorks sample dataset (products, stock, vendors, purchase orders) into the enabled plugins'

  @args.string({ description: 'Folder of the AdventureWorks files, e.g. ../shared/datasets/adventureworks' })
  declare folder: string

  async run() {
    await this.importDataset('adventureworks', this.folder)
  }
}
