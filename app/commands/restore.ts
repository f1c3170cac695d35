/*
 * `node ace restore <file> [--force]`: replaces the database's contents with
 * a backup made by `node ace backup`. Asks first unless --force.
 */
import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class RestoreCommand extends BaseCommand {
  static commandName = 'restore'
  static description = 'Restore the database from a backup file (replaces all current data)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Backup file written by node ace backup', required: false })
  declare file?: string

  @flags.boolean({ description: 'Do not ask for confirmation' })
  declare force: boolean

  async run() {
    const { restoreDatabase, BackupError } = await import('#services/backup')
    if (!this.file) {
      this.logger.error('Name the backup file to restore: node ace restore <file>')
      this.exitCode = 1
      return
    }
    if (!this.force) {
      const ok = await this.prompt.confirm(`Replace ALL data of the current database with ${this.file}?`)
      if (!ok) {
        this.logger.info('Nothing restored')
        return
      }
    }
    try {
      await restoreDatabase(this.file)
      this.logger.success(`Restored the database from ${this.file}`)
    } catch (error) {
      if (!(error instanceof BackupError)) throw error
      this.logger.error(error.message)
      this.exitCode = 1
    }
  }
}
