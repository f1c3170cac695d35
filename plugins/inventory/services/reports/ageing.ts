/*
 * Ageing (库龄), FIFO: stock on hand at a date is taken to be the latest
 * receipts that cover it — the receipts (moves into the group's stock from
 * outside it) newest first, each covering what the newer ones did not. A
 * window sum over the receipts gives, per receipt, how much of the on-hand
 * it covers; the covered quantities are summed into age buckets by the
 * receipt's posting time. On-hand not covered by any receipt in the ledger
 * (e.g. opening stock posted as an adjustment before receipts were kept)
 * counts in the oldest bucket.
 *
 * Groups: item (receipts = entries into any stock location from outside
 * stock), or item × warehouse (entries into the warehouse from outside it,
 * so a transfer from another warehouse starts a new age there).
 */
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { daysBefore, endOf, fromSubquery, STOCK_KINDS_SQL, type ReportFilters } from './filters.js'
import { signedMoves } from './balance.js'

export const DEFAULT_BUCKETS = [30, 90, 180, 365]

/** '30,90,180,365' → sorted, distinct positive day limits (at most 8); null when malformed. */
export function parseBuckets(raw: string): number[] | null {
  if (!raw.trim()) return DEFAULT_BUCKETS
  const parts = raw.split(',').map((p) => p.trim())
  if (parts.some((p) => !/^\d{1,5}$/.test(p))) return null
  const days = [...new Set(parts.map(Number))].filter((d) => d > 0).sort((a, b) => a - b)
  return days.length && days.length <= 8 ? days : null
}

export type AgeingGroup = 'item' | 'warehouse'

export function ageingQuery(client: QueryClientContract, filters: ReportFilters, options: { date: string; buckets: number[]; group: AgeingGroup }) {
  const end = endOf(options.date, client)
  const byWarehouse = options.group === 'warehouse'
  const whCol = byWarehouse ? 'l.warehouse_id' : '0'
  const groupBy = byWarehouse ? 's.item_id, l.warehouse_id' : 's.item_id'
  // On hand per group at the date.
  const moves = signedMoves(filters, end)
  const onHand =
    `SELECT s.item_id, ${whCol} AS wh, SUM(s.qty) AS q FROM (${moves.sql}) s JOIN inventory_locations l ON l.id = s.loc_id ` +
    `GROUP BY ${groupBy} HAVING SUM(s.qty) > 0`
  // Receipts into the group's stock from outside it (the into-side rows of the same signed moves).
  const fromOutside = byWarehouse
    ? `(o.kind NOT IN ${STOCK_KINDS_SQL} OR o.warehouse_id IS NULL OR o.warehouse_id <> l.warehouse_id)`
    : `o.kind NOT IN ${STOCK_KINDS_SQL}`
  const receiptMoves = signedMoves(filters, end)
  const receipts =
    `SELECT s.move_id, s.item_id, ${whCol} AS wh, s.qty, s.posted_at FROM (${receiptMoves.sql}) s ` +
    `JOIN inventory_locations l ON l.id = s.loc_id JOIN inventory_locations o ON o.id = s.other_id WHERE s.qty > 0 AND ${fromOutside}`
  const ranked =
    `SELECT rc.item_id, rc.wh, rc.qty, rc.posted_at, ` +
    `SUM(rc.qty) OVER (PARTITION BY rc.item_id, rc.wh ORDER BY rc.posted_at DESC, rc.move_id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS upto ` +
    `FROM (${receipts}) rc`
  // How much of the on-hand each receipt covers.
  const covered =
    `SELECT k.item_id, k.wh, k.posted_at, CASE WHEN oh.q <= k.upto - k.qty THEN 0 WHEN oh.q >= k.upto THEN k.qty ELSE oh.q - (k.upto - k.qty) END AS c ` +
    `FROM (${ranked}) k JOIN (${onHand}) oh ON oh.item_id = k.item_id AND oh.wh = k.wh`
  // Bucket i holds receipts posted on/after its lower time limit and before the previous one.
  // Age in days ≤ d ⇔ posted on or after the start of (date − d).
  const limits = options.buckets.map((d) => daysBefore(options.date, d + 1, client))
  const bucketSql: string[] = []
  const bucketBindings: unknown[] = []
  limits.forEach((limit, i) => {
    if (i === 0) {
      bucketSql.push(`SUM(CASE WHEN cv.posted_at >= ? THEN cv.c ELSE 0 END) AS b0`)
      bucketBindings.push(limit)
    } else {
      bucketSql.push(`SUM(CASE WHEN cv.posted_at >= ? AND cv.posted_at < ? THEN cv.c ELSE 0 END) AS b${i}`)
      bucketBindings.push(limit, limits[i - 1])
    }
  })
  bucketSql.push(`SUM(CASE WHEN cv.posted_at < ? THEN cv.c ELSE 0 END) AS b${limits.length}`)
  bucketBindings.push(limits[limits.length - 1])
  const bucketsAgg = `SELECT cv.item_id, cv.wh, ${bucketSql.join(', ')}, SUM(cv.c) AS covered FROM (${covered}) cv GROUP BY cv.item_id, cv.wh`

  const bucketCols = options.buckets
    .map((_, i) => `CAST(COALESCE(bk.b${i}, 0) AS TEXT) AS b${i}`)
    .concat([`CAST(COALESCE(bk.b${limits.length}, 0) + oh.q - COALESCE(bk.covered, 0) AS TEXT) AS b${limits.length}`])
  const sql =
    `(SELECT oh.item_id, oh.wh AS warehouse_id, i.code AS item_code, i.name AS item_name, i.specification AS item_spec, u.code AS unit_code, ` +
    `u.precision AS unit_precision, w.code AS warehouse_code, w.name AS warehouse_name, oh.q AS q_sort, CAST(oh.q AS TEXT) AS on_hand, ${bucketCols.join(', ')}, ` +
    `i.code || '|' || COALESCE(w.code, '') AS row_key ` +
    `FROM (${onHand}) oh LEFT JOIN (${bucketsAgg}) bk ON bk.item_id = oh.item_id AND bk.wh = oh.wh ` +
    `JOIN inventory_items i ON i.id = oh.item_id JOIN inventory_units u ON u.id = i.base_unit_id LEFT JOIN inventory_warehouses w ON w.id = oh.wh) AS r`
  // Bindings in textual order: on-hand (outer select), buckets aggregate (its select, then the ranked receipts, then its on-hand join).
  const bindings = [...moves.bindings, ...bucketBindings, ...receiptMoves.bindings, ...moves.bindings]
  return fromSubquery(client, sql, bindings)
}

export const ageingListShape = {
  searchable: ['item_code', 'item_name'],
  sortable: { item: 'item_code', warehouse: 'warehouse_code', on_hand: 'q_sort' },
  defaultSort: 'item',
  tiebreaker: 'row_key',
}
