/*
 * Which price a supplier charges for an item: the valid price agreement
 * (preferred first, then the newest) and, within it, the price break with the
 * largest minimum quantity not above the quantity. Prices are per base unit.
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { Money, Quantity } from '#kernel/numbers/index'

export interface AgreedPrice {
  agreementId: number
  supplierId: number
  unitPrice: Money
  minOrderQty: Quantity | null
  leadTimeDays: number | null
  supplierItemCode: string | null
}

/** Price break choice (pure): base price, then the highest break whose minimum ≤ quantity. */
export function priceForQuantity(basePrice: Money, breaks: Array<{ minQuantity: Quantity; unitPrice: Money }>, quantity: Quantity): Money {
  let price = basePrice
  let best: Quantity | null = null
  for (const b of breaks) {
    if (b.minQuantity.greaterThan(quantity)) continue
    if (best === null || b.minQuantity.greaterThan(best)) {
      best = b.minQuantity
      price = b.unitPrice
    }
  }
  return price
}

/** Rounds a quantity up to the minimum order quantity (pure). */
export function roundUpToMoq(quantity: Quantity, moq: Quantity | null): Quantity {
  if (!moq || !moq.isPositive()) return quantity
  return quantity.lessThan(moq) ? moq : quantity
}

function validOn(query: any, date: string) {
  return query
    .where((q: any) => q.whereNull('valid_from').orWhere('valid_from', '<=', date))
    .where((q: any) => q.whereNull('valid_to').orWhere('valid_to', '>=', date))
}

async function priced(client: QueryClientContract, row: any, quantity: Quantity): Promise<AgreedPrice> {
  const breaks = await client.from('procurement_price_breaks').where('agreement_id', row.id)
  const currency = row.currency ?? 'CNY'
  return {
    agreementId: Number(row.id),
    supplierId: Number(row.supplier_id),
    unitPrice: priceForQuantity(
      Money.fromMicros(row.unit_price, currency),
      breaks.map((b: any) => ({ minQuantity: Quantity.fromMicros(b.min_quantity), unitPrice: Money.fromMicros(b.unit_price, currency) })),
      quantity
    ),
    minOrderQty: row.min_order_qty === null ? null : Quantity.fromMicros(row.min_order_qty),
    leadTimeDays: row.lead_time_days === null ? null : Number(row.lead_time_days),
    supplierItemCode: row.supplier_item_code ?? null,
  }
}

/** The agreed price of `supplierId` for `itemId` at `quantity` (base units) on `date`, or null. */
export async function agreedPrice(supplierId: number, itemId: number, quantity: Quantity, date: string, client: QueryClientContract = db.connection()): Promise<AgreedPrice | null> {
  const row = await validOn(client.from('procurement_price_agreements').where({ supplier_id: supplierId, item_id: itemId }), date)
    .orderBy('preferred', 'desc')
    .orderBy('id', 'desc')
    .first()
  return row ? priced(client, row, quantity) : null
}

/**
 * The supplier to propose for an item: the preferred valid agreement, else the
 * cheapest valid one, else the supplier of the item's last purchase order.
 */
export async function proposedSupplier(itemId: number, quantity: Quantity, date: string, client: QueryClientContract = db.connection()): Promise<{ supplierId: number; price: AgreedPrice | null } | null> {
  const rows = await validOn(
    client
      .from('procurement_price_agreements as a')
      .join('procurement_suppliers as s', 's.id', 'a.supplier_id')
      .where('a.item_id', itemId)
      .where('s.active', true),
    date
  ).select('a.*')
  if (rows.length) {
    const prices = await Promise.all(rows.map((row: any) => priced(client, row, quantity)))
    const preferred = rows.findIndex((r: any) => Boolean(r.preferred))
    const chosen = preferred >= 0 ? prices[preferred] : prices.reduce((a, b) => (b.unitPrice.compare(a.unitPrice) < 0 ? b : a))
    return { supplierId: chosen.supplierId, price: chosen }
  }
  const last = await client
    .from('procurement_order_lines as l')
    .join('procurement_orders as o', 'o.id', 'l.order_id')
    .where('l.item_id', itemId)
    .whereNot('o.state', 'cancelled')
    .orderBy('o.order_date', 'desc')
    .orderBy('o.id', 'desc')
    .select('o.supplier_id')
    .first()
  return last ? { supplierId: Number(last.supplier_id), price: null } : null
}
