/*
 * Timestamps written as JS Dates come back as a Date (pg) or epoch
 * milliseconds (better-sqlite3); Lucid's DateTime columns write SQL text.
 * This reads any of them.
 */
import { DateTime } from 'luxon'

export function toDateTime(value: unknown): DateTime | null {
  if (value === null || value === undefined) return null
  if (DateTime.isDateTime(value)) return value
  if (value instanceof Date) return DateTime.fromJSDate(value)
  if (typeof value === 'number' || typeof value === 'bigint') return DateTime.fromMillis(Number(value))
  const text = String(value)
  if (/^\d+$/.test(text)) return DateTime.fromMillis(Number(text))
  const sql = DateTime.fromSQL(text)
  return sql.isValid ? sql : DateTime.fromISO(text)
}
