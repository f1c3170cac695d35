/*
 * Benchmark `custom_fields` (docs/decisions/009-custom-fields.md): 100,000
 * fixrec contacts with custom fields (a select, a money amount, a date);
 * the contact list's page query — filtered and sorted by custom fields —
 * through the same path the page takes (listQuery + withCustomFields: the
 * page's rows plus its total), page 1 and a deep page.
 *
 * Same-run baseline: the hand-written SQL of each page (one SELECT … LIMIT
 * and one COUNT). Target: p50 ≤ 100 ms per page query and ≤ 2× the baseline.
 * Also reported: adding a field (ALTER TABLE + index) to the full table.
 *
 * Run: npm run bench -- custom_fields   (BENCH_CF_ROWS=100000, BENCH_CF_RUNS=30)
 * Builds its own SQLite file tmp/bench-custom-fields.sqlite; on PostgreSQL
 * (DB_CONNECTION=pg) the database named by PG_DB_NAME is emptied first, so
 * it must be named *bench* or *test*.
 */
import 'reflect-metadata'
import { rmSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { Ignitor } from '@adonisjs/core'
// @ts-ignore plain JS helper
import { median, percentile, round, writeResult } from './lib.js'

const ROWS = Number(process.env.BENCH_CF_ROWS || 100_000)
const RUNS = Number(process.env.BENCH_CF_RUNS || 30)
const PER_PAGE = 20
const TARGET_MS = 100
const TARGET_RATIO = 2

const onPg = process.env.DB_CONNECTION === 'pg'
if (onPg && !/bench|test/.test(process.env.PG_DB_NAME ?? '')) {
  console.error('custom_fields bench empties its database: set PG_DB_NAME to a database named *bench* or *test*')
  process.exit(1)
}
process.env.NODE_ENV = 'development'
process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'warn'
process.env.LOOM_PLUGIN_DIRS = 'tests/fixtures/plugins'
if (!onPg) {
  process.env.SQLITE_PATH = 'tmp/bench-custom-fields.sqlite'
  for (const suffix of ['', '-wal', '-shm']) rmSync(`tmp/bench-custom-fields.sqlite${suffix}`, { force: true })
}

const APP_ROOT = new URL('../', import.meta.url)
const app = new Ignitor(APP_ROOT, {
  importer: (filePath: string) => import(filePath.startsWith('.') ? new URL(filePath, APP_ROOT).href : filePath),
})
  .tap((a) => a.booting(async () => void (await import('#start/env'))))
  .createApp('console')

await app.init()
await app.boot()
await app.start(async () => {})

const { default: db } = await import('@adonisjs/lucid/services/db')
const { resetTestDatabase } = await import('#tests/helpers/database')
const { addCustomField } = await import('#kernel/custom_fields/add_custom_field')
const { withCustomFields } = await import('#kernel/custom_fields/custom_list')
const { listQuery } = await import('#services/list_query')

const TYPE = 'fixrec.contact'
const TABLE = 'fixrec_contacts'
const REGIONS = ['north', 'south', 'east', 'west', 'central']

async function build() {
  await resetTestDatabase()
  await addCustomField({ recordType: TYPE, name: 'region', kind: 'select', labelZh: '区域', labelEn: 'Region', options: REGIONS.join('\n') })
  await addCustomField({ recordType: TYPE, name: 'budget', kind: 'money', labelZh: '预算', labelEn: 'Budget' })
  await addCustomField({ recordType: TYPE, name: 'since', kind: 'date', labelZh: '起始日', labelEn: 'Since' })
  const started = performance.now()
  const now = new Date()
  await db.transaction(async (trx) => {
    const batch = 500
    for (let start = 0; start < ROWS; start += batch) {
      const rows = []
      for (let i = start; i < Math.min(ROWS, start + batch); i++) {
        // Deterministic spread: budgets 0.00 … 99,999.99, dates over ~3 years.
        const budget = (BigInt((i * 7919) % 10_000_000) * 10_000n).toString()
        const day = new Date(Date.UTC(2024, 0, 1) + ((i * 37) % 1100) * 86_400_000).toISOString().slice(0, 10)
        rows.push({ name: `Contact ${String(i).padStart(6, '0')}`, vip: false, created_at: now, cf_region: REGIONS[i % 5], cf_budget: budget, cf_since: day })
      }
      await trx.insertQuery().table(TABLE).multiInsert(rows)
    }
  })
  if (onPg) await db.rawQuery(`ANALYZE "${TABLE}"`)
  return performance.now() - started
}

/** A request-shaped object carrying just what listQuery reads. */
function fakeCtx(params: Record<string, string>) {
  return { request: { all: () => params, qs: () => params, url: () => '/fixrec/contacts' }, auth: { user: null } } as any
}

interface Case {
  name: string
  params: Record<string, string>
  /** The same page by hand: WHERE, ORDER BY, OFFSET */
  raw: { where: (q: any) => any; order: [string, 'asc' | 'desc']; page: number }
}

const budget = (yuan: number) => (BigInt(yuan) * 1_000_000n).toString()
const CASES: Case[] = [
  { name: 'filter region, sort budget, page 1', params: { cf_region: 'north', sort: 'cf_budget' }, raw: { where: (q) => q.where('cf_region', 'north'), order: ['cf_budget', 'asc'], page: 1 } },
  { name: 'filter region, sort budget, page 50', params: { cf_region: 'north', sort: 'cf_budget', page: '50' }, raw: { where: (q) => q.where('cf_region', 'north'), order: ['cf_budget', 'asc'], page: 50 } },
  {
    name: 'budget range, sort since desc, page 1',
    params: { cf_budget_from: '1000', cf_budget_to: '20000', sort: 'cf_since', direction: 'desc' },
    raw: { where: (q) => q.where('cf_budget', '>=', budget(1000)).where('cf_budget', '<=', budget(20000)), order: ['cf_since', 'desc'], page: 1 },
  },
  { name: 'no filter, sort budget desc, page 200', params: { sort: 'cf_budget', direction: 'desc', page: '200' }, raw: { where: (q) => q, order: ['cf_budget', 'desc'], page: 200 } },
]

async function timeIt(fn: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn()
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now()
    await fn()
    times.push(performance.now() - t)
  }
  return { p50: round(median(times), 2), p95: round(percentile(times, 95), 2) }
}

const buildMs = await build()
const options = await withCustomFields(TYPE, { searchable: ['name'], sortable: { name: 'name' }, defaultSort: 'name', perPage: PER_PAGE })
const results = []
for (const c of CASES) {
  const loom = await timeIt(async () => {
    const { rows, list } = await listQuery(fakeCtx(c.params), db.from(TABLE).select('*'), options)
    if (rows.length !== PER_PAGE || list.total < PER_PAGE) throw new Error(`${c.name}: got ${rows.length} rows of ${list.total}`)
  })
  const raw = await timeIt(async () => {
    await c.raw.where(db.from(TABLE).count('* as total')).first()
    await c.raw.where(db.from(TABLE).select('*')).orderBy(c.raw.order[0], c.raw.order[1]).orderBy('id', c.raw.order[1]).limit(PER_PAGE).offset((c.raw.page - 1) * PER_PAGE)
  })
  results.push({ case: c.name, loomP50Ms: loom.p50, loomP95Ms: loom.p95, handWrittenP50Ms: raw.p50, ratio: round(loom.p50 / Math.max(raw.p50, 0.01), 2) })
}

// What the indexes buy: the first case again with the region and budget indexes dropped (then restored).
const { indexName } = await import('#kernel/custom_fields/custom_field_columns')
for (const column of ['cf_region', 'cf_budget']) await db.rawQuery(`DROP INDEX "${indexName(TABLE, column)}"`)
const unindexed = await timeIt(async () => {
  await listQuery(fakeCtx(CASES[0].params), db.from(TABLE).select('*'), options)
})
for (const column of ['cf_region', 'cf_budget']) await db.rawQuery(`CREATE INDEX "${indexName(TABLE, column)}" ON "${TABLE}" ("${column}", "id")`)

// Adding a field to the full table: ALTER TABLE (instant: nullable, no default) + CREATE INDEX over every row.
const addStarted = performance.now()
await addCustomField({ recordType: TYPE, name: 'score', kind: 'number', labelZh: '评分', labelEn: 'Score' })
const addFieldMs = round(performance.now() - addStarted, 1)

const worstP50 = Math.max(...results.map((r) => r.loomP50Ms))
const worstRatio = Math.max(...results.map((r) => r.ratio))
const meetsTargets = worstP50 <= TARGET_MS && worstRatio <= TARGET_RATIO
console.table(results)
console.log(`without the indexes, "${CASES[0].name}" takes p50 ${unindexed.p50} ms`)
console.log(`rows ${ROWS} (inserted in ${round(buildMs / 1000, 1)} s); adding a field to the full table: ${addFieldMs} ms`)
console.log(`worst p50 ${worstP50} ms (target ≤ ${TARGET_MS}); worst ratio to hand-written ×${worstRatio} (target ≤ ${TARGET_RATIO}) → ${meetsTargets ? 'met' : 'NOT met'}`)
const file = writeResult('custom_fields', { rows: ROWS, runs: RUNS, perPage: PER_PAGE, cases: results, worstP50Ms: worstP50, worstRatio, withoutIndexesCase1P50Ms: unindexed.p50, addFieldMs, targets: { p50Ms: TARGET_MS, ratio: TARGET_RATIO }, meetsTargets })
console.log(`→ ${file}`)
await app.terminate()
