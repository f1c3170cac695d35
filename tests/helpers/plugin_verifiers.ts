/*
 * After the functional and browser suites, every plugin that keeps derived
 * figures checks them: a plugin folder with `tests/verify.ts` exports a
 * default `async () => string[]` (the problems found, empty when all is
 * consistent). Found by folder, never imported by name, so the kernel test
 * setup depends on no plugin. A problem fails the run.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import app from '@adonisjs/core/services/app'
import pluginsConfig from '#config/plugins'

export async function runPluginVerifiers(): Promise<string[]> {
  const problems: string[] = []
  for (const dir of pluginsConfig.directories) {
    const abs = resolve(app.makePath(), dir)
    if (!existsSync(abs)) continue
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue
      const file = ['verify.ts', 'verify.js'].map((f) => join(abs, entry.name, 'tests', f)).find((f) => existsSync(f))
      if (!file) continue
      const verify = (await import(pathToFileURL(file).href)).default as () => Promise<string[]>
      for (const problem of await verify()) problems.push(`${entry.name}: ${problem}`)
    }
  }
  return problems
}

/** Throws (failing the run) when a plugin's figures do not add up. */
export async function assertPluginsConsistent() {
  const problems = await runPluginVerifiers()
  if (problems.length) throw new Error(`Derived figures differ from their source after the suite:\n${problems.slice(0, 50).join('\n')}`)
}
