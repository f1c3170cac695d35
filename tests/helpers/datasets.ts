/*
 * The real sample datasets in tests. They live beside the repository
 * (../shared/datasets, also in CI); LOOM_DATASETS_DIR points elsewhere
 * (e.g. from a git worktree). Tests skip — saying why — only when the folder is absent.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import app from '@adonisjs/core/services/app'
import plugins from '#services/plugins'
import { runDatasetImport, type ImporterResult, type TableCount } from '#kernel/impex/datasets'

export function datasetDir(name: string): string {
  const base = process.env.LOOM_DATASETS_DIR ?? resolve(app.appRoot.pathname, '../shared/datasets')
  return resolve(base, name)
}

/** Why the dataset's tests are skipped, or null when the dataset is there. */
export function datasetMissing(name: string): string | null {
  const dir = datasetDir(name)
  return existsSync(dir) ? null : `the dataset folder ${dir} is absent (set LOOM_DATASETS_DIR to the folder holding ${name}/)`
}

/** Runs what `import:adventureworks` runs (each importer in its own transaction, a savepoint inside a global one) and returns its results. */
export async function importAdventureworks(): Promise<ImporterResult[]> {
  return runDatasetImport('adventureworks', datasetDir('adventureworks'), { registry: plugins, appRoot: app.appRoot.pathname })
}

/** One table's counts of a run. */
export function tableCount(results: ImporterResult[], table: string): TableCount {
  const found = results.flatMap((r) => r.tables).find((t) => t.table === table)
  if (!found) throw new Error(`no counts for ${table}: ${JSON.stringify(results.map((r) => [r.plugin, r.status, r.error]))}`)
  return found
}
