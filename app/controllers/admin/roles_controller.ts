/*
 * Admin: roles and the role × permission grid. Permissions are grouped by the
 * plugin that declares them; a scoped permission is granted with a data scope
 * (own / department / subtree / all); declared fields get a mode per role
 * (visible / read-only / hidden). An unknown permission code or field, or an
 * unknown scope, is refused with 422 naming it; nothing is half-written.
 */
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import Role from '#models/role'
import NotFoundException from '#exceptions/not_found_exception'
import plugins from '#services/plugins'
import { KERNEL_ID } from '#kernel/plugins/plugin_registry'
import type { DataScope, LocalizedText } from '#kernel/plugins/define_plugin'
import { restrictableFields } from '#services/field_permissions'
import { accessWording, roleValidator } from '#validators/access_validator'
import { grantsBeyondActor } from '#services/grant_guard'
import { grantsOf } from '#services/authorization'
import { FormInvalid, isUniqueViolation, renderFormPage, validateFormOrThrow, type FieldErrors } from '#services/forms'
import { recordAudit } from '#kernel/documents/audit'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

const SCOPES: DataScope[] = ['own', 'department', 'subtree', 'all']
const FIELD_MODES = ['hidden', 'readonly'] as const

async function findRole(id: unknown) {
  const role = await Role.find(Number(id) || 0)
  if (!role) throw new NotFoundException()
  return role
}

function pluginName(id: string, locale: string, kernelLabel: string): string {
  if (id === KERNEL_ID) return kernelLabel
  const name = plugins.get(id)?.manifest?.name as LocalizedText | undefined
  return name ? (locale === 'en' ? name.en : name['zh-CN']) : id
}

/** Permissions and fields grouped by plugin, for the grid. */
async function gridGroups(locale: string, kernelLabel: string) {
  const label = (t: LocalizedText) => (locale === 'en' ? t.en : t['zh-CN'])
  const groups = new Map<string, { plugin: string; name: string; permissions: any[]; fields: any[] }>()
  const group = (plugin: string) => {
    if (!groups.has(plugin)) groups.set(plugin, { plugin, name: pluginName(plugin, locale, kernelLabel), permissions: [], fields: [] })
    return groups.get(plugin)!
  }
  for (const p of plugins.permissions()) group(p.plugin).permissions.push({ code: p.code, label: label(p.label), scoped: !!p.scoped })
  for (const f of await restrictableFields()) group(f.plugin).fields.push({ field: f.field, label: label(f.label) })
  return [...groups.values()]
}

interface GridInput {
  grants: Array<{ permission: string; scope: DataScope }>
  fields: Array<{ field: string; mode: 'hidden' | 'readonly' }>
}

/** Reads `grants[<code>]` and `fields[<field>]` from the form; every unknown name is an error naming it. */
async function parseGrid(ctx: HttpContext): Promise<GridInput> {
  const { i18n, request } = ctx
  const known = new Map(plugins.permissions().map((p) => [p.code, p]))
  const knownFields = new Set((await restrictableFields()).map((f) => f.field))
  const errors: Record<string, string[]> = {}
  const grants: GridInput['grants'] = []
  const fields: GridInput['fields'] = []

  const rawGrants = request.input('grants') ?? {}
  if (typeof rawGrants !== 'object' || Array.isArray(rawGrants)) {
    errors.grants = [i18n.t('access.roles.grid_malformed')]
  } else {
    for (const [code, value] of Object.entries(rawGrants as Record<string, unknown>)) {
      const declaration = known.get(code)
      if (!declaration) {
        ;(errors.grants ??= []).push(i18n.t('access.roles.unknown_permission', { code }))
        continue
      }
      if (value === null || value === undefined || value === '' || value === 'none') continue
      if (!SCOPES.includes(value as DataScope)) {
        ;(errors.grants ??= []).push(i18n.t('access.roles.unknown_scope', { code, scope: String(value) }))
        continue
      }
      grants.push({ permission: code, scope: declaration.scoped ? (value as DataScope) : 'all' })
    }
  }

  const rawFields = request.input('fields') ?? {}
  if (typeof rawFields !== 'object' || Array.isArray(rawFields)) {
    errors.fields = [i18n.t('access.roles.grid_malformed')]
  } else {
    for (const [field, value] of Object.entries(rawFields as Record<string, unknown>)) {
      if (!knownFields.has(field)) {
        ;(errors.fields ??= []).push(i18n.t('access.roles.unknown_field', { field }))
        continue
      }
      if (value === null || value === undefined || value === '' || value === 'visible') continue
      if (!FIELD_MODES.includes(value as any)) {
        ;(errors.fields ??= []).push(i18n.t('access.roles.unknown_mode', { field, mode: String(value) }))
        continue
      }
      fields.push({ field, mode: value as 'hidden' | 'readonly' })
    }
  }
  if (Object.keys(errors).length) throw new FormInvalid(errors)
  return { grants, fields }
}

/** A role's grants as `permission → scope` and `field → mode`, for the audit trail. */
async function grantsSnapshot(trx: TransactionClientContract, roleId: number): Promise<Map<string, string>> {
  const snapshot = new Map<string, string>()
  for (const r of await trx.from('role_permissions').where('role_id', roleId)) snapshot.set(r.permission, r.scope)
  for (const r of await trx.from('field_permissions').where('role_id', roleId)) snapshot.set(r.field, r.mode)
  return snapshot
}

/** One audit row per permission or field whose grant changed (field = the code, old → new scope or mode). */
async function auditGrantChanges(
  trx: TransactionClientContract,
  actorId: number,
  roleId: number,
  before: Map<string, string>,
  after: Map<string, string>
) {
  const codes = [...new Set([...before.keys(), ...after.keys()])].sort()
  await recordAudit(
    codes
      .filter((code) => before.get(code) !== after.get(code))
      .map((code) => ({
        userId: actorId,
        recordType: 'kernel.role',
        recordId: roleId,
        action: 'grant',
        field: code,
        oldValue: before.get(code) ?? null,
        newValue: after.get(code) ?? null,
      })),
    trx
  )
}

export default class RolesController {
  async index({ view }: HttpContext) {
    const roles = await Role.query().orderBy('name')
    const userCounts = await db.from('user_roles').groupBy('role_id').select('role_id').count('* as total')
    const grantCounts = await db.from('role_permissions').groupBy('role_id').select('role_id').count('* as total')
    const count = (rows: any[], id: number) => Number(rows.find((r) => Number(r.role_id) === id)?.total ?? 0)
    return view.render('pages/admin/roles/index', {
      roles: roles.map((r) => ({ role: r, users: count(userCounts, r.id), grants: count(grantCounts, r.id) })),
    })
  }

  async #renderForm(ctx: HttpContext, role: Role | null, errors: FieldErrors = {}, status = 200) {
    const { i18n, request } = ctx
    let grants: Record<string, string> = {}
    let fields: Record<string, string> = {}
    if (status === 422) {
      grants = (request.input('grants') ?? {}) as Record<string, string>
      fields = (request.input('fields') ?? {}) as Record<string, string>
    } else if (role) {
      for (const r of await db.from('role_permissions').where('role_id', role.id)) grants[r.permission] = r.scope
      for (const r of await db.from('field_permissions').where('role_id', role.id)) fields[r.field] = r.mode
    }
    const data = { role, groups: await gridGroups(i18n.locale, i18n.t('access.roles.kernel')), grants, fields, scopes: SCOPES }
    return renderFormPage(ctx, 'pages/admin/roles/form', data, errors, status)
  }

  async create(ctx: HttpContext) {
    return this.#renderForm(ctx, null)
  }

  async #save(ctx: HttpContext, role: Role | null) {
    const { i18n, session, response } = ctx
    let saved: Role
    try {
      const data = await validateFormOrThrow<any>(ctx, roleValidator, { meta: role ? { roleId: role.id } : {}, ...accessWording('role') })
      const grid = await parseGrid(ctx)
      const actor = ctx.auth.user!
      if (role?.isSuperuser && !(await grantsOf(actor)).superuser) {
        throw new FormInvalid({ grants: [i18n.t('access.roles.superuser_only')] })
      }
      const current = role ? ((await db.from('role_permissions').where('role_id', role.id).select('permission', 'scope')) as any[]) : []
      const beyond = await grantsBeyondActor(actor, grid.grants, current)
      if (beyond.length) {
        throw new FormInvalid({
          grants: beyond.map((g) => i18n.t('access.roles.grant_beyond_you', { code: g.permission, scope: i18n.t(`access.scopes.${g.scope}`) })),
        })
      }
      saved = await db.transaction(async (trx) => {
        const target = role ?? new Role()
        target.useTransaction(trx)
        target.merge({ code: data.code, name: data.name, description: data.description ?? null })
        if (!role) target.isSuperuser = false
        await target.save()
        const before = await grantsSnapshot(trx, target.id)
        await trx.from('role_permissions').where('role_id', target.id).delete()
        await trx.from('field_permissions').where('role_id', target.id).delete()
        if (grid.grants.length) await trx.table('role_permissions').multiInsert(grid.grants.map((g) => ({ role_id: target.id, ...g })))
        if (grid.fields.length) await trx.table('field_permissions').multiInsert(grid.fields.map((f) => ({ role_id: target.id, ...f })))
        await auditGrantChanges(trx, ctx.auth.user!.id, target.id, before, await grantsSnapshot(trx, target.id))
        return target
      })
    } catch (error) {
      if (error instanceof FormInvalid) return this.#renderForm(ctx, role, error.fields, 422)
      if (isUniqueViolation(error)) return this.#renderForm(ctx, role, { code: [i18n.t('access.roles.code_taken')] }, 422)
      throw error
    }
    session.flash('success', i18n.t('access.roles.saved', { name: saved.name }))
    return response.redirect().toRoute('admin.roles.edit', { id: saved.id })
  }

  async store(ctx: HttpContext) {
    return this.#save(ctx, null)
  }

  async edit(ctx: HttpContext) {
    return this.#renderForm(ctx, await findRole(ctx.params.id))
  }

  async update(ctx: HttpContext) {
    return this.#save(ctx, await findRole(ctx.params.id))
  }
}
