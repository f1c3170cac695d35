/*
 * The plugin registry: discovers plugins, validates their manifests, resolves
 * the dependency graph, remembers each plugin's lifecycle state, and answers
 * every "what do the enabled plugins contribute to X" question the kernel asks
 * (menu, permissions, listeners, document hooks, slots, print templates …).
 *
 * The kernel declares its own contributions with the same manifest shape
 * (app/kernel_manifest.ts); it is always enabled and has no lifecycle.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequire } from 'node:module'
import type {
  DatasetImporterDeclaration,
  DocumentHookFn,
  DocumentHookName,
  DocumentTypeDeclaration,
  JobDeclaration,
  MenuEntry,
  PermissionDeclaration,
  PluginManifest,
  PrintTemplateDeclaration,
  RecordTypeDeclaration,
  ReportSourceDeclaration,
  SlotContribution,
} from './define_plugin.js'
import { validateManifest } from './manifest_validator.js'
import { resolveGraph, type GraphNode } from './dependency_graph.js'

/** A record type as the engines see it: which plugin declared it, and whether it is a document. */
export type RegisteredRecordType = RecordTypeDeclaration & { plugin: string; document: boolean; posts?: boolean }

export type PluginState = 'installed' | 'enabled' | 'disabled'

export interface LoadedPlugin {
  id: string
  /** Absolute folder of the plugin */
  root: string
  source: 'folder' | 'package'
  manifest: PluginManifest | null
  /** Set when the plugin cannot load: bad manifest, throws on import, broken dependency */
  error: string | null
}

export interface PluginRow {
  id: string
  state: PluginState
  version: string
  error?: string | null
}

export interface DiscoveryOptions {
  appRoot: string
  /** Folders whose sub-folders are plugins (relative to appRoot) */
  directories: string[]
  /** npm packages named loom-plugin-* */
  packages: string[]
}

export const KERNEL_ID = 'loom_kernel'

export class PluginRegistry {
  #plugins = new Map<string, LoadedPlugin>()
  #order: string[] = []
  #states = new Map<string, PluginRow>()
  #kernel: PluginManifest | null = null
  #statesLoadedAt = 0
  #statesVersion = 0
  #refresher: { refresh: () => Promise<void>; staleAfterMs: number } | null = null
  #refreshing: Promise<void> | null = null

  /** Every discovered plugin, in load order (failed ones last). */
  all(): LoadedPlugin[] {
    const ordered = this.#order.map((id) => this.#plugins.get(id)!)
    const failed = [...this.#plugins.values()].filter((p) => !this.#order.includes(p.id))
    return [...ordered, ...failed.sort((a, b) => a.id.localeCompare(b.id))]
  }

  get(id: string): LoadedPlugin | undefined {
    return this.#plugins.get(id)
  }

  /** Plugins whose manifest loaded and whose dependencies resolve, dependencies first. */
  loadable(): LoadedPlugin[] {
    return this.#order.map((id) => this.#plugins.get(id)!)
  }

  graphNodes(): GraphNode[] {
    return this.loadable().map((p) => ({ id: p.id, version: p.manifest!.version, depends: p.manifest!.depends ?? {} }))
  }

  setKernelManifest(manifest: PluginManifest) {
    this.#kernel = manifest
  }

  /* ------------------------------------------------------------------ */
  /* Discovery                                                            */
  /* ------------------------------------------------------------------ */

  async discover(options: DiscoveryOptions): Promise<void> {
    this.#plugins.clear()
    const candidates: Array<{ folder: string; root: string; source: LoadedPlugin['source'] }> = []

    for (const dir of options.directories) {
      const abs = resolve(options.appRoot, dir)
      if (!existsSync(abs)) continue
      for (const entry of readdirSync(abs, { withFileTypes: true })) {
        if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name.startsWith('_')) continue
        const root = join(abs, entry.name)
        if (existsSync(join(root, 'plugin.ts')) || existsSync(join(root, 'plugin.js'))) {
          candidates.push({ folder: entry.name, root, source: 'folder' })
        }
      }
    }

    const require = createRequire(join(options.appRoot, 'package.json'))
    for (const pkg of options.packages) {
      try {
        const root = resolve(require.resolve(`${pkg}/package.json`), '..')
        candidates.push({ folder: pkg, root, source: 'package' })
      } catch {
        this.#plugins.set(pkg, {
          id: pkg,
          root: '',
          source: 'package',
          manifest: null,
          error: `package "${pkg}" is listed in config/plugins.ts but is not installed (run npm install ${pkg})`,
        })
      }
    }

    for (const candidate of candidates) {
      const plugin = await this.#loadManifest(candidate.folder, candidate.root, candidate.source)
      const existing = this.#plugins.get(plugin.id)
      if (existing) {
        existing.error = `two plugins declare the id "${plugin.id}": ${existing.root} and ${plugin.root}`
        continue
      }
      this.#plugins.set(plugin.id, plugin)
    }

    this.#resolve()
  }

  async #loadManifest(folder: string, root: string, source: LoadedPlugin['source']): Promise<LoadedPlugin> {
    const file = existsSync(join(root, 'plugin.ts')) ? join(root, 'plugin.ts') : join(root, 'plugin.js')
    let manifest: PluginManifest | null = null
    try {
      const mod = await import(pathToFileURL(file).href)
      manifest = mod.default
    } catch (error) {
      return { id: folder, root, source, manifest: null, error: `plugin.ts threw while loading: ${(error as Error).message}` }
    }
    const problems = validateManifest(manifest, source === 'folder' ? folder : undefined)
    const id = manifest && typeof manifest.id === 'string' && manifest.id ? manifest.id : folder
    if (problems.length) {
      return { id, root, source, manifest: null, error: `invalid manifest: ${problems.join('; ')}` }
    }
    return { id, root, source, manifest, error: null }
  }

  #resolve() {
    const healthy = [...this.#plugins.values()].filter((p) => p.manifest && !p.error)
    const { order, problems } = resolveGraph(
      healthy.map((p) => ({ id: p.id, version: p.manifest!.version, depends: p.manifest!.depends ?? {} }))
    )
    for (const [id, message] of problems) this.#plugins.get(id)!.error = message
    this.#order = order
  }

  /** Marks a plugin failed after discovery (e.g. its routes or boot threw). */
  markFailed(id: string, error: unknown) {
    const plugin = this.#plugins.get(id)
    if (!plugin) return
    plugin.error = error instanceof Error ? error.message : String(error)
    this.#order = this.#order.filter((p) => p !== id)
  }

  /* ------------------------------------------------------------------ */
  /* Lifecycle state (rows of kernel_plugins, cached)                     */
  /* ------------------------------------------------------------------ */

  setStates(rows: PluginRow[]) {
    this.#states = new Map(rows.map((r) => [r.id, r]))
    this.#statesLoadedAt = Date.now()
    this.#statesVersion++
  }

  statesAge(): number {
    return Date.now() - this.#statesLoadedAt
  }

  /** Counts setStates calls, so a background refresh never overwrites newer states. */
  get statesVersion(): number {
    return this.#statesVersion
  }

  /** Marks the cached states as old (tests; or after another process is known to have changed them). */
  expireStates() {
    this.#statesLoadedAt = 0
  }

  /**
   * How to re-read the states (set by plugin_states). Several Loom processes
   * share one database: when the cache is older than staleAfterMs, reading a
   * state starts a refresh in the background, so every process follows a
   * change made elsewhere within a few seconds.
   */
  setStateRefresher(refresh: () => Promise<void>, staleAfterMs: number) {
    this.#refresher = { refresh, staleAfterMs }
  }

  /** Resolves when a background refresh started by a stale read has finished. */
  async settled(): Promise<void> {
    await this.#refreshing
  }

  #refreshIfStale() {
    if (!this.#refresher || this.#refreshing || this.statesAge() <= this.#refresher.staleAfterMs) return
    this.#refreshing = this.#refresher
      .refresh()
      .catch(() => {})
      .finally(() => {
        this.#refreshing = null
      })
  }

  stateOf(id: string): PluginState | 'discovered' | 'failed' {
    this.#refreshIfStale()
    const plugin = this.#plugins.get(id)
    if (plugin?.error) return 'failed'
    return this.#states.get(id)?.state ?? 'discovered'
  }

  installedVersion(id: string): string | null {
    return this.#states.get(id)?.version ?? null
  }

  isInstalled(id: string): boolean {
    const s = this.stateOf(id)
    return s === 'installed' || s === 'enabled' || s === 'disabled'
  }

  isEnabled(id: string): boolean {
    if (id === KERNEL_ID) return true
    return this.stateOf(id) === 'enabled'
  }

  /** Enabled plugins in load order. */
  enabled(): LoadedPlugin[] {
    return this.loadable().filter((p) => this.isEnabled(p.id))
  }

  /** Installed (enabled or not) plugins in load order: their migrations run. */
  installed(): LoadedPlugin[] {
    return this.loadable().filter((p) => this.isInstalled(p.id))
  }

  /* ------------------------------------------------------------------ */
  /* Contributions of the kernel and the enabled plugins                  */
  /* ------------------------------------------------------------------ */

  #contributors(): Array<{ id: string; manifest: PluginManifest }> {
    const list: Array<{ id: string; manifest: PluginManifest }> = []
    if (this.#kernel) list.push({ id: KERNEL_ID, manifest: this.#kernel })
    for (const p of this.enabled()) list.push({ id: p.id, manifest: p.manifest! })
    return list
  }

  /** Every permission Loom knows: the kernel's and those of installed plugins. */
  permissions(): Array<PermissionDeclaration & { plugin: string }> {
    const list: Array<PermissionDeclaration & { plugin: string }> = []
    if (this.#kernel) list.push(...(this.#kernel.permissions ?? []).map((p) => ({ ...p, plugin: KERNEL_ID })))
    for (const p of this.installed()) list.push(...(p.manifest!.permissions ?? []).map((x) => ({ ...x, plugin: p.id })))
    return list
  }

  permission(code: string) {
    return this.permissions().find((p) => p.code === code)
  }

  menu(): Array<MenuEntry & { plugin: string }> {
    return this.#contributors()
      .flatMap(({ id, manifest }) => (manifest.menu ?? []).map((m) => ({ ...m, plugin: id })))
      .sort((a, b) => (a.order ?? 100) - (b.order ?? 100))
  }

  documentTypes(): Array<DocumentTypeDeclaration & { plugin: string }> {
    return this.#contributors().flatMap(({ id, manifest }) => (manifest.documents ?? []).map((d) => ({ ...d, plugin: id })))
  }

  documentType(type: string) {
    return this.documentTypes().find((d) => d.type === type)
  }

  /**
   * Record types the generic engines work on: the plugins' `records` and
   * every document that declares its `fields`.
   */
  recordTypes(): RegisteredRecordType[] {
    return this.#contributors().flatMap(({ id, manifest }) => [
      ...(manifest.records ?? []).map((r) => ({ ...r, plugin: id, document: false })),
      ...(manifest.documents ?? [])
        .filter((d) => d.fields && d.table)
        .map((d) => ({
          type: d.type,
          label: d.label,
          table: d.table!,
          permissionPrefix: d.permissionPrefix,
          fields: d.fields!,
          titleField: d.titleField,
          detailRoute: d.detailRoute,
          actions: d.actions,
          webForm: d.webForm,
          plugin: id,
          document: true,
          posts: d.posts ?? false,
        })),
    ])
  }

  recordType(type: string): RegisteredRecordType | undefined {
    return this.recordTypes().find((r) => r.type === type)
  }

  hooks(type: string, name: DocumentHookName): Array<{ plugin: string; fn: DocumentHookFn }> {
    return this.#contributors().flatMap(({ id, manifest }) => {
      const fn = manifest.hooks?.[type]?.[name]
      return fn ? [{ plugin: id, fn }] : []
    })
  }

  slot(name: string): Array<SlotContribution & { plugin: string }> {
    return this.#contributors()
      .flatMap(({ id, manifest }) => (manifest.slots?.[name] ?? []).map((s) => ({ ...s, plugin: id })))
      .sort((a, b) => (a.order ?? 100) - (b.order ?? 100))
  }

  /** The view of the print template of a document type (a later plugin overrides an earlier one). */
  printTemplate(type: string): string | undefined {
    return this.printTemplateDeclaration(type)?.view
  }

  /**
   * The full print template of a document type; the older string form is
   * read as `{ view }` with no loader (not printable).
   */
  printTemplateDeclaration(type: string): (Partial<PrintTemplateDeclaration> & { view: string; plugin: string }) | undefined {
    for (const { id, manifest } of this.#contributors().reverse()) {
      const template = manifest.printTemplates?.[type]
      if (!template) continue
      return typeof template === 'string' ? { view: template, plugin: id } : { ...template, plugin: id }
    }
    return undefined
  }

  /** Every printable document type of the kernel and the enabled plugins. */
  printTemplates(): Array<{ type: string; view: string; plugin: string; printable: boolean }> {
    const types = new Set(this.#contributors().flatMap(({ manifest }) => Object.keys(manifest.printTemplates ?? {})))
    return [...types].map((type) => {
      const t = this.printTemplateDeclaration(type)!
      return { type, view: t.view, plugin: t.plugin, printable: typeof t.load === 'function' }
    })
  }

  reportSources(): Array<ReportSourceDeclaration & { plugin: string; root: string }> {
    return this.enabled().flatMap((p) => (p.manifest!.reportSources ?? []).map((r) => ({ ...r, plugin: p.id, root: p.root })))
  }

  /**
   * Importers of a dataset declared by enabled plugins, dependencies first
   * (inventory's before procurement's), each with its plugin's folder.
   * Without a dataset: every enabled plugin's importers.
   */
  datasetImporters(dataset?: string): Array<DatasetImporterDeclaration & { plugin: string; root: string }> {
    return this.enabled().flatMap((p) =>
      (p.manifest!.datasetImporters ?? [])
        .filter((d) => dataset === undefined || d.dataset === dataset)
        .map((d) => ({ ...d, plugin: p.id, root: p.root }))
    )
  }

  /** Jobs of enabled plugins (and the kernel's), named `<plugin>.<job>`. */
  jobs(): Array<JobDeclaration & { plugin: string; id: string; root: string | null }> {
    return this.#contributors().flatMap(({ id, manifest }) =>
      (manifest.jobs ?? []).map((j) => ({
        ...j,
        plugin: id,
        id: `${id}.${j.name}`,
        root: id === KERNEL_ID ? null : this.#plugins.get(id)!.root,
      }))
    )
  }
}
