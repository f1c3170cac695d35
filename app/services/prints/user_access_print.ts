/*
 * The kernel's own print, `kernel.user_access`: a user's access report —
 * who they are, their department, their roles, every permission they hold
 * with its data scope and the roles it comes from, and field restrictions.
 *
 * Access: anyone may print their own report; printing someone else's needs
 * admin.users.manage (403 without it). An unknown user is a 404.
 */
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import Department from '#models/department'
import plugins from '#services/plugins'
import { SCOPE_RANK, grantsOf, userCan } from '#services/authorization'
import type { DataScope } from '#kernel/plugins/define_plugin'
import ForbiddenException from '#exceptions/forbidden_exception'
import { getSetting } from '#services/settings'

export interface AccessReportPermission {
  code: string
  label: string
  scoped: boolean
  /** Widest scope granted; 'all' for superusers */
  scope: DataScope
  roles: string[]
}

export interface AccessReportGroup {
  plugin: string
  name: string
  permissions: AccessReportPermission[]
}

export async function loadUserAccess(id: string, ctx: HttpContext) {
  const viewer = ctx.auth.user!
  if (!/^[1-9][0-9]{0,9}$/.test(id)) return null
  const userId = Number(id)
  if (userId !== viewer.id && !(await userCan(viewer, 'admin.users.manage'))) throw new ForbiddenException('admin.users.manage')

  const user = await User.find(userId)
  if (!user) return null
  const locale = ctx.i18n.locale as 'zh-CN' | 'en'

  // The department and its ancestors, from the materialized path "/1/4/".
  let departmentPath: string[] = []
  if (user.departmentId) {
    const department = await Department.find(user.departmentId)
    if (department) {
      const ids = department.path.split('/').filter(Boolean).map(Number)
      const chain = ids.length ? await Department.query().whereIn('id', ids) : []
      const byId = new Map(chain.map((d) => [d.id, d.name]))
      departmentPath = ids.length ? ids.map((i) => byId.get(i)).filter((n): n is string => !!n) : [department.name]
      if (!departmentPath.length) departmentPath = [department.name]
    }
  }

  const roles = await db
    .from('roles')
    .join('user_roles', 'user_roles.role_id', 'roles.id')
    .where('user_roles.user_id', user.id)
    .orderBy('roles.name')
    .select('roles.id', 'roles.code', 'roles.name', 'roles.is_superuser')
  const superuser = roles.some((r) => r.is_superuser === true || r.is_superuser === 1)
  const grantRows = roles.length
    ? await db
        .from('role_permissions')
        .whereIn(
          'role_id',
          roles.map((r) => r.id)
        )
        .select('role_id', 'permission', 'scope')
    : []
  const roleName = new Map(roles.map((r) => [r.id, r.name as string]))

  const declared = plugins.permissions()
  const granted = new Map<string, { scope: DataScope; roles: string[] }>()
  if (superuser) {
    const superRoles = roles.filter((r) => r.is_superuser === true || r.is_superuser === 1).map((r) => r.name as string)
    for (const p of declared) granted.set(p.code, { scope: 'all', roles: superRoles })
  }
  for (const row of grantRows) {
    const entry = granted.get(row.permission) ?? { scope: row.scope as DataScope, roles: [] }
    if (SCOPE_RANK[row.scope as DataScope] > SCOPE_RANK[entry.scope]) entry.scope = row.scope
    const name = roleName.get(row.role_id)!
    if (!entry.roles.includes(name)) entry.roles.push(name)
    granted.set(row.permission, entry)
  }

  const groups = new Map<string, AccessReportGroup>()
  const pluginName = (pluginId: string) => {
    if (pluginId === 'loom_kernel') return ctx.i18n.t('printing.user_access.kernel')
    const name = plugins.get(pluginId)?.manifest?.name
    return name ? name[locale] ?? name['zh-CN'] : pluginId
  }
  const declaredCodes = new Set(declared.map((p) => p.code))
  for (const p of declared) {
    const grant = granted.get(p.code)
    if (!grant) continue
    const group = groups.get(p.plugin) ?? { plugin: p.plugin, name: pluginName(p.plugin), permissions: [] }
    group.permissions.push({ code: p.code, label: p.label[locale] ?? p.label['zh-CN'], scoped: !!p.scoped, scope: grant.scope, roles: grant.roles })
    groups.set(p.plugin, group)
  }
  // Grants of permissions no installed plugin declares (e.g. its plugin was uninstalled).
  const orphans = [...granted.entries()].filter(([code]) => !declaredCodes.has(code))
  if (orphans.length) {
    groups.set('', {
      plugin: '',
      name: ctx.i18n.t('printing.user_access.undeclared'),
      permissions: orphans.map(([code, g]) => ({ code, label: code, scoped: true, scope: g.scope, roles: g.roles })),
    })
  }

  const grants = await grantsOf(user)
  const fields = [...grants.fields.entries()].map(([field, mode]) => ({ field, mode })).sort((a, b) => a.field.localeCompare(b.field))

  const timezone = await getSetting<string>('kernel', 'timezone')
  return {
    subject: {
      id: user.id,
      username: user.username,
      name: user.name,
      email: user.email,
      isActive: !!user.isActive,
      locale: user.locale,
      lastLoginAt: user.lastLoginAt ? user.lastLoginAt.setZone(timezone).setLocale(locale).toFormat('yyyy-MM-dd HH:mm') : null,
      createdAt: user.createdAt ? user.createdAt.toFormat('yyyy-MM-dd') : null,
    },
    departmentPath,
    roles: roles.map((r) => ({ code: r.code as string, name: r.name as string, superuser: r.is_superuser === true || r.is_superuser === 1 })),
    superuser,
    groups: [...groups.values()],
    permissionCount: [...groups.values()].reduce((n, g) => n + g.permissions.length, 0),
    fields,
  }
}
