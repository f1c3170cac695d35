/*
 * Who approves a step, and who may act for whom.
 *
 * - role: every active user holding the role;
 * - department_head: the head of the submitter's department; when there is
 *   none, or the submitter is the head, the head of the parent department,
 *   and so on up the tree;
 * - user: the named user, if active.
 * The submitter never approves their own document: they are left out. A step
 * left with nobody goes to the approval admins (holders of
 * admin.approvals.manage, superusers included), again without the
 * submitter; with nobody at all it is skipped (and the skip is audited).
 *
 * Delegation: while a delegation runs (company dates, both days included),
 * the delegate sees and decides the delegator's items.
 */
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { companyNow } from '#services/settings'
import type { ApprovalStep } from './steps.js'

export const MANAGE_PERMISSION = 'admin.approvals.manage'

async function activeUsers(client: QueryClientContract, ids: number[]): Promise<number[]> {
  if (!ids.length) return []
  const rows = await client.from('users').whereIn('id', ids).where('is_active', true).select('id')
  return rows.map((r: any) => Number(r.id))
}

async function roleHolders(client: QueryClientContract, roleIds: number[]): Promise<number[]> {
  if (!roleIds.length) return []
  const rows = await client
    .from('user_roles')
    .join('users', 'users.id', 'user_roles.user_id')
    .whereIn('user_roles.role_id', roleIds)
    .where('users.is_active', true)
    .distinct('users.id')
    .orderBy('users.id')
  return rows.map((r: any) => Number(r.id))
}

/** Heads up the tree from `departmentId`, skipping the submitter and inactive heads. */
async function departmentHead(client: QueryClientContract, departmentId: number | null, submitterId: number | null): Promise<number | null> {
  const seen = new Set<number>()
  let current = departmentId
  while (current && !seen.has(current)) {
    seen.add(current)
    const dept = await client.from('departments').where('id', current).select('id', 'parent_id', 'head_user_id').first()
    if (!dept) return null
    const head = dept.head_user_id ? Number(dept.head_user_id) : null
    if (head && head !== submitterId && (await activeUsers(client, [head])).length) return head
    current = dept.parent_id ? Number(dept.parent_id) : null
  }
  return null
}

/** Approval admins: holders of admin.approvals.manage and superusers. */
export async function approvalAdmins(client: QueryClientContract): Promise<number[]> {
  const granted = await client.from('role_permissions').where('permission', MANAGE_PERMISSION).select('role_id')
  const superRoles = await client.from('roles').where('is_superuser', true).select('id')
  return roleHolders(client, [...granted.map((r: any) => Number(r.role_id)), ...superRoles.map((r: any) => Number(r.id))])
}

export interface ResolvedApprovers {
  userIds: number[]
  /** 'step' — the step's own approvers; 'admins' — nobody fit, the approval admins stand in; 'none' — skipped */
  source: 'step' | 'admins' | 'none'
}

export async function resolveApprovers(
  client: QueryClientContract,
  step: ApprovalStep,
  context: { submitterId: number | null; departmentId: number | null }
): Promise<ResolvedApprovers> {
  let ids: number[] = []
  if (step.approver === 'role' && step.roleId) ids = await roleHolders(client, [step.roleId])
  else if (step.approver === 'user' && step.userId) ids = await activeUsers(client, [step.userId])
  else if (step.approver === 'department_head') {
    const head = await departmentHead(client, context.departmentId, context.submitterId)
    ids = head ? [head] : []
  }
  ids = ids.filter((id) => id !== context.submitterId)
  if (ids.length) return { userIds: ids, source: 'step' }
  const admins = (await approvalAdmins(client)).filter((id) => id !== context.submitterId)
  return admins.length ? { userIds: admins, source: 'admins' } : { userIds: [], source: 'none' }
}

/** Today on the company clock, YYYY-MM-DD. */
export async function companyToday(client?: QueryClientContract): Promise<string> {
  return (await companyNow(client)).toISODate()!
}

/** Users whose items `userId` may decide today as their delegate. */
export async function delegatorsOf(client: QueryClientContract, userId: number): Promise<number[]> {
  const today = await companyToday(client)
  const rows = await client
    .from('approval_delegations')
    .where('delegate_id', userId)
    .where('starts_on', '<=', today)
    .where('ends_on', '>=', today)
    .select('user_id')
  return [...new Set(rows.map((r: any) => Number(r.user_id)))]
}

/** The delegate acting for `userId` today, if any (the latest delegation wins). */
export async function delegateOf(client: QueryClientContract, userId: number): Promise<number | null> {
  const today = await companyToday(client)
  const row = await client
    .from('approval_delegations')
    .where('user_id', userId)
    .where('starts_on', '<=', today)
    .where('ends_on', '>=', today)
    .orderBy('id', 'desc')
    .first()
  return row ? Number(row.delegate_id) : null
}
