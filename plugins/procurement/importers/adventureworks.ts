/*
 * AdventureWorks → procurement (`node ace import:adventureworks <dir>`), after
 * inventory's importer made the items (code = ProductNumber) and warehouse AW:
 *   Purchasing.Vendor               → suppliers (code = AccountNumber, grade from CreditRating)
 *   Purchasing.ProductVendor        → price agreements (one per supplier × item)
 *   Purchasing.PurchaseOrderHeader  → purchase orders 'AW-PO-<PurchaseOrderID>', historical:
 *   Purchasing.PurchaseOrderDetail    closed (done, or cancelled when AdventureWorks rejected
 *                                     them) with their received / rejected quantities, but no
 *                                     stock moves and no on-order expectations.
 * Idempotent: keyed by those codes; what exists is counted "already there"
 * and left as it is. Items and the warehouse are found through inventory's api.ts.
 * See docs/decisions/021-dataset-importers.md.
 */
import { Money, Quantity } from '#kernel/numbers/index'
import { dbTimestamp } from '#kernel/records/record_writer'
import {
  cellBool,
  cellDate,
  cellDateTime,
  cellInt,
  cellMicros,
  cellText,
  idMap,
  insertInBatches,
  type DatasetImportContext,
} from '#kernel/impex/datasets'
import { findWarehouseByCode, itemIdsByCodes } from '#plugins/inventory/api'

export const AW_CURRENCY = 'USD'
export const awOrderNumber = (purchaseOrderId: string | number) => `AW-PO-${Number(purchaseOrderId)}`

/** AdventureWorks CreditRating 1 (superior) … 5 (below average) → our grade. */
export function gradeOf(creditRating: number | null): 'A' | 'B' | 'C' | null {
  if (creditRating === null) return null
  if (creditRating <= 1) return 'A'
  if (creditRating <= 3) return 'B'
  return 'C'
}

/** PurchaseOrderHeader.Status: 1 pending, 2 approved, 3 rejected, 4 complete. */
const STATUS_NAMES: Record<string, string> = { 1: 'pending', 2: 'approved', 3: 'rejected', 4: 'complete' }

export default async function importAdventureworks(ctx: DatasetImportContext) {
  const { trx } = ctx
  const now = new Date()
  const ts = (date: Date | null) => dbTimestamp(date ?? now, trx)

  const warehouse = await findWarehouseByCode('AW', trx)
  if (!warehouse) throw new Error('procurement: warehouse AW is missing (inventory imports it first)')
  const productNumbers = new Map((await ctx.readAll('Production.Product')).map((r) => [r.ProductID, cellText(r.ProductNumber)!]))
  const items = await itemIdsByCodes([...productNumbers.values()], trx)
  const itemOf = (productId: string, where: string) => {
    const item = items.get(productNumbers.get(productId) ?? '')
    if (!item) throw new Error(`${where}: product ${productId} is not an item (import inventory first)`)
    return item
  }

  /* Suppliers --------------------------------------------------------- */
  const vendorRows = await ctx.readAll('Purchasing.Vendor')
  let suppliers = await idMap(trx, 'procurement_suppliers', 'code')
  const newSuppliers = vendorRows
    .filter((r) => !suppliers.has(cellText(r.AccountNumber)!))
    .map((r) => ({
      code: cellText(r.AccountNumber)!,
      name: cellText(r.Name)!,
      currency: AW_CURRENCY,
      grade: gradeOf(cellInt(r.CreditRating)),
      active: cellBool(r.ActiveFlag),
      is_subcontractor: false,
      created_at: ts(cellDateTime(r.ModifiedDate)),
      updated_at: ts(cellDateTime(r.ModifiedDate)),
    }))
  await insertInBatches(trx, 'procurement_suppliers', newSuppliers)
  ctx.count('procurement_suppliers', { read: vendorRows.length, created: newSuppliers.length, existing: vendorRows.length - newSuppliers.length })
  suppliers = await idMap(trx, 'procurement_suppliers', 'code')
  const vendors = new Map(
    vendorRows.map((r) => [
      r.BusinessEntityID,
      { id: suppliers.get(cellText(r.AccountNumber)!)!, name: cellText(r.Name)!, preferred: cellBool(r.PreferredVendorStatus) },
    ])
  )
  const vendorOf = (vendorId: string, where: string) => {
    const vendor = vendors.get(vendorId)
    if (!vendor) throw new Error(`${where}: vendor ${vendorId} is not in Purchasing.Vendor`)
    return vendor
  }

  /* Price agreements ---------------------------------------------------- */
  const productVendorRows = await ctx.readAll('Purchasing.ProductVendor')
  const supplierIds = [...new Set([...vendors.values()].map((v) => v.id))]
  const agreed = new Set(
    (await trx.from('procurement_price_agreements').whereIn('supplier_id', supplierIds).select('supplier_id', 'item_id')).map(
      (r: any) => `${Number(r.supplier_id)}:${Number(r.item_id)}`
    )
  )
  const newAgreements: Record<string, unknown>[] = []
  for (const r of productVendorRows) {
    const vendor = vendorOf(r.BusinessEntityID, 'ProductVendor')
    const item = itemOf(r.ProductID, 'ProductVendor')
    const key = `${vendor.id}:${item.id}`
    if (agreed.has(key)) continue
    agreed.add(key)
    newAgreements.push({
      supplier_id: vendor.id,
      item_id: item.id,
      currency: AW_CURRENCY,
      unit_price: String(cellMicros(r.StandardPrice) ?? 0n),
      min_order_qty: cellMicros(r.MinOrderQty)?.toString() ?? null,
      lead_time_days: cellInt(r.AverageLeadTime),
      valid_from: cellDate(r.LastReceiptDate),
      valid_to: null,
      preferred: vendor.preferred,
      created_at: ts(cellDateTime(r.ModifiedDate)),
      updated_at: ts(cellDateTime(r.ModifiedDate)),
    })
  }
  await insertInBatches(trx, 'procurement_price_agreements', newAgreements)
  ctx.count('procurement_price_agreements', {
    read: productVendorRows.length,
    created: newAgreements.length,
    existing: productVendorRows.length - newAgreements.length,
  })

  /* Purchase orders and lines -------------------------------------------- */
  const headerRows = await ctx.readAll('Purchasing.PurchaseOrderHeader')
  const linesByOrder = new Map<string, Record<string, string>[]>()
  let lineCount = 0
  for await (const r of ctx.rows('Purchasing.PurchaseOrderDetail')) {
    const list = linesByOrder.get(r.PurchaseOrderID) ?? []
    list.push(r)
    linesByOrder.set(r.PurchaseOrderID, list)
    lineCount++
  }
  const numbers = headerRows.map((r) => awOrderNumber(r.PurchaseOrderID))
  const existingOrders = new Set<string>()
  for (let i = 0; i < numbers.length; i += 500) {
    for (const row of await trx.from('procurement_orders').whereIn('number', numbers.slice(i, i + 500)).select('number')) {
      existingOrders.add(row.number)
    }
  }
  const newHeaders = headerRows.filter((r) => !existingOrders.has(awOrderNumber(r.PurchaseOrderID)))
  const orders = newHeaders.map((r) => {
    const vendor = vendorOf(r.VendorID, `PurchaseOrderHeader ${r.PurchaseOrderID}`)
    const lines = linesByOrder.get(r.PurchaseOrderID) ?? []
    const fullyReceived = lines.every((l) => Quantity.of(cellText(l.ReceivedQty) ?? '0').compare(Quantity.of(cellText(l.OrderQty)!)) >= 0)
    const cancelled = r.Status === '3'
    const orderedAt = cellDateTime(r.OrderDate)
    const changedAt = cellDateTime(r.ModifiedDate)
    const dueDates = lines.map((l) => cellDate(l.DueDate)).filter((d): d is string => !!d).sort()
    const note = [
      `AdventureWorks PO ${r.PurchaseOrderID} (${STATUS_NAMES[r.Status] ?? `status ${r.Status}`})`,
      `tax ${cellText(r.TaxAmt) ?? '0'}`,
      `freight ${cellText(r.Freight) ?? '0'}`,
      `total due ${cellText(r.TotalDue) ?? '0'} ${AW_CURRENCY}`,
    ].join(', ')
    return {
      number: awOrderNumber(r.PurchaseOrderID),
      state: cancelled ? 'cancelled' : 'done',
      submitted_at: ts(orderedAt),
      confirmed_at: ts(orderedAt),
      cancelled_at: cancelled ? ts(changedAt) : null,
      created_at: ts(orderedAt),
      updated_at: ts(changedAt),
      kind: 'standard',
      supplier_id: vendor.id,
      supplier_name: vendor.name,
      order_date: cellDate(r.OrderDate)!,
      expected_date: dueDates[0] ?? cellDate(r.ShipDate),
      warehouse_id: warehouse.id,
      currency: AW_CURRENCY,
      total: String(cellMicros(r.SubTotal) ?? 0n),
      over_receipt_pct: '0',
      receipt_status: fullyReceived ? 'received' : 'closed_short',
      note: note.slice(0, 500),
    }
  })
  await insertInBatches(trx, 'procurement_orders', orders, 200)
  const orderIds = new Map<string, number>()
  const newNumbers = orders.map((o) => o.number)
  for (let i = 0; i < newNumbers.length; i += 500) {
    for (const row of await trx.from('procurement_orders').whereIn('number', newNumbers.slice(i, i + 500)).select('id', 'number')) {
      orderIds.set(row.number, Number(row.id))
    }
  }
  const newLines: Record<string, unknown>[] = []
  for (const header of newHeaders) {
    const orderId = orderIds.get(awOrderNumber(header.PurchaseOrderID))!
    const lines = (linesByOrder.get(header.PurchaseOrderID) ?? []).sort((a, b) => Number(a.PurchaseOrderDetailID) - Number(b.PurchaseOrderDetailID))
    lines.forEach((l, index) => {
      const item = itemOf(l.ProductID, `PurchaseOrderDetail ${l.PurchaseOrderDetailID}`)
      const quantity = Quantity.of(cellText(l.OrderQty)!)
      const price = Money.of(cellText(l.UnitPrice)!, AW_CURRENCY)
      newLines.push({
        order_id: orderId,
        line_no: index + 1,
        item_id: item.id,
        unit_id: item.baseUnitId,
        quantity: String(quantity.toMicros()),
        quantity_base: String(quantity.toMicros()),
        unit_price: String(price.toMicros()),
        // OrderQty × UnitPrice, exact (equals the source's LineTotal)
        amount: String(price.times(quantity).toMicros()),
        expected_date: cellDate(l.DueDate),
        received_qty: String(cellMicros(l.ReceivedQty) ?? 0n),
        rejected_qty: String(cellMicros(l.RejectedQty) ?? 0n),
        returned_qty: '0',
        billed_qty: '0',
        note: `AdventureWorks PurchaseOrderDetail ${l.PurchaseOrderDetailID}`,
      })
    })
  }
  await insertInBatches(trx, 'procurement_order_lines', newLines, 200)
  ctx.count('procurement_orders', { read: headerRows.length, created: orders.length, existing: headerRows.length - orders.length })
  ctx.count('procurement_order_lines', { read: lineCount, created: newLines.length, existing: lineCount - newLines.length })
}
