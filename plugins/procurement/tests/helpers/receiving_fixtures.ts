/*
 * Test data for receiving: suppliers and confirmed purchase orders written
 * straight into the tables (slice 6 owns the order pages and states), plus
 * small readers of what a test checks.
 */
import db from '@adonisjs/lucid/services/db'
import { randomUUID } from 'node:crypto'
import { dbTimestamp } from '#kernel/records/record_writer'
import { Money, Quantity } from '#kernel/numbers/index'
import { stockOf, type Trx } from '#plugins/inventory/api'

const code = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8).toUpperCase()}`
const id = (row: any) => Number(typeof row === 'object' ? row.id : row)
const micros = (decimal: string) => Quantity.of(decimal).toMicros().toString()

export async function makeSupplier(options: { name?: string; subcontractor?: boolean; currency?: string } = {}, trx?: Trx): Promise<number> {
  const client = trx ?? db.connection()
  const [row] = await client
    .table('procurement_suppliers')
    .insert({
      code: code('SUP'), name: options.name ?? `Supplier ${code('S')}`, currency: options.currency ?? 'CNY',
      is_subcontractor: options.subcontractor ?? false, active: true, created_at: dbTimestamp(new Date(), client),
    })
    .returning('id')
  return id(row)
}

export interface OrderLineSpec {
  itemId: number
  /** In `unit` (default the item's base unit EA). */
  quantity: string
  unitPrice: string
  unit?: string
  /** Base units per `unit` (default 1). */
  factor?: string
}

export interface OrderFixture {
  id: number
  number: string
  supplierId: number
  lineIds: number[]
}

/** A confirmed order (state 'confirmed', numbered) with its lines. */
export async function makeOrder(
  options: { warehouseId: number; supplierId?: number; kind?: 'standard' | 'subcontract'; overReceiptPct?: string; lines: OrderLineSpec[]; state?: string },
  trx?: Trx
): Promise<OrderFixture> {
  const client = trx ?? db.connection()
  const supplierId = options.supplierId ?? (await makeSupplier({ subcontractor: options.kind === 'subcontract' }, trx))
  const supplier = await client.from('procurement_suppliers').where('id', supplierId).first()
  const number = code('PO')
  let total = Money.zero()
  const now = dbTimestamp(new Date(), client)
  const [row] = await client
    .table('procurement_orders')
    .insert({
      number, state: options.state ?? 'confirmed', kind: options.kind ?? 'standard', supplier_id: supplierId, supplier_name: supplier.name,
      order_date: '2026-11-01', expected_date: '2026-11-20', warehouse_id: options.warehouseId, currency: 'CNY', total: '0',
      over_receipt_pct: micros(options.overReceiptPct ?? '0'), receipt_status: 'open', created_at: now, updated_at: now, confirmed_at: now,
    })
    .returning('id')
  const orderId = id(row)
  const lineIds: number[] = []
  for (const [index, line] of options.lines.entries()) {
    const quantity = Quantity.of(line.quantity)
    const amount = Money.of(line.unitPrice).times(quantity).round()
    total = total.plus(amount)
    const [lineRow] = await client
      .table('procurement_order_lines')
      .insert({
        order_id: orderId, line_no: index + 1, item_id: line.itemId, unit_id: await unitId(line.unit ?? 'EA', trx),
        quantity: quantity.toMicros().toString(), quantity_base: quantity.times(Quantity.of(line.factor ?? '1')).toMicros().toString(),
        unit_price: Money.of(line.unitPrice).toMicros().toString(), amount: amount.toMicros().toString(), expected_date: '2026-11-20',
      })
      .returning('id')
    lineIds.push(id(lineRow))
  }
  await client.from('procurement_orders').where('id', orderId).update({ total: total.toMicros().toString() })
  return { id: orderId, number, supplierId, lineIds }
}

export async function orderLine(lineId: number) {
  return db.from('procurement_order_lines').where('id', lineId).firstOrFail()
}

/** On-hand at a location, as a decimal string ("10"). */
export async function onHand(itemId: number, locationId: number): Promise<string> {
  return trim((await stockOf(itemId, { locationId })).onHand)
}

export async function onOrder(itemId: number, warehouseId: number): Promise<string> {
  return trim((await stockOf(itemId, { warehouseId })).onOrder)
}

/** Micros or a Quantity as a plain decimal ("12.5"). */
export function trim(value: Quantity | string | number | bigint): string {
  const quantity = value instanceof Quantity ? value : Quantity.fromMicros(String(value))
  const text = quantity.toFixed(6)
  return text.replace(/\.?0+$/, '') || '0'
}

// Items, warehouses and locations (procurement may not import inventory's test helpers: import rules).
export const uniqueCode = code

/** A warehouse with its root view and STOCK, QC and CS locations, as inventory's createWarehouse makes them. */
async function createWarehouse(trx: Trx, input: { code: string; name: string; allowNegative?: boolean }): Promise<number> {
  const now = dbTimestamp(new Date(), trx)
  const [wh] = await trx
    .table('inventory_warehouses')
    .insert({ code: input.code, name: input.name, address: null, allow_negative: input.allowNegative ?? false, active: true, department_id: null, created_at: now, updated_at: now })
    .returning('id')
  const warehouseId = id(wh)
  const insert = async (code: string, name: string, kind: string, parentId: number | null, parentPath: string) => {
    const [row] = await trx
      .table('inventory_locations')
      .insert({
        warehouse_id: warehouseId, parent_id: parentId, code, full_code: parentId ? `${input.code}/${code}` : input.code,
        name, kind, path: parentPath, active: true, created_at: now, updated_at: now,
      })
      .returning('id')
    const locationId = id(row)
    await trx.from('inventory_locations').where('id', locationId).update({ path: `${parentPath}${locationId}/` })
    return locationId
  }
  const root = await insert(input.code, input.name, 'view', null, '/')
  await insert('STOCK', 'Stock / 库存区', 'internal', root, `/${root}/`)
  await insert('QC', 'Quarantine / 待检隔离区', 'quarantine', root, `/${root}/`)
  await insert('CS', 'Customer-supplied / 客供料区', 'customer_supplied', root, `/${root}/`)
  return warehouseId
}

export async function unitId(code: string, trx?: Trx): Promise<number> {
  const row = await (trx ?? db).from('inventory_units').where('code', code).firstOrFail()
  return Number(row.id)
}

export interface ItemOptions {
  code?: string
  name?: string
  unit?: string // unit code, default EA
  itemType?: string
  lotTracked?: boolean
  serialTracked?: boolean
  requiresInspection?: boolean
  costingMethod?: 'moving_average' | 'fifo'
  standardCost?: string // decimal, e.g. '12.50'
  minQty?: string
  safetyStock?: string
  maxQty?: string
  reorderQty?: string
  defaultWarehouseId?: number | null
  barcode?: string
  /** Packing units: { BOX: '12' } → 1 BOX = 12 base units */
  conversions?: Record<string, string>
}

const microsOrNull = (decimal: string | undefined) => (decimal === undefined ? null : Quantity.of(decimal).toMicros().toString())

export async function makeItem(options: ItemOptions = {}, trx?: Trx): Promise<number> {
  const client = trx ?? db.connection()
  const now = dbTimestamp(new Date(), client)
  const code = options.code ?? uniqueCode('ITEM')
  const [row] = await client
    .table('inventory_items')
    .insert({
      code,
      name: options.name ?? `Item ${code}`,
      item_type: options.itemType ?? 'raw_material',
      base_unit_id: await unitId(options.unit ?? 'EA', trx),
      lot_tracked: options.lotTracked ?? false,
      serial_tracked: options.serialTracked ?? false,
      requires_inspection: options.requiresInspection ?? false,
      costing_method: options.costingMethod ?? 'moving_average',
      standard_cost: microsOrNull(options.standardCost),
      min_qty: microsOrNull(options.minQty),
      safety_stock: microsOrNull(options.safetyStock),
      max_qty: microsOrNull(options.maxQty),
      reorder_qty: microsOrNull(options.reorderQty),
      default_warehouse_id: options.defaultWarehouseId ?? null,
      active: true,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
  const rowId = id(row)
  if (options.barcode) await client.table('inventory_item_barcodes').insert({ item_id: rowId, barcode: options.barcode, unit_id: null })
  for (const [unit, factor] of Object.entries(options.conversions ?? {})) {
    await client.table('inventory_item_units').insert({ item_id: rowId, unit_id: await unitId(unit, trx), factor: microsOrNull(factor) })
  }
  return rowId
}

export interface WarehouseFixture {
  id: number
  code: string
  rootId: number
  stockId: number
  quarantineId: number
  customerSuppliedId: number
}

export async function makeWarehouse(options: { code?: string; allowNegative?: boolean } = {}, trx?: Trx): Promise<WarehouseFixture> {
  const code = options.code ?? uniqueCode('WH')
  const run = async (t: Trx) => {
    const warehouseId = await createWarehouse(t, { code, name: `Warehouse ${code}`, allowNegative: options.allowNegative ?? false })
    const locations = await t.from('inventory_locations').where('warehouse_id', warehouseId)
    const byKind = (kind: string) => Number(locations.find((l: any) => l.kind === kind).id)
    return { id: warehouseId, code, rootId: byKind('view'), stockId: byKind('internal'), quarantineId: byKind('quarantine'), customerSuppliedId: byKind('customer_supplied') }
  }
  return trx ? run(trx) : db.transaction(run)
}

/** Another bin under the warehouse root, e.g. 'A-01' (kind internal unless given). */
export async function makeLocation(warehouse: WarehouseFixture, code: string, options: { kind?: string; barcode?: string } = {}, trx?: Trx): Promise<number> {
  const client = trx ?? db.connection()
  const now = dbTimestamp(new Date(), client)
  const [row] = await client
    .table('inventory_locations')
    .insert({
      warehouse_id: warehouse.id, parent_id: warehouse.rootId, code, full_code: `${warehouse.code}/${code}`,
      name: code, kind: options.kind ?? 'internal', barcode: options.barcode ?? null, path: `/${warehouse.rootId}/`,
      active: true, created_at: now, updated_at: now,
    })
    .returning('id')
  const rowId = id(row)
  await client.from('inventory_locations').where('id', rowId).update({ path: `/${warehouse.rootId}/${rowId}/` })
  return rowId
}
