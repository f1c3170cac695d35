/*
 * `kernel:approval.decided`, emitted once a decision has committed (automation
 * rules, webhooks, plugins listen). A listener's failure is logged, never
 * thrown into the decision.
 */
import logger from '@adonisjs/core/services/logger'
import { emitEvent } from '#services/events'

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
  try {
    await emitEvent('kernel:approval.decided', payload)
  } catch (error) {
    logger.error({ err: error, instanceId: payload.instanceId }, 'a listener of an approval decision failed')
  }
}
