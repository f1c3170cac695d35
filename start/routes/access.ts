/*
 * Routes of the kernel's access area: admin pages for users, departments,
 * roles and the role × permission grid; the user's own API tokens.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const UsersController = () => import('#controllers/admin/users_controller')
const DepartmentsController = () => import('#controllers/admin/departments_controller')
const RolesController = () => import('#controllers/admin/roles_controller')
const TokensController = () => import('#controllers/account/tokens_controller')

const id = router.matchers.number()

router
  .group(() => {
    router.get('/', [UsersController, 'index']).as('index')
    router.get('/create', [UsersController, 'create']).as('create')
    router.post('/', [UsersController, 'store']).as('store')
    router.get('/:id/edit', [UsersController, 'edit']).as('edit').where('id', id)
    router.post('/:id', [UsersController, 'update']).as('update').where('id', id)
    router.post('/:id/activation', [UsersController, 'activation']).as('activation').where('id', id)
    router.post('/:id/password', [UsersController, 'resetPassword']).as('password').where('id', id)
  })
  .prefix('/admin/users')
  .as('admin.users')
  .use([middleware.auth(), middleware.can({ permission: 'admin.users.manage' })])

router
  .group(() => {
    router.get('/', [DepartmentsController, 'index']).as('index')
    router.get('/create', [DepartmentsController, 'create']).as('create')
    router.post('/', [DepartmentsController, 'store']).as('store')
    router.get('/:id/edit', [DepartmentsController, 'edit']).as('edit').where('id', id)
    router.post('/:id', [DepartmentsController, 'update']).as('update').where('id', id)
    router.post('/:id/delete', [DepartmentsController, 'destroy']).as('destroy').where('id', id)
  })
  .prefix('/admin/departments')
  .as('admin.departments')
  .use([middleware.auth(), middleware.can({ permission: 'admin.departments.manage' })])

router
  .group(() => {
    router.get('/', [RolesController, 'index']).as('index')
    router.get('/create', [RolesController, 'create']).as('create')
    router.post('/', [RolesController, 'store']).as('store')
    router.get('/:id/edit', [RolesController, 'edit']).as('edit').where('id', id)
    router.post('/:id', [RolesController, 'update']).as('update').where('id', id)
  })
  .prefix('/admin/roles')
  .as('admin.roles')
  .use([middleware.auth(), middleware.can({ permission: 'admin.roles.manage' })])

router
  .group(() => {
    router.get('/', [TokensController, 'index']).as('index')
    router.post('/', [TokensController, 'store']).as('store')
    router.post('/:id/revoke', [TokensController, 'destroy']).as('revoke').where('id', id)
  })
  .prefix('/account/tokens')
  .as('account.tokens')
  .use(middleware.auth())
