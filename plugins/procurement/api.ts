/*
 * What other plugins may use of procurement (docs/plugins.md): the events it
 * announces, for bridges such as accounting's. Keep it small and stable.
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

export {}
