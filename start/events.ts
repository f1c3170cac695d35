/*
|--------------------------------------------------------------------------
| Kernel event listeners
|--------------------------------------------------------------------------
| Plugins declare their listeners in their manifests; the plugin registry
| wires those. Only kernel-wide reactions belong here.
*/

import { onEvent } from '#services/events'
import { registerApprovals } from '#kernel/approvals/register'
import { runRulesForChange } from '#kernel/rules/run_rules'
// Outgoing webhooks: queue a delivery for each subscribed webhook (app/webhooks).
import '#kernel/webhooks/webhook_listener'

// Approvals take part in every document transition (docs/decisions/011-approvals.md).
registerApprovals()

// Automation rules react to every committed record change (app/rules).
for (const name of ['kernel:record.created', 'kernel:record.updated', 'kernel:record.deleted', 'kernel:record.state_changed'] as const) {
  onEvent(name, runRulesForChange)
}
