import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { grantsOf } from '#services/authorization'

/** GET /api/v1/me: who the token belongs to and what they may do. */
export default class MeController {
  async show({ auth }: HttpContext) {
    const user = auth.user!
    const grants = await grantsOf(user)
    const department = user.departmentId ? await db.from('departments').where('id', user.departmentId).select('id', 'code', 'name').first() : null
    const roles = await db.from('roles').join('user_roles', 'user_roles.role_id', 'roles.id').where('user_roles.user_id', user.id).select('roles.code', 'roles.name').orderBy('roles.code')
    return {
      data: {
        id: user.id,
        username: user.username,
        name: user.name,
        email: user.email,
        locale: user.locale,
        department: department ? { id: Number(department.id), code: department.code, name: department.name } : null,
        roles: roles.map((r) => ({ code: r.code, name: r.name })),
        superuser: grants.superuser,
        permissions: Object.fromEntries([...grants.permissions.entries()].sort()),
        fields: Object.fromEntries([...grants.fields.entries()].sort()),
      },
    }
  }
}
