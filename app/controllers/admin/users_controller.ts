/*
 * Admin: users. List with search and filters (department, active), create,
 * edit (department, language, roles), deactivate/reactivate, reset password.
 */
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import Role from '#models/role'
import NotFoundException from '#exceptions/not_found_exception'
import { departmentTree } from '#services/departments'
import { listQuery, renderList, type ListOptions } from '#services/list_query'
import { rolesBeyondActor } from '#services/grant_guard'
import { accessWording, createUserValidator, resetPasswordValidator, updateUserValidator } from '#validators/access_validator'
import { FormInvalid, isUniqueViolation, renderFormPage, validateFormOrThrow, type FieldErrors } from '#services/forms'
import { recordAudit } from '#kernel/documents/audit'

/** The users list (services/list_query.ts): search, department and status filters, 25 a page. */
const USER_LIST: ListOptions = {
  id: 'users',
  searchable: ['username', 'name', 'email'],
  sortable: ['username', 'name'],
  defaultSort: 'username',
  filters: {
    department: (query, value) => {
      const id = Number(value)
      if (Number.isSafeInteger(id) && id > 0) query.where('department_id', id)
    },
    active: (query, value) => {
      if (value === '1' || value === '0') query.where('is_active', value === '1')
    },
  },
  perPage: 25,
}

async function findUser(id: unknown) {
  const user = await User.query().where('id', Number(id) || 0).preload('roles').first()
  if (!user) throw new NotFoundException()
  return user
}

/** A single checked checkbox may arrive as a scalar: roles are always a list. */
function normalizeRoles(ctx: HttpContext) {
  const body = ctx.request.body()
  const roles = body.roles
  if (roles !== undefined && roles !== null && !Array.isArray(roles)) ctx.request.updateBody({ ...body, roles: [roles] })
}

/** Roles that grant more than the acting admin holds may not be handed out by them. */
async function refuseEscalation(ctx: HttpContext, roleIds: number[], current: number[]) {
  const refused = await rolesBeyondActor(ctx.auth.user!, roleIds, current)
  if (refused.length) {
    throw new FormInvalid({ roles: refused.map((r) => ctx.i18n.t('access.users.role_beyond_you', { role: r.name })) })
  }
}

export default class UsersController {
  async index(ctx: HttpContext) {
    const query = User.query().preload('department').preload('roles')
    const { rows, list } = await listQuery(ctx, query, USER_LIST)
    return renderList(ctx, { page: 'pages/admin/users/index', table: 'pages/admin/users/_table' }, { rows, list, departments: await departmentTree() })
  }

  async #renderForm(ctx: HttpContext, user: User | null, errors: FieldErrors = {}, status = 200) {
    const roles = await Role.query().orderBy('name')
    const data = { user, roles, departments: await departmentTree(), selectedRoles: user ? user.roles.map((r) => r.id) : [] }
    return renderFormPage(ctx, 'pages/admin/users/form', data, errors, status)
  }

  async create(ctx: HttpContext) {
    return this.#renderForm(ctx, null)
  }

  async store(ctx: HttpContext) {
    const { i18n, session, response } = ctx
    let user: User
    try {
      normalizeRoles(ctx)
      const data = await validateFormOrThrow<any>(ctx, createUserValidator, accessWording())
      await refuseEscalation(ctx, data.roles ?? [], [])
      user = await db.transaction(async (trx) => {
        const created = await User.create(
          {
            username: data.username,
            name: data.name,
            email: data.email ?? null,
            password: data.password,
            departmentId: data.department_id ?? null,
            locale: data.locale,
            isActive: true,
          },
          { client: trx }
        )
        await created.related('roles').sync(data.roles ?? [], true, trx)
        return created
      })
    } catch (error) {
      if (error instanceof FormInvalid) return this.#renderForm(ctx, null, error.fields, 422)
      if (isUniqueViolation(error)) return this.#renderForm(ctx, null, { username: [i18n.t('access.users.username_taken')] }, 422)
      throw error
    }
    session.flash('success', i18n.t('access.users.created', { name: user.name }))
    return response.redirect().toRoute('admin.users.edit', { id: user.id })
  }

  async edit(ctx: HttpContext) {
    return this.#renderForm(ctx, await findUser(ctx.params.id))
  }

  async update(ctx: HttpContext) {
    const { i18n, session, response } = ctx
    const user = await findUser(ctx.params.id)
    try {
      normalizeRoles(ctx)
      const data = await validateFormOrThrow<any>(ctx, updateUserValidator, { meta: { userId: user.id }, ...accessWording() })
      await refuseEscalation(ctx, data.roles ?? [], user.roles.map((r) => r.id))
      const rolesBefore = user.roles.map((r) => r.code).sort().join(', ')
      await db.transaction(async (trx) => {
        user.useTransaction(trx)
        user.merge({
          username: data.username,
          name: data.name,
          email: data.email ?? null,
          departmentId: data.department_id ?? null,
          locale: data.locale,
        })
        await user.save()
        await user.related('roles').sync(data.roles ?? [], true, trx)
        const rolesAfter = ((await trx.from('roles').whereIn('id', data.roles ?? []).select('code')) as Array<{ code: string }>)
          .map((r) => r.code)
          .sort()
          .join(', ')
        if (rolesAfter !== rolesBefore) {
          await recordAudit(
            { userId: ctx.auth.user!.id, recordType: 'kernel.user', recordId: user.id, action: 'update', field: 'roles', oldValue: rolesBefore, newValue: rolesAfter },
            trx
          )
        }
      })
    } catch (error) {
      if (error instanceof FormInvalid) return this.#renderForm(ctx, user, error.fields, 422)
      if (isUniqueViolation(error)) return this.#renderForm(ctx, user, { username: [i18n.t('access.users.username_taken')] }, 422)
      throw error
    }
    session.flash('success', i18n.t('access.users.saved', { name: user.name }))
    return response.redirect().toRoute('admin.users.edit', { id: user.id })
  }

  /** Deactivates (or, with active=1, reactivates) an account; one cannot lock oneself out. */
  async activation(ctx: HttpContext) {
    const { i18n, session, response, auth, request } = ctx
    const user = await findUser(ctx.params.id)
    const activate = String(request.input('active')) === '1'
    if (!activate && user.id === auth.user!.id) {
      session.flash('error', i18n.t('access.users.cannot_deactivate_self'))
      return response.redirect().toRoute('admin.users.edit', { id: user.id })
    }
    await db.transaction(async (trx) => {
      user.useTransaction(trx)
      user.isActive = activate
      await user.save()
      // A deactivated account's API tokens stop working at once.
      if (!activate) await trx.from('auth_access_tokens').where('tokenable_id', user.id).delete()
    })
    session.flash('success', i18n.t(activate ? 'access.users.activated' : 'access.users.deactivated', { name: user.name }))
    return response.redirect().toRoute('admin.users.edit', { id: user.id })
  }

  async resetPassword(ctx: HttpContext) {
    const { i18n, session, response } = ctx
    const user = await findUser(ctx.params.id)
    try {
      const { password } = await validateFormOrThrow<{ password: string }>(ctx, resetPasswordValidator, accessWording())
      await db.transaction(async (trx) => {
        user.useTransaction(trx)
        user.password = password
        await user.save()
        // The hash never enters the log: only that the password was reset, and by whom.
        await recordAudit({ userId: ctx.auth.user!.id, recordType: 'kernel.user', recordId: user.id, action: 'password_reset' }, trx)
      })
    } catch (error) {
      if (error instanceof FormInvalid) return this.#renderForm(ctx, user, error.fields, 422)
      throw error
    }
    session.flash('success', i18n.t('access.users.password_reset', { name: user.name }))
    return response.redirect().toRoute('admin.users.edit', { id: user.id })
  }
}
