/*
 * Purchase plan (采购计划): the open lines of confirmed requisitions, merged
 * per proposed supplier, warehouse and item, priced from the supplier's price
 * break, rounded up to the MOQ, with the expected date from the lead time.
 * One click makes one draft purchase order per supplier and warehouse.
 */
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { Money, Quantity } from '#kernel/numbers/index'
import { parseDate } from '#kernel/records/values'
import type { Trx } from '#plugins/inventory/api'
import { proposedSupplier, agreedPrice, roundUpToMoq } from './pricing.js'
import { writeOrder, today } from './orders.js'
import { completeFinishedRequisitions } from './requisitions.js'
import { BuyingError } from './buying_error.js'

export interface PlanRow {
  key: string
  supplierId: number | null
  supplierName: string | null
  warehouseId: number | null
  itemId: number
  itemCode: string
  itemName: string
  requisitionLineIds: number[]
  requisitionNumbers: string[]
  requested: Quantity
  quantity: Quantity
  unitPrice: Money | null
  amount: Money | null
  moq: Quantity | null
  leadTimeDays: number | null
  neededBy: string | null
  expectedDate: string
}

export async function planRows(client: Trx | ReturnType<typeof db.connection> = db.connection()): Promise<PlanRow[]> {
  const lines = await client
    .from('procurement_requisition_lines as l')
    .join('procurement_requisitions as r', 'r.id', 'l.requisition_id')
    .join('inventory_items as i', 'i.id', 'l.item_id')
    // done: every line was ordered, then an order was cancelled and reopened some
    .whereIn('r.state', ['confirmed', 'done'])
    .where('l.status', 'open')
    .select('l.*', 'r.number as requisition_number', 'i.code as item_code', 'i.name as item_name', 'i.lead_time_days as item_lead')
    .orderBy('l.id')
  const on = today()
  const groups = new Map<string, PlanRow>()
  for (const line of lines) {
    const quantity = Quantity.fromMicros(line.quantity_base)
    let supplierId: number | null = line.suggested_supplier_id === null ? null : Number(line.suggested_supplier_id)
    if (supplierId === null) supplierId = (await proposedSupplier(Number(line.item_id), quantity, on, client as any))?.supplierId ?? null
    const warehouseId = line.warehouse_id === null ? null : Number(line.warehouse_id)
    const key = `${supplierId ?? 0}:${warehouseId ?? 0}:${line.item_id}`
    const neededBy = line.needed_by ? parseDate(line.needed_by) : null
    const row = groups.get(key)
    if (row) {
      row.requisitionLineIds.push(Number(line.id))
      if (!row.requisitionNumbers.includes(line.requisition_number)) row.requisitionNumbers.push(line.requisition_number)
      row.requested = row.requested.plus(quantity)
      if (neededBy && (!row.neededBy || neededBy < row.neededBy)) row.neededBy = neededBy
    } else {
      groups.set(key, {
        key, supplierId, supplierName: null, warehouseId, itemId: Number(line.item_id), itemCode: line.item_code, itemName: line.item_name,
        requisitionLineIds: [Number(line.id)], requisitionNumbers: [line.requisition_number], requested: quantity, quantity,
        unitPrice: null, amount: null, moq: null, leadTimeDays: line.item_lead === null ? null : Number(line.item_lead), neededBy, expectedDate: on,
      })
    }
  }
  const rows = [...groups.values()]
  for (const row of rows) {
    row.quantity = row.requested
    if (row.supplierId) {
      const supplier = await client.from('procurement_suppliers').where('id', row.supplierId).first()
      row.supplierName = supplier?.name ?? null
      const price = await agreedPrice(row.supplierId, row.itemId, row.requested, on, client as any)
      if (price) {
        row.moq = price.minOrderQty
        row.quantity = roundUpToMoq(row.requested, price.minOrderQty)
        const repriced = await agreedPrice(row.supplierId, row.itemId, row.quantity, on, client as any)
        row.unitPrice = (repriced ?? price).unitPrice
        row.amount = row.unitPrice.times(row.quantity).round()
        if (price.leadTimeDays !== null) row.leadTimeDays = price.leadTimeDays
      }
    }
    row.expectedDate = DateTime.fromISO(on).plus({ days: row.leadTimeDays ?? 0 }).toISODate()!
  }
  return rows.sort((a, b) => (a.supplierName ?? '~').localeCompare(b.supplierName ?? '~') || a.itemCode.localeCompare(b.itemCode))
}

/**
 * Makes one draft order per supplier and warehouse from the plan rows chosen
 * by key (all rows with a supplier when `keys` is omitted); links and closes
 * the requisition lines; completes requisitions with nothing left open.
 * Returns the new order ids.
 */
export async function createOrdersFromPlan(user: { id: number; departmentId?: number | null } | null, keys?: string[]): Promise<number[]> {
  return db.transaction(async (trx) => {
    const rows = (await planRows(trx)).filter((r) => (keys ? keys.includes(r.key) : true))
    if (!rows.length) throw new BuyingError('plan_empty', {}, 'keys')
    const missing = rows.find((r) => !r.supplierId || !r.warehouseId)
    if (missing) throw new BuyingError(missing.supplierId ? 'plan_no_warehouse' : 'plan_no_supplier', { item: missing.itemCode }, 'keys')
    const bySupplier = new Map<string, PlanRow[]>()
    for (const row of rows) {
      const key = `${row.supplierId}:${row.warehouseId}`
      bySupplier.set(key, [...(bySupplier.get(key) ?? []), row])
    }
    const orderIds: number[] = []
    const requisitionIds: number[] = []
    for (const group of bySupplier.values()) {
      const order = await writeOrder(
        trx,
        {
          supplierId: group[0].supplierId!,
          warehouseId: group[0].warehouseId!,
          lines: group.map((r) => ({
            itemId: r.itemId,
            quantity: r.quantity,
            unitPrice: r.unitPrice,
            expectedDate: r.expectedDate,
            requisitionLineId: r.requisitionLineIds[0],
          })),
        },
        user
      )
      orderIds.push(order.id)
      const orderLines = await trx.from('procurement_order_lines').where('order_id', order.id).orderBy('line_no')
      for (const [index, row] of group.entries()) {
        await trx.from('procurement_requisition_lines').whereIn('id', row.requisitionLineIds).update({ status: 'ordered', order_line_id: orderLines[index].id })
        const reqs = await trx.from('procurement_requisition_lines').whereIn('id', row.requisitionLineIds).select('requisition_id')
        requisitionIds.push(...reqs.map((r: any) => Number(r.requisition_id)))
      }
    }
    await completeFinishedRequisitions(trx, requisitionIds, user)
    return orderIds
  })
}
