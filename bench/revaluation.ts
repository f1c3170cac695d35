/*
 * Benchmark `revaluation`: a back-dated receipt into an item with 100,000
 * later moves (moving average), posted through postMoves: it restates the
 * cost and running figures of every later move of that item (one pass in
 * memory, batched UPDATE … FROM VALUES). Same-run baseline: recomputing that
 * item's moving average in memory (reading its moves and folding them).
 * Target: ≤ 1 s. Afterwards (not timed) inventory's verifier must find the
 * item's ledger consistent.
 *
 * Runs with NODE_ENV=test on its own database: tmp/bench-revaluation.sqlite,
 * or PostgreSQL when DB_CONNECTION=pg (PG_DB_NAME is EMPTIED: its name must
 * contain "bench"). Run: npm run bench -- revaluation  (BENCH_REVAL_MOVES=100000)
 */
import 'reflect-metadata'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Ignitor } from '@adonisjs/core'
// @ts-ignore plain JS helper
import { round, writeResult, median } from './lib.js'

const MOVES = Number(process.env.BENCH_REVAL_MOVES || 100_000)
const RUNS = Number(process.env.BENCH_REVAL_RUNS || 3)
const ROOT = process.cwd()
process.env.NODE_ENV = 'test'
if (process.env.DB_CONNECTION === 'pg') {
  if (!/bench/.test(process.env.PG_DB_NAME ?? '')) {
    console.error('The revaluation benchmark empties its database: set PG_DB_NAME to a database whose name contains "bench".')
    process.exit(1)
  }
} else {
  process.env.SQLITE_PATH = process.env.SQLITE_PATH || join(ROOT, 'tmp', 'bench-revaluation.sqlite')
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
const { DateTime } = await import('luxon')
const { resetTestDatabase } = await import('#tests/helpers/database')
const { dbTimestamp } = await import('#kernel/records/record_writer')
const { postMoves, virtualLocation } = await import('#plugins/inventory/api')
const { makeItem, makeWarehouse } = await import('#plugins/inventory/tests/helpers/stock_fixtures')
const { applyMove, emptyState } = await import('#plugins/inventory/services/valuation_engine')
const { toValued } = await import('#plugins/inventory/services/valuation_restate')
const { verifyLedger } = await import('#plugins/inventory/services/ledger_verify')

await resetTestDatabase()
const supplier = await virtualLocation('supplier')
const customer = await virtualLocation('customer')
const wh = await makeWarehouse({ code: 'BENCH' })
const START = DateTime.fromISO('2020-01-01T00:00:00')

/** An item with MOVES moves one minute apart (receipts of 10 at varying cost, issues of 6), written in bulk with correct figures. */
async function itemWithHistory(): Promise<number> {
  const item = await makeItem()
  const state = emptyState('moving_average')
  const created = dbTimestamp(new Date(), db.connection())
  let batch: any[] = []
  let onHand = 0n
  let last: { at: any; id: number } | null = null
  await db.transaction(async (trx) => {
    const flush = async () => {
      if (!batch.length) return
      await trx.table('inventory_moves').multiInsert(batch)
      batch = []
    }
    for (let i = 0; i < MOVES; i++) {
      const receipt = i % 2 === 0
      const quantity = receipt ? 10_000_000n : 6_000_000n
      const move = {
        id: 0, postedAt: null, quantity, effect: receipt ? 1 : -1, fixed: receipt, reversalOfId: null,
        unitCost: receipt ? BigInt(5 + (i % 7)) * 1_000_000n : 0n, value: 0n, runningQty: 0n, runningValue: 0n, avgCost: 0n,
      }
      applyMove(state, move, () => undefined)
      onHand += receipt ? quantity : -quantity
      const at = dbTimestamp(START.plus({ minutes: i + 1 }).toJSDate(), trx)
      batch.push({
        item_id: item, lot_id: null, from_location_id: receipt ? supplier : wh.stockId, to_location_id: receipt ? wh.stockId : customer,
        quantity: quantity.toString(), unit_cost: move.unitCost.toString(), value: move.value.toString(), posted_at: at,
        document_type: 'bench.history', document_id: i + 1, created_at: created, valuation_effect: move.effect, cost_fixed: move.fixed,
        running_qty: move.runningQty.toString(), running_value: move.runningValue.toString(), avg_cost: move.avgCost.toString(),
      })
      if (batch.length === 500) await flush()
    }
    await flush()
    const lastRow = await trx.from('inventory_moves').where('item_id', item).orderBy('id', 'desc').first()
    last = { at: lastRow.posted_at, id: Number(lastRow.id) }
    await trx.table('inventory_balances').insert({ item_id: item, location_id: wh.stockId, warehouse_id: wh.id, lot_id: 0, on_hand: onHand.toString() })
    await trx.table('inventory_item_costs').insert({
      item_id: item, quantity: state.qty.toString(), value: state.value.toString(), avg_cost: state.avg.toString(), last_posted_at: last!.at, last_move_id: last!.id,
    })
  })
  return item
}

const restateMs: number[] = []
const baselineMs: number[] = []
let changed = 0
let consistent = true
for (let run = 0; run < RUNS; run++) {
  const item = await itemWithHistory()
  const laterMoves = MOVES - 1

  // Same-run baseline: read the item's moves and fold its moving average in memory.
  let t = performance.now()
  const rows = await db
    .from('inventory_moves')
    .where('item_id', item)
    .orderBy([{ column: 'posted_at' }, { column: 'id' }])
    .select('id', 'posted_at', 'quantity', 'valuation_effect', 'cost_fixed', 'reversal_of_id', 'unit_cost', 'value', 'running_qty', 'running_value', 'avg_cost')
  const state = emptyState('moving_average')
  for (const row of rows) applyMove(state, toValued(row), () => undefined)
  baselineMs.push(performance.now() - t)

  // The back-dated receipt: after the first move, before the other MOVES − 1.
  t = performance.now()
  await db.transaction((trx) =>
    postMoves(trx, [
      {
        itemId: item, fromLocationId: supplier, toLocationId: wh.stockId, quantity: '10', unitCost: '3.17',
        postedAt: START.plus({ seconds: 90 }), documentType: 'bench.backdated', documentId: run + 1,
      },
    ])
  )
  restateMs.push(performance.now() - t)
  changed = laterMoves
  const differences = await verifyLedger({ itemIds: [item] })
  if (differences.length) {
    consistent = false
    console.error(differences.slice(0, 5))
  }
  console.log(`run ${run + 1}: back-dated receipt ${round(restateMs[run], 0)} ms; in-memory recompute ${round(baselineMs[run], 0)} ms; consistent: ${!differences.length}`)
}

const result = {
  moves: MOVES,
  laterMovesRestated: changed,
  runs: RUNS,
  backdatedReceiptMedianMs: round(median(restateMs), 0),
  baseline: { inMemoryRecomputeMedianMs: round(median(baselineMs), 0) },
  ratioToBaseline: round(median(restateMs) / median(baselineMs), 2),
  consistentAfterwards: consistent,
  meetsTargets: median(restateMs) <= 1000 && consistent,
}
console.log(result)
console.log(`written ${writeResult('revaluation', result)}`)
await db.manager.closeAll()
process.exit(0)
