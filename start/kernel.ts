/*
|--------------------------------------------------------------------------
| HTTP kernel: global and named middleware
|--------------------------------------------------------------------------
*/
import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#exceptions/handler'))

server.use([
  () => import('#middleware/container_bindings_middleware'),
  () => import('@adonisjs/static/static_middleware'),
  () => import('@adonisjs/vite/vite_middleware'),
])

router.use([
  () => import('@adonisjs/core/bodyparser_middleware'),
  () => import('@adonisjs/session/session_middleware'),
  () => import('@adonisjs/auth/initialize_auth_middleware'),
  // The language is known before shield runs, so a refused form is explained in it.
  () => import('#middleware/locale_middleware'),
  () => import('@adonisjs/shield/shield_middleware'),
  () => import('#middleware/htmx_middleware'),
])

export const middleware = router.named({
  guest: () => import('#middleware/guest_middleware'),
  auth: () => import('#middleware/auth_middleware'),
  can: () => import('#middleware/can_middleware'),
  pluginEnabled: () => import('#middleware/plugin_enabled_middleware'),
})
