/*
 * The DDL behind custom fields: the column type of each kind on SQLite and
 * PostgreSQL, the index name, and adding / dropping both inside the caller's
 * transaction (DDL is transactional on both databases, so a failure leaves
 * neither a column nor a definition behind).
 */
import { createHash } from 'node:crypto'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { INDEXED_KINDS, type CustomFieldKind } from './custom_fields.js'

/** Column types per kind (decision 007: numbers and money are BIGINT micros, dates 'YYYY-MM-DD'). */
const COLUMN_TYPES: Record<CustomFieldKind, string> = {
  text: 'varchar(255)',
  textarea: 'text',
  number: 'bigint',
  money: 'bigint',
  // Text on both databases: sorts and compares like a date, and no driver turns it into a time-zone-shifted Date.
  date: 'varchar(10)',
  select: 'varchar(100)',
  multiselect: 'text',
  boolean: 'boolean',
  user: 'integer',
  reference: 'integer',
}

const IDENTIFIER = /^[a-z][a-z0-9_]*$/

function quote(identifier: string) {
  // Only names that passed IDENTIFIER reach here; quoting keeps reserved words safe.
  if (!IDENTIFIER.test(identifier)) throw new Error(`Unsafe SQL identifier "${identifier}"`)
  return `"${identifier}"`
}

/** The index on a custom column; PostgreSQL cuts identifiers at 63 bytes, so long names get a hash. */
export function indexName(table: string, column: string) {
  const name = `${table}_${column}_cfidx`
  if (name.length <= 60) return name
  const hash = createHash('sha1').update(name).digest('hex').slice(0, 8)
  return `${name.slice(0, 45)}_${hash}_cfidx`
}

export function hasIndex(kind: CustomFieldKind) {
  return INDEXED_KINDS.includes(kind)
}

/** Whether `table` already has `column` (either database). */
export async function columnExists(trx: TransactionClientContract, table: string, column: string): Promise<boolean> {
  if (trx.dialect.name === 'postgres') {
    const result = await trx.rawQuery(
      'SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?',
      [table, column]
    )
    return result.rows.length > 0
  }
  const rows = await trx.rawQuery(`PRAGMA table_info(${quote(table)})`)
  return (rows as Array<{ name: string }>).some((r) => r.name === column)
}

/**
 * Adds the column (nullable, no default: instant on PostgreSQL and SQLite
 * whatever the row count) and its index on (column, id), which serves both
 * `WHERE cf_x = ?` and `ORDER BY cf_x, id LIMIT n` — the list's tiebreaker.
 */
export async function addColumn(trx: TransactionClientContract, table: string, column: string, kind: CustomFieldKind) {
  await trx.rawQuery(`ALTER TABLE ${quote(table)} ADD COLUMN ${quote(column)} ${COLUMN_TYPES[kind]}`)
  if (hasIndex(kind)) {
    await trx.rawQuery(`CREATE INDEX ${quote(indexName(table, column))} ON ${quote(table)} (${quote(column)}, "id")`)
  }
}

/** Drops the index, then the column (SQLite ≥ 3.35 refuses to drop an indexed column). */
export async function dropColumn(trx: TransactionClientContract, table: string, column: string) {
  await trx.rawQuery(`DROP INDEX IF EXISTS ${quote(indexName(table, column))}`)
  await trx.rawQuery(`ALTER TABLE ${quote(table)} DROP COLUMN ${quote(column)}`)
}
