/*
 * Routes of the kernel's plugins area: the admin page that lists, installs,
 * enables, disables and uninstalls plugins (permission admin.plugins.manage).
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const PluginsController = () => import('#controllers/admin/plugins_controller')
const ID = { match: /^[a-z][a-z0-9_-]*$/ }

router
  .group(() => {
    router.get('/', [PluginsController, 'index']).as('index')
    router.post('/:id/install', [PluginsController, 'install']).as('install').where('id', ID)
    router.post('/:id/enable', [PluginsController, 'enable']).as('enable').where('id', ID)
    router.post('/:id/disable', [PluginsController, 'disable']).as('disable').where('id', ID)
    router.get('/:id/uninstall', [PluginsController, 'confirmUninstall']).as('confirm_uninstall').where('id', ID)
    router.post('/:id/uninstall', [PluginsController, 'uninstall']).as('uninstall').where('id', ID)
  })
  .prefix('/admin/plugins')
  .as('admin.plugins')
  .use([middleware.auth(), middleware.can({ permission: 'admin.plugins.manage' })])
