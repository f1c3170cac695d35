/*
 * Routes of the custom-fields engine: the admin page (app/custom_fields/).
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const CustomFieldsController = () => import('#controllers/admin/custom_fields_controller')

router
  .group(() => {
    router.get('/custom-fields', [CustomFieldsController, 'index']).as('index')
    router.get('/custom-fields/create', [CustomFieldsController, 'create']).as('create')
    router.post('/custom-fields', [CustomFieldsController, 'store']).as('store')
    router.get('/custom-fields/:id/edit', [CustomFieldsController, 'edit']).as('edit').where('id', router.matchers.number())
    router.put('/custom-fields/:id', [CustomFieldsController, 'update']).as('update').where('id', router.matchers.number())
    router.post('/custom-fields/:id/deactivate', [CustomFieldsController, 'deactivate']).as('deactivate').where('id', router.matchers.number())
    router.post('/custom-fields/:id/activate', [CustomFieldsController, 'activate']).as('activate').where('id', router.matchers.number())
    router.delete('/custom-fields/:id', [CustomFieldsController, 'destroy']).as('destroy').where('id', router.matchers.number())
  })
  .prefix('/admin')
  .as('admin.custom_fields')
  .use([middleware.auth(), middleware.can({ permission: 'admin.custom_fields.manage' })])
