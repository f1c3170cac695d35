/*
|--------------------------------------------------------------------------
| Kernel event listeners
|--------------------------------------------------------------------------
| Plugins declare their listeners in their manifests; the plugin registry
| wires those. Only kernel-wide reactions belong here.
*/

import { registerApprovals } from '#kernel/approvals/register'

// Approvals take part in every document transition (docs/decisions/011-approvals.md).
registerApprovals()
