/*
 * Real sample datasets (AdventureWorks …) imported by the plugins that own
 * the tables: `node ace import:dataset <dataset> <dir>`.
 *
 * Each enabled plugin declares its importer in its manifest
 * (`datasetImporters: [{ dataset, file, label, tables }]`); the kernel never
 * imports a plugin: it loads the importer file from the plugin's folder, like
 * jobs and seeders. Importers run in plugin dependency order, each in its own
 * transaction (all or nothing per plugin); the first failure stops the run,
 * since a later plugin's rows lean on the earlier ones (procurement's orders
 * on inventory's items). Importers are idempotent: they key rows by natural
 * codes and count what they created and what was already there.
 *
 * Source files are gzip-compressed (or plain) CSV with a header row, read as
 * a stream; a cell is a string, '' for NULL. The helpers below read cells the
 * house way: decimals → exact micros (never floats), 0/1 → booleans,
 * 'YYYY-MM-DD hh:mm:ss' → dates.
 * See docs/plugins.md ("Dataset importers") and docs/decisions/021-dataset-importers.md.
 */
import { createReadStream, existsSync, statSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createGunzip } from 'node:zlib'
import { parse } from 'csv-parse'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { Quantity } from '#kernel/numbers/index'
import type { DatasetImporterDeclaration, LocalizedText } from '#kernel/plugins/define_plugin'
import type { PluginRegistry } from '#kernel/plugins/plugin_registry'

export type DatasetRow = Record<string, string>

/** What one table of an import did. `read` = source rows; created + existing + skipped = read. */
export interface TableCount {
  table: string
  read: number
  created: number
  existing: number
  /** Rows deliberately not imported (e.g. zero quantities), with why in `note` */
  skipped: number
  note?: string
}

export interface DatasetImportContext {
  dataset: string
  /** Absolute folder of the dataset */
  dir: string
  /** The importer's transaction: write every row through it */
  trx: TransactionClientContract
  /** Every row of a source table (`Purchasing.Vendor` → Purchasing.Vendor.csv.gz), header names as keys. */
  rows(table: string): AsyncIterable<DatasetRow>
  /** All rows of a source table at once (small tables). */
  readAll(table: string): Promise<DatasetRow[]>
  /** Reports what happened to one target table (printed by the command, in call order). */
  count(table: string, counts: { read: number; created: number; existing: number; skipped?: number; note?: string }): void
  /** A line of progress for the console */
  log(message: string): void
}

/** The default export of an importer file. */
export type DatasetImporter = (context: DatasetImportContext) => Promise<void>

export interface ImporterResult {
  plugin: string
  label: LocalizedText | null
  status: 'imported' | 'failed' | 'not_run'
  tables: TableCount[]
  error: string | null
  ms: number
}

/** A refusal before or during an import: a message for the console, exit code 1. */
export class DatasetImportError extends Error {}

/* ------------------------------------------------------------------ */
/* Cells                                                                */
/* ------------------------------------------------------------------ */

/** Trimmed text, null for an empty cell (NULL in the source). */
export function cellText(value: string | undefined): string | null {
  const text = (value ?? '').trim()
  return text === '' ? null : text
}

/** A decimal cell ('12.50', '.00', '3') as exact micros (bigint); null when empty. Never goes through a float. */
export function cellMicros(value: string | undefined): bigint | null {
  const text = cellText(value)
  return text === null ? null : Quantity.of(text).toMicros()
}

/** A whole-number cell; null when empty. */
export function cellInt(value: string | undefined): number | null {
  const text = cellText(value)
  if (text === null) return null
  if (!/^[+-]?\d+(\.0+)?$/.test(text)) throw new DatasetImportError(`"${text}" is not a whole number`)
  return Number.parseInt(text, 10)
}

/** A 0/1 (or true/false) cell. */
export function cellBool(value: string | undefined): boolean {
  const text = (cellText(value) ?? '').toLowerCase()
  return text === '1' || text === 'true'
}

/** The date part of 'YYYY-MM-DD[ hh:mm:ss[.fff]]', or null. */
export function cellDate(value: string | undefined): string | null {
  const text = cellText(value)
  if (text === null) return null
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) throw new DatasetImportError(`"${text}" is not a date`)
  return text.slice(0, 10)
}

/** A 'YYYY-MM-DD hh:mm:ss' cell as a Date (read as UTC), or null. */
export function cellDateTime(value: string | undefined): Date | null {
  const text = cellText(value)
  if (text === null) return null
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2})(\.\d{1,3})?)?/.exec(text)
  if (!m) throw new DatasetImportError(`"${text}" is not a date and time`)
  return new Date(`${m[1]}T${m[2] ?? '00:00:00'}${m[3] ?? ''}Z`)
}

/* ------------------------------------------------------------------ */
/* Files                                                                */
/* ------------------------------------------------------------------ */

/** The file of a source table in the folder (`<table>.csv.gz`, else `<table>.csv`), or null. */
export function tableFile(dir: string, table: string): string | null {
  for (const name of [`${table}.csv.gz`, `${table}.csv`]) {
    const file = join(dir, name)
    if (existsSync(file)) return file
  }
  return null
}

/** Rows of a source table, streamed. */
export async function* readDatasetRows(dir: string, table: string): AsyncIterable<DatasetRow> {
  const file = tableFile(dir, table)
  if (!file) throw new DatasetImportError(`${join(dir, `${table}.csv.gz`)} is missing`)
  const source = createReadStream(file)
  const parser = parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: false })
  const stream = file.endsWith('.gz') ? source.pipe(createGunzip()).pipe(parser) : source.pipe(parser)
  for await (const row of stream) yield row as DatasetRow
}

/** The dataset folder as an absolute path (relative ones from the app root), refused when it is not a folder. */
export function resolveDatasetDir(dir: string, appRoot: string): string {
  const abs = isAbsolute(dir) ? dir : resolve(appRoot, dir)
  if (!existsSync(abs)) throw new DatasetImportError(`The dataset folder ${abs} does not exist`)
  if (!statSync(abs).isDirectory()) throw new DatasetImportError(`${abs} is not a folder`)
  return abs
}

/* ------------------------------------------------------------------ */
/* The run                                                              */
/* ------------------------------------------------------------------ */

export interface RunOptions {
  registry: PluginRegistry
  appRoot: string
  /** Progress lines (the command prints them) */
  log?: (message: string) => void
  /** Called when an importer is done, before the next one starts */
  onResult?: (result: ImporterResult) => void
}

/**
 * Runs every enabled plugin's importer of `dataset` on the folder `dir`.
 * Throws DatasetImportError before writing anything when the folder, a
 * declared source table or any importer is missing; otherwise returns one
 * result per importer (a failed one stops the run: those after it are 'not_run').
 */
export async function runDatasetImport(dataset: string, dir: string, options: RunOptions): Promise<ImporterResult[]> {
  const log = options.log ?? (() => {})
  const abs = resolveDatasetDir(dir, options.appRoot)
  const importers = options.registry.datasetImporters(dataset)
  if (!importers.length) {
    const known = [...new Set(options.registry.datasetImporters().map((d) => d.dataset))]
    throw new DatasetImportError(
      `No enabled plugin imports the dataset "${dataset}"` + (known.length ? ` (datasets: ${known.join(', ')})` : '')
    )
  }
  const missing = importers.flatMap((d) => (d.tables ?? []).filter((t) => !tableFile(abs, t)).map((t) => `${t}.csv.gz (${d.plugin})`))
  if (missing.length) {
    throw new DatasetImportError(`${abs} is not the "${dataset}" dataset: missing ${[...new Set(missing)].join(', ')}`)
  }

  const results: ImporterResult[] = []
  let failed = false
  for (const declaration of importers) {
    const result: ImporterResult = {
      plugin: declaration.plugin,
      label: declaration.label ?? null,
      status: 'not_run',
      tables: [],
      error: null,
      ms: 0,
    }
    results.push(result)
    if (failed) continue
    const started = Date.now()
    try {
      const importer = await loadImporter(declaration)
      await db.transaction(async (trx) => {
        result.tables = []
        await importer(makeContext(dataset, abs, trx, result, (m) => log(`[${declaration.plugin}] ${m}`)))
      })
      result.status = 'imported'
    } catch (error) {
      failed = true
      result.status = 'failed'
      result.tables = []
      result.error = error instanceof Error ? error.message : String(error)
    }
    result.ms = Date.now() - started
    options.onResult?.(result)
  }
  return results
}

async function loadImporter(declaration: DatasetImporterDeclaration & { root: string; plugin: string }): Promise<DatasetImporter> {
  const file = join(declaration.root, declaration.file)
  if (!existsSync(file)) throw new DatasetImportError(`${declaration.plugin}: the importer file ${declaration.file} does not exist`)
  const mod = await import(pathToFileURL(file).href)
  if (typeof mod.default !== 'function') {
    throw new DatasetImportError(`${declaration.plugin}: ${declaration.file} must export a DatasetImporter function by default`)
  }
  return mod.default as DatasetImporter
}

function makeContext(
  dataset: string,
  dir: string,
  trx: TransactionClientContract,
  result: ImporterResult,
  log: (message: string) => void
): DatasetImportContext {
  return {
    dataset,
    dir,
    trx,
    rows: (table) => readDatasetRows(dir, table),
    readAll: async (table) => {
      const rows: DatasetRow[] = []
      for await (const row of readDatasetRows(dir, table)) rows.push(row)
      return rows
    },
    count: (table, counts) => {
      const skipped = counts.skipped ?? 0
      if (counts.created + counts.existing + skipped !== counts.read) {
        throw new Error(`${table}: created ${counts.created} + already there ${counts.existing} + skipped ${skipped} ≠ ${counts.read} rows read`)
      }
      result.tables.push({ table, read: counts.read, created: counts.created, existing: counts.existing, skipped, note: counts.note })
    },
    log,
  }
}

/* ------------------------------------------------------------------ */
/* Helpers for importers                                                */
/* ------------------------------------------------------------------ */

/** Inserts rows in batches (no RETURNING, so it works alike on SQLite and PostgreSQL). */
export async function insertInBatches(trx: TransactionClientContract, table: string, rows: Record<string, unknown>[], size = 200) {
  for (let i = 0; i < rows.length; i += size) {
    await trx.table(table).multiInsert(rows.slice(i, i + size))
  }
}

/** `key column value → id` of the rows of a table (optionally only where `where`). */
export async function idMap(
  trx: TransactionClientContract,
  table: string,
  keyColumn: string,
  where: (query: any) => void = () => {}
): Promise<Map<string, number>> {
  const query = trx.from(table).select('id', keyColumn)
  where(query)
  const rows = await query
  return new Map(rows.map((r: any) => [String(r[keyColumn]), Number(r.id)]))
}
