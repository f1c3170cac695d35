/*
 * `node ace make:plugin <id>`: scaffolds plugins/<id>/ — manifest, api.ts,
 * routes, a model with its migration, a list + create page, language files
 * and a passing test. Refuses an invalid or taken id (exit code 1).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { BaseCommand, args } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { checkPluginId, scaffoldFiles } from '#kernel/plugins/scaffold'

export default class MakePlugin extends BaseCommand {
  static commandName = 'make:plugin'
  static description = 'Scaffold a plugin in plugins/<id> with a model, a migration, a page, language files and a test'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Plugin id: lowercase letters, digits and underscores, e.g. quality_control' })
  declare id: string

  async run() {
    const plugins = (await import('#services/plugins')).default
    const root = this.app.makePath('plugins', this.id ?? '')
    const taken = plugins.all().map((p) => p.id)
    if (this.id && existsSync(root)) taken.push(this.id)
    const problem = checkPluginId(this.id, taken)
    if (problem) {
      this.logger.error(problem)
      this.exitCode = 1
      return
    }

    for (const [file, content] of Object.entries(scaffoldFiles(this.id))) {
      const target = join(root, file)
      mkdirSync(dirname(target), { recursive: true })
      writeFileSync(target, content)
      this.logger.action(`create plugins/${this.id}/${file}`).succeeded()
    }
    this.logger.success(`Plugin "${this.id}" created. Restart Loom, then: node ace plugin:install ${this.id}`)
  }
}
