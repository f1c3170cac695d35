/*
 * Routes of the automation rules area: /admin/rules (list, form, run log).
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const RulesController = () => import('#controllers/admin/rules_controller')

router
  .group(() => {
    router.get('/rules', [RulesController, 'index']).as('rules.index')
    router.get('/rules/new', [RulesController, 'create']).as('rules.create')
    router.get('/rules/form', [RulesController, 'formBody']).as('rules.form')
    router.post('/rules', [RulesController, 'store']).as('rules.store')
    router.get('/rules/:id/edit', [RulesController, 'edit']).as('rules.edit').where('id', router.matchers.number())
    router.post('/rules/:id', [RulesController, 'update']).as('rules.update').where('id', router.matchers.number())
    router.post('/rules/:id/active', [RulesController, 'toggle']).as('rules.toggle').where('id', router.matchers.number())
    router.post('/rules/:id/delete', [RulesController, 'destroy']).as('rules.destroy').where('id', router.matchers.number())
    router.get('/rules/:id/runs', [RulesController, 'runs']).as('rules.runs').where('id', router.matchers.number())
  })
  .prefix('/admin')
  .as('admin')
  .use([middleware.auth(), middleware.can({ permission: 'admin.rules.manage' })])
