/*
 * The audit trail: who changed what, when, old → new. `recordAudit` writes
 * rows for anything; the `withAudit` model mixin records creates, field
 * changes and deletes of any Lucid model, in the model's own transaction,
 * and — for registered record types and documents — announces them once
 * committed as `kernel:record.created|updated|deleted` (app/records/record_events.ts).
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { HttpContext } from '@adonisjs/core/http'
import { afterCreate, afterDelete, afterUpdate, beforeUpdate, type BaseModel } from '@adonisjs/lucid/orm'
import type { NormalizeConstructor } from '@adonisjs/core/types/helpers'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type { LucidRow } from '@adonisjs/lucid/types/model'
import plugins from '#services/plugins'
import { emitRecordChange, type RecordChange } from '#kernel/records/record_events'
import { afterCommit, automationDepth } from '#kernel/records/after_commit'

export interface AuditEntry {
  userId: number | null
  recordType: string
  recordId: string | number
  /** create | update | delete | transition | … */
  action: string
  field?: string | null
  oldValue?: unknown
  newValue?: unknown
}

/** How a value reads in the log: exact text for Money/Quantity, ISO for dates, JSON for objects. */
export function auditValue(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value)
  if (DateTime.isDateTime(value)) return value.toISO()
  if (value instanceof Date) return value.toISOString()
  if (typeof (value as any).toJSON === 'function') {
    const json = (value as any).toJSON()
    return typeof json === 'string' ? json : JSON.stringify(json)
  }
  return JSON.stringify(value)
}

/** The signed-in user of the current request, if any. */
export function currentUserId(): number | null {
  return HttpContext.get()?.auth?.user?.id ?? null
}

/** Writes audit rows through `client` (pass the transaction when inside one). */
export async function recordAudit(entries: AuditEntry | AuditEntry[], client: QueryClientContract = db.connection()) {
  const list = Array.isArray(entries) ? entries : [entries]
  if (!list.length) return
  const now = new Date()
  await client.insertQuery().table('audit_log').multiInsert(
    list.map((e) => ({
      user_id: e.userId,
      record_type: e.recordType,
      record_id: String(e.recordId),
      action: e.action,
      field: e.field ?? null,
      old_value: auditValue(e.oldValue),
      new_value: auditValue(e.newValue),
      created_at: now,
    }))
  )
}

/** Marks who makes the next save of a model and under which action name (e.g. a transition). */
export const AUDIT_USER = Symbol.for('loom.audit.user')
export const AUDIT_ACTION = Symbol.for('loom.audit.action')
const PENDING = Symbol.for('loom.audit.pending')
const BEFORE = Symbol.for('loom.audit.before')

type AuditedRow = LucidRow & {
  [AUDIT_USER]?: number | null
  [AUDIT_ACTION]?: string
  [PENDING]?: AuditEntry[]
  [BEFORE]?: Record<string, unknown>
}

export interface AuditedModel {
  /** Record type in the log; defaults to the table name. */
  auditType?: string
  /** Columns never logged (timestamps by default). */
  auditExclude?: string[]
}

/** The registered record type (or document type) a model's rows are, if any. */
function recordTypeOf(row: LucidRow): string | null {
  const model = row.constructor as any
  if (model.documentType) return model.documentType
  return plugins.recordTypes().find((r) => r.table === model.table)?.type ?? null
}

function typeOf(row: LucidRow): string {
  const model = row.constructor as any
  return model.auditType ?? recordTypeOf(row) ?? model.table
}

/** Column name → value of a row, from its current attributes or its originals. */
export function rowColumns(row: LucidRow, from: 'attributes' | 'original' = 'attributes'): Record<string, unknown> {
  const source = from === 'attributes' ? row.$attributes : row.$original
  const out: Record<string, unknown> = {}
  for (const [property, value] of Object.entries(source)) out[columnName(row, property)] = value
  return out
}

/** Announces a committed change of a registered record (nothing for other models). */
function announce(row: AuditedRow, action: RecordChange['action'], before: Record<string, unknown> | null, after: Record<string, unknown> | null) {
  const type = recordTypeOf(row)
  if (!type) return
  const change: RecordChange = { type, id: row.$primaryKeyValue as any, action, before, after, userId: userOf(row), depth: automationDepth() }
  afterCommit(clientOf(row), () => emitRecordChange(change))
}

function excluded(row: LucidRow): string[] {
  return (row.constructor as any).auditExclude ?? ['created_at', 'updated_at']
}

function userOf(row: AuditedRow): number | null {
  if (row[AUDIT_USER] !== undefined) return row[AUDIT_USER]!
  // Outside a request (a job, a seeder), a document's creator is the best answer we have.
  return currentUserId() ?? (row as any).createdBy ?? null
}

function clientOf(row: LucidRow): QueryClientContract {
  return (row.$trx as QueryClientContract | undefined) ?? db.connection()
}

function columnName(row: LucidRow, property: string): string {
  return (row.constructor as any).$getColumn(property)?.columnName ?? property
}

/**
 * Records every create, field change and delete of the model. The change rows
 * are written in the model's transaction, so a rolled-back save logs nothing.
 */
export function withAudit<T extends NormalizeConstructor<typeof BaseModel>>(superclass: T) {
  class Audited extends superclass {
    @afterCreate()
    static async auditCreate(row: AuditedRow) {
      await recordAudit({ userId: userOf(row), recordType: typeOf(row), recordId: row.$primaryKeyValue as any, action: 'create' }, clientOf(row))
      announce(row, 'created', null, rowColumns(row))
    }

    @beforeUpdate()
    static auditCapture(row: AuditedRow) {
      const skip = excluded(row)
      const changes: AuditEntry[] = []
      for (const [property, value] of Object.entries(row.$dirty)) {
        const field = columnName(row, property)
        if (skip.includes(field)) continue
        const before = auditValue(row.$original[property])
        const after = auditValue(value)
        if (before === after) continue
        changes.push({
          userId: userOf(row),
          recordType: typeOf(row),
          recordId: row.$primaryKeyValue as any,
          action: row[AUDIT_ACTION] ?? 'update',
          field,
          oldValue: before,
          newValue: after,
        })
      }
      row[PENDING] = changes
      row[BEFORE] = rowColumns(row, 'original')
    }

    @afterUpdate()
    static async auditUpdate(row: AuditedRow) {
      const pending = row[PENDING] ?? []
      const before = row[BEFORE] ?? null
      row[PENDING] = []
      delete row[BEFORE]
      await recordAudit(pending, clientOf(row))
      // A transition announces itself as state_changed (app/documents/transition_document.ts).
      if (pending.length && row[AUDIT_ACTION] !== 'transition') announce(row, 'updated', before, rowColumns(row))
    }

    @afterDelete()
    static async auditDelete(row: AuditedRow) {
      await recordAudit({ userId: userOf(row), recordType: typeOf(row), recordId: row.$primaryKeyValue as any, action: 'delete' }, clientOf(row))
      announce(row, 'deleted', rowColumns(row, 'original'), null)
    }
  }
  return Audited
}
