/*
 * The audit log, filtered by user, record type and date range, newest first,
 * a page at a time.
 */
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { toDateTime } from './db_dates.js'
import { companyZone } from '#services/settings'

export interface AuditFilters {
  userId?: number
  recordType?: string
  recordId?: string
  from?: DateTime
  to?: DateTime
  page?: number
  perPage?: number
}

export async function listAuditEntries(filters: AuditFilters) {
  const query = db
    .from('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.user_id')
    .select('audit_log.*', 'users.name as user_name', 'users.username as user_username')
    .orderBy('audit_log.id', 'desc')
  if (filters.userId) query.where('audit_log.user_id', filters.userId)
  if (filters.recordType) query.where('audit_log.record_type', filters.recordType)
  if (filters.recordId) query.where('audit_log.record_id', filters.recordId)
  // Dates are whole days on the company's calendar (setting kernel.timezone), as the page shows times:
  // from 00:00 of `from` to the end of `to`.
  const zone = await companyZone()
  const midnight = (date: DateTime) => DateTime.fromObject({ year: date.year, month: date.month, day: date.day }, { zone })
  if (filters.from) query.where('audit_log.created_at', '>=', midnight(filters.from).toJSDate())
  if (filters.to) query.where('audit_log.created_at', '<', midnight(filters.to).plus({ days: 1 }).toJSDate())
  const page = await query.paginate(filters.page ?? 1, filters.perPage ?? 50)
  const rows = page.all().map((row: any) => ({ ...row, created_at: toDateTime(row.created_at) }))
  return { rows, meta: page.getMeta() as { total: number; perPage: number; currentPage: number; lastPage: number } }
}

/** Record types that appear in the log, for the filter. */
export async function auditRecordTypes(): Promise<string[]> {
  const rows = await db.from('audit_log').distinct('record_type').orderBy('record_type')
  return rows.map((r) => r.record_type)
}
