/*
 * Exact SQL sums of micros columns. pg's SUM(bigint) is NUMERIC and SQLite's
 * SUM of integers is a 64-bit integer (it raises on overflow, never rounds);
 * casting the sum to text on both keeps every digit away from JS numbers.
 */
import db from '@adonisjs/lucid/services/db'
import { Money, DEFAULT_CURRENCY } from './money.js'
import { Quantity } from './quantity.js'

/** Any Lucid query builder (db.from(...) or Model.query()), with its where clauses. */
type SummableQuery = { clone(): any }

export async function sumMicros(query: SummableQuery, column: string): Promise<string> {
  const q = query.clone()
  if (typeof q.clearSelect === 'function') q.clearSelect()
  if (typeof q.clearOrder === 'function') q.clearOrder()
  q.select(db.raw('CAST(COALESCE(SUM(??), 0) AS TEXT) AS loom_total', [column]))
  const row = typeof q.pojo === 'function' ? await q.pojo().first() : await q.first()
  return String(row?.loom_total ?? '0')
}

/** `await sumMoney(db.from('sales_order_lines').where('order_id', id), 'amount')` */
export async function sumMoney(query: SummableQuery, column: string, currency: string = DEFAULT_CURRENCY): Promise<Money> {
  return Money.fromMicros(await sumMicros(query, column), currency)
}

export async function sumQuantity(query: SummableQuery, column: string): Promise<Quantity> {
  return Quantity.fromMicros(await sumMicros(query, column))
}
