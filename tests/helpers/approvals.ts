/*
 * Helpers of the approvals tests: a fixrec.deal (amount in yuan), a flow on
 * it, a role held by given users, and submitting as a user.
 */
import db from '@adonisjs/lucid/services/db'
import Role from '#models/role'
import type User from '#models/user'
import { Money } from '#kernel/numbers/index'
import { transition } from '#kernel/documents/transition_document'
import { saveFlow } from '#kernel/approvals/flows'
import type { ApprovalStep } from '#kernel/approvals/steps'
import type { ConditionGroup } from '#kernel/records/conditions'
import FixrecDeal from '#tests/fixtures/plugins/fixrec/models/fixrec_deal'

let counter = 0

export const OVER_500K: ConditionGroup = { match: 'all', conditions: [{ field: 'amount', op: 'gt', value: '500,000' }] }

export async function makeFlow(steps: ApprovalStep[], options: { name?: string; priority?: number; conditions?: ConditionGroup; active?: boolean } = {}) {
  return saveFlow(
    {
      documentType: 'fixrec.deal',
      name: options.name ?? `Flow ${++counter}`,
      priority: options.priority ?? 100,
      isActive: options.active ?? true,
      conditions: options.conditions ?? OVER_500K,
      steps,
    },
    null
  )
}

export async function makeRole(users: User[], name = 'Approvers') {
  const role = await Role.create({ code: `apr_${Date.now().toString(36)}_${++counter}`, name, isSuperuser: false })
  for (const user of users) await db.table('user_roles').insert({ user_id: user.id, role_id: role.id })
  return role
}

export async function makeDeal(owner: User, amount: string, title = 'Deal') {
  return FixrecDeal.create({ title, amount: Money.of(amount), ownerId: owner.id, createdBy: owner.id, departmentId: owner.departmentId })
}

export async function submittedDeal(owner: User, amount: string, title = 'Deal') {
  const deal = await makeDeal(owner, amount, title)
  await transition(deal, 'submitted', { user: owner })
  return deal
}

export async function tasksOf(instanceId: number) {
  return db.from('approval_tasks').where('instance_id', instanceId).orderBy('step_index').orderBy('user_id')
}
