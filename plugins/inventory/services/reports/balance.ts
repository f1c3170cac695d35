/*
 * Stock balance and value by warehouse — set-based: one aggregate query each.
 *
 * Current figures come from inventory_balances (on hand, reserved, on order);
 * figures at a date come from the ledger: the moves into a stock location
 * minus the moves out of it, posted before the end of that day. Values come
 * from the moves' valuation columns (value into − value out of the valued
 * locations), which the valuation engine keeps right after back-dated moves,
 * so the value at a date is the value the ledger held on that day.
 */
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
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
  const parts: string[] = []
  const current = options.date === null
  if (current) {
    const cond = and(itemCondition('b.item_id', filters), locationCondition('b.location_id', filters), lotCondition('b.lot_id', filters))
    parts.push(
      'SELECT b.item_id, b.location_id AS loc_id, b.lot_id, b.on_hand AS qty, b.reserved AS res, b.on_order AS ord, 0 AS val ' +
        `FROM inventory_balances b WHERE ${cond.sql}`
    )
    bindings.push(...cond.bindings)
    if (options.withValue) {
      const moves = signedMoves(filters, null, VALUED_KINDS_SQL)
      parts.push(`SELECT sm.item_id, sm.loc_id, sm.lot_id, 0, 0, 0, sm.val FROM (${moves.sql}) sm`)
      bindings.push(...moves.bindings)
    }
  } else {
    const moves = signedMoves(filters, endOf(options.date!, client))
    parts.push(`SELECT sm.item_id, sm.loc_id, sm.lot_id, sm.qty, 0 AS res, 0 AS ord, sm.val FROM (${moves.sql}) sm`)
    bindings.push(...moves.bindings)
  }
  const groupCols = GROUP_COLUMNS[options.group]
  const valued = `CASE WHEN l.kind IN ${VALUED_KINDS_SQL} THEN s.val ELSE 0 END`
  const aggregate =
    `SELECT ${groupCols.join(', ')}, SUM(s.qty) AS q, SUM(s.res) AS r, SUM(s.ord) AS o, SUM(${valued}) AS v ` +
    `FROM (${parts.join(' UNION ALL ')}) s JOIN inventory_locations l ON l.id = s.loc_id ` +
    `GROUP BY ${groupCols.join(', ')} ` +
    (current ? 'HAVING SUM(s.qty) <> 0 OR SUM(s.res) <> 0 OR SUM(s.ord) <> 0' : 'HAVING SUM(s.qty) <> 0')

  const joins = ['JOIN inventory_items i ON i.id = g.item_id', 'JOIN inventory_units u ON u.id = i.base_unit_id']
  const cols = [
    'g.item_id', 'i.code AS item_code', 'i.name AS item_name', 'i.specification AS item_spec', 'u.code AS unit_code', 'u.precision AS unit_precision',
    'g.q AS q_sort', 'g.v AS v_sort',
    'CAST(g.q AS TEXT) AS on_hand', 'CAST(g.r AS TEXT) AS reserved', 'CAST(g.q - g.r AS TEXT) AS available', 'CAST(g.o AS TEXT) AS on_order', 'CAST(g.v AS TEXT) AS value',
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
  const sql = `(SELECT ${cols.join(', ')} FROM (${aggregate}) g ${joins.join(' ')}) AS r`
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
  const moves = signedMoves(filters, endOf(date, client))
  const valued = withValue ? `CASE WHEN l.kind IN ${VALUED_KINDS_SQL} THEN s.val ELSE 0 END` : '0'
  const perItem =
    `SELECT s.item_id, l.warehouse_id, SUM(s.qty) AS q, SUM(${valued}) AS v FROM (${moves.sql}) s ` +
    'JOIN inventory_locations l ON l.id = s.loc_id GROUP BY s.item_id, l.warehouse_id HAVING SUM(s.qty) <> 0'
  const perWarehouse =
    `SELECT p.warehouse_id, COUNT(*) AS items, SUM(p.v) AS v FROM (${perItem}) p GROUP BY p.warehouse_id`
  const sql =
    `(SELECT g.warehouse_id, COALESCE(w.code, '') AS warehouse_code, w.name AS warehouse_name, g.items AS item_count, ` +
    `g.v AS v_sort, CAST(g.v AS TEXT) AS value, COALESCE(w.code, '') AS row_key ` +
    `FROM (${perWarehouse}) g LEFT JOIN inventory_warehouses w ON w.id = g.warehouse_id) AS r`
  return fromSubquery(client, sql, moves.bindings)
}

export const warehouseValueListShape = {
  searchable: ['warehouse_code', 'warehouse_name'],
  sortable: { warehouse: 'warehouse_code', items: 'item_count', value: 'v_sort' },
  defaultSort: 'warehouse',
  tiebreaker: 'row_key',
}
