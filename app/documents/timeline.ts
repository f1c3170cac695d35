/*
 * The timeline of a record: its comments and its audit trail, newest first.
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type { DateTime } from 'luxon'
import { toDateTime } from './db_dates.js'

export interface TimelineItem {
  kind: 'comment' | 'change'
  at: DateTime | null
  userName: string | null
  body?: string
  action?: string
  field?: string | null
  oldValue?: string | null
  newValue?: string | null
}

/** Adds a comment to a record's timeline (pass `client` to write inside a transaction). */
export async function addComment(
  values: { recordType: string; recordId: string | number; userId: number | null; body: string },
  client: QueryClientContract = db.connection()
) {
  const [row] = await client
    .insertQuery()
    .table('comments')
    .insert({ record_type: values.recordType, record_id: String(values.recordId), user_id: values.userId, body: values.body, created_at: new Date() })
    .returning('id')
  return typeof row === 'object' ? row.id : row
}

export async function timelineOf(recordType: string, recordId: string | number, limit = 200): Promise<TimelineItem[]> {
  const id = String(recordId)
  const comments = await db
    .from('comments')
    .leftJoin('users', 'users.id', 'comments.user_id')
    .where({ 'comments.record_type': recordType, 'comments.record_id': id })
    .select('comments.id', 'comments.body', 'comments.created_at', 'users.name as user_name')
    .orderBy('comments.id', 'desc')
    .limit(limit)
  const changes = await db
    .from('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.user_id')
    .where({ 'audit_log.record_type': recordType, 'audit_log.record_id': id })
    .select('audit_log.id', 'audit_log.action', 'audit_log.field', 'audit_log.old_value', 'audit_log.new_value', 'audit_log.created_at', 'users.name as user_name')
    .orderBy('audit_log.id', 'desc')
    .limit(limit)

  const items: Array<TimelineItem & { seq: number }> = [
    ...comments.map((c) => ({ kind: 'comment' as const, at: toDateTime(c.created_at), userName: c.user_name ?? null, body: c.body, seq: Number(c.id) })),
    ...changes.map((a) => ({
      kind: 'change' as const,
      at: toDateTime(a.created_at),
      userName: a.user_name ?? null,
      action: a.action,
      field: a.field,
      oldValue: a.old_value,
      newValue: a.new_value,
      seq: Number(a.id),
    })),
  ]
  // Newest first; within the same instant, later rows first.
  items.sort((a, b) => (b.at?.toMillis() ?? 0) - (a.at?.toMillis() ?? 0) || b.seq - a.seq)
  return items.slice(0, limit).map(({ seq: _seq, ...item }) => item)
}
