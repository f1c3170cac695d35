/*
 * Test data for procurement: suppliers, price agreements, and (since
 * procurement may touch inventory only through its api.ts) items and
 * warehouses written as rows, the way inventory's migrations shape them.
 */
import db from '@adonisjs/lucid/services/db'
import { randomUUID } from 'node:crypto'
import { dbTimestamp } from '#kernel/records/record_writer'
import { Money, Quantity } from '#kernel/numbers/index'
import { addAgreement } from '../../services/suppliers.js'

export const uniqueCode = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8).toUpperCase()}`
const micros = (d: string | undefined | null) => (d === undefined || d === null ? null : Quantity.of(d).toMicros().toString())
const idOf = (row: any) => Number(typeof row === 'object' ? row.id : row)

export async function unitId(code: string) {
  return Number((await db.from('inventory_units').where('code', code).firstOrFail()).id)
}

export async function makeItem(options: { code?: string; unit?: string; conversions?: Record<string, string>; defaultWarehouseId?: number | null; leadTimeDays?: number } = {}) {
  const now = dbTimestamp(new Date(), db.connection())
  const code = options.code ?? uniqueCode('IT')
  const [row] = await db.table('inventory_items').insert({
    code, name: `Item ${code}`, item_type: 'raw_material', base_unit_id: await unitId(options.unit ?? 'EA'), lot_tracked: false, serial_tracked: false,
    requires_inspection: false, costing_method: 'moving_average', default_warehouse_id: options.defaultWarehouseId ?? null,
    lead_time_days: options.leadTimeDays ?? null, active: true, created_at: now, updated_at: now,
  }).returning('id')
  const id = idOf(row)
  for (const [unit, factor] of Object.entries(options.conversions ?? {})) {
    await db.table('inventory_item_units').insert({ item_id: id, unit_id: await unitId(unit), factor: micros(factor) })
  }
  return { id, code }
}

export async function makeWarehouse() {
  const now = dbTimestamp(new Date(), db.connection())
  const code = uniqueCode('WH')
  const [w] = await db.table('inventory_warehouses').insert({ code, name: `Warehouse ${code}`, allow_negative: false, active: true, created_at: now, updated_at: now }).returning('id')
  const id = idOf(w)
  const location = async (suffix: string, kind: string, parentId: number | null) => {
    const [l] = await db.table('inventory_locations').insert({
      warehouse_id: id, parent_id: parentId, code: suffix, full_code: parentId ? `${code}/${suffix}` : code, name: suffix, kind, path: '/', active: true, created_at: now, updated_at: now,
    }).returning('id')
    return idOf(l)
  }
  const rootId = await location(code, 'view', null)
  const stockId = await location('STOCK', 'internal', rootId)
  const quarantineId = await location('QC', 'quarantine', rootId)
  return { id, code, stockId, quarantineId }
}

export async function makeSupplier(options: { code?: string; name?: string; grade?: string | null; active?: boolean; ownerId?: number | null; email?: string } = {}) {
  const now = dbTimestamp(new Date(), db.connection())
  const code = options.code ?? uniqueCode('SUP')
  const [row] = await db.table('procurement_suppliers').insert({
    code, name: options.name ?? `Supplier ${code}`, currency: 'CNY', grade: options.grade ?? null, active: options.active ?? true,
    is_subcontractor: false, owner_id: options.ownerId ?? null, email: options.email ?? null, created_at: now, updated_at: now,
  }).returning('id')
  return { id: idOf(row), code, name: options.name ?? `Supplier ${code}` }
}

export async function makeAgreement(supplierId: number, itemId: number, price: string, options: { moq?: string; lead?: number; preferred?: boolean; breaks?: Array<[string, string]> } = {}) {
  return addAgreement(supplierId, {
    itemId, unitPrice: price, minOrderQty: options.moq ?? null, leadTimeDays: options.lead ?? null, preferred: options.preferred ?? false,
    breaks: (options.breaks ?? []).map(([minQuantity, unitPrice]) => ({ minQuantity, unitPrice })),
  })
}

export const money = (micros: unknown) => Money.fromMicros(String(micros)).amount.toString()
export const qty = (micros: unknown) => Quantity.fromMicros(String(micros)).toString()
