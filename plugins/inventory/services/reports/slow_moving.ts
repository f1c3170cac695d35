/*
 * Slow-moving stock (呆滞料): items with stock on hand whose last issue
 * (a move from stock to a customer, production or scrap) is more than N days
 * ago — or, never issued, whose first receipt is: stock received last week
 * is not slow yet. On-hand comes from the balances; the dates from the
 * ledger; the value (with permission) is the valued on-hand at the item's
 * current cost (valuation.ts).
 */
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { itemCosts, partValueSql } from './valuation.js'
import { and, CONSUMPTION_KINDS_SQL, daysBefore, fromSubquery, itemCondition, locationCondition, lotCondition, STOCK_KINDS_SQL, today, VALUED_KINDS_SQL, type ReportFilters } from './filters.js'

export function slowMovingQuery(client: QueryClientContract, filters: ReportFilters, options: { days: number; withValue: boolean }) {
  // Idle more than N days ⇔ before the start of (today − N).
  const cutoff = daysBefore(today(), options.days + 1, client)
  const bal = and(itemCondition('b.item_id', filters), locationCondition('b.location_id', filters), lotCondition('b.lot_id', filters))
  const onHand = `SELECT b.item_id, SUM(b.on_hand) AS q FROM inventory_balances b WHERE ${bal.sql} GROUP BY b.item_id HAVING SUM(b.on_hand) > 0`
  const issued = and(locationCondition('m.from_location_id', filters), lotCondition('m.lot_id', filters))
  const lastIssue =
    `SELECT m.item_id, MAX(m.posted_at) AS at FROM inventory_moves m JOIN inventory_locations t ON t.id = m.to_location_id ` +
    `WHERE t.kind IN ${CONSUMPTION_KINDS_SQL} AND ${issued.sql} AND m.item_id IN (SELECT item_id FROM (${onHand}) oh1) GROUP BY m.item_id`
  const received = and(locationCondition('m.to_location_id', filters), lotCondition('m.lot_id', filters))
  const receipts =
    `SELECT m.item_id, MIN(m.posted_at) AS first_at, MAX(m.posted_at) AS last_at FROM inventory_moves m JOIN inventory_locations f ON f.id = m.from_location_id ` +
    `WHERE f.kind NOT IN ${STOCK_KINDS_SQL} AND ${received.sql} AND m.item_id IN (SELECT item_id FROM (${onHand}) oh2) GROUP BY m.item_id`
  // Value: the valued on-hand at the item's current cost (valuation.ts).
  const valued = and(itemCondition('b.item_id', filters), locationCondition('b.location_id', filters, VALUED_KINDS_SQL), lotCondition('b.lot_id', filters))
  const costs = itemCosts(filters, null, client.dialect.name)
  const valueSql = options.withValue ? partValueSql('vc.vq', 'vc.avg', 'vc.rq', 'vc.rv') : '0'
  const valueJoin = options.withValue
    ? `LEFT JOIN (SELECT vb.item_id, vb.vq, COALESCE(c.avg, 0) AS avg, COALESCE(c.rq, 0) AS rq, COALESCE(c.rv, 0) AS rv FROM ` +
      `(SELECT b.item_id, CAST(SUM(b.on_hand) AS BIGINT) AS vq FROM inventory_balances b WHERE ${valued.sql} GROUP BY b.item_id) vb ` +
      `LEFT JOIN (${costs.sql}) c ON c.item_id = vb.item_id) vc ON vc.item_id = oh.item_id `
    : ''
  const valueBindings = options.withValue ? [...valued.bindings, ...costs.bindings] : []
  const sql =
    `(SELECT oh.item_id, i.code AS item_code, i.name AS item_name, i.specification AS item_spec, u.code AS unit_code, u.precision AS unit_precision, ` +
    `oh.q AS q_sort, CAST(oh.q AS TEXT) AS on_hand, li.at AS last_issue_at, rc.last_at AS last_receipt_at, COALESCE(li.at, rc.first_at) AS idle_since, ` +
    `CAST(COALESCE(${valueSql}, 0) AS TEXT) AS value, i.code AS row_key ` +
    `FROM (${onHand}) oh JOIN inventory_items i ON i.id = oh.item_id JOIN inventory_units u ON u.id = i.base_unit_id ` +
    `LEFT JOIN (${lastIssue}) li ON li.item_id = oh.item_id LEFT JOIN (${receipts}) rc ON rc.item_id = oh.item_id ${valueJoin}` +
    `WHERE COALESCE(li.at, rc.first_at) IS NULL OR COALESCE(li.at, rc.first_at) < ?) AS r`
  const bindings = [
    ...bal.bindings,
    ...issued.bindings, ...bal.bindings,
    ...received.bindings, ...bal.bindings,
    ...valueBindings,
    cutoff,
  ]
  return fromSubquery(client, sql, bindings)
}

export const slowMovingListShape = {
  searchable: ['item_code', 'item_name'],
  sortable: { item: 'item_code', on_hand: 'q_sort', idle_since: 'idle_since' },
  defaultSort: 'idle_since',
  tiebreaker: 'row_key',
}
