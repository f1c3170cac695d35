/*
 * The stock ledger (台账/明细账) of one item over a date range, within the
 * stock locations the filters leave (a warehouse, a location subtree, a lot):
 * the opening balance, each move with what came in and went out there, the
 * running balance (a window sum, so every page shows the right figure), and
 * the closing balance. In/out values are the moves' values at valued
 * locations; balance values are the valued quantity at the item's average
 * cost after the move (or its running value when that is all its stock),
 * as valuation.ts defines them.
 */
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { and, endOf, fromSubquery, locationCondition, lotCondition, startOf, VALUED_KINDS_SQL, type Fragment, type ReportFilters } from './filters.js'

function scope(filters: ReportFilters) {
  return { stock: locationCondition('%COL%', filters), valued: locationCondition('%COL%', filters, VALUED_KINDS_SQL) }
}

const at = (f: Fragment, column: string): Fragment => ({ sql: f.sql.replace('%COL%', column), bindings: f.bindings })

/** The movement columns of one move inside the filtered locations: in/out quantity and value. */
function movementColumns(filters: ReportFilters): Fragment {
  const { stock, valued } = scope(filters)
  const parts = [
    [at(stock, 'm.to_location_id'), 'm.quantity', 'in_q'],
    [at(stock, 'm.from_location_id'), 'm.quantity', 'out_q'],
    [at(valued, 'm.to_location_id'), 'm.value', 'in_v'],
    [at(valued, 'm.from_location_id'), 'm.value', 'out_v'],
    [at(valued, 'm.to_location_id'), 'm.quantity', 'in_vq'],
    [at(valued, 'm.from_location_id'), 'm.quantity', 'out_vq'],
  ] as const
  return {
    sql: parts.map(([cond, column, alias]) => `CASE WHEN ${cond.sql} THEN ${column} ELSE 0 END AS ${alias}`).join(', '),
    bindings: parts.flatMap(([cond]) => cond.bindings),
  }
}

/** Moves of the item that touch the filtered locations. */
function touching(filters: ReportFilters, itemId: number): Fragment {
  const { stock } = scope(filters)
  return and(
    { sql: 'm.item_id = ?', bindings: [itemId] },
    { sql: `(${at(stock, 'm.to_location_id').sql} OR ${at(stock, 'm.from_location_id').sql})`, bindings: [...stock.bindings, ...stock.bindings] },
    lotCondition('m.lot_id', filters)
  )
}

export interface LedgerTotals {
  /** Micros as decimal strings */
  openingQ: string
  /** Valued quantity before the period and at its end (values: valuation.ts) */
  openingVq: string
  closingVq: string
  openingV: string
  inQ: string
  outQ: string
  inV: string
  outV: string
}

/** Opening balance (before `from`) and the period's totals, in one query. */
export async function ledgerTotals(client: QueryClientContract, filters: ReportFilters, itemId: number, from: string, to: string): Promise<LedgerTotals> {
  const cols = movementColumns(filters)
  const where = touching(filters, itemId)
  const start = startOf(from, client)
  const sql =
    `SELECT CAST(COALESCE(SUM(CASE WHEN x.posted_at < ? THEN x.in_q - x.out_q ELSE 0 END), 0) AS TEXT) AS opening_q, ` +
    `CAST(COALESCE(SUM(CASE WHEN x.posted_at < ? THEN x.in_v - x.out_v ELSE 0 END), 0) AS TEXT) AS opening_v, ` +
    `CAST(COALESCE(SUM(CASE WHEN x.posted_at < ? THEN x.in_vq - x.out_vq ELSE 0 END), 0) AS TEXT) AS opening_vq, ` +
    `CAST(COALESCE(SUM(x.in_vq - x.out_vq), 0) AS TEXT) AS closing_vq, ` +
    `CAST(COALESCE(SUM(CASE WHEN x.posted_at >= ? THEN x.in_q ELSE 0 END), 0) AS TEXT) AS in_q, ` +
    `CAST(COALESCE(SUM(CASE WHEN x.posted_at >= ? THEN x.out_q ELSE 0 END), 0) AS TEXT) AS out_q, ` +
    `CAST(COALESCE(SUM(CASE WHEN x.posted_at >= ? THEN x.in_v ELSE 0 END), 0) AS TEXT) AS in_v, ` +
    `CAST(COALESCE(SUM(CASE WHEN x.posted_at >= ? THEN x.out_v ELSE 0 END), 0) AS TEXT) AS out_v ` +
    `FROM (SELECT m.posted_at, ${cols.sql} FROM inventory_moves m WHERE ${where.sql} AND m.posted_at < ?) x`
  const result = await client.rawQuery(sql, <any[]>[start, start, start, start, start, start, start, ...cols.bindings, ...where.bindings, endOf(to, client)])
  const row = (result.rows ?? result)[0] ?? {}
  return {
    openingQ: String(row.opening_q ?? '0'),
    openingV: String(row.opening_v ?? '0'),
    openingVq: String(row.opening_vq ?? '0'),
    closingVq: String(row.closing_vq ?? '0'),
    inQ: String(row.in_q ?? '0'),
    outQ: String(row.out_q ?? '0'),
    inV: String(row.in_v ?? '0'),
    outV: String(row.out_v ?? '0'),
  }
}

/**
 * The period's moves, oldest first, with the running balance since the
 * opening (add the opening to run_q / run_v). Paged by the list query.
 */
export function ledgerQuery(client: QueryClientContract, filters: ReportFilters, itemId: number, from: string, to: string) {
  const cols = movementColumns(filters)
  const where = touching(filters, itemId)
  const window = 'OVER (ORDER BY x.posted_at, x.id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)'
  const inner =
    `SELECT m.id, m.posted_at, m.document_type, m.document_id, m.document_number, m.note, m.from_location_id, m.to_location_id, m.lot_id, ` +
    `m.avg_cost, m.running_qty, m.running_value, ${cols.sql} ` +
    `FROM inventory_moves m WHERE ${where.sql} AND m.posted_at >= ? AND m.posted_at < ?`
  const sql =
    `(SELECT x.id, x.posted_at, x.document_type, x.document_id, x.document_number, x.note, x.lot_id, lt.code AS lot_code, ` +
    `fl.full_code AS from_code, fl.kind AS from_kind, tl.full_code AS to_code, tl.kind AS to_kind, ` +
    `CAST(x.in_q AS TEXT) AS in_q, CAST(x.out_q AS TEXT) AS out_q, CAST(x.in_v AS TEXT) AS in_v, CAST(x.out_v AS TEXT) AS out_v, ` +
    `CAST(SUM(x.in_q - x.out_q) ${window} AS TEXT) AS run_q, CAST(SUM(x.in_vq - x.out_vq) ${window} AS TEXT) AS run_vq, ` +
    `CAST(x.avg_cost AS TEXT) AS avg_cost, CAST(x.running_qty AS TEXT) AS running_qty, CAST(x.running_value AS TEXT) AS running_value ` +
    `FROM (${inner}) x JOIN inventory_locations fl ON fl.id = x.from_location_id JOIN inventory_locations tl ON tl.id = x.to_location_id ` +
    `LEFT JOIN inventory_lots lt ON lt.id = x.lot_id) AS r`
  return fromSubquery(client, sql, [...cols.bindings, ...where.bindings, startOf(from, client), endOf(to, client)])
}

export const ledgerListShape = {
  sortable: { posted: 'posted_at' },
  defaultSort: 'posted',
  tiebreaker: 'id',
  perPage: 50,
}

/** The item's cost figures (avg, running qty, running value) at the end of a day — its last move before then. */
export async function itemCostAt(client: QueryClientContract, itemId: number, before: Date | string): Promise<{ avg: bigint; rq: bigint; rv: bigint }> {
  const row = await client
    .from('inventory_moves')
    .where('item_id', itemId)
    .where('posted_at', '<', before as any)
    .orderBy('posted_at', 'desc')
    .orderBy('id', 'desc')
    .select(client.raw('CAST(avg_cost AS TEXT) AS avg'), client.raw('CAST(running_qty AS TEXT) AS rq'), client.raw('CAST(running_value AS TEXT) AS rv'))
    .first()
  return { avg: BigInt(row?.avg ?? 0), rq: BigInt(row?.rq ?? 0), rv: BigInt(row?.rv ?? 0) }
}
