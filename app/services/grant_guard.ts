/*
 * No privilege escalation through the admin pages: a user may hand out only
 * what they hold themselves. Granting a permission (or widening its scope) in
 * the role grid, or assigning a role to a user, is refused when the acting
 * user does not hold that permission with at least that scope; superuser roles
 * are assigned, and edited, only by superusers.
 */
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import type { DataScope } from '#kernel/plugins/define_plugin'
import { grantsOf, SCOPE_RANK } from '#services/authorization'

export interface Grant {
  permission: string
  scope: DataScope
}

/** The grants in `wanted` that `actor` may not give (added or widened compared with `current`). */
export async function grantsBeyondActor(actor: User, wanted: Grant[], current: Grant[] = []): Promise<Grant[]> {
  const grants = await grantsOf(actor)
  if (grants.superuser) return []
  const before = new Map(current.map((g) => [g.permission, g.scope]))
  return wanted.filter((g) => {
    const had = before.get(g.permission)
    if (had && SCOPE_RANK[had] >= SCOPE_RANK[g.scope]) return false
    const own = grants.permissions.get(g.permission)
    return !own || SCOPE_RANK[own] < SCOPE_RANK[g.scope]
  })
}

/** Roles among `roleIds` (not already held by the target) that `actor` may not assign. */
export async function rolesBeyondActor(actor: User, roleIds: number[], currentRoleIds: number[] = []): Promise<Array<{ id: number; name: string }>> {
  const grants = await grantsOf(actor)
  if (grants.superuser) return []
  const added = roleIds.filter((id) => !currentRoleIds.includes(id))
  if (!added.length) return []
  const roles = await db.from('roles').whereIn('id', added).select('id', 'name', 'is_superuser')
  const rows = await db.from('role_permissions').whereIn('role_id', added).select('role_id', 'permission', 'scope')
  const refused: Array<{ id: number; name: string }> = []
  for (const role of roles) {
    const superuser = role.is_superuser === true || role.is_superuser === 1
    const beyond = await grantsBeyondActor(
      actor,
      rows.filter((r) => r.role_id === role.id).map((r) => ({ permission: r.permission, scope: r.scope }))
    )
    if (superuser || beyond.length) refused.push({ id: role.id, name: role.name })
  }
  return refused
}
