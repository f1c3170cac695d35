/*
 * Subcontracting (委外加工): a purchase order of kind 'subcontract' buys the
 * processing of a finished / semi-finished item (the order line's price is
 * the processing fee per unit). Its materials list says what the
 * subcontractor needs per unit; "send materials" moves them from our stock to
 * the supplier's subcontractor location (still ours, valued); receiving the
 * finished goods (receipts.ts) consumes them there in proportion.
 */
import db from '@adonisjs/lucid/services/db'
import type { DocumentHookEvent } from '#kernel/plugins/define_plugin'
import { transition } from '#kernel/documents/transition_document'
import { Money, Quantity } from '#kernel/numbers/index'
import { getItem, locationOf, postMoves, reverseDocumentMoves, subcontractorLocation, toBaseQuantity, defaultLocation, type Trx } from '#plugins/inventory/api'
import MaterialIssue from '../models/material_issue.js'
import { subcontractorRef, lockOrder } from './receipts.js'
import { ReceivingError, micros, money, qty, today } from './receiving_util.js'

export interface MaterialInput {
  orderLineId: number
  itemId: number
  /** Base units of material per base unit of the finished item. */
  qtyPerUnit: string
}

/** Adds (or changes) a material of a subcontracting order line. */
export async function setMaterial(orderId: number, input: MaterialInput): Promise<void> {
  await db.transaction(async (trx) => {
    const order = await lockOrder(trx, orderId)
    if (!order || order.kind !== 'subcontract') throw new ReceivingError('not_subcontract', {}, 'order_line_id')
    if (['cancelled', 'done'].includes(order.state)) throw new ReceivingError('order_not_receivable', { number: order.number ?? '' }, 'order_line_id')
    const line = await trx.from('procurement_order_lines').where({ id: input.orderLineId || 0, order_id: orderId }).first()
    if (!line) throw new ReceivingError('line_not_of_order', { number: order.number ?? '' }, 'order_line_id')
    const item = await getItem(Number(input.itemId) || 0, trx)
    if (!item) throw new ReceivingError('item_missing', {}, 'item_id')
    if (item.id === Number(line.item_id)) throw new ReceivingError('material_is_product', { item: item.code }, 'item_id')
    const perUnit = await toBaseQuantity(item.id, null, input.qtyPerUnit, { field: 'qty_per_unit', trx })
    const existing = await trx.from('procurement_subcontract_materials').where({ order_line_id: line.id, item_id: item.id }).first()
    if (existing) {
      await trx.from('procurement_subcontract_materials').where('id', existing.id).update({ qty_per_unit: micros(perUnit) })
    } else {
      await trx.insertQuery().table('procurement_subcontract_materials').insert({
        order_id: orderId, order_line_id: line.id, item_id: item.id, qty_per_unit: micros(perUnit),
      })
    }
  })
}

/** Materials of an order with what is at the subcontractor (sent − consumed) and still to send. */
export async function materialsOf(orderId: number, trx?: Trx) {
  const client = trx ?? db.connection()
  const rows = await client
    .from('procurement_subcontract_materials as m')
    .join('procurement_order_lines as l', 'l.id', 'm.order_line_id')
    .join('inventory_items as i', 'i.id', 'm.item_id')
    .join('inventory_units as u', 'u.id', 'i.base_unit_id')
    .where('m.order_id', orderId)
    .select('m.*', 'l.line_no', 'l.quantity_base as line_quantity', 'l.received_qty as line_received', 'i.code as item_code', 'i.name as item_name', 'u.code as unit_code', 'u.precision')
    .orderBy('l.line_no')
    .orderBy('m.id')
  return rows.map((row: any) => {
    const required = qty(row.qty_per_unit).times(qty(row.line_quantity)).round(Number(row.precision), 'half_up')
    const sent = qty(row.sent_qty)
    const consumed = qty(row.consumed_qty)
    const toSend = required.minus(sent)
    return {
      id: Number(row.id),
      orderLineId: Number(row.order_line_id),
      lineNo: Number(row.line_no),
      itemId: Number(row.item_id),
      itemCode: row.item_code,
      itemName: row.item_name,
      unit: row.unit_code,
      precision: Number(row.precision),
      qtyPerUnit: qty(row.qty_per_unit),
      required,
      sent,
      consumed,
      atSubcontractor: sent.minus(consumed),
      toSend: toSend.isNegative() ? Quantity.zero() : toSend,
      sentValue: money(row.sent_value),
      consumedValue: money(row.consumed_value),
    }
  })
}

export interface SendInput {
  orderId: number
  fromLocationId?: number | null
  lines: { materialId: number; quantity: string }[]
}

/** "Send materials": own stock → the supplier's subcontractor location, in one transaction. */
export async function sendMaterials(input: SendInput, user: { id: number } | null): Promise<MaterialIssue> {
  return db.transaction(async (trx) => {
    const order = await lockOrder(trx, input.orderId)
    if (!order || order.kind !== 'subcontract') throw new ReceivingError('not_subcontract', {}, 'order_id')
    if (order.state !== 'confirmed') throw new ReceivingError('order_not_receivable', { number: order.number ?? '' }, 'order_id')
    const warehouseId = Number(order.warehouse_id)
    let fromLocationId = await defaultLocation(warehouseId, trx)
    if (input.fromLocationId) {
      const location = await locationOf(Number(input.fromLocationId), trx)
      if (!location || location.warehouseId !== warehouseId || location.kind !== 'internal') {
        const warehouse = await trx.from('inventory_warehouses').where('id', warehouseId).first()
        throw new ReceivingError('location_other_warehouse', { location: location?.fullCode ?? '', warehouse: warehouse?.code ?? '' }, 'from_location_id')
      }
      fromLocationId = location.id
    }
    const rows: any[] = []
    for (const [index, line] of input.lines.entries()) {
      const text = String(line.quantity ?? '').trim()
      if (text === '' || /^0*(\.0*)?$/.test(text)) continue
      const material = await trx.from('procurement_subcontract_materials').where({ id: line.materialId || 0, order_id: order.id }).first()
      if (!material) throw new ReceivingError('material_missing', {}, `lines.${index}.quantity`)
      const base = await toBaseQuantity(Number(material.item_id), null, text, { field: `lines.${index}.quantity`, trx })
      rows.push({ material_id: Number(material.id), item_id: Number(material.item_id), quantity_base: micros(base), value: '0' })
    }
    if (!rows.length) throw new ReceivingError('nothing_to_send', {}, 'lines')
    const toLocationId = await subcontractorLocation(trx, subcontractorRef(Number(order.supplier_id)), order.supplier_name)
    const issue = new MaterialIssue()
    issue.fill({
      orderId: Number(order.id), supplierId: Number(order.supplier_id), supplierName: order.supplier_name,
      fromLocationId, toLocationId, issueDate: today(), totalValue: '0',
      ownerId: user?.id ?? null, createdBy: user?.id ?? null, departmentId: order.department_id ?? null,
    })
    issue.useTransaction(trx)
    await issue.save()
    for (const row of rows) await trx.insertQuery().table('procurement_material_issue_lines').insert({ ...row, issue_id: issue.id })
    await transition(issue, 'submitted', { user, trx })
    await transition(issue, 'posted', { user, trx })
    return issue
  })
}

/** afterPost of procurement.material_issue: the moves (valued at our cost) and the sent figures. */
export async function postMaterialIssue(event: DocumentHookEvent) {
  const { trx } = event
  const issue = event.document as any
  const lines = await trx.from('procurement_material_issue_lines').where('issue_id', issue.id).orderBy('id')
  const posted = await postMoves(
    trx,
    lines.map((line: any) => ({
      itemId: Number(line.item_id),
      fromLocationId: Number(issue.fromLocationId),
      toLocationId: Number(issue.toLocationId),
      quantity: qty(line.quantity_base),
      documentType: 'procurement.material_issue',
      documentId: Number(issue.id),
      documentNumber: issue.number,
      documentLineId: Number(line.id),
    })),
    { userId: event.userId }
  )
  let total = Money.zero()
  for (const [index, line] of lines.entries()) {
    const value = posted[index] ? Money.fromMicros(posted[index].value.abs().toMicros()) : Money.zero()
    total = total.plus(value)
    await trx.from('procurement_material_issue_lines').where('id', line.id).update({ value: micros(value) })
    const material = await trx.from('procurement_subcontract_materials').where('id', line.material_id).first()
    await trx.from('procurement_subcontract_materials').where('id', material.id).update({
      sent_qty: micros(qty(material.sent_qty).plus(qty(line.quantity_base))),
      sent_value: micros(money(material.sent_value).plus(value)),
    })
  }
  await trx.from('procurement_material_issues').where('id', issue.id).update({ total_value: micros(total) })
}

/** beforeCancel of procurement.material_issue: only what is still at the subcontractor comes back. */
export async function cancelMaterialIssue(event: DocumentHookEvent) {
  if (event.from !== 'posted') return
  const { trx } = event
  const issue = event.document as any
  const lines = await trx.from('procurement_material_issue_lines').where('issue_id', issue.id)
  for (const line of lines) {
    const material = await trx.from('procurement_subcontract_materials').where('id', line.material_id).first()
    const left = qty(material.sent_qty).minus(qty(material.consumed_qty))
    if (qty(line.quantity_base).greaterThan(left)) throw new ReceivingError('materials_consumed', { number: issue.number ?? '' })
    await trx.from('procurement_subcontract_materials').where('id', material.id).update({
      sent_qty: micros(qty(material.sent_qty).minus(qty(line.quantity_base))),
      sent_value: micros(money(material.sent_value).minus(money(line.value))),
    })
  }
  await reverseDocumentMoves(trx, { documentType: 'procurement.material_issue', documentId: Number(issue.id) }, { userId: event.userId })
}
