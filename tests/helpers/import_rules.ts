/*
 * The import rules of ARCHITECTURE.md, checked on source text:
 *  1. the kernel (app/**) imports no plugin;
 *  2. a plugin imports another plugin only if its manifest depends on it, and
 *     then only that plugin's api.ts.
 * Imports are found in static `import`/`export … from`, side-effect imports
 * and dynamic `import('…')`, resolved through relative paths and the
 * `#plugins/*` and `#tests/*` import maps.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'

export interface Violation {
  file: string
  specifier: string
  reason: string
}

export interface PluginDir {
  id: string
  root: string
  depends: string[]
}

/** Every .ts file under a folder (skipping node_modules and .d.ts). */
export function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  const out: string[] = []
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) out.push(...tsFiles(path))
    else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) out.push(path)
  }
  return out
}

/** Module specifiers a TypeScript source imports (comments ignored). */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1')
  const found: string[] = []
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ]
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) found.push(match[1])
  return found
}

function resolveSpecifier(specifier: string, fromFile: string, appRoot: string): string | null {
  if (specifier.startsWith('.')) return resolve(dirname(fromFile), specifier)
  if (specifier.startsWith('#plugins/')) return join(appRoot, 'plugins', specifier.slice('#plugins/'.length))
  if (specifier.startsWith('#tests/')) return join(appRoot, 'tests', specifier.slice('#tests/'.length))
  return null
}

/** Which plugin folder a path lies in, and the path inside it. */
function owner(path: string, plugins: PluginDir[]): { plugin: PluginDir; inner: string } | null {
  for (const plugin of plugins) {
    const rel = relative(plugin.root, path)
    if (rel && !rel.startsWith('..') && !rel.startsWith(sep)) return { plugin, inner: rel.split(sep).join('/') }
  }
  return null
}

const isApi = (inner: string) => /^api(\.(ts|js))?$/.test(inner)

/** Rule 1: files of the kernel that import a plugin. */
export function kernelViolations(appRoot: string, kernelDir: string, plugins: PluginDir[]): Violation[] {
  const violations: Violation[] = []
  const pluginFolders = [join(appRoot, 'plugins'), ...plugins.map((p) => dirname(p.root))]
  for (const file of tsFiles(kernelDir)) {
    for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
      const target = resolveSpecifier(specifier, file, appRoot)
      const intoPlugin =
        specifier.startsWith('#plugins/') ||
        /^loom-plugin-/.test(specifier) ||
        (target !== null && pluginFolders.some((dir) => target === dir || target.startsWith(dir + sep)))
      if (intoPlugin) {
        violations.push({ file: relative(appRoot, file), specifier, reason: 'the kernel must not import a plugin' })
      }
    }
  }
  return violations
}

/** Rule 2: plugin files that import another plugin they do not depend on, or something other than its api.ts. */
export function pluginViolations(appRoot: string, plugins: PluginDir[]): Violation[] {
  const violations: Violation[] = []
  for (const plugin of plugins) {
    for (const file of tsFiles(plugin.root)) {
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        const target = resolveSpecifier(specifier, file, appRoot)
        if (!target) continue
        const hit = owner(target, plugins)
        if (!hit || hit.plugin.id === plugin.id) continue
        const where = relative(appRoot, file)
        if (!plugin.depends.includes(hit.plugin.id)) {
          violations.push({ file: where, specifier, reason: `"${plugin.id}" imports "${hit.plugin.id}" but does not depend on it` })
        } else if (!isApi(hit.inner)) {
          violations.push({ file: where, specifier, reason: `"${plugin.id}" may import only the api.ts of "${hit.plugin.id}", not ${hit.inner}` })
        }
      }
    }
  }
  return violations
}

/** Plugin folders (with a plugin.ts) under the given directories; depends read from each manifest. */
export async function pluginDirs(directories: string[]): Promise<PluginDir[]> {
  const out: PluginDir[] = []
  for (const dir of directories) {
    if (!existsSync(dir)) continue
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const root = join(dir, entry.name)
      if (!entry.isDirectory() || !existsSync(join(root, 'plugin.ts'))) continue
      let depends: string[] = []
      try {
        const { pathToFileURL } = await import('node:url')
        const manifest = (await import(pathToFileURL(join(root, 'plugin.ts')).href)).default
        depends = Object.keys(manifest?.depends ?? {}).filter((d) => d !== 'kernel')
      } catch {
        // A manifest that does not load depends on nothing: every import of another plugin is reported.
      }
      out.push({ id: entry.name, root, depends })
    }
  }
  return out
}
