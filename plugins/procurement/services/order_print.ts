/*
 * What the purchase order PDF shows: the order as the caller may see it
 * (data scope → 404 otherwise), its supplier and lines with exact amounts.
 */
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { findInScopeOrFail } from '#services/data_scope'
import { Money, Quantity } from '#kernel/numbers/index'
import { parseDate } from '#kernel/records/values'

export async function orderPrintData(id: number, ctx: HttpContext) {
  const order = await findInScopeOrFail('procurement_orders', id, ctx.auth.user!, 'procurement.order.view')
  const supplier = await db.from('procurement_suppliers').where('id', order.supplier_id).first()
  const contact = await db.from('procurement_supplier_contacts').where('supplier_id', order.supplier_id).orderBy('is_primary', 'desc').orderBy('id').first()
  const warehouse = await db.from('inventory_warehouses').where('id', order.warehouse_id).first()
  const locale = ctx.i18n.locale
  const lines = (
    await db
      .from('procurement_order_lines as l')
      .join('inventory_items as i', 'i.id', 'l.item_id')
      .join('inventory_units as u', 'u.id', 'l.unit_id')
      .where('l.order_id', id)
      .select('l.*', 'i.code as item_code', 'i.name as item_name', 'i.specification', 'u.code as unit_code')
      .orderBy('l.line_no')
  ).map((l: any) => ({
    ...l,
    quantityText: Quantity.fromMicros(l.quantity).format(locale),
    priceText: Money.fromMicros(l.unit_price, order.currency).format(locale, { places: 4 }),
    amountText: Money.fromMicros(l.amount, order.currency).format(locale),
    expectedText: parseDate(l.expected_date ?? order.expected_date ?? null) ?? '',
  }))
  return {
    order: { ...order, order_date: parseDate(order.order_date), expected_date: order.expected_date ? parseDate(order.expected_date) : null },
    supplier,
    contact,
    warehouse,
    lines,
    totalText: Money.fromMicros(order.total, order.currency).format(locale),
  }
}
