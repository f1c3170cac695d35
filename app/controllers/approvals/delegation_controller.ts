/*
 * /account/delegation: while I am away, a colleague sees and decides my
 * approvals (recorded as "on behalf of" me). Dates on the company calendar,
 * both days included.
 */
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { renderFormPage, validateForm, type FieldErrors } from '#services/forms'
import { approvalsWording, delegationValidator } from '#validators/approvals_validator'
import { companyToday } from '#kernel/approvals/approvers'

async function pageData(userId: number) {
  const delegations = await db
    .from('approval_delegations')
    .join('users', 'users.id', 'approval_delegations.delegate_id')
    .where('approval_delegations.user_id', userId)
    .select('approval_delegations.*', 'users.name as delegate_name')
    .orderBy('approval_delegations.starts_on', 'desc')
  const forMe = await db
    .from('approval_delegations')
    .join('users', 'users.id', 'approval_delegations.user_id')
    .where('approval_delegations.delegate_id', userId)
    .where('approval_delegations.ends_on', '>=', await companyToday())
    .select('approval_delegations.*', 'users.name as user_name')
    .orderBy('approval_delegations.starts_on')
  const users = await db.from('users').where('is_active', true).whereNot('id', userId).orderBy('name').select('id', 'name', 'username')
  return { delegations, forMe, users, today: await companyToday() }
}

export default class DelegationController {
  async index(ctx: HttpContext) {
    return renderFormPage(ctx, 'pages/approvals/delegation', await pageData(ctx.auth.user!.id))
  }

  async store(ctx: HttpContext) {
    const { auth, i18n, session, response } = ctx
    const userId = auth.user!.id
    const form = await validateForm<any>(ctx, delegationValidator, approvalsWording)
    const errors: FieldErrors = { ...(form.errors ?? {}) }
    const delegateId = Number(ctx.request.input('delegate_id'))
    if (!errors.delegate_id) {
      if (delegateId === userId) errors.delegate_id = [i18n.t('approvals.errors.delegate_self')]
      else if (!(await db.from('users').where('id', delegateId).where('is_active', true).first())) errors.delegate_id = [i18n.t('approvals.errors.delegate_unknown')]
    }
    if (Object.keys(errors).length) return renderFormPage(ctx, 'pages/approvals/delegation', await pageData(userId), errors, 422)
    const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
    await db.table('approval_delegations').insert({
      user_id: userId,
      delegate_id: delegateId,
      starts_on: iso(form.data!.starts_on),
      ends_on: iso(form.data!.ends_on),
      created_at: new Date(),
    })
    session.flash('success', i18n.t('approvals.delegation.created'))
    return response.redirect().toRoute('account.delegation.index')
  }

  async destroy({ auth, params, i18n, session, response }: HttpContext) {
    // Only one's own delegations: another user's id simply matches nothing.
    await db.from('approval_delegations').where('id', Number(params.id)).where('user_id', auth.user!.id).delete()
    session.flash('success', i18n.t('approvals.delegation.deleted'))
    return response.redirect().toRoute('account.delegation.index')
  }
}
