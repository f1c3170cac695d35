/*
 * Admin: approval flows (/admin/approvals). Pick an approvable document type,
 * then name, priority, active, conditions (the shared condition editor) and
 * the chain of steps. Saving bumps the flow's version; documents in flight
 * keep the steps they started with.
 */
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import NotFoundException from '#exceptions/not_found_exception'
import { renderFormPage, validateForm, type FieldErrors } from '#services/forms'
import { fieldsOf } from '#kernel/records/fields'
import { conditionEditorFields, editorRows, readConditionsForm } from '#kernel/records/conditions_form'
import { approvableTypes, deleteFlow, findFlow, listFlows, saveFlow, type ApprovalFlow } from '#kernel/approvals/flows'
import { readSteps, type ApprovalStep } from '#kernel/approvals/steps'
import { approvalsWording, flowValidator } from '#validators/approvals_validator'

const labelIn = (label: { 'zh-CN': string; 'en': string }, locale: string) => (locale === 'en' ? label.en : label['zh-CN'])

async function knownApprovers() {
  const roles = await db.from('roles').orderBy('name').select('id', 'name')
  const users = await db.from('users').where('is_active', true).orderBy('name').select('id', 'name', 'username')
  return {
    roles: new Map<number, string>(roles.map((r: any) => [Number(r.id), r.name])),
    users: new Map<number, string>(users.map((u: any) => [Number(u.id), `${u.name} (${u.username})`])),
  }
}

function stepRows(steps: ApprovalStep[]) {
  return steps.map((s) => ({ approver: s.approver, role_id: s.roleId ? String(s.roleId) : '', user_id: s.userId ? String(s.userId) : '', mode: s.mode }))
}

export default class ApprovalFlowsController {
  async index({ view, i18n }: HttpContext) {
    const types = new Map(approvableTypes().map((t) => [t.type, labelIn(t.label, i18n.locale)]))
    const flows = (await listFlows()).map((flow) => ({ flow, typeLabel: types.get(flow.documentType) ?? flow.documentType }))
    return view.render('pages/admin/approvals/index', { flows, types: [...types.entries()] })
  }

  async #renderForm(ctx: HttpContext, type: string, flow: ApprovalFlow | null, state: { rows?: any[]; match?: string; steps?: any[] } = {}, errors: FieldErrors = {}, status = 200) {
    const recordType = approvableTypes().find((t) => t.type === type)
    if (!recordType) throw new NotFoundException()
    const known = await knownApprovers()
    return renderFormPage(
      ctx,
      'pages/admin/approvals/form',
      {
        flow,
        type,
        typeLabel: labelIn(recordType.label, ctx.i18n.locale),
        editorFields: conditionEditorFields(await fieldsOf(recordType), ctx.i18n),
        match: state.match ?? flow?.conditions.match ?? 'all',
        rows: state.rows ?? editorRows(flow?.conditions),
        steps: state.steps ?? stepRows(flow?.steps ?? []),
        roles: [...known.roles.entries()].map(([id, name]) => ({ id, name })),
        users: [...known.users.entries()].map(([id, name]) => ({ id, name })),
      },
      errors,
      status
    )
  }

  async create(ctx: HttpContext) {
    const type = String(ctx.request.input('type', ''))
    if (!type) {
      const types = approvableTypes().map((t) => ({ type: t.type, label: labelIn(t.label, ctx.i18n.locale) }))
      return ctx.view.render('pages/admin/approvals/choose_type', { types })
    }
    return this.#renderForm(ctx, type, null)
  }

  async edit(ctx: HttpContext) {
    const flow = await findFlow(Number(ctx.params.id))
    if (!flow) throw new NotFoundException()
    return this.#renderForm(ctx, flow.documentType, flow)
  }

  async store(ctx: HttpContext) {
    return this.#save(ctx, null)
  }

  async update(ctx: HttpContext) {
    const flow = await findFlow(Number(ctx.params.id))
    if (!flow) throw new NotFoundException()
    return this.#save(ctx, flow)
  }

  async #save(ctx: HttpContext, flow: ApprovalFlow | null) {
    const { request, i18n, session, response, auth } = ctx
    const type = flow?.documentType ?? String(request.input('document_type', ''))
    const recordType = approvableTypes().find((t) => t.type === type)
    if (!recordType) {
      const types = approvableTypes().map((t) => ({ type: t.type, label: labelIn(t.label, i18n.locale) }))
      const html = await ctx.view.render('pages/admin/approvals/choose_type', { types, error: i18n.t('approvals.errors.document_type') })
      return response.status(422).send(html)
    }
    const form = await validateForm<any>(ctx, flowValidator, approvalsWording)
    const errors: FieldErrors = { ...(form.errors ?? {}) }
    const fields = await fieldsOf(recordType)
    const conditions = readConditionsForm(request.input('conditions'), fields, i18n)
    Object.assign(errors, conditions.errors)
    const postedSteps = request.input('steps')
    const steps = readSteps(postedSteps, await knownApprovers())
    for (const problem of steps.problems) {
      const key = problem.index < 0 ? 'steps' : `steps.${problem.index}.${problem.input}`
      errors[key] = [i18n.t(problem.key)]
    }
    if (Object.keys(errors).length) {
      const rawSteps = (Array.isArray(postedSteps) ? postedSteps : Object.values(postedSteps ?? {})).filter((r: any) => r && String(r.approver ?? '') !== '')
      return this.#renderForm(ctx, type, flow, { rows: conditions.rows, match: conditions.group.match, steps: rawSteps }, errors, 422)
    }
    const data = form.data!
    const id = await saveFlow(
      { documentType: type, name: data.name, priority: data.priority, isActive: !!data.is_active, conditions: conditions.group, steps: steps.steps },
      auth.user!.id,
      flow?.id
    )
    session.flash('success', i18n.t(flow ? 'approvals.flows.saved' : 'approvals.flows.created', { name: data.name }))
    return response.redirect().toRoute('admin.approvals.edit', { id })
  }

  async destroy({ params, session, i18n, response }: HttpContext) {
    const flow = await findFlow(Number(params.id))
    if (!flow) throw new NotFoundException()
    await deleteFlow(flow.id)
    session.flash('success', i18n.t('approvals.flows.deleted', { name: flow.name }))
    return response.redirect().toRoute('admin.approvals.index')
  }
}
