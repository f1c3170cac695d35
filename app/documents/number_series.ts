/*
 * Number series: document numbers from a pattern such as `SO-{YYYY}-{#####}`.
 *
 * `nextNumber(type, trx)` allocates inside the document's own transaction with
 * one atomic upsert on the counter row: PostgreSQL holds that row's lock until
 * the transaction ends (a concurrent allocation waits, then counts on from the
 * committed value), SQLite serialises writers. A rolled-back transaction rolls
 * its increment back too, so the number is handed out again: no gaps, no
 * duplicates.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract, QueryClientContract } from '@adonisjs/lucid/types/database'
import plugins from '#services/plugins'
import { recordAudit, currentUserId } from './audit.js'
import { companyNow } from '#services/settings'

const TOKEN = /\{([^{}]*)\}/g
const COUNTER = /^#{1,12}$/
const DATE_TOKENS = ['YYYY', 'YY', 'MM', 'DD'] as const
/** Literal text allowed around the tokens: letters (Chinese too, e.g. 记-{####}), digits and - _ / . */
const LITERAL = /^[\p{L}\p{N}\-_/.]*$/u

export interface SeriesRow {
  id: number
  document_type: string
  pattern: string
  reset_yearly: boolean
}

export class NumberSeriesError extends Error {
  constructor(
    public key: string,
    public params: Record<string, string | number> = {}
  ) {
    super(`${key} ${JSON.stringify(params)}`)
  }
}

/**
 * Problems of a pattern as i18n keys (`documents.series.errors.*`), empty when it is fine.
 * A pattern needs exactly one counter `{#…}`; a yearly reset needs the year in it,
 * or two years would produce the same numbers.
 */
export function patternProblems(pattern: string, resetYearly: boolean): string[] {
  const problems: string[] = []
  if (!pattern || pattern.length > 60) return ['documents.series.errors.length']
  const tokens = [...pattern.matchAll(TOKEN)].map((m) => m[1])
  const counters = tokens.filter((t) => COUNTER.test(t))
  if (counters.length === 0) problems.push('documents.series.errors.no_counter')
  if (counters.length > 1) problems.push('documents.series.errors.two_counters')
  if (tokens.some((t) => !COUNTER.test(t) && !DATE_TOKENS.includes(t as any))) problems.push('documents.series.errors.unknown_token')
  if (!LITERAL.test(pattern.replace(TOKEN, ''))) problems.push('documents.series.errors.characters')
  if (resetYearly && !tokens.some((t) => t === 'YYYY' || t === 'YY')) problems.push('documents.series.errors.reset_needs_year')
  return problems
}

/** The number a pattern gives for a counter value on a date. */
export function formatNumber(pattern: string, value: number | bigint, date: DateTime = DateTime.now()): string {
  return pattern.replace(TOKEN, (_, token: string) => {
    if (COUNTER.test(token)) return value.toString().padStart(token.length, '0')
    if (token === 'YYYY') return date.toFormat('yyyy')
    if (token === 'YY') return date.toFormat('yy')
    if (token === 'MM') return date.toFormat('MM')
    if (token === 'DD') return date.toFormat('dd')
    return `{${token}}`
  })
}

function periodOf(series: Pick<SeriesRow, 'reset_yearly'>, date: DateTime) {
  return series.reset_yearly ? date.toFormat('yyyy') : ''
}

/** Default pattern of a type without a declared one: its last segment in capitals, e.g. `ORDER-{YYYY}-{#####}`. */
export function defaultPattern(type: string): string {
  const last = type.split('.').pop()!.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 12) || 'DOC'
  return `${last}-{YYYY}-{#####}`
}

/**
 * The series row of a document type, created from the type's declaration the first
 * time it is needed. Inside a transaction pass it as `client`: SQLite has a
 * single connection, so a query outside the transaction would wait forever.
 */
export async function ensureSeries(type: string, client: QueryClientContract = db.connection()): Promise<SeriesRow> {
  const found = await client.from('number_series').where('document_type', type).first()
  if (found) return normalise(found)
  const declared = plugins.documentType(type)
  const pattern = declared?.numberPattern ?? defaultPattern(type)
  const resetYearly = declared?.resetYearly ?? /\{YY(YY)?\}/.test(pattern)
  const now = new Date()
  await client
    .knexQuery()
    .table('number_series')
    .insert({ document_type: type, pattern, reset_yearly: resetYearly, created_at: now, updated_at: now })
    .onConflict('document_type')
    .ignore()
  return normalise(await client.from('number_series').where('document_type', type).firstOrFail())
}

/** Series of every declared document type (created when missing), for the admin page. */
export async function listSeries(): Promise<Array<SeriesRow & { label: { 'zh-CN': string; 'en': string } | null; next: string }>> {
  for (const declared of plugins.documentTypes()) await ensureSeries(declared.type)
  const rows = (await db.from('number_series').orderBy('document_type')).map(normalise)
  const today = await companyNow()
  const counters = await db.from('number_series_counters').whereIn('series_id', rows.map((r) => r.id).concat([0]))
  return rows.map((row) => {
    const counter = counters.find((c) => c.series_id === row.id && c.period === periodOf(row, today))
    const last = BigInt(counter?.last_value ?? 0)
    return { ...row, label: plugins.documentType(row.document_type)?.label ?? null, next: formatNumber(row.pattern, last + 1n, today) }
  })
}

function normalise(row: any): SeriesRow {
  return { id: row.id, document_type: row.document_type, pattern: row.pattern, reset_yearly: row.reset_yearly === true || row.reset_yearly === 1 }
}

/**
 * Allocates the next number of a document type inside `trx`, the transaction
 * that saves the document. Roll it back and the number is reused.
 */
export async function nextNumber(type: string, trx: TransactionClientContract, options: { date?: DateTime } = {}): Promise<string> {
  if (!trx || !trx.isTransaction) throw new NumberSeriesError('documents.series.errors.needs_transaction', { type })
  const series = await ensureSeries(type, trx)
  const date = options.date ?? (await companyNow(trx))
  const value = await bumpCounter(trx, series.id, periodOf(series, date))
  return formatNumber(series.pattern, value, date)
}

/** One statement on both databases: insert the period's counter at 1, or add 1 to it. */
async function bumpCounter(client: QueryClientContract, seriesId: number, period: string): Promise<bigint> {
  const result: any = await client.rawQuery(
    `INSERT INTO number_series_counters (series_id, period, last_value) VALUES (?, ?, 1)
     ON CONFLICT (series_id, period) DO UPDATE SET last_value = number_series_counters.last_value + 1
     RETURNING last_value`,
    [seriesId, period]
  )
  const rows = Array.isArray(result) ? result : result.rows
  return BigInt(rows[0].last_value)
}

/**
 * Changes a series' pattern (validated by the caller with patternProblems).
 * Switching the yearly reset on or off carries the counter over to the new
 * period, so the switch can never hand out a number already given.
 */
export async function updateSeries(type: string, values: { pattern: string; resetYearly: boolean }) {
  const series = await ensureSeries(type)
  await db.transaction(async (trx) => {
    if (series.reset_yearly !== values.resetYearly) {
      const now = await companyNow(trx)
      const from = periodOf(series, now)
      const to = periodOf({ reset_yearly: values.resetYearly }, now)
      const current = await trx.from('number_series_counters').where({ series_id: series.id, period: from }).first()
      const last = BigInt(current?.last_value ?? 0)
      const target = await trx.from('number_series_counters').where({ series_id: series.id, period: to }).first()
      if (!target) {
        await trx.insertQuery().table('number_series_counters').insert({ series_id: series.id, period: to, last_value: last.toString() })
      } else if (BigInt(target.last_value) < last) {
        await trx.from('number_series_counters').where('id', target.id).update({ last_value: last.toString() })
      }
    }
    await trx.from('number_series').where('id', series.id).update({ pattern: values.pattern, reset_yearly: values.resetYearly, updated_at: new Date() })
    const changes = [
      { field: 'pattern', oldValue: series.pattern, newValue: values.pattern },
      { field: 'reset_yearly', oldValue: series.reset_yearly, newValue: values.resetYearly },
    ].filter((c) => c.oldValue !== c.newValue)
    await recordAudit(
      changes.map((c) => ({ ...c, userId: currentUserId(), recordType: 'number_series', recordId: type, action: 'update' })),
      trx
    )
  })
}
