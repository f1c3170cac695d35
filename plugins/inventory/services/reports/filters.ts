/*
 * The filters every stock report shares (item search, item code, category
 * subtree, warehouse, location subtree, lot, dates) read from the request,
 * validated, and turned into SQL fragments with bindings that the report
 * queries push down into their one aggregate (docs/inventory-reports.md).
 *
 * Dates are 'YYYY-MM-DD' in the server's zone; "at a date" means every move
 * posted before the start of the next day.
 */
import { DateTime } from 'luxon'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { dbTimestamp } from '#kernel/records/record_writer'
import { STOCK_LOCATION_KINDS, VALUED_LOCATION_KINDS } from '../../api.js'

/** Kinds moves go to when stock is consumed: sold, used by production, scrapped. */
export const CONSUMPTION_KINDS = ['customer', 'production', 'scrap'] as const

const inList = (kinds: readonly string[]) => `(${kinds.map((k) => `'${k}'`).join(', ')})`
export const STOCK_KINDS_SQL = inList(STOCK_LOCATION_KINDS)
export const VALUED_KINDS_SQL = inList(VALUED_LOCATION_KINDS)
export const CONSUMPTION_KINDS_SQL = inList(CONSUMPTION_KINDS)

export interface ReportFilters {
  /** Substring of item code or name */
  q: string
  /** Exact item code (drill-down, ledger) */
  item: string
  category: number | null
  warehouse: number | null
  location: number | null
  /** Lot / serial code */
  lot: string
  /** 'YYYY-MM-DD' or '' */
  date: string
  from: string
  to: string
}

/** A SQL fragment and its bindings, in order. */
export interface Fragment {
  sql: string
  bindings: unknown[]
}

export class FilterError extends Error {
  constructor(
    readonly field: string,
    readonly key: string
  ) {
    super(`${field}: ${key}`)
  }
}

function text(input: Record<string, unknown>, name: string, max = 120): string {
  let value = input[name]
  if (Array.isArray(value)) value = value[0]
  return typeof value === 'string' ? value.trim().slice(0, max) : typeof value === 'number' ? String(value) : ''
}

function id(input: Record<string, unknown>, name: string): number | null {
  const raw = text(input, name)
  if (!raw) return null
  const n = Number(raw)
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n <= 0) throw new FilterError(name, 'invalid_choice')
  return n
}

function date(input: Record<string, unknown>, name: string): string {
  const raw = text(input, name, 20)
  if (!raw) return ''
  const parsed = DateTime.fromFormat(raw, 'yyyy-MM-dd')
  if (!parsed.isValid) throw new FilterError(name, 'invalid_date')
  return raw
}

/** Reads the shared filters; throws FilterError naming the first bad parameter. */
export function readFilters(input: Record<string, unknown>): ReportFilters {
  const filters: ReportFilters = {
    q: text(input, 'q', 200),
    item: text(input, 'item', 60),
    category: id(input, 'category'),
    warehouse: id(input, 'warehouse'),
    location: id(input, 'location'),
    lot: text(input, 'lot', 80),
    date: date(input, 'date'),
    from: date(input, 'from'),
    to: date(input, 'to'),
  }
  if (filters.from && filters.to && filters.from > filters.to) throw new FilterError('to', 'range_reversed')
  return filters
}

export const today = () => DateTime.local().toFormat('yyyy-MM-dd')

/** Start of the day after `day` (exclusive upper bound of "at the end of day"), bound for the client. */
export function endOf(day: string, client: QueryClientContract): Date | string {
  return dbTimestamp(DateTime.fromFormat(day, 'yyyy-MM-dd').plus({ days: 1 }).startOf('day').toJSDate(), client)
}

/** Start of `day`, bound for the client. */
export function startOf(day: string, client: QueryClientContract): Date | string {
  return dbTimestamp(DateTime.fromFormat(day, 'yyyy-MM-dd').startOf('day').toJSDate(), client)
}

/** `daysBack` days before the start of the day after `day`, bound for the client. */
export function daysBefore(day: string, daysBack: number, client: QueryClientContract): Date | string {
  return dbTimestamp(DateTime.fromFormat(day, 'yyyy-MM-dd').plus({ days: 1 }).minus({ days: daysBack }).startOf('day').toJSDate(), client)
}

function likeEscaped(value: string) {
  return `%${value.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** `<column> IN (items matching q / item code / category subtree)`, or TRUE. */
export function itemCondition(column: string, f: Pick<ReportFilters, 'q' | 'item' | 'category'>): Fragment {
  const where: string[] = []
  const bindings: unknown[] = []
  if (f.item) {
    where.push('i.code = ?')
    bindings.push(f.item)
  }
  if (f.q) {
    where.push(`(LOWER(i.code) LIKE ? ESCAPE '\\' OR LOWER(i.name) LIKE ? ESCAPE '\\')`)
    bindings.push(likeEscaped(f.q), likeEscaped(f.q))
  }
  if (f.category) {
    where.push('i.category_id IN (SELECT c.id FROM inventory_categories c WHERE c.id = ? OR c.path LIKE ?)')
    bindings.push(f.category, `%/${f.category}/%`)
  }
  if (!where.length) return { sql: '1 = 1', bindings: [] }
  return { sql: `${column} IN (SELECT i.id FROM inventory_items i WHERE ${where.join(' AND ')})`, bindings }
}

/**
 * `<column> IN (stock locations of the warehouse / under the location)`;
 * `kinds` narrows to those kinds (default: every kind that keeps stock).
 */
export function locationCondition(column: string, f: Pick<ReportFilters, 'warehouse' | 'location'>, kindsSql = STOCK_KINDS_SQL): Fragment {
  const where = [`l.kind IN ${kindsSql}`]
  const bindings: unknown[] = []
  if (f.warehouse) {
    where.push('l.warehouse_id = ?')
    bindings.push(f.warehouse)
  }
  if (f.location) {
    where.push('(l.id = ? OR l.path LIKE ?)')
    bindings.push(f.location, `%/${f.location}/%`)
  }
  return { sql: `${column} IN (SELECT l.id FROM inventory_locations l WHERE ${where.join(' AND ')})`, bindings }
}

/** `<column> IN (lots with that code)`, or TRUE. */
export function lotCondition(column: string, f: Pick<ReportFilters, 'lot'>): Fragment {
  if (!f.lot) return { sql: '1 = 1', bindings: [] }
  return { sql: `${column} IN (SELECT lt.id FROM inventory_lots lt WHERE lt.code = ?)`, bindings: [f.lot] }
}

/** Joins fragments with AND. */
export function and(...parts: Fragment[]): Fragment {
  return { sql: parts.map((p) => `(${p.sql})`).join(' AND '), bindings: parts.flatMap((p) => p.bindings) }
}

/** A query builder over `(sql) AS r`, for the list query to search, sort and page. */
export function fromSubquery(client: QueryClientContract, sql: string, bindings: unknown[]) {
  return client.query().from(client.raw(sql, bindings as any[]) as any).select('*')
}
