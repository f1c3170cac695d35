import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const AdminController = () => import('#controllers/admin/admin_controller')

router
  .group(() => {
    router.get('/', [AdminController, 'index']).as('index')
  })
  .prefix('/admin')
  .as('admin')
  .use(middleware.auth())
