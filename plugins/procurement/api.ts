/*
 * What other plugins may use of procurement (docs/plugins.md): the events it
 * announces, for bridges such as accounting's, and the requisition function
 * manufacturing's MRP calls. Keep it small and stable.
 */
declare module '#services/events' {
  interface LoomEvents {
    /** A purchase order was confirmed (approved when a flow applied). */
    'procurement:order.confirmed': { orderId: number; number: string; supplierId: number; total: string; currency: string }
    /** Goods of an order were received into stock (after inspection when required). */
    'procurement:receipt.posted': { receiptId: number; number: string; orderId: number; supplierId: number; value: string }
    /** A supplier bill passed the 3-way match (or its mismatch was approved) and was posted. */
    'procurement:bill.posted': { billId: number; number: string; supplierId: number; total: string; currency: string }
  }
}

/**
 * createRequisition(trx, input, user?) — a draft purchase requisition inside
 * the caller's transaction. For MRP: `{ source: 'mrp', lines: [{ itemId,
 * quantity: '120', neededBy: '2026-12-01', warehouseId }] }` (quantity in the
 * item's base unit unless `unitId`). Refuses bad input with a HookVeto whose
 * `field` names the line (`lines.0.quantity`). Returns `{ id }`.
 */
export { createRequisition } from './services/requisitions.js'
export type { RequisitionInput, RequisitionLineInput } from './services/requisitions.js'
