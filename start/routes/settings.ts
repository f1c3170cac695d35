/*
 * Routes of the kernel's settings area: the admin settings page.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const SettingsController = () => import('#controllers/admin/settings_controller')

router
  .group(() => {
    router.get('/settings', [SettingsController, 'index']).as('settings.index')
    router.post('/settings/:section', [SettingsController, 'update']).as('settings.update')
  })
  .prefix('/admin')
  .as('admin')
  .use([middleware.auth(), middleware.can({ permission: 'admin.settings.manage' })])
