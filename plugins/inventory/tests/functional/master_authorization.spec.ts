/*
 * Every master-data route: guests go to the login page, users without the
 * permission get 403, "own"-scoped users get 404 on items that are not
 * theirs, and users with the permission get through.
 */
import { authorizationMatrix } from '#tests/helpers/authorization_matrix'
import db from '@adonisjs/lucid/services/db'
import { makeItem, makeWarehouse, uniqueCode, unitId } from '#plugins/inventory/tests/helpers/stock_fixtures'

const ownItem = async (ctx: { actor: { id: number } | null }) => {
  const id = await makeItem()
  if (ctx.actor) await db.from('inventory_items').where('id', id).update({ owner_id: ctx.actor.id })
  return id
}
const foreignItem = () => makeItem()
let lastWarehouse: Awaited<ReturnType<typeof makeWarehouse>> | null = null
const itemForm = async () => ({ code: uniqueCode('AZ'), name: 'Matrix item', base_unit_id: String(await unitId('EA')), item_type: 'raw_material' })
const category = async () => {
  const [row] = await db.table('inventory_categories').insert({ code: uniqueCode('AC'), name: 'Matrix', path: '/', created_at: new Date() }).returning('id')
  return Number(typeof row === 'object' ? row.id : row)
}
const unit = async () => {
  const [row] = await db.table('inventory_units').insert({ code: uniqueCode('AU').slice(0, 12), name_zh: '单位', name_en: 'Unit', precision: 0, created_at: new Date() }).returning('id')
  return Number(typeof row === 'object' ? row.id : row)
}

authorizationMatrix('inventory master data', [
  { method: 'GET', url: '/inventory/scan', permission: 'inventory.item.view', expect: 422 },
  { method: 'GET', url: '/inventory/items', permission: 'inventory.item.view' },
  { method: 'GET', url: '/inventory/items/export', permission: 'inventory.item.view' },
  { method: 'GET', url: '/inventory/items/pick', permission: 'inventory.item.view' },
  { method: 'GET', url: '/inventory/items/create', permission: 'inventory.item.create' },
  { method: 'POST', url: '/inventory/items', permission: 'inventory.item.create', body: itemForm },
  {
    method: 'GET', label: 'GET /inventory/items/:id', permission: 'inventory.item.view',
    url: async (ctx) => `/inventory/items/${await ownItem(ctx)}`,
    outOfScope: async () => `/inventory/items/${await foreignItem()}`,
  },
  {
    method: 'GET', label: 'GET /inventory/items/:id/edit', permission: 'inventory.item.edit',
    url: async (ctx) => `/inventory/items/${await ownItem(ctx)}/edit`,
    outOfScope: async () => `/inventory/items/${await foreignItem()}/edit`,
  },
  {
    method: 'PUT', label: 'PUT /inventory/items/:id', permission: 'inventory.item.edit', body: itemForm,
    url: async (ctx) => `/inventory/items/${await ownItem(ctx)}`,
    outOfScope: async () => `/inventory/items/${await foreignItem()}`,
  },
  {
    method: 'POST', label: 'POST /inventory/items/:id/deactivate', permission: 'inventory.item.edit',
    url: async (ctx) => `/inventory/items/${await ownItem(ctx)}/deactivate`,
    outOfScope: async () => `/inventory/items/${await foreignItem()}/deactivate`,
  },
  {
    method: 'POST', label: 'POST /inventory/items/:id/activate', permission: 'inventory.item.edit',
    url: async (ctx) => `/inventory/items/${await ownItem(ctx)}/activate`,
  },
  {
    method: 'DELETE', label: 'DELETE /inventory/items/:id', permission: 'inventory.item.delete',
    url: async (ctx) => `/inventory/items/${await ownItem(ctx)}`,
    outOfScope: async () => `/inventory/items/${await foreignItem()}`,
  },
  { method: 'GET', url: '/inventory/categories', permission: 'inventory.item.view' },
  { method: 'POST', url: '/inventory/categories', permission: 'inventory.category.manage', body: () => ({ code: uniqueCode('MC'), name: 'Matrix' }) },
  { method: 'PUT', label: 'PUT /inventory/categories/:id', permission: 'inventory.category.manage', url: async () => `/inventory/categories/${await category()}`, body: () => ({ code: uniqueCode('MC'), name: 'Renamed' }) },
  { method: 'DELETE', label: 'DELETE /inventory/categories/:id', permission: 'inventory.category.manage', url: async () => `/inventory/categories/${await category()}` },
  { method: 'GET', url: '/inventory/units', permission: 'inventory.item.view' },
  { method: 'POST', url: '/inventory/units', permission: 'inventory.unit.manage', body: () => ({ code: uniqueCode('MU').slice(0, 12), name_zh: '单位', name_en: 'Unit', precision: '0' }) },
  { method: 'PUT', label: 'PUT /inventory/units/:id', permission: 'inventory.unit.manage', url: async () => `/inventory/units/${await unit()}`, body: () => ({ code: uniqueCode('MU').slice(0, 12), name_zh: '单位', name_en: 'Unit', precision: '1' }) },
  { method: 'DELETE', label: 'DELETE /inventory/units/:id', permission: 'inventory.unit.manage', url: async () => `/inventory/units/${await unit()}` },
  { method: 'GET', url: '/inventory/warehouses', permission: 'inventory.warehouse.view' },
  { method: 'GET', url: '/inventory/warehouses/create', permission: 'inventory.warehouse.manage' },
  { method: 'POST', url: '/inventory/warehouses', permission: 'inventory.warehouse.manage', body: () => ({ code: uniqueCode('MW').slice(0, 12), name: 'Matrix warehouse' }) },
  { method: 'GET', label: 'GET /inventory/warehouses/:id', permission: 'inventory.warehouse.view', url: async () => `/inventory/warehouses/${(await makeWarehouse()).id}` },
  { method: 'GET', label: 'GET /inventory/warehouses/:id/edit', permission: 'inventory.warehouse.manage', url: async () => `/inventory/warehouses/${(await makeWarehouse()).id}/edit` },
  { method: 'PUT', label: 'PUT /inventory/warehouses/:id', permission: 'inventory.warehouse.manage', url: async () => `/inventory/warehouses/${(await makeWarehouse()).id}`, body: { name: 'Renamed', active: '1' } },
  {
    method: 'POST', label: 'POST /inventory/warehouses/:id/locations', permission: 'inventory.warehouse.manage',
    url: async () => {
      lastWarehouse = await makeWarehouse()
      return `/inventory/warehouses/${lastWarehouse.id}/locations`
    },
    body: () => ({ code: 'M-01', name: 'Matrix bin', kind: 'internal', parent_id: String(lastWarehouse!.rootId) }),
  },
  {
    method: 'PUT', label: 'PUT /inventory/locations/:id', permission: 'inventory.warehouse.manage',
    url: async () => {
      lastWarehouse = await makeWarehouse()
      return `/inventory/locations/${lastWarehouse.stockId}`
    },
    body: () => ({ name: 'Renamed', kind: 'internal', parent_id: String(lastWarehouse!.rootId) }),
  },
  { method: 'POST', label: 'POST /inventory/locations/:id/active', permission: 'inventory.warehouse.manage', url: async () => `/inventory/locations/${(await makeWarehouse()).quarantineId}/active` },
  { method: 'GET', label: 'GET /print/inventory.location_labels/:id.html', permission: 'inventory.warehouse.view', url: async () => `/print/inventory.location_labels/${(await makeWarehouse()).id}.html` },
])
