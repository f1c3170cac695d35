/*
 * Users for page tests: one holding a superuser role, or one with exactly
 * the permissions named (scope "all").
 */
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'

let sequence = 0

export async function createUserWith(options: { permissions?: string[]; superuser?: boolean; locale?: string; name?: string; password?: string } = {}) {
  sequence += 1
  const suffix = `${Date.now().toString(36)}${sequence}`
  const user = await User.create({
    username: `ui_${suffix}`,
    name: options.name ?? `UI Tester ${sequence}`,
    password: options.password ?? 'secret-pass',
    locale: options.locale ?? 'en',
    isActive: true,
  })
  const now = new Date().toISOString().slice(0, 19).replace('T', ' ')
  const [role] = await db
    .table('roles')
    .insert({ code: `ui_role_${suffix}`, name: `UI role ${sequence}`, is_superuser: options.superuser ?? false, created_at: now })
    .returning('id')
  const roleId = typeof role === 'object' ? role.id : role
  await db.table('user_roles').insert({ user_id: user.id, role_id: roleId })
  for (const permission of options.permissions ?? []) {
    await db.table('role_permissions').insert({ role_id: roleId, permission, scope: 'all' })
  }
  return user
}
