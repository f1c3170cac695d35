/*
 * Routes of imports and exports (app/impex): the signed-in user's imports,
 * the upload → mapping → dry run → import steps, templates, and the generic
 * export of a record type. Permissions depend on the record type
 * (`<permissionPrefix>.create` / `.view`), so the controller checks them.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const ImportsController = () => import('#controllers/impex/imports_controller')

router
  .group(() => {
    router.get('/imports', [ImportsController, 'index']).as('imports.index')
    router.get('/imports/new', [ImportsController, 'create']).as('imports.create')
    router.get('/imports/template', [ImportsController, 'template']).as('imports.template')
    router.post('/imports', [ImportsController, 'store']).as('imports.store')
    router.get('/imports/:id', [ImportsController, 'show']).as('imports.show').where('id', router.matchers.number())
    router.post('/imports/:id/check', [ImportsController, 'check']).as('imports.check').where('id', router.matchers.number())
    router.post('/imports/:id/run', [ImportsController, 'run']).as('imports.run').where('id', router.matchers.number())
    router.get('/imports/:id/progress', [ImportsController, 'progress']).as('imports.progress').where('id', router.matchers.number())
    router.get('/exports/:type', [ImportsController, 'exportType']).as('exports.type')
  })
  .as('impex')
  .use(middleware.auth())
