/*
 * Turnover (周转率) over a period, per item or per category, in one
 * aggregate over the ledger:
 *   issues   = stock consumed in the period: moves from stock to a customer,
 *              production or scrap, less those coming back (returns)
 *   average  = (opening + closing) / 2 — opening at the start of the first
 *              day, closing at the end of the last (docs/decisions/018)
 *   turnover = issues ÷ average; turnover days = days in period ÷ turnover.
 * Basis: quantity (per item only — units differ between items) or value.
 * The ratios are computed in code with exact decimals for the rows shown.
 */
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { DateTime } from 'luxon'
import { Quantity } from '#kernel/numbers/index'
import { CONSUMPTION_KINDS_SQL, endOf, fromSubquery, startOf, VALUED_KINDS_SQL, type ReportFilters } from './filters.js'
import { signedMoves } from './balance.js'
import { itemCosts, partValueSql } from './valuation.js'

export type TurnoverGroup = 'item' | 'category'

export function turnoverQuery(client: QueryClientContract, filters: ReportFilters, options: { from: string; to: string; group: TurnoverGroup; withValue: boolean }) {
  const end = endOf(options.to, client)
  const moves = signedMoves(filters, end)
  const start = startOf(options.from, client)
  const valuedQty = `CASE WHEN l.kind IN ${VALUED_KINDS_SQL} THEN s.qty ELSE 0 END`
  const val = options.withValue ? `CASE WHEN l.kind IN ${VALUED_KINDS_SQL} THEN s.val ELSE 0 END` : '0'
  // A consumption: the other end of the move is a consumption location; its sign here is − for an issue, + for a return.
  const perItem =
    `SELECT s.item_id, ` +
    `CAST(SUM(CASE WHEN s.posted_at < ? THEN s.qty ELSE 0 END) AS BIGINT) AS oq, CAST(SUM(s.qty) AS BIGINT) AS cq, ` +
    `CAST(SUM(CASE WHEN s.posted_at < ? THEN ${valuedQty} ELSE 0 END) AS BIGINT) AS ovq, CAST(SUM(${valuedQty}) AS BIGINT) AS cvq, ` +
    `CAST(SUM(CASE WHEN s.posted_at >= ? AND o.kind IN ${CONSUMPTION_KINDS_SQL} THEN -s.qty ELSE 0 END) AS BIGINT) AS iq, ` +
    `CAST(SUM(CASE WHEN s.posted_at >= ? AND o.kind IN ${CONSUMPTION_KINDS_SQL} THEN -(${val}) ELSE 0 END) AS BIGINT) AS iv ` +
    `FROM (${moves.sql}) s JOIN inventory_locations l ON l.id = s.loc_id JOIN inventory_locations o ON o.id = s.other_id ` +
    `GROUP BY s.item_id`
  const bindings: unknown[] = [start, start, start, start, ...moves.bindings]
  // Opening and closing values: the valued quantities at the item's cost at the start and at the end (valuation.ts).
  let valued = `SELECT p.*, 0 AS ov, 0 AS cv FROM (${perItem}) p`
  if (options.withValue) {
    const atStart = itemCosts(filters, start, client.dialect.name)
    const atEnd = itemCosts(filters, end, client.dialect.name)
    valued =
      `SELECT p2.*, ${partValueSql('p2.ovq', 'p2.sa', 'p2.sq', 'p2.sv')} AS ov, ${partValueSql('p2.cvq', 'p2.ea', 'p2.eq', 'p2.ev')} AS cv FROM (` +
      `SELECT p.*, COALESCE(cs.avg, 0) AS sa, COALESCE(cs.rq, 0) AS sq, COALESCE(cs.rv, 0) AS sv, COALESCE(ce.avg, 0) AS ea, COALESCE(ce.rq, 0) AS eq, COALESCE(ce.rv, 0) AS ev ` +
      `FROM (${perItem}) p LEFT JOIN (${atStart.sql}) cs ON cs.item_id = p.item_id LEFT JOIN (${atEnd.sql}) ce ON ce.item_id = p.item_id) p2`
    bindings.push(...atStart.bindings, ...atEnd.bindings)
  }
  const figures = (p: string) =>
    `CAST(${p}oq AS TEXT) AS opening_q, CAST(${p}cq AS TEXT) AS closing_q, CAST(${p}iq AS TEXT) AS issues_q, ` +
    `CAST(${p}ov AS TEXT) AS opening_v, CAST(${p}cv AS TEXT) AS closing_v, CAST(${p}iv AS TEXT) AS issues_v, ${p}iq AS iq_sort, ${p}iv AS iv_sort`
  let sql: string
  if (options.group === 'category') {
    sql =
      `(SELECT g.category_id, COALESCE(c.code, '') AS category_code, c.name AS category_name, ${figures('g.')}, COALESCE(c.code, '') AS row_key ` +
      `FROM (SELECT i.category_id, SUM(p.oq) AS oq, SUM(p.cq) AS cq, SUM(p.ov) AS ov, SUM(p.cv) AS cv, SUM(p.iq) AS iq, SUM(p.iv) AS iv ` +
      `FROM (${valued}) p JOIN inventory_items i ON i.id = p.item_id GROUP BY i.category_id) g ` +
      `LEFT JOIN inventory_categories c ON c.id = g.category_id) AS r`
  } else {
    sql =
      `(SELECT p.item_id, i.code AS item_code, i.name AS item_name, i.specification AS item_spec, u.code AS unit_code, u.precision AS unit_precision, ` +
      `${figures('p.')}, i.code AS row_key ` +
      `FROM (${valued}) p JOIN inventory_items i ON i.id = p.item_id JOIN inventory_units u ON u.id = i.base_unit_id ` +
      `WHERE p.oq <> 0 OR p.cq <> 0 OR p.iq <> 0) AS r`
  }
  return fromSubquery(client, sql, bindings)
}

export const turnoverListShape = (group: TurnoverGroup): { searchable: string[]; sortable: Record<string, string>; defaultSort: string; tiebreaker: string } =>
  group === 'category'
    ? { searchable: ['category_code', 'category_name'], sortable: { category: 'category_code', issues_value: 'iv_sort' }, defaultSort: 'category', tiebreaker: 'row_key' }
    : { searchable: ['item_code', 'item_name'], sortable: { item: 'item_code', issues: 'iq_sort', issues_value: 'iv_sort' }, defaultSort: 'item', tiebreaker: 'row_key' }

export function periodDays(from: string, to: string): number {
  return Math.round(DateTime.fromFormat(to, 'yyyy-MM-dd').diff(DateTime.fromFormat(from, 'yyyy-MM-dd'), 'days').days) + 1
}

/** Average stock, turnover and turnover days from micros strings; null where undefined (no stock or no issues). */
export function ratios(openingMicros: string, closingMicros: string, issuesMicros: string, days: number) {
  const average = Quantity.fromMicros(openingMicros).plus(Quantity.fromMicros(closingMicros)).dividedBy(2)
  const issues = Quantity.fromMicros(issuesMicros)
  const turnover = average.isPositive() ? issues.dividedBy(average) : null
  const turnoverDays = turnover && turnover.isPositive() ? Quantity.of(days).dividedBy(turnover) : null
  return { average, turnover, turnoverDays }
}
