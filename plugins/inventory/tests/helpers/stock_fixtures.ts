/*
 * Test data for inventory and the plugins that lean on it: items,
 * warehouses and locations with unique codes, written through the same
 * services the pages use. Pass a transaction or not (the default connection).
 */
import db from '@adonisjs/lucid/services/db'
import { randomUUID } from 'node:crypto'
import { dbTimestamp } from '#kernel/records/record_writer'
import { Quantity } from '#kernel/numbers/index'
import { createWarehouse } from '../../services/master_api.js'
import type { Trx } from '../../api.js'

export const uniqueCode = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8).toUpperCase()}`

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

const micros = (decimal: string | undefined) => (decimal === undefined ? null : Quantity.of(decimal).toMicros().toString())

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
      standard_cost: micros(options.standardCost),
      min_qty: micros(options.minQty),
      safety_stock: micros(options.safetyStock),
      max_qty: micros(options.maxQty),
      reorder_qty: micros(options.reorderQty),
      default_warehouse_id: options.defaultWarehouseId ?? null,
      active: true,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
  const id = Number(typeof row === 'object' ? row.id : row)
  if (options.barcode) await client.table('inventory_item_barcodes').insert({ item_id: id, barcode: options.barcode, unit_id: null })
  for (const [unit, factor] of Object.entries(options.conversions ?? {})) {
    await client.table('inventory_item_units').insert({ item_id: id, unit_id: await unitId(unit, trx), factor: micros(factor) })
  }
  return id
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
    const id = await createWarehouse(t, { code, name: `Warehouse ${code}`, allowNegative: options.allowNegative ?? false })
    const locations = await t.from('inventory_locations').where('warehouse_id', id)
    const byKind = (kind: string) => Number(locations.find((l: any) => l.kind === kind).id)
    return { id, code, rootId: byKind('view'), stockId: byKind('internal'), quarantineId: byKind('quarantine'), customerSuppliedId: byKind('customer_supplied') }
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
  const id = Number(typeof row === 'object' ? row.id : row)
  await client.from('inventory_locations').where('id', id).update({ path: `/${warehouse.rootId}/${id}/` })
  return id
}
