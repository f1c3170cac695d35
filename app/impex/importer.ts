/*
 * Imports of records: a stored upload (table `imports`), a dry run that
 * parses every row with parseFieldInput and keeps the errors, and the import
 * itself: in-process, in the background, ONE transaction per file, rows
 * inserted in batches of up to 500. Any bad row or database error rolls the
 * whole file back; nothing is half-written.
 *
 * Progress while an import runs is kept in memory (the import's transaction
 * holds SQLite's only connection) and written to the row when it ends.
 * See docs/decisions/010-import-export.md.
 */
import { mkdir, rm } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import type { RecordFieldDeclaration } from '#kernel/plugins/define_plugin'
import type { RegisteredRecordType } from '#kernel/plugins/plugin_registry'
import plugins from '#services/plugins'
import { fieldsOf } from '#kernel/records/fields'
import { parseFieldInput } from '#kernel/records/values'
import { fileRows, isBlankRow, type ImportFormat } from '#kernel/impex/file_rows'
import { emitRecordChange } from '#kernel/records/record_events'

export type ImportStatus = 'uploaded' | 'checked' | 'invalid' | 'running' | 'succeeded' | 'failed'

export interface ImportRow {
  id: number
  user_id: number | null
  record_type: string
  file_name: string
  file_key: string
  format: ImportFormat
  status: ImportStatus
  mapping: string | null
  total: number
  processed: number
  error_count: number
  errors: string | null
  message: string | null
  host: string | null
  pid: number | null
  created_at: any
  started_at: any
  finished_at: any
}

/** One problem of one row: `row` is the file's line (the header is row 1); `error` an i18n key. */
export interface RowError {
  row: number
  field: string | null
  error: string
  params?: Record<string, unknown>
}

/** Errors kept per import (the count covers all). */
export const MAX_KEPT_ERRORS = 200
/** Rows per INSERT (fewer when a row has many columns: SQLite allows 32 766 parameters). */
export const BATCH_ROWS = 500

const now = () => DateTime.now().toFormat('yyyy-LL-dd HH:mm:ss')

export function importsDirectory() {
  return app.makePath(app.inTest ? 'tmp/test-storage/imports' : 'storage/imports')
}

export function importFilePath(row: Pick<ImportRow, 'file_key'>) {
  return join(importsDirectory(), row.file_key)
}

/** The record types an import can target: master records of enabled plugins (documents are refused for now). */
export function importableTypes(): RegisteredRecordType[] {
  return plugins.recordTypes().filter((t) => !t.document)
}

export async function findImport(id: number | string): Promise<ImportRow | null> {
  const n = Number(id)
  if (!Number.isSafeInteger(n) || n <= 0) return null
  return (await db.from('imports').where('id', n).first()) ?? null
}

export function mappingOf(row: ImportRow): (string | null)[] {
  try {
    const list = JSON.parse(row.mapping ?? '[]')
    return Array.isArray(list) ? list.map((v) => (typeof v === 'string' && v ? v : null)) : []
  } catch {
    return []
  }
}

export function errorsOf(row: ImportRow): RowError[] {
  try {
    const list = JSON.parse(row.errors ?? '[]')
    return Array.isArray(list) ? list : []
  } catch {
    return []
  }
}

/** Records a stored upload (status uploaded) and returns its id. */
export async function createImport(input: { user: User; recordType: string; fileName: string; fileKey: string; format: ImportFormat; mapping: (string | null)[] }) {
  const [row] = await db
    .table('imports')
    .insert({
      user_id: input.user.id,
      record_type: input.recordType,
      file_name: input.fileName.slice(0, 255),
      file_key: input.fileKey,
      format: input.format,
      status: 'uploaded',
      mapping: JSON.stringify(input.mapping),
      total: 0,
      processed: 0,
      error_count: 0,
      created_at: now(),
    })
    .returning('id')
  return Number(typeof row === 'object' ? row.id : row)
}

interface Plan {
  table: string
  /** per file column: the field it fills, or null (ignored) */
  columns: (RecordFieldDeclaration | null)[]
  /** values every row gets unless the file sets them */
  defaults: Record<string, unknown>
  /** every column an INSERT names, in a fixed order */
  names: string[]
}

async function planOf(row: ImportRow, user: User): Promise<Plan> {
  const recordType = plugins.recordType(row.record_type)
  if (!recordType) throw new Error(`Unknown record type "${row.record_type}"`)
  const fields = await fieldsOf(recordType)
  const byName = new Map(fields.map((f) => [f.name, f]))
  const columns = mappingOf(row).map((name) => (name ? byName.get(name) ?? null : null))
  const mapped = new Set(columns.filter(Boolean).map((f) => f!.name))
  const defaults: Record<string, unknown> = {}
  if (byName.has('owner_id')) defaults.owner_id = user.id
  if (byName.has('department_id')) defaults.department_id = user.departmentId ?? null
  if (byName.has('created_at')) defaults.created_at = now()
  const names = [...new Set([...mapped, ...Object.keys(defaults)])]
  return { table: recordType.table, columns, defaults, names }
}

/** A parsed value as the database driver takes it on SQLite and PostgreSQL. */
function storable(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Date) return DateTime.fromJSDate(value).toFormat('yyyy-LL-dd HH:mm:ss')
  return value
}

/** Parses one data row: the record to insert, or its errors. */
function parseRow(cells: unknown[], line: number, plan: Plan): { record: Record<string, unknown> } | { errors: RowError[] } {
  const record: Record<string, unknown> = {}
  const errors: RowError[] = []
  plan.columns.forEach((field, i) => {
    if (!field) return
    const parsed = parseFieldInput(field, cells[i] ?? null)
    // A blank yes/no cell is "no" (a multi-row INSERT cannot leave one row's column to its default).
    if (parsed.ok) record[field.name] = parsed.stored === null && field.kind === 'boolean' ? false : storable(parsed.stored)
    else errors.push({ row: line, field: field.name, error: parsed.error, params: parsed.params })
  })
  // A required field whose column is missing altogether on this row.
  if (errors.length) return { errors }
  for (const name of plan.names) {
    if (record[name] === null || record[name] === undefined) record[name] = plan.defaults[name] ?? null
  }
  return { record }
}

/** Data rows of the stored file with their line numbers (the header is line 1; blank rows are skipped). */
async function* dataRows(row: ImportRow) {
  let line = 0
  for await (const cells of fileRows(importFilePath(row), row.format)) {
    line++
    if (line === 1 || isBlankRow(cells)) continue
    yield { line, cells }
  }
}

export interface CheckResult {
  total: number
  errorCount: number
  errors: RowError[]
}

/** The dry run: parses every row, writes nothing but the import's status (checked | invalid) and errors. */
export async function checkImport(row: ImportRow, user: User): Promise<CheckResult> {
  const plan = await planOf(row, user)
  const result: CheckResult = { total: 0, errorCount: 0, errors: [] }
  try {
    for await (const { line, cells } of dataRows(row)) {
      result.total++
      const parsed = parseRow(cells, line, plan)
      if ('errors' in parsed) {
        result.errorCount += parsed.errors.length
        for (const e of parsed.errors) if (result.errors.length < MAX_KEPT_ERRORS) result.errors.push(e)
      }
    }
  } catch (error) {
    // A file that stops being CSV/XLSX half-way (a broken quote, a damaged workbook).
    result.errorCount++
    result.errors.push({ row: (error as any)?.lines ?? 0, field: null, error: 'impex.errors.malformed', params: { detail: String((error as Error)?.message ?? error).slice(0, 300) } })
    await db.from('imports').where('id', row.id).update({ status: 'invalid', total: result.total, error_count: result.errorCount, errors: JSON.stringify(result.errors) })
    return result
  }
  if (result.total === 0) {
    result.errorCount = 1
    result.errors.push({ row: 0, field: null, error: 'impex.errors.no_rows' })
  }
  await db
    .from('imports')
    .where('id', row.id)
    .update({
      status: result.errorCount ? 'invalid' : 'checked',
      total: result.total,
      processed: 0,
      error_count: result.errorCount,
      errors: JSON.stringify(result.errors),
      message: null,
    })
  return result
}

class RowsRejected extends Error {}

const progress = new Map<number, number>()
const running = new Map<number, Promise<void>>()

/** Rows written so far by a running import (in memory), else what the row says. */
export function processedOf(row: ImportRow): number {
  return progress.get(row.id) ?? row.processed
}

/**
 * Starts the import of a checked file in the background. Returns false when
 * it is not in a state to start (already running or done, or not checked).
 */
export async function startImport(row: ImportRow, user: User): Promise<boolean> {
  if (running.has(row.id)) return false
  const updated = await db
    .from('imports')
    .where('id', row.id)
    .whereIn('status', ['checked'])
    .update({ status: 'running', started_at: now(), processed: 0, host: hostname(), pid: process.pid })
  if (!Number(Array.isArray(updated) ? updated[0] : updated)) return false
  progress.set(row.id, 0)
  const job = runImport({ ...row, status: 'running' }, user)
    .catch((error) => logger.error({ err: error, importId: row.id }, 'import failed unexpectedly'))
    .finally(() => {
      running.delete(row.id)
      progress.delete(row.id)
    })
  running.set(row.id, job)
  return true
}

/**
 * An import this host started in a process that is gone (restart, crash)
 * stays "running" forever: its transaction was rolled back, so it is marked
 * failed. Imports of other hosts are left alone (they may still run).
 */
export async function settleInterrupted(row: ImportRow): Promise<ImportRow> {
  if (row.status !== 'running' || running.has(row.id) || row.host !== hostname()) return row
  if (row.pid === process.pid && progress.has(row.id)) return row
  const errors = [{ row: 0, field: null, error: 'impex.errors.interrupted' }]
  await db
    .from('imports')
    .where('id', row.id)
    .where('status', 'running')
    .update({ status: 'failed', processed: 0, error_count: 1, errors: JSON.stringify(errors), finished_at: now() })
  return (await findImport(row.id))!
}

/** Resolves when the import's background run (if any) is over (tests, bench). */
export async function waitForImport(id: number) {
  await running.get(id)
}

/** Runs the import: one transaction, batches of rows; any error rolls everything back. */
export async function runImport(row: ImportRow, user: User) {
  const plan = await planOf(row, user)
  const batchSize = Math.max(1, Math.min(BATCH_ROWS, Math.floor(30_000 / Math.max(1, plan.names.length))))
  const errors: RowError[] = []
  let errorCount = 0
  let total = 0
  let written = 0
  let failure: string | null = null
  const ids: number[] = []
  try {
    await db.transaction(async (trx: TransactionClientContract) => {
      let batch: Record<string, unknown>[] = []
      let firstLine = 0
      let lastLine = 0
      const flush = async () => {
        if (!batch.length) return
        try {
          const inserted = await trx.insertQuery().table(plan.table).returning('id').multiInsert(batch)
          const got = (inserted as any[]).map((r) => Number(typeof r === 'object' ? r.id : r))
          if (got.length === batch.length) ids.push(...got)
          // SQLite answers the last rowid only; one statement's rows have consecutive rowids (one writer).
          else for (let id = got[got.length - 1] - batch.length + 1; id <= got[got.length - 1]; id++) ids.push(id)
        } catch (error) {
          failure = `rows ${firstLine}–${lastLine}: ${driverMessage(error)}`.slice(0, 2000)
          throw new RowsRejected()
        }
        written += batch.length
        progress.set(row.id, written)
        batch = []
      }
      for await (const { line, cells } of dataRows(row)) {
        total++
        const parsed = parseRow(cells, line, plan)
        if ('errors' in parsed) {
          errorCount += parsed.errors.length
          for (const e of parsed.errors) if (errors.length < MAX_KEPT_ERRORS) errors.push(e)
          continue
        }
        if (errorCount) continue // keep counting errors, write nothing more
        if (!batch.length) firstLine = line
        lastLine = line
        batch.push(parsed.record)
        if (batch.length >= batchSize) await flush()
      }
      if (errorCount) throw new RowsRejected()
      await flush()
    })
  } catch (error) {
    if (!(error instanceof RowsRejected)) failure = driverMessage(error).slice(0, 2000)
  }
  const ok = !errorCount && !failure
  // The upload is not needed any more: a corrected file is uploaded again.
  await rm(importFilePath(row), { force: true }).catch(() => {})
  await db
    .from('imports')
    .where('id', row.id)
    .update({
      status: ok ? 'succeeded' : 'failed',
      total,
      processed: ok ? written : 0,
      error_count: errorCount + (failure ? 1 : 0),
      errors: JSON.stringify(failure ? [...errors, { row: 0, field: null, error: 'impex.errors.database', params: { detail: failure } }] : errors),
      message: failure,
      finished_at: now(),
    })
  if (ok) await announce(plan.table, row.record_type, ids, user)
}

/** `kernel:record.created` for every imported row, after the commit, read back 500 at a time (memory stays flat). */
async function announce(table: string, type: string, ids: number[], user: User) {
  if (!emitter.hasListeners('kernel:record.created' as any)) return // nobody listens: do not read 50 000 rows back
  for (let i = 0; i < ids.length; i += BATCH_ROWS) {
    const rows = await db.from(table).whereIn('id', ids.slice(i, i + BATCH_ROWS)).orderBy('id')
    for (const after of rows) await emitRecordChange({ type, id: after.id, action: 'created', before: null, after, userId: user.id })
  }
}

/** The database's own words, without the SQL knex puts before them. */
function driverMessage(error: unknown): string {
  const message = (error as Error)?.message ?? String(error)
  const parts = message.split(' - ')
  return parts.length > 1 ? parts[parts.length - 1] : message
}

/** Creates the imports directory (the upload is moved there). */
export async function ensureImportsDirectory() {
  await mkdir(importsDirectory(), { recursive: true })
}

/** Deletes a stored upload (after a failed upload check). */
export async function removeImportFile(key: string) {
  await rm(join(importsDirectory(), key), { force: true })
}
