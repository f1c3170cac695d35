/*
 * `kernel:approval.decided`, emitted once a decision has committed (automation
 * rules, webhooks, plugins listen). A listener's failure is logged, never
 * thrown into the decision.
 */
import { emitEventAfterSave } from '#services/events'

export interface ApprovalDecided {
  instanceId: number
  documentType: string
  documentId: number
  decision: 'approve' | 'reject' | 'return'
  /** The instance afterwards: pending (more steps or approvers), approved, rejected, returned */
  state: string
  /** The document's state afterwards */
  documentState: string
  userId: number
  /** The approver the user decided for (delegation), or null */
  onBehalfOf: number | null
}

declare module '#services/events' {
  interface LoomEvents {
    'kernel:approval.decided': ApprovalDecided
  }
}

export async function emitApprovalDecided(payload: ApprovalDecided) {
  await emitEventAfterSave('kernel:approval.decided', payload, { instanceId: payload.instanceId })
}
