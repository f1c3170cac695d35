/*
 * Benchmark `stock_post`: stock moves posted per second through postMoves
 * (documents of 5 lines, one transaction each: checks, item locks, moves,
 * balances, valuation), receipts first then issues, over 20 items. Same-run
 * baseline: raw multi-row INSERTs of the same move rows (500 a statement, one
 * transaction, rolled back) — what the database costs for the rows alone.
 *
 * Runs with NODE_ENV=test on its own database: tmp/bench-stock-post.sqlite,
 * or PostgreSQL when DB_CONNECTION=pg (PG_DB_NAME is EMPTIED: its name must
 * contain "bench"). Run: npm run bench -- stock_post  (BENCH_STOCK_MOVES=10000)
 */
import 'reflect-metadata'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { loadavg } from 'node:os'
import { Ignitor } from '@adonisjs/core'
// @ts-ignore plain JS helper
import { round, writeResult } from './lib.js'

const MOVES = Number(process.env.BENCH_STOCK_MOVES || 10_000)
const LINES = 5
const ROOT = process.cwd()
process.env.NODE_ENV = 'test'
if (process.env.DB_CONNECTION === 'pg') {
  if (!/bench/.test(process.env.PG_DB_NAME ?? '')) {
    console.error('The stock_post benchmark empties its database: set PG_DB_NAME to a database whose name contains "bench".')
    process.exit(1)
  }
} else {
  process.env.SQLITE_PATH = process.env.SQLITE_PATH || join(ROOT, 'tmp', 'bench-stock-post.sqlite')
}

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
const { postMoves, virtualLocation } = await import('#plugins/inventory/api')
const { makeItem, makeWarehouse } = await import('#plugins/inventory/tests/helpers/stock_fixtures')
const { verifyLedger } = await import('#plugins/inventory/services/ledger_verify')

await resetTestDatabase()
const supplier = await virtualLocation('supplier')
const customer = await virtualLocation('customer')
const wh = await makeWarehouse({ code: 'BENCH' })
const items: number[] = []
for (let i = 0; i < 20; i++) items.push(await makeItem())

const documents = Math.ceil(MOVES / LINES)
const load = loadavg()[0]
let t = performance.now()
for (let d = 0; d < documents; d++) {
  const receipt = d < documents / 2
  await db.transaction((trx) =>
    postMoves(
      trx,
      Array.from({ length: LINES }, (_, l) => ({
        itemId: items[(d * LINES + l) % items.length],
        fromLocationId: receipt ? supplier : wh.stockId,
        toLocationId: receipt ? wh.stockId : customer,
        quantity: receipt ? '10' : '7',
        unitCost: receipt ? `${5 + (d % 9)}.25` : null,
        documentType: 'bench.doc',
        documentId: d + 1,
        documentLineId: l + 1,
      }))
    )
  )
}
const postMs = performance.now() - t
const posted = documents * LINES

// Baseline: the same rows, inserted raw (and rolled back).
const rows = (await db.from('inventory_moves').where('document_type', 'bench.doc').orderBy('id')).map(({ id: _id, ...row }: any) => row)
const trx = await db.transaction()
t = performance.now()
for (let i = 0; i < rows.length; i += 500) await trx.table('inventory_moves').multiInsert(rows.slice(i, i + 500))
const rawMs = performance.now() - t
await trx.rollback()

const differences = await verifyLedger()
const result = {
  moves: posted,
  documents,
  linesPerDocument: LINES,
  loadAverageAtStart: round(load, 1),
  postMoves: { ms: round(postMs, 0), movesPerSecond: round((posted / postMs) * 1000, 0) },
  baseline: { ms: round(rawMs, 0), movesPerSecond: round((rows.length / rawMs) * 1000, 0) },
  ratioOfBaseline: round(postMs ? rawMs / postMs : 0, 3),
  consistentAfterwards: differences.length === 0,
  meetsTargets: differences.length === 0,
}
console.log(result)
console.log(`written ${writeResult('stock_post', result)}`)
await db.manager.closeAll()
process.exit(0)
