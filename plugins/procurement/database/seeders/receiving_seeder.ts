/*
 * Demo data of receiving (idempotent): grants the receiving permissions to
 * the demo roles, an approval flow "bill mismatch → accountant", and — when
 * the demo has confirmed purchase orders and no receipt yet — receipts of
 * them, an IQC with a rejection, a return of the rejected goods and a
 * supplier bill held for its price difference.
 */
import { BaseSeeder } from '@adonisjs/lucid/seeders'
import db from '@adonisjs/lucid/services/db'
import { Money, Quantity } from '#kernel/numbers/index'
import { saveFlow } from '#kernel/approvals/flows'
import { receiveOrder } from '../../services/receipts.js'
import { inspectReceiptLine } from '../../services/inspections.js'
import { returnToSupplier } from '../../services/returns.js'
import { createBill, submitBill } from '../../services/bills.js'
import { qty } from '../../services/receiving_util.js'

const GRANTS: Record<string, string[]> = {
  storekeeper: [
    'procurement.receipt.view', 'procurement.receipt.create', 'procurement.inspection.view', 'procurement.inspection.perform',
    'procurement.return.view', 'procurement.return.create', 'procurement.subcontract.view', 'procurement.subcontract.manage',
  ],
  buyer: [
    'procurement.receipt.view', 'procurement.receipt.create', 'procurement.receipt.cancel', 'procurement.inspection.view', 'procurement.inspection.perform',
    'procurement.return.view', 'procurement.return.create', 'procurement.return.cancel', 'procurement.bill.view', 'procurement.bill.create',
    'procurement.subcontract.view', 'procurement.subcontract.manage',
  ],
  accountant: ['procurement.receipt.view', 'procurement.return.view', 'procurement.bill.view', 'procurement.bill.create', 'procurement.bill.post', 'procurement.bill.cancel'],
  gm: ['procurement.receipt.view', 'procurement.inspection.view', 'procurement.return.view', 'procurement.bill.view', 'procurement.subcontract.view'],
  director: ['procurement.receipt.view', 'procurement.inspection.view', 'procurement.return.view', 'procurement.bill.view', 'procurement.subcontract.view'],
}

export default class extends BaseSeeder {
  async run() {
    await this.grant()
    await this.flow()
    await this.documents()
  }

  private async grant() {
    for (const [code, permissions] of Object.entries(GRANTS)) {
      const role = await db.from('roles').where('code', code).first()
      if (!role) continue
      for (const permission of permissions) {
        const held = await db.from('role_permissions').where({ role_id: role.id, permission }).first()
        if (!held) await db.table('role_permissions').insert({ role_id: role.id, permission, scope: 'all' })
      }
    }
  }

  private async flow() {
    const accountant = await db.from('roles').where('code', 'accountant').first()
    if (!accountant) return
    const exists = await db.from('approval_flows').where('document_type', 'procurement.bill').first()
    if (exists) return
    await saveFlow(
      {
        documentType: 'procurement.bill',
        name: '发票三单匹配差异审批 / Bill mismatch approval',
        priority: 100,
        isActive: true,
        conditions: { match: 'all', conditions: [{ field: 'has_mismatch', op: 'eq', value: true }] },
        steps: [{ approver: 'role', roleId: Number(accountant.id), mode: 'any' }],
      },
      null
    )
  }

  private async documents() {
    if (await db.from('procurement_receipts').first()) return
    const storekeeper = await db.from('users').where('username', 'storekeeper').first()
    const buyer = await db.from('users').where('username', 'buyer').first()
    const receiver = storekeeper ? { id: Number(storekeeper.id) } : null
    const orders = await db
      .from('procurement_orders')
      .where('state', 'confirmed')
      .where('kind', 'standard')
      .whereIn('receipt_status', ['open', 'partially_received'])
      .orderBy('id')
      .limit(3)
    for (const [index, order] of orders.entries()) {
      const lines = await db
        .from('procurement_order_lines as l')
        .join('inventory_items as i', 'i.id', 'l.item_id')
        .where('l.order_id', order.id)
        .select('l.*', 'i.lot_tracked', 'i.serial_tracked', 'i.requires_inspection')
        .orderBy('l.line_no')
      // The first order arrives in full, the others in part (about half).
      const input = lines
        .filter((l: any) => !l.serial_tracked)
        .map((l: any) => {
          const ordered = qty(l.quantity).minus(qty(l.received_qty).times(qty(l.quantity)).dividedBy(qty(l.quantity_base).isZero() ? Quantity.of(1) : qty(l.quantity_base)))
          const quantity = index === 0 ? ordered : ordered.dividedBy(2).round(0, 'down')
          return { orderLineId: Number(l.id), quantity: quantity.toFixed(), lotCode: l.lot_tracked ? `L${new Date().getFullYear()}${String(index + 1).padStart(3, '0')}` : null }
        })
        .filter((l: any) => Quantity.of(l.quantity).isPositive())
      if (!input.length) continue
      let receipt
      try {
        receipt = await receiveOrder({ orderId: Number(order.id), deliveryNote: `SH-${String(1000 + index)}`, lines: input }, receiver)
      } catch (error) {
        console.warn(`procurement receiving seeder: order ${order.number} not received: ${(error as Error).message}`)
        continue
      }
      if (index !== 0) continue
      await this.qualityStory(Number(receipt.id), receiver, buyer ? { id: Number(buyer.id) } : null)
    }
  }

  /** On the first receipt: IQC with a rejection and its return (or a return from stock), then a bill on hold. */
  private async qualityStory(receiptId: number, storekeeper: { id: number } | null, buyer: { id: number } | null) {
    const lines = await db.from('procurement_receipt_lines').where('receipt_id', receiptId).orderBy('line_no')
    const pending = lines.find((l: any) => l.inspection_status === 'pending' && qty(l.quantity_base).greaterThan(4))
    if (pending) {
      const inspected = qty(pending.quantity_base)
      const rejected = inspected.dividedBy(10).round(0, 'down').isPositive() ? inspected.dividedBy(10).round(0, 'down') : Quantity.of(1)
      await inspectReceiptLine(
        { receiptLineId: Number(pending.id), inspectedQty: inspected.toFixed(), acceptedQty: inspected.minus(rejected).toFixed(), rejectedQty: rejected.toFixed(), reasonCode: 'appearance', reasonText: '表面划伤' },
        storekeeper
      )
      await returnToSupplier({ receiptId, expectReplacement: true, reason: '来料检验不合格：外观不良', lines: [{ receiptLineId: Number(pending.id), quantity: rejected.toFixed(), source: 'quarantine' }] }, buyer)
    } else {
      const line = lines.find((l: any) => l.inspection_status === 'none' && qty(l.quantity_base).greaterThan(1))
      if (line) {
        await returnToSupplier({ receiptId, expectReplacement: false, reason: '包装破损，退回一件', lines: [{ receiptLineId: Number(line.id), quantity: '1', source: 'stock' }] }, buyer)
      }
    }
    // A bill whose price is 5% over the order: held for the accountant's approval.
    const receipt = await db.from('procurement_receipts').where('id', receiptId).first()
    const fresh = await db.from('procurement_receipt_lines as l').join('procurement_order_lines as ol', 'ol.id', 'l.order_line_id').where('l.receipt_id', receiptId).select('l.*', 'ol.unit_price as order_price', 'ol.quantity as oq', 'ol.quantity_base as oqb')
    const billLines = fresh
      .map((l: any) => {
        const open = qty(l.quantity_base).minus(qty(l.returned_qty)).minus(qty(l.billed_qty))
        const inOrderUnit = open.times(qty(l.oq)).dividedBy(qty(l.oqb)).round(6, 'down')
        return { receiptLineId: Number(l.id), quantity: inOrderUnit.toFixed(), unitPrice: Money.fromMicros(l.order_price).times('1.05').round(2).toFixed(2), taxRate: '13' }
      })
      .filter((l: any) => Quantity.of(l.quantity).isPositive())
    if (!billLines.length) return
    const bill = await createBill(
      { supplierId: Number(receipt.supplier_id), invoiceNumber: `0${String(Date.now()).slice(-7)}`, invoiceDate: new Date().toISOString().slice(0, 10), lines: billLines, note: '供应商单价上调 5%，待财务确认' },
      buyer
    )
    await submitBill(bill, buyer)
  }
}
