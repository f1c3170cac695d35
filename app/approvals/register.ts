/*
 * Plugs the approvals engine into the documents engine's transitions
 * (app/documents/transition_gates.ts); preloaded from start/events.ts.
 */
import { registerTransitionGate } from '#kernel/documents/transition_gates'
import { endOnWithdraw, refuseWhilePending, startApproval } from './engine.js'

export function registerApprovals() {
  registerTransitionGate('approvals', {
    before: refuseWhilePending,
    after: async (event) => {
      if (event.to === 'submitted') await startApproval(event)
      else await endOnWithdraw(event)
    },
  })
}
