/*
 * Ace commands shipped by plugins: every `commands/` folder of a plugin
 * folder (config/plugins.ts directories) is loaded like app/commands, so a
 * plugin adds `node ace <plugin>:<verb>` without the kernel importing it
 * (docs/plugins.md "Commands"). Registered in adonisrc.ts `commands`.
 * A plugin command that needs the plugin enabled checks that itself.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { FsLoader } from '@adonisjs/core/ace'
import pluginsConfig from '#config/plugins'

type Loader = FsLoader<any>
let loaders: Array<{ loader: Loader; names: Set<string> }> | null = null
let metaData: any[] | null = null

function commandFolders(appRoot: string): string[] {
  const folders: string[] = []
  for (const dir of pluginsConfig.directories) {
    const abs = resolve(appRoot, dir)
    if (!existsSync(abs)) continue
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name.startsWith('_')) continue
      const commands = join(abs, entry.name, 'commands')
      if (existsSync(commands)) folders.push(commands)
    }
  }
  return folders
}

export async function getMetaData() {
  if (metaData) return metaData
  loaders = []
  metaData = []
  for (const folder of commandFolders(process.cwd())) {
    const loader = new FsLoader<any>(folder)
    const meta = await loader.getMetaData()
    loaders.push({ loader, names: new Set(meta.map((m: any) => m.commandName)) })
    metaData.push(...meta)
  }
  return metaData
}

export async function getCommand(meta: { commandName: string }) {
  await getMetaData()
  const owner = loaders!.find((l) => l.names.has(meta.commandName))
  return owner ? owner.loader.getCommand(meta as any) : null
}
