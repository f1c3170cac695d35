/*
 * A back-dated move restates the later moves of its item only: start from the
 * running figures of the move just before it, replay the moves from it on in
 * memory (valuation_engine), write back only the rows whose figures changed
 * in batched UPDATEs, and set the item's current figures. No other item and
 * no earlier move is read or written (FIFO reads the earlier incoming moves to
 * rebuild the layers open at that point).
 */
import type { Trx } from '../api.js'
import { applyMove, emptyState, type CostingMethod, type Layer, type ValuationState, type ValuedMove } from './valuation_engine.js'

const big = (value: unknown): bigint => (typeof value === 'bigint' ? value : value === null || value === undefined ? 0n : BigInt(value as any))

const MOVE_COLUMNS = ['id', 'posted_at', 'quantity', 'valuation_effect', 'cost_fixed', 'reversal_of_id', 'unit_cost', 'value', 'running_qty', 'running_value', 'avg_cost']

export function toValued(row: any): ValuedMove {
  return {
    id: Number(row.id),
    postedAt: row.posted_at,
    quantity: big(row.quantity),
    effect: Number(row.valuation_effect),
    fixed: Boolean(row.cost_fixed),
    reversalOfId: row.reversal_of_id === null ? null : Number(row.reversal_of_id),
    unitCost: big(row.unit_cost),
    value: big(row.value),
    runningQty: big(row.running_qty),
    runningValue: big(row.running_value),
    avgCost: big(row.avg_cost),
  }
}

/** A row of MOVE_COLUMNS as an array of safe integers (better-sqlite3 raw mode). */
function toValuedRaw(r: any[]): ValuedMove {
  return {
    id: Number(r[0]),
    postedAt: r[1],
    quantity: r[2],
    effect: Number(r[3]),
    fixed: Boolean(r[4]),
    reversalOfId: r[5] === null ? null : Number(r[5]),
    unitCost: r[6],
    value: r[7],
    runningQty: r[8],
    runningValue: r[9],
    avgCost: r[10],
  }
}

/** Rebuilds the FIFO layers open just after `before` (a move row) from the earlier incoming moves. */
async function layersBefore(trx: Trx, itemId: number, before: any | null): Promise<Layer[]> {
  if (!before) return []
  const incoming = await trx
    .from('inventory_moves')
    .where('item_id', itemId)
    .where('valuation_effect', 1)
    .where((q) => q.where('posted_at', '<', before.posted_at).orWhere((q2) => q2.where('posted_at', before.posted_at).where('id', '<=', before.id)))
    .orderBy([{ column: 'posted_at', order: 'desc' }, { column: 'id', order: 'desc' }])
    .select('id', 'posted_at', 'quantity', 'unit_cost')
  // What is still held is the newest incoming quantity (FIFO consumed the oldest).
  let held = big(before.running_qty)
  const layers: Layer[] = []
  for (const row of incoming) {
    if (held <= 0n) break
    const q = big(row.quantity)
    const remaining = q < held ? q : held
    held -= remaining
    layers.unshift({ moveId: Number(row.id), postedAt: row.posted_at, quantity: q, remaining, unitCost: big(row.unit_cost) })
  }
  return layers
}

const CHUNK = 10_000

/**
 * On SQLite, the transaction's own better-sqlite3 connection: restating
 * 100,000 moves through one prepared statement is several times faster than
 * through the query builder (same connection, same transaction). Null on
 * PostgreSQL, where UPDATE … FROM unnest(arrays) is the fast way.
 */
async function nativeSqlite(trx: Trx): Promise<any | null> {
  if (trx.dialect.name === 'postgres') return null
  const connection = await (trx as any).knexClient?.client?.acquireConnection?.()
  return connection && typeof connection.prepare === 'function' ? connection : null
}

/** Writes the changed figures of moves (SQLite: a prepared statement; PostgreSQL: UPDATE … FROM unnest(arrays)). */
export async function writeFigures(trx: Trx, moves: ValuedMove[]) {
  const native = await nativeSqlite(trx)
  if (native) {
    const statement = native.prepare('UPDATE inventory_moves SET unit_cost = ?, value = ?, running_qty = ?, running_value = ?, avg_cost = ? WHERE id = ?')
    for (const m of moves) statement.run(m.unitCost, m.value, m.runningQty, m.runningValue, m.avgCost, BigInt(m.id))
    return
  }
  // PostgreSQL: one UPDATE per 10,000 moves joined to typed arrays (unnest), so the planner uses the primary key.
  for (let start = 0; start < moves.length; start += CHUNK) {
    const chunk = moves.slice(start, start + CHUNK)
    const column = (get: (m: ValuedMove) => bigint | number) => chunk.map((m) => String(get(m)))
    await trx.rawQuery(
      'UPDATE inventory_moves AS m SET unit_cost = v.unit_cost, value = v.value, running_qty = v.running_qty, running_value = v.running_value, avg_cost = v.avg_cost ' +
        'FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) AS v(id, unit_cost, value, running_qty, running_value, avg_cost) ' +
        'WHERE m.id = v.id',
      [column((m) => m.id), column((m) => m.unitCost), column((m) => m.value), column((m) => m.runningQty), column((m) => m.runningValue), column((m) => m.avgCost)] as any
    )
  }
}

export async function restateFrom(trx: Trx, method: CostingMethod, itemId: number, moveId: number) {
  const start: any = await trx.from('inventory_moves').where('id', moveId).select(MOVE_COLUMNS).first()
  const before: any = await trx
    .from('inventory_moves')
    .where('item_id', itemId)
    .where((q) => q.where('posted_at', '<', start.posted_at).orWhere((q2) => q2.where('posted_at', start.posted_at).where('id', '<', moveId)))
    .orderBy([{ column: 'posted_at', order: 'desc' }, { column: 'id', order: 'desc' }])
    .select(MOVE_COLUMNS)
    .first()
  const state: ValuationState = emptyState(method)
  if (before) {
    state.qty = big(before.running_qty)
    state.value = big(before.running_value)
    state.avg = big(before.avg_cost)
    if (method === 'fifo') state.layers = await layersBefore(trx, itemId, before)
  }
  const native = await nativeSqlite(trx)
  let rows: any[]
  if (native) {
    const statement = native.prepare(
      `SELECT ${MOVE_COLUMNS.join(', ')} FROM inventory_moves WHERE item_id = ? AND (posted_at > ? OR (posted_at = ? AND id >= ?)) ORDER BY posted_at, id`
    )
    // Arrays, not objects (half the allocation), in MOVE_COLUMNS order.
    rows = statement
      .safeIntegers(true)
      .raw(true)
      .all(itemId, start.posted_at, start.posted_at, moveId)
      .map((r: any[]) => toValuedRaw(r))
  } else {
    rows = await trx
      .from('inventory_moves')
      .where('item_id', itemId)
      .where((q) => q.where('posted_at', '>', start.posted_at).orWhere((q2) => q2.where('posted_at', start.posted_at).where('id', '>=', moveId)))
      .orderBy([{ column: 'posted_at' }, { column: 'id' }])
      .select(MOVE_COLUMNS)
  }
  const replayed = new Map<number, ValuedMove>()
  const changed: ValuedMove[] = []
  let last: ValuedMove | null = null
  for (const row of rows) {
    const move = native ? (row as ValuedMove) : toValued(row)
    if (applyMove(state, move, (id) => replayed.get(id)?.unitCost)) changed.push(move)
    replayed.set(move.id, move)
    last = move
  }
  await writeFigures(trx, changed)
  if (state.layers) {
    await trx.from('inventory_cost_layers').where('item_id', itemId).delete()
    for (const l of state.layers) {
      await trx.table('inventory_cost_layers').insert({
        item_id: itemId, move_id: l.moveId, posted_at: l.postedAt, quantity: l.quantity.toString(), remaining: l.remaining.toString(), unit_cost: l.unitCost.toString(),
      })
    }
  }
  return {
    cost: { qty: state.qty, value: state.value, avg: state.avg, lastMoveId: last ? last.id : null },
    moves: replayed,
    changed: changed.length,
  }
}
