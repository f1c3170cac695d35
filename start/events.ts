/*
|--------------------------------------------------------------------------
| Kernel event listeners
|--------------------------------------------------------------------------
| Plugins declare their listeners in their manifests; the plugin registry
| wires those. Only kernel-wide reactions belong here.
*/

// Outgoing webhooks: queue a delivery for each subscribed webhook (app/webhooks).
import '#kernel/webhooks/webhook_listener'
import { registerApprovals } from '#kernel/approvals/register'

// Approvals take part in every document transition (docs/decisions/011-approvals.md).
registerApprovals()
