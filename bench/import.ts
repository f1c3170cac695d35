/*
 * Benchmark `import`: 50 000 fixrec contacts (the fixture plugin of
 * tests/fixtures/plugins/fixrec) imported from a CSV through the import
 * engine (app/impex: streamed csv-parse, parseFieldInput on every cell, one
 * transaction, batches of 500), after its dry run. Same-run baseline: a raw
 * multi-row INSERT of the same, already converted rows in batches of 500 in
 * one transaction (what the database costs without any parsing).
 * Also reported: peak RSS (the file is never held in memory).
 *
 * Runs with NODE_ENV=test (to load the fixture plugins) on its own database:
 * tmp/bench-import.sqlite, or PostgreSQL when DB_CONNECTION=pg (the database
 * named by PG_DB_NAME is EMPTIED: its name must contain "bench").
 * Run: npm run bench -- import   (BENCH_IMPORT_ROWS=50000)
 */
import 'reflect-metadata'
import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { once } from 'node:events'
import { performance } from 'node:perf_hooks'
import { Ignitor } from '@adonisjs/core'
// @ts-ignore plain JS helper
import { round, writeResult } from './lib.js'

const ROWS = Number(process.env.BENCH_IMPORT_ROWS || 50_000)
const ROOT = process.cwd()
process.env.NODE_ENV = 'test'
if (process.env.DB_CONNECTION === 'pg') {
  if (!/bench/.test(process.env.PG_DB_NAME ?? '')) {
    console.error('The import benchmark empties its database: set PG_DB_NAME to a database whose name contains "bench".')
    process.exit(1)
  }
} else {
  process.env.SQLITE_PATH = process.env.SQLITE_PATH || join(ROOT, 'tmp', 'bench-import.sqlite')
}

let peakRss = 0
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20)
const mb = (bytes: number) => round(bytes / 2 ** 20, 0)

const APP_ROOT = new URL('../', import.meta.url)
const app = new Ignitor(APP_ROOT, {
  importer: (filePath: string) => (filePath.startsWith('./') || filePath.startsWith('../') ? import(new URL(filePath, APP_ROOT).href) : import(filePath)),
})
  .tap((a) => a.booting(async () => void (await import('#start/env'))))
  .createApp('console')
await app.init()
await app.boot()
await app.start(async () => {})

const { default: db } = await import('@adonisjs/lucid/services/db')
const { resetTestDatabase } = await import('#tests/helpers/database')
const { default: User } = await import('#models/user')
const { default: plugins } = await import('#services/plugins')
const { fileHeaders } = await import('#kernel/impex/file_rows')
const { autoMap, importableFields } = await import('#kernel/impex/mapping')
const { checkImport, createImport, findImport, importsDirectory, runImport } = await import('#kernel/impex/importer')
const { fieldsOf } = await import('#kernel/records/fields')
const { parseFieldInput } = await import('#kernel/records/values')

await resetTestDatabase()
const user = await User.create({ username: `bench_${Date.now()}`, name: 'Bench', password: 'secret-pass', locale: 'zh-CN', isActive: true })

/* ------------------------------------------------------------ the file */
const GRADES = ['A级', 'B级', 'C级']
function line(i: number) {
  const limit = `${(i * 37) % 1_000_000}.${String(i % 100).padStart(2, '0')}`
  const day = String((i % 28) + 1).padStart(2, '0')
  return `客户 ${i},c${i}@example.cn,${GRADES[i % 3]},${limit},2026-03-${day},${i % 2 ? '是' : '否'}\n`
}
await mkdir(importsDirectory(), { recursive: true })
const key = `bench-${Date.now()}.csv`
const path = join(importsDirectory(), key)
const out = createWriteStream(path)
out.write('\uFEFF名称,邮箱,等级,信用额度,生日,重要客户\n')
for (let i = 1; i <= ROWS; i++) if (!out.write(line(i))) await once(out, 'drain')
out.end()
await once(out, 'finish')
const rssBefore = process.memoryUsage().rss
peakRss = rssBefore

/* ------------------------------------------------------------ Loom */
const recordType = plugins.recordType('fixrec.contact')!
const fields = await importableFields(recordType, user)
const mapping = autoMap(await fileHeaders(path, 'csv'), fields)
const id = await createImport({ user, recordType: 'fixrec.contact', fileName: 'bench.csv', fileKey: key, format: 'csv', mapping })
let started = performance.now()
const check = await checkImport((await findImport(id))!, user)
const dryRunMs = performance.now() - started
if (check.errorCount) throw new Error(`The benchmark file has errors: ${JSON.stringify(check.errors.slice(0, 3))}`)
await db.from('imports').where('id', id).update({ status: 'running' })
started = performance.now()
await runImport((await findImport(id))!, user)
const importMs = performance.now() - started
const done = (await findImport(id))!
if (done.status !== 'succeeded' || Number(done.processed) !== ROWS) throw new Error(`Import ended ${done.status}: ${done.message}`)
const peakImportRss = peakRss

/* ------------------------------------------------------------ baseline */
// The same rows, already converted (parsing is not timed), inserted raw.
const all = await fieldsOf('fixrec.contact')
const byName = new Map(all.map((f) => [f.name, f]))
const now = new Date().toISOString().slice(0, 19).replace('T', ' ')
const rows: Record<string, unknown>[] = []
for (let i = 1; i <= ROWS; i++) {
  const cells = line(i).trim().split(',')
  const record: Record<string, unknown> = { owner_id: user.id, department_id: null, created_at: now }
  mapping.forEach((name, c) => {
    if (!name) return
    const parsed = parseFieldInput(byName.get(name)!, cells[c]) as any
    record[name] = typeof parsed.stored === 'bigint' ? parsed.stored.toString() : parsed.stored
  })
  rows.push(record)
}
started = performance.now()
await db.transaction(async (trx) => {
  for (let i = 0; i < rows.length; i += 500) await trx.insertQuery().table('fixrec_contacts').multiInsert(rows.slice(i, i + 500))
})
const baselineMs = performance.now() - started
clearInterval(sampler)

const loomRowsPerSecond = round((ROWS * 1000) / importMs, 0)
const baselineRowsPerSecond = round((ROWS * 1000) / baselineMs, 0)
const result = {
  rows: ROWS,
  dryRun: { ms: round(dryRunMs, 0), rowsPerSecond: round((ROWS * 1000) / dryRunMs, 0) },
  import: { ms: round(importMs, 0), rowsPerSecond: loomRowsPerSecond },
  baseline: { ms: round(baselineMs, 0), rowsPerSecond: baselineRowsPerSecond, what: 'raw multi-row INSERT of the converted rows, 500 a statement, one transaction' },
  ratioOfBaseline: round(loomRowsPerSecond / baselineRowsPerSecond, 2),
  rssBeforeImportMb: mb(rssBefore),
  peakRssDuringImportMb: mb(peakImportRss),
  importGrowthMb: mb(peakImportRss - rssBefore),
  target: 'peak RSS growth during the import ≤ 200 MB (streamed, not proportional to the file)',
  meetsTargets: peakImportRss - rssBefore <= 200 * 2 ** 20,
}
console.log(JSON.stringify(result, null, 2))
console.log(`written ${writeResult('import', result)}`)
await rm(path, { force: true })
await app.terminate()
process.exit(0)
