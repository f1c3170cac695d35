/*
 * Routes of the kernel's API (/api/v1), authenticated by access token
 * (Authorization: Bearer loom_…). Plugins mount theirs under /api/v1/<id>.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const MeController = () => import('#controllers/api/me_controller')

router
  .group(() => {
    router.get('/me', [MeController, 'show']).as('me')
  })
  .prefix('/api/v1')
  .as('api')
  .use(middleware.auth({ guards: ['api'] }))
