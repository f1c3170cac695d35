/*
|--------------------------------------------------------------------------
| Kernel event listeners
|--------------------------------------------------------------------------
| Plugins declare their listeners in their manifests; the plugin registry
| wires those. Only kernel-wide reactions belong here.
*/

import { onEvent } from '#services/events'
import { runRulesForChange } from '#kernel/rules/run_rules'

// Automation rules react to every committed record change (app/rules).
for (const name of ['kernel:record.created', 'kernel:record.updated', 'kernel:record.deleted', 'kernel:record.state_changed'] as const) {
  onEvent(name, runRulesForChange)
}
