/*
 * Records as the REST API shows them, and the list query behind
 * GET /api/v1/records/<type>:
 *
 *   { id, version, name: 'Acme', credit_limit: '1200.5', birthday: '1990-03-31', vip: true, … }
 *
 * Money, quantities and numbers are exact decimal STRINGS (never JSON
 * numbers); dates 'YYYY-MM-DD'; datetimes ISO in UTC; references and users
 * their id. Hidden fields (field permissions) are left out.
 *
 * Lists: `filter[field]=value` or `filter[field][op]=value` (operators of
 * app/records/conditions.ts), `sort=-field`, `limit` (≤ 200), and an opaque
 * `cursor` (the last row's sort value and id) for the next page.
 */
import { DateTime } from 'luxon'
import type { RecordFieldDeclaration } from '#kernel/plugins/define_plugin'
import type { RegisteredRecordType } from '#kernel/plugins/plugin_registry'
import { operatorsFor, type Operator } from '#kernel/records/conditions'
import { parseFieldInput, readFieldValue } from '#kernel/records/values'
import { versionOf } from '#kernel/records/record_writer'
import { toDateTime } from '#kernel/documents/db_dates'
import type { FieldProblem } from '#kernel/records/record_writer'
import { RecordInputError } from '#kernel/records/record_writer'

export const MAX_LIMIT = 200
export const DEFAULT_LIMIT = 50

/** One field's stored value as JSON. */
export function jsonValue(field: RecordFieldDeclaration, stored: unknown): unknown {
  if (stored === null || stored === undefined) return null
  switch (field.kind) {
    case 'number':
    case 'money':
    case 'quantity':
      return (readFieldValue(field, stored) as any).toFixed()
    case 'datetime':
      return toDateTime(stored)?.toUTC().toISO() ?? null
    case 'user':
    case 'reference': {
      const n = Number(stored)
      return Number.isSafeInteger(n) ? n : String(stored)
    }
    default:
      return readFieldValue(field, stored)
  }
}

/** A stored row as API JSON, without the hidden fields. */
export function recordJson(row: Record<string, any>, fields: RecordFieldDeclaration[], hidden: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: Number(row.id), version: versionOf(row) }
  for (const field of fields) {
    if (hidden.has(field.name) || !(field.name in row)) continue
    out[field.name] = jsonValue(field, row[field.name])
  }
  return out
}

export interface ListParams {
  filter?: unknown
  sort?: unknown
  limit?: unknown
  cursor?: unknown
}

interface Sort {
  field: string
  desc: boolean
}

function problem(field: string | null, key: string, params?: Record<string, unknown>): FieldProblem {
  return { field, code: 'invalid', key, params }
}

/** A value for SQL: bigints as text, everything else as parsed. */
function sqlValue(stored: unknown): unknown {
  return typeof stored === 'bigint' ? stored.toString() : stored
}

function encodeCursor(value: unknown, id: unknown): string {
  const v = value instanceof Date ? { d: value.getTime() } : typeof value === 'bigint' ? String(value) : (value ?? null)
  return Buffer.from(JSON.stringify([v, Number(id)])).toString('base64url')
}

function decodeCursor(cursor: string): { value: unknown; id: number } | null {
  try {
    const [v, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (!Number.isSafeInteger(id)) return null
    const value = v && typeof v === 'object' && 'd' in v ? new Date(Number(v.d)) : v
    return { value, id }
  } catch {
    return null
  }
}

/**
 * Applies filters, sort and the cursor to `query` (already scoped). Returns a
 * function that turns the fetched rows (limit + 1 of them) into the page and
 * its next cursor. Bad parameters throw RecordInputError naming them.
 */
export function applyListParams(query: any, recordType: RegisteredRecordType, fields: RecordFieldDeclaration[], hidden: Set<string>, params: ListParams) {
  const problems: FieldProblem[] = []
  const visible = (name: string) => {
    if (name === 'id') return { name: 'id', kind: 'number', label: { 'zh-CN': 'ID', 'en': 'ID' } } as RecordFieldDeclaration
    const field = fields.find((f) => f.name === name)
    return field && !hidden.has(name) ? field : null
  }

  // Filters
  const filter = params.filter
  if (filter !== undefined && (filter === null || typeof filter !== 'object' || Array.isArray(filter))) {
    problems.push(problem('filter', 'api.errors.filter_shape'))
  } else if (filter) {
    for (const [name, spec] of Object.entries(filter as Record<string, unknown>)) {
      const field = visible(name)
      if (!field || name === 'id') {
        problems.push({ field: `filter[${name}]`, code: 'unknown_field', key: 'api.errors.unknown_field', params: { field: name } })
        continue
      }
      const pairs: Array<[string, unknown]> = spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? Object.entries(spec) : [['eq', spec]]
      for (const [op, raw] of pairs) {
        const at = `filter[${name}]${op === 'eq' && pairs.length === 1 && typeof spec !== 'object' ? '' : `[${op}]`}`
        if (!operatorsFor(field.kind).includes(op as Operator)) {
          problems.push(problem(at, 'api.errors.operator', { field: name, op }))
          continue
        }
        const column = `${recordType.table}.${name}`
        if (op === 'empty') {
          query.whereNull(column)
          continue
        }
        if (op === 'not_empty') {
          query.whereNotNull(column)
          continue
        }
        const literal = { ...field, required: true, kind: field.kind === 'multiselect' ? 'select' : field.kind } as RecordFieldDeclaration
        if (op === 'contains') {
          const text = String(raw ?? '').trim()
          if (!text) {
            problems.push(problem(at, 'records.errors.required'))
            continue
          }
          const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()
          query.whereRaw(`LOWER(${column}) LIKE ? ESCAPE '\\'`, [`%${field.kind === 'multiselect' ? JSON.stringify(text).slice(1, -1) : escaped}%`])
          continue
        }
        const list = op === 'in' || op === 'not_in' ? (Array.isArray(raw) ? raw : String(raw ?? '').split(',')) : [raw]
        const parsed = list.map((v) => parseFieldInput(literal, typeof v === 'string' ? v.trim() : v))
        const bad = parsed.find((p) => !p.ok) as any
        if (bad) {
          problems.push(problem(at, bad.error, bad.params))
          continue
        }
        const values = parsed.map((p: any) => sqlValue(p.stored))
        const sqlOp = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' }[op as 'eq']
        if (op === 'in') query.whereIn(column, values)
        else if (op === 'not_in') query.whereNotIn(column, values)
        else if (op === 'ne') query.where((q: any) => q.whereNot(column, values[0]).orWhereNull(column))
        else query.where(column, sqlOp, values[0])
      }
    }
  }

  // Sort
  let sort: Sort = { field: 'id', desc: false }
  if (params.sort !== undefined && params.sort !== '') {
    const text = String(params.sort)
    const name = text.replace(/^[-+]/, '')
    const field = visible(name)
    if (!field || field.kind === 'multiselect' || field.kind === 'textarea') problems.push(problem('sort', 'api.errors.sort', { field: name }))
    else sort = { field: name, desc: text.startsWith('-') }
  }

  // Limit
  let limit = DEFAULT_LIMIT
  if (params.limit !== undefined && params.limit !== '') {
    const n = Number(params.limit)
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) problems.push(problem('limit', 'api.errors.limit', { max: MAX_LIMIT }))
    else limit = n
  }

  // Cursor: rows strictly after (sort value, id) in the list's order; NULLs come first ascending, last descending.
  const column = `${recordType.table}.${sort.field}`
  const idColumn = `${recordType.table}.id`
  if (params.cursor !== undefined && params.cursor !== '') {
    const cursor = decodeCursor(String(params.cursor))
    if (!cursor) problems.push(problem('cursor', 'api.errors.cursor'))
    else if (sort.field === 'id') query.where(idColumn, sort.desc ? '<' : '>', cursor.id)
    else if (!sort.desc) {
      if (cursor.value === null) query.where((q: any) => q.where((n: any) => n.whereNull(column).where(idColumn, '>', cursor.id)).orWhereNotNull(column))
      else query.where((q: any) => q.where(column, '>', cursor.value).orWhere((e: any) => e.where(column, cursor.value).where(idColumn, '>', cursor.id)))
    } else {
      if (cursor.value === null) query.whereNull(column).where(idColumn, '<', cursor.id)
      else
        query.where((q: any) =>
          q.where(column, '<', cursor.value).orWhere((e: any) => e.where(column, cursor.value).where(idColumn, '<', cursor.id)).orWhereNull(column)
        )
    }
  }

  if (problems.length) throw new RecordInputError(problems)

  const direction = sort.desc ? 'desc' : 'asc'
  if (sort.field !== 'id') {
    query.orderByRaw(`CASE WHEN ${column} IS NULL THEN 0 ELSE 1 END ${direction}`)
    query.orderBy(column, direction)
  }
  query.orderBy(idColumn, direction)
  query.limit(limit + 1)

  return (rows: Record<string, any>[]) => {
    const page = rows.slice(0, limit)
    const last = page[page.length - 1]
    const nextCursor = rows.length > limit && last ? encodeCursor(sort.field === 'id' ? last.id : last[sort.field], last.id) : null
    return { page, nextCursor, limit }
  }
}

export function isoNow() {
  return DateTime.utc().toISO()
}
