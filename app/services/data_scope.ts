/*
 * Data scopes, applied in ONE place.
 *
 * Every list, search, export, report and API endpoint that reads records of a
 * scoped permission narrows its query with `applyDataScope()`; single records
 * are fetched with `findInScopeOrFail()` (404 outside the scope, never a leak)
 * or checked with `isInScope()`. Controllers never re-implement the rules:
 *
 *   own         records whose owner is the user
 *   department  records of the user's department (and the user's own records)
 *   subtree     records of the user's department and every department below it
 *               (departments.path LIKE '/1/4/%'), plus the user's own records
 *   all         every record
 *   (none)      no permission: no rows at all
 *
 * Works on Lucid model queries and plain `db.from()` queries, on SQLite and
 * PostgreSQL alike (plain SQL: =, IN (subquery), LIKE).
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import type { DataScope } from '#kernel/plugins/define_plugin'
import { scopeOf } from '#services/authorization'
import NotFoundException from '#exceptions/not_found_exception'

export interface DataScopeOptions {
  /** Column holding the owner's user id (qualify it, e.g. `o.owner_id`, when the query joins). */
  ownerColumn?: string
  /** Column holding the record's department id. */
  departmentColumn?: string
  /** Database client or transaction to read the department tree with. */
  client?: QueryClientContract
}

/** The subset of a Lucid / Knex query builder this service needs. */
interface Scopable {
  where(...args: any[]): any
  orWhere(...args: any[]): any
  whereIn(...args: any[]): any
  whereRaw(...args: any[]): any
}

const PATH = Symbol('loom.departmentPath')

/** The user's department path ("/1/4/"), read once per user object. */
async function departmentPathOf(user: User, client?: QueryClientContract): Promise<string | null> {
  if (!user.departmentId) return null
  const cached = (user as any)[PATH] as { id: number; path: string | null } | undefined
  if (cached && cached.id === user.departmentId) return cached.path
  const row = await (client ?? db).from('departments').where('id', user.departmentId).select('path').first()
  const path: string | null = row?.path ?? null
  Object.defineProperty(user, PATH, { value: { id: user.departmentId, path }, enumerable: false, configurable: true })
  return path
}

/** Escapes LIKE wildcards in a department path (paths are digits and slashes, but be safe). */
function likePrefix(path: string): string {
  return path.replace(/[\\%_]/g, (c) => `\\${c}`) + '%'
}

/**
 * Narrows `query` to the records `user` may see under `permission`.
 * Returns the same query (mutated) so it can be chained or awaited.
 */
export async function applyDataScope<Q extends Scopable>(
  query: Q,
  user: User,
  permission: string,
  options: DataScopeOptions = {}
): Promise<Q> {
  const scope = await scopeOf(user, permission)
  return constrain(query, user, scope, options)
}

/** Same as applyDataScope with an already-known scope (used by the matrix helper and reports). */
export async function constrain<Q extends Scopable>(
  query: Q,
  user: User,
  scope: DataScope | null,
  options: DataScopeOptions = {}
): Promise<Q> {
  const ownerColumn = options.ownerColumn ?? 'owner_id'
  const departmentColumn = options.departmentColumn ?? 'department_id'

  if (scope === 'all') return query
  if (scope === null) {
    query.whereRaw('1 = 0')
    return query
  }
  if (scope === 'own' || !user.departmentId) {
    // Without a department, "department" scopes shrink to the user's own records.
    query.where(ownerColumn, user.id)
    return query
  }
  if (scope === 'department') {
    query.where((q: Scopable) => {
      q.where(departmentColumn, user.departmentId!).orWhere(ownerColumn, user.id)
    })
    return query
  }
  // subtree
  const path = await departmentPathOf(user, options.client)
  if (!path) {
    query.where(ownerColumn, user.id)
    return query
  }
  const client = options.client ?? db
  query.where((q: Scopable) => {
    q.whereIn(
      departmentColumn,
      client.from('departments').select('id').whereRaw(`path LIKE ? ESCAPE '\\'`, [likePrefix(path)])
    ).orWhere(ownerColumn, user.id)
  })
  return query
}

/**
 * Finds one record by id inside the user's scope, or throws a 404.
 * `source` is a Lucid model (`Note`) or a table name (`'fixscope_notes'`).
 */
export async function findInScopeOrFail(
  source: string | { query(options?: any): any },
  id: number | string,
  user: User,
  permission: string,
  options: DataScopeOptions & { idColumn?: string } = {}
): Promise<any> {
  const query =
    typeof source === 'string'
      ? (options.client ?? db).from(source)
      : source.query(options.client ? { client: options.client } : undefined)
  query.where(options.idColumn ?? 'id', id)
  await applyDataScope(query, user, permission, options)
  const record = await query.first()
  if (!record) throw new NotFoundException()
  return record
}

function readField(record: Record<string, any>, column: string): unknown {
  const bare = column.includes('.') ? column.slice(column.lastIndexOf('.') + 1) : column
  if (bare in record) return record[bare]
  const camel = bare.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
  if (camel in record) return record[camel]
  if (typeof record.$getAttribute === 'function') return record.$getAttribute(camel)
  return undefined
}

/**
 * Whether an already-loaded record (model or plain row) lies inside the
 * user's scope for `permission`, by the same rules as applyDataScope.
 */
export async function isInScope(
  user: User,
  permission: string,
  record: Record<string, any>,
  options: DataScopeOptions = {}
): Promise<boolean> {
  const scope = await scopeOf(user, permission)
  if (scope === null) return false
  if (scope === 'all') return true
  const ownerId = readField(record, options.ownerColumn ?? 'owner_id')
  const isOwn = ownerId !== null && ownerId !== undefined && Number(ownerId) === user.id
  if (isOwn) return true
  if (scope === 'own' || !user.departmentId) return false
  const departmentId = readField(record, options.departmentColumn ?? 'department_id')
  if (departmentId === null || departmentId === undefined) return false
  if (scope === 'department') return Number(departmentId) === user.departmentId
  const path = await departmentPathOf(user, options.client)
  if (!path) return false
  const row = await (options.client ?? db).from('departments').where('id', Number(departmentId)).select('path').first()
  return !!row && String(row.path).startsWith(path)
}
