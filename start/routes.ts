/*
|--------------------------------------------------------------------------
| Routes
|--------------------------------------------------------------------------
| Kernel routes live in start/routes/<area>.ts; every enabled plugin's
| routes.ts is mounted under /<plugin id> with names <plugin id>.*.
*/
import '#start/routes/auth'
import '#start/routes/shell'
import '#start/routes/admin'
import '#start/routes/access'
import '#start/routes/documents'
import '#start/routes/plugins'
import '#start/routes/printing'
import '#start/routes/jobs'
import '#start/routes/settings'
import '#start/routes/api'
import '#start/routes/approvals'
import '#start/routes/notifications'
import '#start/routes/custom_fields'
import '#start/routes/impex'
import '#start/routes/integrations'
import '#start/routes/rules'
import { registerPluginRoutes } from '#kernel/plugins/plugin_routes'

await registerPluginRoutes()
