/*
 * Master data pages: items, categories, units, warehouses and locations, and
 * the scan endpoint the document pages call (GET /inventory/scan?code=…).
 */
import type { Router } from '@adonisjs/core/http'
import { middleware } from '#start/kernel'

const ItemsController = () => import('../controllers/items_controller.js')
const ScanController = () => import('../controllers/scan_controller.js')
const CategoriesController = () => import('../controllers/categories_controller.js')
const UnitsController = () => import('../controllers/units_controller.js')
const WarehousesController = () => import('../controllers/warehouses_controller.js')

export default (router: Router) => {
  const can = (permission: string) => middleware.can({ permission })
  const id = router.matchers.number()

  router.get('/scan', [ScanController, 'scan']).as('scan').use(can('inventory.item.view'))

  router.get('/items', [ItemsController, 'index']).as('items.index').use(can('inventory.item.view'))
  router.get('/items/export', [ItemsController, 'export']).as('items.export').use(can('inventory.item.view'))
  router.get('/items/pick', [ItemsController, 'pick']).as('items.pick').use(can('inventory.item.view'))
  router.get('/items/create', [ItemsController, 'create']).as('items.create').use(can('inventory.item.create'))
  router.post('/items', [ItemsController, 'store']).as('items.store').use(can('inventory.item.create'))
  router.get('/items/:id', [ItemsController, 'show']).as('items.show').where('id', id).use(can('inventory.item.view'))
  router.get('/items/:id/image', [ItemsController, 'image']).as('items.image').where('id', id).use(can('inventory.item.view'))
  router.get('/items/:id/edit', [ItemsController, 'edit']).as('items.edit').where('id', id).use(can('inventory.item.edit'))
  router.put('/items/:id', [ItemsController, 'update']).as('items.update').where('id', id).use(can('inventory.item.edit'))
  router.post('/items/:id/deactivate', [ItemsController, 'deactivate']).as('items.deactivate').where('id', id).use(can('inventory.item.edit'))
  router.post('/items/:id/activate', [ItemsController, 'activate']).as('items.activate').where('id', id).use(can('inventory.item.edit'))
  router.delete('/items/:id', [ItemsController, 'destroy']).as('items.destroy').where('id', id).use(can('inventory.item.delete'))

  router.get('/categories', [CategoriesController, 'index']).as('categories.index').use(can('inventory.item.view'))
  router.post('/categories', [CategoriesController, 'store']).as('categories.store').use(can('inventory.category.manage'))
  router.put('/categories/:id', [CategoriesController, 'update']).as('categories.update').where('id', id).use(can('inventory.category.manage'))
  router.delete('/categories/:id', [CategoriesController, 'destroy']).as('categories.destroy').where('id', id).use(can('inventory.category.manage'))

  router.get('/units', [UnitsController, 'index']).as('units.index').use(can('inventory.item.view'))
  router.post('/units', [UnitsController, 'store']).as('units.store').use(can('inventory.unit.manage'))
  router.put('/units/:id', [UnitsController, 'update']).as('units.update').where('id', id).use(can('inventory.unit.manage'))
  router.delete('/units/:id', [UnitsController, 'destroy']).as('units.destroy').where('id', id).use(can('inventory.unit.manage'))

  router.get('/warehouses', [WarehousesController, 'index']).as('warehouses.index').use(can('inventory.warehouse.view'))
  router.get('/warehouses/create', [WarehousesController, 'create']).as('warehouses.create').use(can('inventory.warehouse.manage'))
  router.post('/warehouses', [WarehousesController, 'store']).as('warehouses.store').use(can('inventory.warehouse.manage'))
  router.get('/warehouses/:id', [WarehousesController, 'show']).as('warehouses.show').where('id', id).use(can('inventory.warehouse.view'))
  router.get('/warehouses/:id/edit', [WarehousesController, 'edit']).as('warehouses.edit').where('id', id).use(can('inventory.warehouse.manage'))
  router.put('/warehouses/:id', [WarehousesController, 'update']).as('warehouses.update').where('id', id).use(can('inventory.warehouse.manage'))
  router.post('/warehouses/:id/locations', [WarehousesController, 'storeLocation']).as('locations.store').where('id', id).use(can('inventory.warehouse.manage'))
  router.put('/locations/:id', [WarehousesController, 'updateLocation']).as('locations.update').where('id', id).use(can('inventory.warehouse.manage'))
  router.post('/locations/:id/active', [WarehousesController, 'toggleLocation']).as('locations.toggle').where('id', id).use(can('inventory.warehouse.manage'))
}
