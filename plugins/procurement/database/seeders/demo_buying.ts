/*
 * Demo buying: a confirmed requisition waiting in the purchase plan, a
 * stock-alert draft, an RFQ with quotes to compare, and purchase orders in
 * several states (draft, confirmed and sent, closed short). Runs once (skips
 * when any purchase order exists) and only when inventory's demo items and a
 * warehouse exist.
 */
import { BaseSeeder } from '@adonisjs/lucid/seeders'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import ProcurementRequisition from '../../models/procurement_requisition.js'
import { createOrder, submitOrder, closeOrderShort, markOrderSent } from '../../services/orders.js'
import { createRequisition, submitRequisition } from '../../services/requisitions.js'
import { createRfq, saveQuote } from '../../services/rfqs.js'
import { transition } from '#kernel/documents/transition_document'
import ProcurementRfq from '../../models/procurement_rfq.js'
import ProcurementOrder from '../../models/procurement_order.js'
import { recomputeOrderProgress } from '../../services/order_progress.js'

export default class extends BaseSeeder {
  async run() {
    if (await db.from('procurement_orders').first()) return
    const warehouse = await db.from('inventory_warehouses').orderBy('id').first()
    const agreements = await db.from('procurement_price_agreements as a').join('procurement_suppliers as s', 's.id', 'a.supplier_id')
      .where('a.preferred', true).select('a.item_id', 'a.supplier_id').orderBy('a.item_id')
    if (!warehouse || agreements.length < 4) return
    const buyerRow = await db.from('users').where('username', 'buyer').first()
    const user = buyerRow ? { id: Number(buyerRow.id), departmentId: buyerRow.department_id } : null
    const day = (n: number) => DateTime.now().plus({ days: n }).toISODate()!

    // orders: a draft, a confirmed one sent to the supplier, one closed short after a partial delivery
    const [a, b, c, d] = agreements
    await createOrder({ supplierId: a.supplier_id, warehouseId: warehouse.id, expectedDate: day(10), note: '月度补货', lines: [{ itemId: a.item_id, quantity: '300' }, { itemId: b.item_id, quantity: '120' }].filter((_line, i) => i === 0 || b.supplier_id === a.supplier_id) }, user)
    const sent = await createOrder({ supplierId: c.supplier_id, warehouseId: warehouse.id, expectedDate: day(7), lines: [{ itemId: c.item_id, quantity: '500' }] }, user)
    await submitOrder(sent, user)
    await markOrderSent(sent.id)
    const short = await createOrder({ supplierId: d.supplier_id, warehouseId: warehouse.id, orderDate: day(-30), expectedDate: day(-10), lines: [{ itemId: d.item_id, quantity: '200' }] }, user)
    await submitOrder(short, user)
    if ((await ProcurementOrder.findOrFail(short.id)).state === 'confirmed') {
      await db.from('procurement_order_lines').where('order_id', short.id).update({ received_qty: '180000000' })
      await db.transaction((trx) => recomputeOrderProgress(trx, short.id))
      await closeOrderShort(await ProcurementOrder.findOrFail(short.id), user)
    }

    // a confirmed requisition for the purchase plan, and a stock-alert draft
    const manual = await db.transaction((trx) => createRequisition(trx, {
      note: '二号线换型备料', lines: agreements.slice(0, 3).map((x: any, i: number) => ({ itemId: x.item_id, quantity: String(80 + i * 40), neededBy: day(14), warehouseId: warehouse.id })),
    }, user))
    await submitRequisition(await ProcurementRequisition.findOrFail(manual.id), user)
    await db.transaction((trx) => createRequisition(trx, { source: 'stock_alert', note: '库存预警自动生成', lines: [{ itemId: agreements[3].item_id, quantity: '150', warehouseId: warehouse.id }] }, null))

    // an RFQ with quotes from two suppliers
    const suppliers = [...new Set(agreements.map((x: any) => Number(x.supplier_id)))].slice(0, 3)
    if (suppliers.length >= 2) {
      const rfqId = await createRfq({ title: '四季度包装材料询价', warehouseId: warehouse.id, respondBy: day(5), supplierIds: suppliers, lines: agreements.slice(0, 2).map((x: any) => ({ itemId: x.item_id, quantity: '1000', neededBy: day(30) })) }, user)
      const rfq = await ProcurementRfq.findOrFail(rfqId)
      await transition(rfq, 'submitted', { user })
      await transition(await ProcurementRfq.findOrFail(rfqId), 'confirmed', { user })
      const lines = await db.from('procurement_rfq_lines').where('rfq_id', rfqId).orderBy('line_no')
      for (const [i, line] of lines.entries()) {
        for (const [j, supplierId] of suppliers.entries()) {
          await saveQuote(rfqId, { rfqLineId: line.id, supplierId, unitPrice: (4.8 + i * 2 + j * 0.35 - (i === 1 && j === 1 ? 0.9 : 0)).toFixed(2), leadTimeDays: 7 + j * 4, minOrderQty: j === 0 ? '500' : null })
        }
      }
    }
  }
}
