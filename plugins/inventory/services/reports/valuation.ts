/*
 * Values in the reports, as the valuation engine defines them
 * (services/valuation_report.ts, docs/decisions/014): the value of a part of
 * an item's own stock is quantity × the item's average unit cost at that
 * moment, rounded to cents half-up away from zero; a part that is all of the
 * item's valued stock takes the item's running value (exact). The cost at a
 * date is the running figures of the item's last move before the end of
 * that day; now, inventory_item_costs.
 */
import { itemCondition, type Fragment, type ReportFilters } from './filters.js'

/**
 * Exact valueOf(q, c) = divRound(q × c, 10^10) × 10^4 in integer SQL on both
 * databases without overflowing 64 bits for realistic figures: q and c are
 * split (q = qh·10^6 + ql, c = ch·10^4 + cl) so no product exceeds ~10^18.
 * `q` and `c` must be plain column references (they are repeated).
 */
export function valueOfSql(q: string, c: string): string {
  const a = `((${q} / 1000000) * (${c} / 10000))`
  const r = `((${q} / 1000000) * (${c} % 10000) * 1000000 + (${q} % 1000000) * ${c})`
  return `((${a} + CASE WHEN ${r} >= 0 THEN (${r} + 5000000000) / 10000000000 ELSE -((5000000000 - ${r}) / 10000000000) END) * 10000)`
}

/** Value of `vq` (valued quantity) of an item whose cost figures are avg / rq / rv (plain columns). */
export function partValueSql(vq: string, avg: string, rq: string, rv: string): string {
  return `CASE WHEN ${vq} = ${rq} THEN ${rv} ELSE ${valueOfSql(vq, avg)} END`
}

/**
 * Derived table (item_id, avg, rq, rv) of the filtered items' cost figures:
 * now (before = null) or at the end of a day (before = the next day's start).
 */
export function itemCosts(filters: ReportFilters, before: Date | string | null, dialect: string): Fragment {
  // A fence so the planner evaluates the per-item lookups once instead of at every use of the columns.
  const fence = dialect === 'postgres' ? ' OFFSET 0' : ' LIMIT -1'
  if (before === null) {
    const cond = itemCondition('ic.item_id', filters)
    return {
      sql: `SELECT ic.item_id, ic.avg_cost AS avg, ic.quantity AS rq, ic.value AS rv FROM inventory_item_costs ic WHERE ${cond.sql}${fence}`,
      bindings: cond.bindings,
    }
  }
  const cond = itemCondition('i2.id', filters)
  const last = (column: string) =>
    `(SELECT m2.${column} FROM inventory_moves m2 WHERE m2.item_id = i2.id AND m2.posted_at < ? ORDER BY m2.posted_at DESC, m2.id DESC LIMIT 1)`
  return {
    sql: `SELECT i2.id AS item_id, ${last('avg_cost')} AS avg, ${last('running_qty')} AS rq, ${last('running_value')} AS rv FROM inventory_items i2 WHERE ${cond.sql}${fence}`,
    bindings: [before, before, before, ...cond.bindings],
  }
}

/** JS twin of valueOfSql / partValueSql for figures computed per row (micros as bigint). */
export function partValue(vq: bigint, avg: bigint, rq: bigint, rv: bigint): bigint {
  if (vq === rq) return rv
  const n = vq * avg
  const d = 10_000_000_000n
  const q = ((n < 0n ? -n : n) + d / 2n) / d
  return (n < 0n ? -q : q) * 10_000n
}
