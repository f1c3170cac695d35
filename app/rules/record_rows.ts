/*
 * Records as automation rules see them: plain column → value rows (money as
 * micros text, dates as YYYY-MM-DD, times as ISO text) whatever wrote them —
 * a Lucid model (Money objects, DateTime), or a raw query on SQLite or
 * PostgreSQL — and the few reads and writes rules make on any record table.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { RecordFieldDeclaration } from '#kernel/plugins/define_plugin'
import type { RegisteredRecordType } from '#kernel/plugins/plugin_registry'
import { parseDate, readFieldValue } from '#kernel/records/values'
import { recordAudit } from '#kernel/documents/audit'
import { emitRecordChange } from '#kernel/records/record_events'
import { afterCommit, automationDepth } from '#kernel/records/after_commit'

function plainValue(value: unknown): unknown {
  if (value === null || value === undefined) return null
  if (typeof value === 'bigint') return value.toString()
  if (DateTime.isDateTime(value)) return value.toISO()
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'object' && 'toMicros' in (value as any)) return (value as any).toMicros().toString()
  return value
}

/** A row with plain JSON values; declared fields are read by their kind (dates stay calendar dates). */
export function plainRow(row: Record<string, unknown> | null, fields: RecordFieldDeclaration[]): Record<string, unknown> | null {
  if (!row) return null
  const out: Record<string, unknown> = {}
  for (const [column, value] of Object.entries(row)) {
    const field = fields.find((f) => f.name === column)
    if (field?.kind === 'date' && value !== null && value !== undefined) out[column] = parseDate(value)
    else if ((field?.kind === 'money' || field?.kind === 'quantity' || field?.kind === 'number') && typeof value === 'number') out[column] = String(value)
    else out[column] = plainValue(value)
  }
  return out
}

/** Reads a record's current row (no data scope: rules run as the system). */
export async function loadRecordRow(recordType: RegisteredRecordType, id: string | number, fields: RecordFieldDeclaration[]) {
  const row = await db.from(recordType.table).where('id', id as any).first()
  return plainRow(row ?? null, fields)
}

/** How a field's value reads in a message: money to the cent, dates as dates, options by value. */
export function displayValue(field: RecordFieldDeclaration | undefined, stored: unknown): string {
  if (!field) return stored === null || stored === undefined ? '' : String(stored)
  const value = readFieldValue(field, stored)
  if (value === null) return ''
  if (Array.isArray(value)) return value.join(', ')
  if (typeof value === 'object') return field.kind === 'money' ? (value as any).toFixed(2) : (value as any).toString()
  if (field.kind === 'datetime' && typeof value === 'number') return DateTime.fromMillis(value).toFormat('yyyy-MM-dd HH:mm')
  return String(value)
}

/** The record's name: its title field, else its number, else #id. */
export function recordTitle(recordType: RegisteredRecordType, fields: RecordFieldDeclaration[], row: Record<string, unknown> | null): string {
  if (!row) return ''
  const titleField = recordType.titleField ?? fields.find((f) => f.kind === 'text')?.name
  const title = titleField ? displayValue(fields.find((f) => f.name === titleField), row[titleField]) : ''
  return title || (row.number ? String(row.number) : `#${row.id}`)
}

/** Fills `{title}`, `{id}` and `{field_name}` placeholders from the record; unknown names stay as written. */
export function fillTemplate(text: string, recordType: RegisteredRecordType, fields: RecordFieldDeclaration[], row: Record<string, unknown> | null): string {
  return text.replace(/\{([a-z][a-z0-9_]*)\}/g, (whole, name: string) => {
    if (name === 'title') return recordTitle(recordType, fields, row)
    if (name === 'id') return row ? String(row.id) : ''
    const field = fields.find((f) => f.name === name)
    if (!field || !row) return whole
    return displayValue(field, row[name])
  })
}

export class RecordWriteRefused extends Error {}

/**
 * Writes columns of one record the way a person's edit would be recorded:
 * in a transaction, audited (field, old → new), and announced as
 * `kernel:record.updated` after commit at the current automation depth.
 * A document that left draft is locked: the write is refused.
 */
export async function updateRecordColumns(
  recordType: RegisteredRecordType,
  id: string | number,
  values: Record<string, unknown>,
  fields: RecordFieldDeclaration[],
  userId: number | null = null
): Promise<{ changed: string[] }> {
  let before: Record<string, unknown> | null = null
  let after: Record<string, unknown> | null = null
  const changed: string[] = []
  await db.transaction(async (trx) => {
    const query = trx.from(recordType.table).where('id', id as any)
    if (trx.dialect.name === 'postgres') query.forUpdate()
    const row = await query.first()
    if (!row) throw new RecordWriteRefused(`record ${recordType.type} #${id} no longer exists`)
    if (recordType.document && row.state !== 'draft') throw new RecordWriteRefused(`document ${row.number ?? '#' + id} is ${row.state}: only a draft can be changed`)
    before = plainRow(row, fields)
    const update: Record<string, unknown> = {}
    for (const [column, value] of Object.entries(values)) {
      const old = before![column]
      const next = typeof value === 'bigint' ? value.toString() : value
      if (String(old ?? '') === String(next ?? '')) continue
      // exact and portable: bigint micros as text, times in the dialect's own format
      update[column] = typeof value === 'bigint' ? value.toString() : value instanceof Date ? DateTime.fromJSDate(value).toFormat((trx.dialect as any).dateTimeFormat) : value
      changed.push(column)
    }
    if (!changed.length) return
    // written like Lucid writes its timestamps, so models read it back
    if ('updated_at' in row) update.updated_at = DateTime.now().toFormat((trx.dialect as any).dateTimeFormat)
    await trx.from(recordType.table).where('id', id as any).update(update)
    await recordAudit(
      changed.map((column) => ({ userId, recordType: recordType.type, recordId: id, action: 'update', field: column, oldValue: before![column], newValue: plainValue(values[column]) })),
      trx
    )
    after = plainRow(await trx.from(recordType.table).where('id', id as any).first(), fields)
    const change = { type: recordType.type, id, action: 'updated' as const, before, after, userId, depth: automationDepth() }
    afterCommit(trx, () => emitRecordChange(change))
  })
  return { changed }
}
