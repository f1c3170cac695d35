/*
 * Stock count pages under /inventory/counts (controllers/counts_controller.ts).
 */
import type { Router } from '@adonisjs/core/http'
import { middleware } from '#start/kernel'

const CountsController = () => import('../controllers/counts_controller.js')

export default (router: Router) => {
  const can = (permission: string) => middleware.can({ permission })
  const id = { id: router.matchers.number(), locationId: router.matchers.number(), lineId: router.matchers.number() }

  router.get('/counts', [CountsController, 'index']).as('counts.index').use(can('inventory.count.view'))
  router.get('/counts/export', [CountsController, 'export']).as('counts.export').use(can('inventory.count.view'))
  router.get('/counts/create', [CountsController, 'create']).as('counts.create').use(can('inventory.count.create'))
  router.post('/counts', [CountsController, 'store']).as('counts.store').use(can('inventory.count.create'))
  router.get('/counts/:id', [CountsController, 'show']).as('counts.show').where('id', id.id).use(can('inventory.count.view'))
  router.get('/counts/:id/edit', [CountsController, 'edit']).as('counts.edit').where('id', id.id).use(can('inventory.count.create'))
  router.post('/counts/:id', [CountsController, 'update']).as('counts.update').where('id', id.id).use(can('inventory.count.create'))
  router.post('/counts/:id/start', [CountsController, 'start']).as('counts.start').where('id', id.id).use(can('inventory.count.create'))
  router.post('/counts/:id/submit', [CountsController, 'submit']).as('counts.submit').where('id', id.id).use(can('inventory.count.post'))
  router.post('/counts/:id/post', [CountsController, 'post']).as('counts.post').where('id', id.id).use(can('inventory.count.post'))
  router.post('/counts/:id/cancel', [CountsController, 'cancel']).as('counts.cancel').where('id', id.id).use(can('inventory.count.cancel'))
  router.post('/counts/:id/scan-location', [CountsController, 'scanLocation']).as('counts.scan_location').where('id', id.id).use(can('inventory.count.count'))
  router
    .get('/counts/:id/sheets/:locationId', [CountsController, 'sheet'])
    .as('counts.sheet')
    .where('id', id.id)
    .where('locationId', id.locationId)
    .use(can('inventory.count.count'))
  router
    .post('/counts/:id/sheets/:locationId/scan', [CountsController, 'scan'])
    .as('counts.scan')
    .where('id', id.id)
    .where('locationId', id.locationId)
    .use(can('inventory.count.count'))
  router
    .post('/counts/:id/lines/:lineId', [CountsController, 'record'])
    .as('counts.record')
    .where('id', id.id)
    .where('lineId', id.lineId)
    .use(can('inventory.count.count'))
  router
    .post('/counts/:id/lines/:lineId/recount', [CountsController, 'recount'])
    .as('counts.recount')
    .where('id', id.id)
    .where('lineId', id.lineId)
    .use(can('inventory.count.count'))
}
