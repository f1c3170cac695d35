/*
 * Every receiving route against the four visitors (tests/helpers/authorization_matrix.ts).
 */
import db from '@adonisjs/lucid/services/db'
import { authorizationMatrix, type MatrixContext } from '#tests/helpers/authorization_matrix'
import { receiveOrder } from '../../services/receipts.js'
import { returnToSupplier } from '../../services/returns.js'
import { createBill } from '../../services/bills.js'
import { makeOrder, makeItem, makeWarehouse } from '../helpers/receiving_fixtures.js'

let seq = 0

async function receipt(ownerId: number | null, options: { inspection?: boolean; kind?: 'standard' | 'subcontract' } = {}) {
  const warehouse = await makeWarehouse()
  const item = await makeItem({ requiresInspection: options.inspection ?? false })
  const order = await makeOrder({ warehouseId: warehouse.id, kind: options.kind, lines: [{ itemId: item, quantity: '10', unitPrice: '3' }] })
  const doc = await receiveOrder({ orderId: order.id, lines: [{ orderLineId: order.lineIds[0], quantity: '10' }] }, ownerId ? { id: ownerId } : null)
  const line = await db.from('procurement_receipt_lines').where('receipt_id', doc.id).first()
  return { order, receipt: doc, line }
}

async function returned(ownerId: number | null) {
  const { receipt: doc, line } = await receipt(ownerId)
  return returnToSupplier({ receiptId: doc.id, expectReplacement: false, lines: [{ receiptLineId: line.id, quantity: '1', source: 'stock' }] }, ownerId ? { id: ownerId } : null)
}

async function bill(ownerId: number | null) {
  const { receipt: doc, line } = await receipt(ownerId)
  return createBill(
    { supplierId: doc.supplierId, invoiceNumber: `M-${Date.now()}-${++seq}`, invoiceDate: '2026-11-23', lines: [{ receiptLineId: line.id, quantity: '10', unitPrice: '3', taxRate: '13' }] },
    ownerId ? { id: ownerId } : null
  )
}

const owner = (ctx: MatrixContext) => ctx.actor?.id ?? null

authorizationMatrix('procurement receiving', [
  { method: 'GET', url: '/procurement/receipts', permission: 'procurement.receipt.view' },
  { method: 'GET', url: '/procurement/receipts/export', permission: 'procurement.receipt.view' },
  {
    method: 'GET', permission: 'procurement.receipt.view', label: 'GET /procurement/receipts/:id',
    url: async (ctx) => `/procurement/receipts/${(await receipt(owner(ctx))).receipt.id}`,
    outOfScope: async () => `/procurement/receipts/${(await receipt(null)).receipt.id}`,
  },
  {
    method: 'GET', permission: 'procurement.receipt.create', label: 'GET /procurement/receipts/new/:orderId',
    url: async () => {
      const warehouse = await makeWarehouse()
      const order = await makeOrder({ warehouseId: warehouse.id, lines: [{ itemId: await makeItem(), quantity: '1', unitPrice: '1' }] })
      return `/procurement/receipts/new/${order.id}`
    },
  },
  {
    method: 'POST', url: '/procurement/receipts', permission: 'procurement.receipt.create',
    body: async () => {
      const warehouse = await makeWarehouse()
      const order = await makeOrder({ warehouseId: warehouse.id, lines: [{ itemId: await makeItem(), quantity: '1', unitPrice: '1' }] })
      return { order_id: String(order.id) }
    },
  },
  {
    method: 'POST', url: '/procurement/receipts/scan', permission: 'procurement.receipt.create', expect: 200,
    body: async () => {
      const warehouse = await makeWarehouse()
      const order = await makeOrder({ warehouseId: warehouse.id, lines: [{ itemId: await makeItem(), quantity: '1', unitPrice: '1' }] })
      return { order_id: String(order.id), scan: 'X' }
    },
  },
  {
    method: 'POST', permission: 'procurement.receipt.cancel', label: 'POST /procurement/receipts/:id/cancel',
    url: async (ctx) => `/procurement/receipts/${(await receipt(owner(ctx))).receipt.id}/cancel`,
    outOfScope: async () => `/procurement/receipts/${(await receipt(null)).receipt.id}/cancel`,
  },
  { method: 'GET', url: '/procurement/inspections', permission: 'procurement.inspection.view' },
  {
    method: 'POST', permission: 'procurement.inspection.perform', label: 'POST /procurement/receipt-lines/:id/inspect',
    url: async (ctx) => `/procurement/receipt-lines/${(await receipt(owner(ctx), { inspection: true })).line.id}/inspect`,
    body: { inspected_qty: '10', accepted_qty: '10', rejected_qty: '0' },
  },
  { method: 'GET', url: '/procurement/returns', permission: 'procurement.return.view' },
  { method: 'GET', url: '/procurement/returns/export', permission: 'procurement.return.view' },
  {
    method: 'GET', permission: 'procurement.return.create', label: 'GET /procurement/returns/new/:receiptId',
    url: async (ctx) => `/procurement/returns/new/${(await receipt(owner(ctx))).receipt.id}`,
  },
  {
    method: 'POST', url: '/procurement/returns', permission: 'procurement.return.create',
    body: async (ctx) => ({ receipt_id: String((await receipt(owner(ctx))).receipt.id) }),
  },
  {
    method: 'GET', permission: 'procurement.return.view', label: 'GET /procurement/returns/:id',
    url: async (ctx) => `/procurement/returns/${(await returned(owner(ctx))).id}`,
    outOfScope: async () => `/procurement/returns/${(await returned(null)).id}`,
  },
  {
    method: 'POST', permission: 'procurement.return.cancel', label: 'POST /procurement/returns/:id/cancel',
    url: async (ctx) => `/procurement/returns/${(await returned(owner(ctx))).id}/cancel`,
    outOfScope: async () => `/procurement/returns/${(await returned(null)).id}/cancel`,
  },
  { method: 'GET', url: '/procurement/bills', permission: 'procurement.bill.view' },
  { method: 'GET', url: '/procurement/bills/export', permission: 'procurement.bill.view' },
  { method: 'GET', url: '/procurement/bills/create', permission: 'procurement.bill.create' },
  { method: 'POST', url: '/procurement/bills', permission: 'procurement.bill.create', body: { supplier_id: '0' } },
  {
    method: 'GET', permission: 'procurement.bill.view', label: 'GET /procurement/bills/:id',
    url: async (ctx) => `/procurement/bills/${(await bill(owner(ctx))).id}`,
    outOfScope: async () => `/procurement/bills/${(await bill(null)).id}`,
  },
  {
    method: 'POST', permission: 'procurement.bill.post', label: 'POST /procurement/bills/:id/submit',
    url: async (ctx) => `/procurement/bills/${(await bill(owner(ctx))).id}/submit`,
    outOfScope: async () => `/procurement/bills/${(await bill(null)).id}/submit`,
  },
  {
    method: 'POST', permission: 'procurement.bill.cancel', label: 'POST /procurement/bills/:id/cancel',
    url: async (ctx) => `/procurement/bills/${(await bill(owner(ctx))).id}/cancel`,
    outOfScope: async () => `/procurement/bills/${(await bill(null)).id}/cancel`,
  },
  { method: 'GET', url: '/procurement/subcontracting', permission: 'procurement.subcontract.view' },
  {
    method: 'GET', permission: 'procurement.subcontract.view', label: 'GET /procurement/subcontracting/:id',
    url: async () => {
      const warehouse = await makeWarehouse()
      return `/procurement/subcontracting/${(await makeOrder({ warehouseId: warehouse.id, kind: 'subcontract', lines: [{ itemId: await makeItem(), quantity: '1', unitPrice: '1' }] })).id}`
    },
  },
  {
    method: 'POST', permission: 'procurement.subcontract.manage', label: 'POST /procurement/subcontracting/:id/materials',
    url: async () => {
      const warehouse = await makeWarehouse()
      return `/procurement/subcontracting/${(await makeOrder({ warehouseId: warehouse.id, kind: 'subcontract', lines: [{ itemId: await makeItem(), quantity: '1', unitPrice: '1' }] })).id}/materials`
    },
    body: { item_code: 'NONE', qty_per_unit: '1' },
  },
  {
    method: 'POST', permission: 'procurement.subcontract.manage', label: 'POST /procurement/subcontracting/:id/send',
    url: async () => {
      const warehouse = await makeWarehouse()
      return `/procurement/subcontracting/${(await makeOrder({ warehouseId: warehouse.id, kind: 'subcontract', lines: [{ itemId: await makeItem(), quantity: '1', unitPrice: '1' }] })).id}/send`
    },
  },
])
