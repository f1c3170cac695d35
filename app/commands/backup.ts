/*
 * `node ace backup [--output file]`: a consistent copy of the database
 * (SQLite online backup, or pg_dump for PostgreSQL).
 */
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class BackupCommand extends BaseCommand {
  static commandName = 'backup'
  static description = 'Write a consistent backup of the database (default tmp/backups/loom-<time>.sqlite|.dump)'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'File to write the backup to', alias: 'o' })
  declare output?: string

  @flags.string({ description: 'native (SQLite file / pg_dump archive, the default) or json (PostgreSQL: portable JSON dump)' })
  declare format?: string

  async run() {
    const { backupDatabase, BackupError } = await import('#services/backup')
    if (this.format && !['native', 'json'].includes(this.format)) {
      this.logger.error(`--format must be native or json (got "${this.format}")`)
      this.exitCode = 1
      return
    }
    try {
      const file = await backupDatabase(this.output, { format: this.format as 'native' | 'json' | undefined })
      this.logger.success(`Backup written to ${file}`)
    } catch (error) {
      if (!(error instanceof BackupError)) throw error
      this.logger.error(error.message)
      this.exitCode = 1
    }
  }
}
