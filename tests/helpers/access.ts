/*
 * Test factories for identity and access: departments in a tree, users with a
 * role granting exactly the permissions (and scopes) a test needs, field
 * restrictions. Everything is written through the normal models/services, so
 * it runs inside the test's global transaction on SQLite and PostgreSQL.
 */
import db from '@adonisjs/lucid/services/db'
import Role from '#models/role'
import User from '#models/user'
import Department from '#models/department'
import type { DataScope } from '#kernel/plugins/define_plugin'
import { createDepartment } from '#services/departments'

let counter = 0
const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${++counter}`

export async function makeDepartment(name: string, parent?: Department | null): Promise<Department> {
  return createDepartment({ code: unique('D'), name, parentId: parent?.id ?? null })
}

export interface MakeUserOptions {
  username?: string
  name?: string
  password?: string
  department?: Department | null
  /** permission code → scope (or a list of codes, granted with scope "all") */
  permissions?: Record<string, DataScope> | string[]
  /** "<record type>.<field>" → mode */
  fields?: Record<string, 'hidden' | 'readonly'>
  superuser?: boolean
  locale?: string
  isActive?: boolean
}

/** A user with one role of their own that grants exactly `permissions`. */
export async function makeUser(options: MakeUserOptions = {}): Promise<User> {
  const user = await User.create({
    username: options.username ?? unique('u'),
    name: options.name ?? 'Test User',
    password: options.password ?? 'secret-pass',
    departmentId: options.department?.id ?? null,
    locale: options.locale ?? 'en',
    isActive: options.isActive ?? true,
  })
  const grants = Array.isArray(options.permissions)
    ? Object.fromEntries(options.permissions.map((p) => [p, 'all' as DataScope]))
    : (options.permissions ?? {})
  if (options.superuser || Object.keys(grants).length || options.fields) {
    const role = await Role.create({ code: unique('role'), name: 'Test role', isSuperuser: !!options.superuser })
    for (const [permission, scope] of Object.entries(grants)) {
      await db.table('role_permissions').insert({ role_id: role.id, permission, scope })
    }
    for (const [field, mode] of Object.entries(options.fields ?? {})) {
      await db.table('field_permissions').insert({ role_id: role.id, field, mode })
    }
    await db.table('user_roles').insert({ user_id: user.id, role_id: role.id })
  }
  return user
}
