/*
 * The steps of an approval flow: an ordered chain, each approved by a role
 * (every active holder), the submitter's department head (walking up the
 * tree), or a named user; any-one or all-of. Stored as JSON on the flow and
 * copied into each instance at submit (the snapshot).
 */
export type ApproverKind = 'role' | 'department_head' | 'user'
export const APPROVER_KINDS: ApproverKind[] = ['role', 'department_head', 'user']

export interface ApprovalStep {
  approver: ApproverKind
  roleId?: number | null
  userId?: number | null
  /** any: the first decision settles the step; all: every approver must approve */
  mode: 'any' | 'all'
  /** Filled in the snapshot: the role's or user's name when the flow was saved (shown in the chain) */
  label?: string
}

export interface StepProblem {
  index: number
  input: 'approver' | 'role_id' | 'user_id' | 'mode'
  key: string
}

const asList = (raw: unknown): any[] => (Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? Object.values(raw) : [])

/**
 * Reads steps from a posted form (`steps[i][approver|role_id|user_id|mode]`)
 * or JSON; blank rows are dropped. `roles`/`users` are the ids that exist.
 */
export function readSteps(
  posted: unknown,
  known: { roles: Map<number, string>; users: Map<number, string> }
): { steps: ApprovalStep[]; problems: StepProblem[] } {
  const steps: ApprovalStep[] = []
  const problems: StepProblem[] = []
  const rows = asList(posted).filter((r) => r && String(r.approver ?? '').trim() !== '')
  for (const [index, row] of rows.entries()) {
    const approver = String(row.approver) as ApproverKind
    const mode = row.mode === 'all' ? 'all' : 'any'
    if (row.mode !== undefined && row.mode !== '' && row.mode !== 'any' && row.mode !== 'all') problems.push({ index, input: 'mode', key: 'approvals.errors.mode' })
    if (!APPROVER_KINDS.includes(approver)) {
      problems.push({ index, input: 'approver', key: 'approvals.errors.approver' })
      continue
    }
    const step: ApprovalStep = { approver, mode }
    if (approver === 'role') {
      const roleId = Number(row.role_id ?? row.roleId)
      if (!known.roles.has(roleId)) {
        problems.push({ index, input: 'role_id', key: 'approvals.errors.role' })
        continue
      }
      step.roleId = roleId
      step.label = known.roles.get(roleId)
    } else if (approver === 'user') {
      const userId = Number(row.user_id ?? row.userId)
      if (!known.users.has(userId)) {
        problems.push({ index, input: 'user_id', key: 'approvals.errors.user' })
        continue
      }
      step.userId = userId
      step.label = known.users.get(userId)
      // one named approver: any and all are the same
    }
    steps.push(step)
  }
  if (rows.length === 0) problems.push({ index: -1, input: 'approver', key: 'approvals.errors.no_steps' })
  return { steps, problems }
}

export function parseSteps(json: string | null | undefined): ApprovalStep[] {
  try {
    const list = JSON.parse(json ?? '[]')
    return Array.isArray(list) ? list : []
  } catch {
    return []
  }
}
