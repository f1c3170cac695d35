/*
 * The generic record writer: creates and changes a record of any registered
 * record type (docs/decisions/007) for the REST API, web forms and imports.
 *
 *   const row = await createRecord('fixrec.contact', { name: 'Acme', credit_limit: '1200.50' }, user)
 *   const row = await updateRecord('fixrec.contact', 42, { grade: 'A' }, user, { version })
 *
 * Every field is validated with parseFieldInput (unknown field, read-only
 * field, wrong type: each named); the create/edit permission, the data scope
 * and the field permissions are enforced; the row, its defaults and its audit
 * rows are written in one transaction; the change is announced after commit
 * (emitRecordChange). A record type declaring `actions.create/update` gets its
 * own action called instead of the generic insert/update.
 *
 * `version` is the row's updated_at (ISO, milliseconds): an update must send
 * the version it read, a stale one is refused (RecordVersionError).
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import plugins from '#services/plugins'
import type { RecordFieldDeclaration } from '#kernel/plugins/define_plugin'
import type { RegisteredRecordType } from '#kernel/plugins/plugin_registry'
import { userCan } from '#services/authorization'
import { findInScopeOrFail } from '#services/data_scope'
import { fieldModes } from '#services/field_permissions'
import { recordAudit } from '#kernel/documents/audit'
import { isEditable } from '#kernel/documents/document_states'
import { toDateTime } from '#kernel/documents/db_dates'
import { fieldsOf, recordTypeOrFail } from './fields.js'
import { parseFieldInput } from './values.js'
import { emitRecordChange } from './record_events.js'

/** One problem with the input; `key` is an i18n key (api.errors.*, records.errors.*, documents.numbers.*). */
export interface FieldProblem {
  field: string | null
  code: 'unknown_field' | 'readonly' | 'invalid' | 'required' | 'body'
  key: string
  params?: Record<string, unknown>
}

/** The input was refused; nothing was written. */
export class RecordInputError extends Error {
  constructor(public problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field ?? '(body)'}: ${p.key}`).join('; '))
  }
}

/** The user may not create/edit records of this type (403). */
export class RecordForbiddenError extends Error {
  constructor(public permission: string) {
    super(`Missing permission ${permission}`)
  }
}

/** Update without a version, or with one that is no longer current (409). */
export class RecordVersionError extends Error {
  constructor(
    public key: 'api.errors.version_missing' | 'api.errors.version_stale' | 'api.errors.locked',
    public params: Record<string, unknown> = {}
  ) {
    super(key)
  }
}

export interface WriteOptions {
  /** Skip the create/edit permission check (web forms check their token instead) */
  skipPermission?: boolean
  /** Only these fields may be written (web forms) */
  allowedFields?: string[]
  /** For the record type's own actions' messages */
  locale?: string
}

/** Columns the system sets; never written through the writer. */
const SYSTEM_COLUMNS = new Set(['id', 'number', 'state', 'created_at', 'updated_at', 'created_by', 'submitted_at', 'confirmed_at', 'cancelled_at'])

const columnCache = new Map<string, Set<string>>()

/** The table's column names (cached; tables do not change while Loom runs). */
export async function tableColumns(table: string, client: QueryClientContract = db.connection()): Promise<Set<string>> {
  const cached = columnCache.get(table)
  if (cached) return cached
  const info = await client.knexQuery().table(table).columnInfo()
  const columns = new Set(Object.keys(info))
  columnCache.set(table, columns)
  return columns
}

export function permissionPrefixOf(recordType: RegisteredRecordType): string {
  return recordType.permissionPrefix ?? recordType.type
}

/** The version of a stored row: its updated_at (or created_at) as ISO text with milliseconds. */
export function versionOf(row: Record<string, unknown>): string | null {
  const time = toDateTime(row.updated_at ?? row.created_at ?? null)
  return time ? time.toUTC().toISO() : null
}

/** A timestamp strictly later than the row's current version, so two quick saves never share a version. */
function nextStamp(row: Record<string, unknown> | null): Date {
  const now = Date.now()
  const previous = row ? toDateTime(row.updated_at ?? row.created_at ?? null)?.toMillis() : undefined
  return new Date(previous !== undefined && previous >= now ? previous + 1 : now)
}

/**
 * A timestamp as the models write it, so Lucid models of the same table read
 * it back: SQL text on SQLite (with milliseconds, for versions), a Date on PostgreSQL.
 */
export function dbTimestamp(date: Date, client: QueryClientContract): Date | string {
  return client.dialect.name === 'postgres' ? date : DateTime.fromJSDate(date).toFormat('yyyy-MM-dd HH:mm:ss.SSS')
}

/** Stored values are bound as text for BIGINTs (exact on both databases). */
function bindable(value: unknown): unknown {
  if (value instanceof Date) return dbTimestamp(value, db.connection())
  return typeof value === 'bigint' ? value.toString() : value
}

/**
 * Validates write input against the type's fields. Returns column → stored
 * value for the fields sent; throws RecordInputError naming every problem.
 */
export async function validateRecordInput(
  recordType: RegisteredRecordType,
  input: unknown,
  user: User | null,
  mode: 'create' | 'update',
  options: WriteOptions = {}
): Promise<Record<string, unknown>> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new RecordInputError([{ field: null, code: 'body', key: 'api.errors.body_object' }])
  }
  const fields = await fieldsOf(recordType)
  const modes = user ? await fieldModes(user, recordType.type) : {}
  const problems: FieldProblem[] = []
  const values: Record<string, unknown> = {}
  for (const [name, raw] of Object.entries(input as Record<string, unknown>)) {
    const field = fields.find((f) => f.name === name)
    const allowed = !options.allowedFields || options.allowedFields.includes(name)
    if (!field || !allowed || (modes[name] === 'hidden' && !field.readonly)) {
      problems.push({ field: name, code: 'unknown_field', key: 'api.errors.unknown_field', params: { field: name } })
      continue
    }
    if (field.readonly || SYSTEM_COLUMNS.has(name) || modes[name] === 'readonly') {
      problems.push({ field: name, code: 'readonly', key: 'api.errors.readonly', params: { field: name } })
      continue
    }
    const parsed = parseFieldInput(field, raw)
    if (!parsed.ok) {
      problems.push({ field: name, code: parsed.error === 'records.errors.required' ? 'required' : 'invalid', key: parsed.error, params: parsed.params })
      continue
    }
    if ((field.kind === 'user' || field.kind === 'reference') && parsed.stored !== null) {
      const table = referencedTable(field)
      if (table && !(await db.from(table).where('id', String(parsed.stored)).select('id').first())) {
        problems.push({ field: name, code: 'invalid', key: 'api.errors.reference_missing', params: { id: String(parsed.stored) } })
        continue
      }
    }
    values[name] = bindable(parsed.stored)
  }
  if (mode === 'create') {
    for (const field of fields) {
      if (field.required && !field.readonly && !(field.name in (input as object))) {
        problems.push({ field: field.name, code: 'required', key: 'records.errors.required' })
      }
    }
  }
  if (problems.length) throw new RecordInputError(problems)
  return values
}

/** The table a user/reference field points into, when known. */
function referencedTable(field: RecordFieldDeclaration): string | null {
  if (field.kind === 'user') return 'users'
  if (field.reference === 'kernel.department') return 'departments'
  if (field.reference === 'kernel.user') return 'users'
  return field.reference ? (plugins.recordType(field.reference)?.table ?? null) : null
}

async function requirePermission(user: User, permission: string) {
  if (!(await userCan(user, permission))) throw new RecordForbiddenError(permission)
}

function auditEntries(recordType: RegisteredRecordType, id: unknown, userId: number, before: Record<string, unknown>, values: Record<string, unknown>) {
  return Object.entries(values)
    .filter(([name, value]) => String(before[name] ?? '') !== String(value ?? ''))
    .map(([name, value]) => ({ userId, recordType: recordType.type, recordId: String(id), action: 'update', field: name, oldValue: before[name] ?? null, newValue: value }))
}

/** Reads one row by id (no scope: callers have checked it). */
export async function readRow(recordType: RegisteredRecordType, id: number | string, client: QueryClientContract = db.connection()) {
  return client.from(recordType.table).where('id', id).first()
}

/** Creates a record; returns the stored row. Documents start as drafts. */
export async function createRecord(type: string | RegisteredRecordType, input: unknown, user: User, options: WriteOptions = {}) {
  const recordType = typeof type === 'string' ? recordTypeOrFail(type) : type
  const prefix = permissionPrefixOf(recordType)
  if (!options.skipPermission) await requirePermission(user, `${prefix}.create`)
  const values = await validateRecordInput(recordType, input, user, 'create', options)

  let id: number | string
  if (recordType.actions?.create) {
    // The plugin's own code saves (through a withAudit model, which announces the change itself).
    id = await recordType.actions.create(values, { user, locale: options.locale ?? user.locale ?? 'zh-CN' })
    return readRow(recordType, id)
  } else {
    const columns = await tableColumns(recordType.table)
    const stamp = dbTimestamp(nextStamp(null), db.connection())
    const row: Record<string, unknown> = { ...values }
    if (columns.has('owner_id') && !('owner_id' in values)) row.owner_id = user.id
    if (columns.has('department_id') && !('department_id' in values)) row.department_id = user.departmentId ?? null
    if (columns.has('created_by')) row.created_by = user.id
    if (columns.has('created_at')) row.created_at = stamp
    if (columns.has('updated_at')) row.updated_at = stamp
    if (recordType.document) row.state = 'draft'
    id = await db.transaction(async (trx) => {
      const [inserted] = await trx.insertQuery().table(recordType.table).returning('id').insert(row)
      const newId = typeof inserted === 'object' && inserted !== null ? (inserted as any).id : inserted
      await recordAudit({ userId: user.id, recordType: recordType.type, recordId: String(newId), action: 'create' }, trx)
      return newId
    })
  }
  const after = await readRow(recordType, id)
  await emitRecordChange({ type: recordType.type, id, action: 'created', before: null, after, userId: user.id })
  return after
}

/**
 * Changes the fields sent. `version` must be the version the caller read
 * (versionOf); the row must be in the user's edit scope (else 404).
 */
export async function updateRecord(
  type: string | RegisteredRecordType,
  id: number | string,
  input: unknown,
  user: User,
  options: WriteOptions & { version?: string | null } = {}
) {
  const recordType = typeof type === 'string' ? recordTypeOrFail(type) : type
  const prefix = permissionPrefixOf(recordType)
  if (!options.skipPermission) await requirePermission(user, `${prefix}.edit`)
  // Outside the scope: 404 before anything about the input is said.
  await findInScopeOrFail(recordType.table, id, user, `${prefix}.edit`)
  const values = await validateRecordInput(recordType, input, user, 'update', options)

  const check = (current: Record<string, unknown>) => {
    if (recordType.document && !isEditable(String(current.state))) {
      throw new RecordVersionError('api.errors.locked', { state: current.state, number: current.number ?? '' })
    }
    if (!options.version) throw new RecordVersionError('api.errors.version_missing', { version: versionOf(current) })
    if (options.version !== versionOf(current)) throw new RecordVersionError('api.errors.version_stale', { version: versionOf(current) })
  }

  let before: Record<string, unknown>
  if (recordType.actions?.update) {
    before = await readRow(recordType, id)
    check(before)
    // The plugin's own code saves (through a withAudit model, which announces the change itself).
    await recordType.actions.update(id, values, { user, locale: options.locale ?? user.locale ?? 'zh-CN' })
    return readRow(recordType, id)
  } else {
    const columns = await tableColumns(recordType.table)
    before = await db.transaction(async (trx: TransactionClientContract) => {
      const query = trx.from(recordType.table).where('id', id)
      // PostgreSQL: two writers with the same version queue up here; the second sees the new version.
      if (trx.dialect.name === 'postgres') query.forUpdate()
      const current = await query.first()
      check(current)
      const changes: Record<string, unknown> = { ...values }
      if (columns.has('updated_at')) changes.updated_at = dbTimestamp(nextStamp(current), trx)
      const update = trx.from(recordType.table).where('id', id)
      // SQLite has no row lock: the row must still hold the version just checked, else someone saved in between.
      if (trx.dialect.name !== 'postgres' && columns.has('updated_at')) {
        if (current.updated_at === null || current.updated_at === undefined) update.whereNull('updated_at')
        else update.where('updated_at', current.updated_at)
      }
      const affected = await update.update(changes)
      if (Number(Array.isArray(affected) ? affected[0] : affected) !== 1) throw new RecordVersionError('api.errors.version_stale', { version: null })
      await recordAudit(auditEntries(recordType, id, user.id, current, values), trx)
      return current
    })
  }
  const after = await readRow(recordType, id)
  await emitRecordChange({ type: recordType.type, id, action: 'updated', before, after, userId: user.id })
  return after
}

/** Fields a record type exposes, for callers that need them with the writer's rules. */
export function writableField(field: RecordFieldDeclaration): boolean {
  return !field.readonly && !SYSTEM_COLUMNS.has(field.name)
}
