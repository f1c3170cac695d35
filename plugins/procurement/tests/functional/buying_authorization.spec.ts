/*
 * Every procurement route answers guests, users without the permission,
 * users whose data scope does not reach the record, and permitted users as
 * access control promises.
 */
import db from '@adonisjs/lucid/services/db'
import { authorizationMatrix, type MatrixContext } from '#tests/helpers/authorization_matrix'
import { createOrder } from '../../services/orders.js'
import { createRequisition } from '../../services/requisitions.js'
import { createRfq } from '../../services/rfqs.js'
import { makeAgreement, makeItem, makeSupplier, makeWarehouse } from '../helpers/buying_fixtures.js'

const ownerOf = (ctx: MatrixContext) => (ctx.actor ? { id: ctx.actor.id, departmentId: ctx.actor.departmentId } : null)

async function supplierOf(ctx: MatrixContext | null) {
  return makeSupplier({ ownerId: ctx?.actor?.id ?? null })
}

async function orderOf(ctx: MatrixContext | null) {
  const warehouse = await makeWarehouse()
  const item = await makeItem()
  const supplier = await makeSupplier()
  await makeAgreement(supplier.id, item.id, '3')
  return createOrder({ supplierId: supplier.id, warehouseId: warehouse.id, lines: [{ itemId: item.id, quantity: '2' }] }, ctx ? ownerOf(ctx) : null)
}

async function requisitionOf(ctx: MatrixContext | null) {
  const item = await makeItem()
  return db.transaction((trx) => createRequisition(trx, { lines: [{ itemId: item.id, quantity: '4' }] }, ctx ? ownerOf(ctx) : null))
}

async function rfqOf(ctx: MatrixContext | null) {
  const warehouse = await makeWarehouse()
  const item = await makeItem()
  const supplier = await makeSupplier()
  return createRfq({ title: 'Matrix RFQ', warehouseId: warehouse.id, supplierIds: [supplier.id], lines: [{ itemId: item.id, quantity: '1' }] }, ctx ? ownerOf(ctx) : null)
}

authorizationMatrix('Procurement suppliers', [
  { method: 'GET', url: '/procurement/suppliers', permission: 'procurement.supplier.view' },
  { method: 'GET', url: '/procurement/suppliers/export', permission: 'procurement.supplier.view' },
  { method: 'GET', url: '/procurement/suppliers/new', permission: 'procurement.supplier.create' },
  { method: 'POST', url: '/procurement/suppliers', permission: 'procurement.supplier.create', body: { code: 'MATRIX-1', name: 'Matrix supplier' } },
  { method: 'GET', permission: 'procurement.supplier.view', url: async (ctx) => `/procurement/suppliers/${(await supplierOf(ctx)).id}`, outOfScope: async () => `/procurement/suppliers/${(await supplierOf(null)).id}` },
  { method: 'GET', permission: 'procurement.supplier.edit', url: async (ctx) => `/procurement/suppliers/${(await supplierOf(ctx)).id}/edit`, outOfScope: async () => `/procurement/suppliers/${(await supplierOf(null)).id}/edit` },
  { method: 'PUT', permission: 'procurement.supplier.edit', body: { code: 'MATRIX-2', name: 'Renamed' }, url: async (ctx) => `/procurement/suppliers/${(await supplierOf(ctx)).id}`, outOfScope: async () => `/procurement/suppliers/${(await supplierOf(null)).id}` },
  { method: 'POST', permission: 'procurement.supplier.edit', body: { name: '李工' }, url: async (ctx) => `/procurement/suppliers/${(await supplierOf(ctx)).id}/contacts`, outOfScope: async () => `/procurement/suppliers/${(await supplierOf(null)).id}/contacts` },
  { method: 'POST', permission: 'procurement.supplier.edit', body: { name: 'ISO 9001' }, url: async (ctx) => `/procurement/suppliers/${(await supplierOf(ctx)).id}/qualifications` },
  { method: 'POST', permission: 'procurement.supplier.edit', body: { item_code: 'NONE', unit_price: '1' }, url: async (ctx) => `/procurement/suppliers/${(await supplierOf(ctx)).id}/agreements` },
  {
    method: 'DELETE', permission: 'procurement.supplier.edit',
    url: async (ctx) => {
      const s = await supplierOf(ctx)
      const [row] = await db.table('procurement_supplier_contacts').insert({ supplier_id: s.id, name: 'x', is_primary: false, created_at: new Date().toISOString() }).returning('id')
      return `/procurement/suppliers/${s.id}/contacts/${typeof row === 'object' ? row.id : row}`
    },
  },
])

authorizationMatrix('Procurement requisitions and plans', [
  { method: 'GET', url: '/procurement/requisitions', permission: 'procurement.requisition.view' },
  { method: 'GET', url: '/procurement/requisitions/new', permission: 'procurement.requisition.create' },
  { method: 'POST', url: '/procurement/requisitions', permission: 'procurement.requisition.create', body: {} },
  { method: 'GET', permission: 'procurement.requisition.view', url: async (ctx) => `/procurement/requisitions/${(await requisitionOf(ctx)).id}`, outOfScope: async () => `/procurement/requisitions/${(await requisitionOf(null)).id}` },
  { method: 'GET', permission: 'procurement.requisition.edit', url: async (ctx) => `/procurement/requisitions/${(await requisitionOf(ctx)).id}/edit` },
  { method: 'PUT', permission: 'procurement.requisition.edit', body: {}, url: async (ctx) => `/procurement/requisitions/${(await requisitionOf(ctx)).id}` },
  { method: 'POST', permission: 'procurement.requisition.edit', url: async (ctx) => `/procurement/requisitions/${(await requisitionOf(ctx)).id}/submit`, outOfScope: async () => `/procurement/requisitions/${(await requisitionOf(null)).id}/submit` },
  { method: 'POST', permission: 'procurement.requisition.edit', url: async (ctx) => `/procurement/requisitions/${(await requisitionOf(ctx)).id}/lines/1/close` },
  { method: 'GET', url: '/procurement/plans', permission: 'procurement.plan.manage' },
  { method: 'POST', url: '/procurement/plans/orders', permission: 'procurement.plan.manage', body: { keys: ['0:0:0'] } },
])

authorizationMatrix('Procurement RFQs', [
  { method: 'GET', url: '/procurement/rfqs', permission: 'procurement.rfq.view' },
  { method: 'GET', url: '/procurement/rfqs/new', permission: 'procurement.rfq.create' },
  { method: 'POST', url: '/procurement/rfqs', permission: 'procurement.rfq.create', body: { title: 'x' } },
  { method: 'GET', permission: 'procurement.rfq.view', url: async (ctx) => `/procurement/rfqs/${await rfqOf(ctx)}`, outOfScope: async () => `/procurement/rfqs/${await rfqOf(null)}` },
  { method: 'POST', permission: 'procurement.rfq.edit', url: async (ctx) => `/procurement/rfqs/${await rfqOf(ctx)}/send`, outOfScope: async () => `/procurement/rfqs/${await rfqOf(null)}/send` },
  { method: 'POST', permission: 'procurement.rfq.edit', body: { unit_price: '1' }, url: async (ctx) => `/procurement/rfqs/${await rfqOf(ctx)}/quotes` },
  { method: 'POST', permission: 'procurement.order.create', alsoGrant: { 'procurement.rfq.view': 'all' }, url: async (ctx) => `/procurement/rfqs/${await rfqOf(ctx)}/orders` },
])

authorizationMatrix('Procurement purchase orders', [
  { method: 'GET', url: '/procurement/orders', permission: 'procurement.order.view' },
  { method: 'GET', url: '/procurement/orders/export', permission: 'procurement.order.view' },
  { method: 'GET', url: '/procurement/orders/new', permission: 'procurement.order.create' },
  { method: 'POST', url: '/procurement/orders', permission: 'procurement.order.create', body: {} },
  { method: 'GET', permission: 'procurement.order.view', url: async (ctx) => `/procurement/orders/${(await orderOf(ctx)).id}`, outOfScope: async () => `/procurement/orders/${(await orderOf(null)).id}` },
  { method: 'GET', permission: 'procurement.order.edit', url: async (ctx) => `/procurement/orders/${(await orderOf(ctx)).id}/edit`, outOfScope: async () => `/procurement/orders/${(await orderOf(null)).id}/edit` },
  { method: 'PUT', permission: 'procurement.order.edit', body: {}, url: async (ctx) => `/procurement/orders/${(await orderOf(ctx)).id}` },
  { method: 'POST', permission: 'procurement.order.edit', url: async (ctx) => `/procurement/orders/${(await orderOf(ctx)).id}/submit`, outOfScope: async () => `/procurement/orders/${(await orderOf(null)).id}/submit` },
  { method: 'POST', permission: 'procurement.order.edit', url: async (ctx) => `/procurement/orders/${(await orderOf(ctx)).id}/draft` },
  { method: 'POST', permission: 'procurement.order.edit', url: async (ctx) => `/procurement/orders/${(await orderOf(ctx)).id}/send` },
  { method: 'POST', permission: 'procurement.order.close', url: async (ctx) => `/procurement/orders/${(await orderOf(ctx)).id}/close`, outOfScope: async () => `/procurement/orders/${(await orderOf(null)).id}/close` },
  { method: 'POST', permission: 'procurement.order.close', url: async (ctx) => `/procurement/orders/${(await orderOf(ctx)).id}/cancel`, outOfScope: async () => `/procurement/orders/${(await orderOf(null)).id}/cancel` },
])
