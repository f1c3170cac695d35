/*
 * Stock balance and value by warehouse — set-based: one aggregate query each.
 *
 * Current figures come from inventory_balances (on hand, reserved, on order);
 * figures at a date come from the ledger: the moves into a stock location
 * minus the moves out of it, posted before the end of that day. Values come
 * as the valuation engine defines them (services/reports/valuation.ts): the
 * valued quantity × the item's average cost at that moment, or the item's
 * running value when the row holds all of its valued stock.
 */
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { itemCosts, partValueSql } from './valuation.js'
import { and, endOf, fromSubquery, itemCondition, locationCondition, lotCondition, STOCK_KINDS_SQL, VALUED_KINDS_SQL, type Fragment, type ReportFilters } from './filters.js'

export type BalanceGroup = 'item' | 'warehouse' | 'location' | 'lot'
export const BALANCE_GROUPS: readonly BalanceGroup[] = ['item', 'warehouse', 'location', 'lot']

/**
 * Every move of the filtered items twice: +quantity/+value at its to-location,
 * −quantity/−value at its from-location, each kept only when that location is
 * a stock location within the filters. Columns: item_id, loc_id, lot_id, qty,
 * val, posted_at, other_id (the location at the other end).
 */
export function signedMoves(filters: ReportFilters, before: Date | string | null, kindsSql = STOCK_KINDS_SQL): Fragment {
  const side = (own: string, other: string, sign: string): Fragment => {
    const cond = and(
      before === null ? { sql: '1 = 1', bindings: [] } : { sql: 'mv.posted_at < ?', bindings: [before] },
      itemCondition('mv.item_id', filters),
      locationCondition(`mv.${own}`, filters, kindsSql),
      lotCondition('mv.lot_id', filters)
    )
    return {
      sql:
        `SELECT mv.id AS move_id, mv.item_id, mv.${own} AS loc_id, COALESCE(mv.lot_id, 0) AS lot_id, ${sign}mv.quantity AS qty, ${sign}mv.value AS val, ` +
        `mv.posted_at, mv.${other} AS other_id FROM inventory_moves mv WHERE ${cond.sql}`,
      bindings: cond.bindings,
    }
  }
  const into = side('to_location_id', 'from_location_id', '')
  const out = side('from_location_id', 'to_location_id', '-')
  return { sql: `${into.sql} UNION ALL ${out.sql}`, bindings: [...into.bindings, ...out.bindings] }
}

const GROUP_COLUMNS: Record<BalanceGroup, string[]> = {
  item: ['s.item_id'],
  warehouse: ['s.item_id', 'l.warehouse_id'],
  location: ['s.item_id', 's.loc_id'],
  lot: ['s.item_id', 's.loc_id', 's.lot_id'],
}

export interface BalanceOptions {
  group: BalanceGroup
  /** 'YYYY-MM-DD': figures at the end of that day from the ledger; null: current figures. */
  date: string | null
  withValue: boolean
}

/** The aggregate: one row per group with CAST-to-text figures (exact on both databases) and numeric ones for sorting. */
export function balanceQuery(client: QueryClientContract, filters: ReportFilters, options: BalanceOptions) {
  const bindings: unknown[] = []
  const current = options.date === null
  const before = current ? null : endOf(options.date!, client)
  let source: string
  if (current) {
    const cond = and(itemCondition('b.item_id', filters), locationCondition('b.location_id', filters), lotCondition('b.lot_id', filters))
    source = `SELECT b.item_id, b.location_id AS loc_id, b.lot_id, b.on_hand AS qty, b.reserved AS res, b.on_order AS ord FROM inventory_balances b WHERE ${cond.sql}`
    bindings.push(...cond.bindings)
  } else {
    const moves = signedMoves(filters, before)
    source = `SELECT sm.item_id, sm.loc_id, sm.lot_id, sm.qty, 0 AS res, 0 AS ord FROM (${moves.sql}) sm`
    bindings.push(...moves.bindings)
  }
  const groupCols = GROUP_COLUMNS[options.group]
  const aggregate =
    `SELECT ${groupCols.join(', ')}, CAST(SUM(s.qty) AS BIGINT) AS q, CAST(SUM(CASE WHEN l.kind IN ${VALUED_KINDS_SQL} THEN s.qty ELSE 0 END) AS BIGINT) AS vq, ` +
    `CAST(SUM(s.res) AS BIGINT) AS r, CAST(SUM(s.ord) AS BIGINT) AS o ` +
    `FROM (${source}) s JOIN inventory_locations l ON l.id = s.loc_id ` +
    `GROUP BY ${groupCols.join(', ')} ` +
    (current ? 'HAVING SUM(s.qty) <> 0 OR SUM(s.res) <> 0 OR SUM(s.ord) <> 0' : 'HAVING SUM(s.qty) <> 0')

  let withCosts = `SELECT ag.*, 0 AS avg, 0 AS rq, 0 AS rv FROM (${aggregate}) ag`
  if (options.withValue) {
    const costs = itemCosts(filters, before, client.dialect.name)
    withCosts =
      `SELECT ag.*, COALESCE(c.avg, 0) AS avg, COALESCE(c.rq, 0) AS rq, COALESCE(c.rv, 0) AS rv ` +
      `FROM (${aggregate}) ag LEFT JOIN (${costs.sql}) c ON c.item_id = ag.item_id`
    bindings.push(...costs.bindings)
  }
  const value = options.withValue ? partValueSql('g.vq', 'g.avg', 'g.rq', 'g.rv') : '0'

  const joins = ['JOIN inventory_items i ON i.id = g.item_id', 'JOIN inventory_units u ON u.id = i.base_unit_id']
  const cols = [
    'g.item_id', 'i.code AS item_code', 'i.name AS item_name', 'i.specification AS item_spec', 'u.code AS unit_code', 'u.precision AS unit_precision',
    'g.q AS q_sort', `${value} AS v_sort`,
    'CAST(g.q AS TEXT) AS on_hand', 'CAST(g.r AS TEXT) AS reserved', 'CAST(g.q - g.r AS TEXT) AS available', 'CAST(g.o AS TEXT) AS on_order', `CAST(${value} AS TEXT) AS value`,
  ]
  let key = 'i.code'
  if (options.group === 'warehouse') {
    joins.push('LEFT JOIN inventory_warehouses w ON w.id = g.warehouse_id')
    cols.push('g.warehouse_id', 'w.code AS warehouse_code', 'w.name AS warehouse_name')
    key = `i.code || '|' || COALESCE(w.code, '')`
  }
  if (options.group === 'location' || options.group === 'lot') {
    joins.push('JOIN inventory_locations lc ON lc.id = g.loc_id', 'LEFT JOIN inventory_warehouses w ON w.id = lc.warehouse_id')
    cols.push('g.loc_id AS location_id', 'lc.full_code AS location_code', 'lc.kind AS location_kind', 'lc.warehouse_id', 'w.code AS warehouse_code', 'w.name AS warehouse_name')
    key = `i.code || '|' || lc.full_code`
  }
  if (options.group === 'lot') {
    joins.push('LEFT JOIN inventory_lots lt ON lt.id = g.lot_id')
    cols.push('g.lot_id', 'lt.code AS lot_code', 'lt.expiry_date AS lot_expiry')
    key = `i.code || '|' || lc.full_code || '|' || COALESCE(lt.code, '')`
  }
  cols.push(`${key} AS row_key`)
  const sql = `(SELECT ${cols.join(', ')} FROM (${withCosts}) g ${joins.join(' ')}) AS r`
  return fromSubquery(client, sql, bindings)
}

/** List options for balanceQuery: search, sort keys (numeric sort columns), tie-breaker. */
export const balanceListShape = {
  searchable: ['item_code', 'item_name'],
  sortable: { item: 'item_code', name: 'item_name', warehouse: 'warehouse_code', location: 'location_code', lot: 'lot_code', on_hand: 'q_sort', value: 'v_sort' },
  defaultSort: 'item',
  tiebreaker: 'row_key',
}

/**
 * Value by warehouse at a date: per warehouse (transit stock has none), the
 * number of items with stock, and their value.
 */
export function warehouseValueQuery(client: QueryClientContract, filters: ReportFilters, date: string, withValue: boolean) {
  const before = endOf(date, client)
  const moves = signedMoves(filters, before)
  const bindings: unknown[] = [...moves.bindings]
  const perItem =
    `SELECT s.item_id, l.warehouse_id, CAST(SUM(s.qty) AS BIGINT) AS q, CAST(SUM(CASE WHEN l.kind IN ${VALUED_KINDS_SQL} THEN s.qty ELSE 0 END) AS BIGINT) AS vq ` +
    `FROM (${moves.sql}) s JOIN inventory_locations l ON l.id = s.loc_id GROUP BY s.item_id, l.warehouse_id HAVING SUM(s.qty) <> 0`
  let valued = `SELECT p.*, 0 AS v FROM (${perItem}) p`
  if (withValue) {
    const costs = itemCosts(filters, before, client.dialect.name)
    valued =
      `SELECT p2.*, ${partValueSql('p2.vq', 'p2.avg', 'p2.rq', 'p2.rv')} AS v FROM (SELECT p.*, COALESCE(c.avg, 0) AS avg, COALESCE(c.rq, 0) AS rq, COALESCE(c.rv, 0) AS rv ` +
      `FROM (${perItem}) p LEFT JOIN (${costs.sql}) c ON c.item_id = p.item_id) p2`
    bindings.push(...costs.bindings)
  }
  const perWarehouse = `SELECT p.warehouse_id, COUNT(*) AS items, SUM(p.v) AS v FROM (${valued}) p GROUP BY p.warehouse_id`
  const sql =
    `(SELECT g.warehouse_id, COALESCE(w.code, '') AS warehouse_code, w.name AS warehouse_name, g.items AS item_count, ` +
    `g.v AS v_sort, CAST(g.v AS TEXT) AS value, COALESCE(w.code, '') AS row_key ` +
    `FROM (${perWarehouse}) g LEFT JOIN inventory_warehouses w ON w.id = g.warehouse_id) AS r`
  return fromSubquery(client, sql, bindings)
}

export const warehouseValueListShape = {
  searchable: ['warehouse_code', 'warehouse_name'],
  sortable: { warehouse: 'warehouse_code', items: 'item_count', value: 'v_sort' },
  defaultSort: 'warehouse',
  tiebreaker: 'row_key',
}
