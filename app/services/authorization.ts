/*
 * What a user may do: permissions granted through roles, each with a data
 * scope, plus field permissions. Computed once per user per request (cached
 * on the user object) so pages can ask as often as they like.
 */
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import type { DataScope } from '#kernel/plugins/define_plugin'

export const SCOPE_RANK: Record<DataScope, number> = { own: 1, department: 2, subtree: 3, all: 4 }

export interface Grants {
  superuser: boolean
  /** permission code → widest scope granted by any of the user's roles */
  permissions: Map<string, DataScope>
  /** "<record type>.<field>" → strictest mode over the user's roles */
  fields: Map<string, 'hidden' | 'readonly'>
}

const CACHE = Symbol('loom.grants')

export async function grantsOf(user: User): Promise<Grants> {
  const cached = (user as any)[CACHE] as Grants | undefined
  if (cached) return cached

  const roles = await db.from('roles').join('user_roles', 'user_roles.role_id', 'roles.id').where('user_roles.user_id', user.id).select('roles.id', 'roles.is_superuser')
  const roleIds = roles.map((r) => r.id)
  const superuser = roles.some((r) => r.is_superuser === true || r.is_superuser === 1)
  const permissions = new Map<string, DataScope>()
  const fields = new Map<string, 'hidden' | 'readonly'>()

  if (roleIds.length) {
    const rows = await db.from('role_permissions').whereIn('role_id', roleIds).select('permission', 'scope')
    for (const row of rows) {
      const current = permissions.get(row.permission)
      if (!current || SCOPE_RANK[row.scope as DataScope] > SCOPE_RANK[current]) permissions.set(row.permission, row.scope)
    }
    if (!superuser) {
      // A field is hidden/read-only only when every role of the user says so:
      // a role that does not restrict the field lets the user see it.
      const fieldRows = await db.from('field_permissions').whereIn('role_id', roleIds).select('role_id', 'field', 'mode')
      const byField = new Map<string, Array<{ roleId: number; mode: 'hidden' | 'readonly' }>>()
      for (const r of fieldRows) byField.set(r.field, [...(byField.get(r.field) ?? []), { roleId: r.role_id, mode: r.mode }])
      for (const [field, list] of byField) {
        if (new Set(list.map((l) => l.roleId)).size < roleIds.length) continue
        fields.set(field, list.some((l) => l.mode === 'readonly') ? 'readonly' : 'hidden')
      }
    }
  }

  const grants: Grants = { superuser, permissions, fields }
  Object.defineProperty(user, CACHE, { value: grants, enumerable: false, configurable: true })
  return grants
}

/** Forgets cached grants (after a role change in the same request). */
export function forgetGrants(user: User) {
  delete (user as any)[CACHE]
}

export async function userCan(user: User, permission: string): Promise<boolean> {
  const grants = await grantsOf(user)
  return grants.superuser || grants.permissions.has(permission)
}

/** The widest data scope the user holds for a permission, or null without it. */
export async function scopeOf(user: User, permission: string): Promise<DataScope | null> {
  const grants = await grantsOf(user)
  if (grants.superuser) return 'all'
  return grants.permissions.get(permission) ?? null
}

export async function fieldMode(user: User, field: string): Promise<'visible' | 'hidden' | 'readonly'> {
  const grants = await grantsOf(user)
  if (grants.superuser) return 'visible'
  return grants.fields.get(field) ?? 'visible'
}
