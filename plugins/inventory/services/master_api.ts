/*
 * Items, barcodes, units and locations as other code needs them: lookups
 * and conversions. Contract in ../api.ts.
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { Money, Quantity, NumberFormatError } from '#kernel/numbers/index'
import { dbTimestamp } from '#kernel/records/record_writer'
import type { BarcodeHit, ItemSummary, LocationKind, Trx } from '../api.js'
import { StockError } from './stock_error.js'

type Client = QueryClientContract

const client = (trx?: Trx | Client) => trx ?? db.connection()

function itemSummary(row: any): ItemSummary {
  return {
    id: Number(row.id),
    code: row.code,
    name: row.name,
    model: row.model ?? null,
    specification: row.specification ?? null,
    itemType: row.item_type,
    baseUnitId: Number(row.base_unit_id),
    baseUnitCode: row.unit_code,
    precision: Number(row.unit_precision),
    lotTracked: Boolean(row.lot_tracked),
    serialTracked: Boolean(row.serial_tracked),
    requiresInspection: Boolean(row.requires_inspection),
    defaultWarehouseId: row.default_warehouse_id === null ? null : Number(row.default_warehouse_id),
    standardCost: row.standard_cost === null || row.standard_cost === undefined ? null : Money.fromMicros(row.standard_cost),
    leadTimeDays: row.lead_time_days === null ? null : Number(row.lead_time_days),
  }
}

function itemQuery(c: Client) {
  return c
    .from('inventory_items as i')
    .join('inventory_units as u', 'u.id', 'i.base_unit_id')
    .select('i.*', 'u.code as unit_code', 'u.precision as unit_precision')
}

export async function getItem(id: number, trx?: Trx): Promise<ItemSummary | null> {
  const row = await itemQuery(client(trx)).where('i.id', id).first()
  return row ? itemSummary(row) : null
}

export async function findItemByCode(code: string, trx?: Trx): Promise<ItemSummary | null> {
  const row = await itemQuery(client(trx)).where('i.code', code.trim()).first()
  return row ? itemSummary(row) : null
}

/** A scanned code: an item barcode (maybe of a packing unit), else an item code. */
export async function findByBarcode(code: string, trx?: Trx): Promise<BarcodeHit | null> {
  const c = client(trx)
  const scanned = code.trim()
  if (!scanned) return null
  const barcode = await c.from('inventory_item_barcodes').where('barcode', scanned).first()
  if (barcode) {
    const item = await getItem(Number(barcode.item_id), trx)
    if (!item) return null
    if (barcode.unit_id === null || Number(barcode.unit_id) === item.baseUnitId) return { item, unitId: null, factor: Quantity.of(1) }
    const conversion = await c.from('inventory_item_units').where({ item_id: item.id, unit_id: barcode.unit_id }).first()
    return { item, unitId: Number(barcode.unit_id), factor: conversion ? Quantity.fromMicros(conversion.factor) : Quantity.of(1) }
  }
  const item = await findItemByCode(scanned, trx)
  return item ? { item, unitId: null, factor: Quantity.of(1) } : null
}

/**
 * A quantity typed in `unitId` (null = base unit) as base units, refused with
 * a StockError on `field` when it is not a number, not > 0 (unless allowZero),
 * exceeds the unit's decimal places or the unit is not one of the item's.
 */
export async function toBaseQuantity(
  itemId: number,
  unitId: number | null,
  input: unknown,
  options: { field?: string; allowZero?: boolean; trx?: Trx } = {}
): Promise<Quantity> {
  const c = client(options.trx)
  const field = options.field ?? 'quantity'
  const item = await getItem(itemId, options.trx)
  if (!item) throw new StockError('inventory.errors.item_missing', {}, field)
  let precision = item.precision
  let factor = Quantity.of(1)
  if (unitId !== null && unitId !== item.baseUnitId) {
    const conversion = await c
      .from('inventory_item_units as iu')
      .join('inventory_units as u', 'u.id', 'iu.unit_id')
      .where({ 'iu.item_id': itemId, 'iu.unit_id': unitId })
      .select('iu.factor', 'u.precision')
      .first()
    if (!conversion) throw new StockError('inventory.errors.unit_not_of_item', { item: item.code }, field)
    precision = Number(conversion.precision)
    factor = Quantity.fromMicros(conversion.factor)
  }
  let quantity: Quantity
  try {
    quantity = Quantity.parse(input, { precision: 6 })
  } catch (error) {
    if (error instanceof NumberFormatError) throw new StockError('inventory.errors.quantity_invalid', {}, field)
    throw error
  }
  if (quantity.isNegative() || (quantity.isZero() && !options.allowZero)) {
    throw new StockError('inventory.errors.quantity_positive', {}, field)
  }
  if (!quantity.equals(quantity.round(precision, 'down'))) {
    throw new StockError('inventory.errors.precision', { precision }, field)
  }
  const base = quantity.times(factor)
  if (!base.equals(base.round(item.precision, 'down'))) {
    throw new StockError('inventory.errors.precision', { precision: item.precision }, field)
  }
  return base
}

export interface LocationSummary {
  id: number
  warehouseId: number | null
  kind: LocationKind
  code: string
  fullCode: string
  name: string
  active: boolean
}

function locationSummary(row: any): LocationSummary {
  return {
    id: Number(row.id),
    warehouseId: row.warehouse_id === null ? null : Number(row.warehouse_id),
    kind: row.kind,
    code: row.code,
    fullCode: row.full_code,
    name: row.name,
    active: Boolean(row.active),
  }
}

export async function locationOf(id: number, trx?: Trx): Promise<LocationSummary | null> {
  const row = await client(trx).from('inventory_locations').where('id', id).first()
  return row ? locationSummary(row) : null
}

/** A scanned or typed location: by barcode, else by full code (any case); optionally only in one warehouse. */
export async function findLocationByCode(code: string, options: { warehouseId?: number | null; trx?: Trx } = {}): Promise<LocationSummary | null> {
  const scanned = code.trim()
  if (!scanned) return null
  const query = client(options.trx)
    .from('inventory_locations')
    .where((w) => w.where('barcode', scanned).orWhereRaw('LOWER(full_code) = ?', [scanned.toLowerCase()]))
    .orderByRaw('CASE WHEN barcode = ? THEN 0 ELSE 1 END', [scanned])
  if (options.warehouseId) query.where('warehouse_id', options.warehouseId)
  const row = await query.first()
  return row ? locationSummary(row) : null
}

/** The system location of a counterpart kind (supplier, customer, production, adjustment, scrap, transit). */
export async function virtualLocation(kind: 'supplier' | 'customer' | 'production' | 'adjustment' | 'scrap' | 'transit', trx?: Trx): Promise<number> {
  const row = await client(trx).from('inventory_locations').whereNull('warehouse_id').where('kind', kind).orderBy('id').first()
  if (!row) throw new Error(`inventory: the virtual location "${kind}" is missing (migration 120)`)
  return Number(row.id)
}

async function firstOfKind(warehouseId: number, kind: LocationKind, trx?: Trx): Promise<number> {
  const row = await client(trx)
    .from('inventory_locations')
    .where({ warehouse_id: warehouseId, kind, active: true })
    .orderBy('id')
    .first()
  if (!row) throw new StockError('inventory.errors.warehouse_has_no_location', { kind })
  return Number(row.id)
}

/** The warehouse's main stock location (the first internal one). */
export function defaultLocation(warehouseId: number, trx?: Trx) {
  return firstOfKind(warehouseId, 'internal', trx)
}

/** Where rejected goods of the warehouse wait (IQC). */
export function quarantineLocation(warehouseId: number, trx?: Trx) {
  return firstOfKind(warehouseId, 'quarantine', trx)
}

/** The location holding our material at a subcontractor (found or created), e.g. partnerRef 'procurement.supplier:12'. */
export async function subcontractorLocation(trx: Trx, partnerRef: string, name: string): Promise<number> {
  const existing = await trx.from('inventory_locations').where({ kind: 'subcontractor', partner_ref: partnerRef }).first()
  if (existing) return Number(existing.id)
  const code = `SUB-${partnerRef.replace(/[^A-Za-z0-9]+/g, '-')}`
  const [row] = await trx
    .table('inventory_locations')
    .insert({
      warehouse_id: null, parent_id: null, code, full_code: code, name: name.slice(0, 120), kind: 'subcontractor',
      partner_ref: partnerRef, path: '/', active: true, created_at: dbTimestamp(new Date(), trx),
    })
    .returning('id')
  return Number(typeof row === 'object' ? row.id : row)
}

/**
 * Creates a warehouse with its location tree root (a view named by the code),
 * a stock location STOCK, a quarantine QC and a customer-supplied area CS.
 */
export async function createWarehouse(
  trx: Trx,
  input: { code: string; name: string; address?: string | null; allowNegative?: boolean; departmentId?: number | null }
): Promise<number> {
  const now = dbTimestamp(new Date(), trx)
  const [wh] = await trx
    .table('inventory_warehouses')
    .insert({
      code: input.code, name: input.name, address: input.address ?? null, allow_negative: input.allowNegative ?? false,
      active: true, department_id: input.departmentId ?? null, created_at: now, updated_at: now,
    })
    .returning('id')
  const warehouseId = Number(typeof wh === 'object' ? wh.id : wh)
  const insert = async (code: string, name: string, kind: LocationKind, parentId: number | null, parentPath: string) => {
    const [row] = await trx
      .table('inventory_locations')
      .insert({
        warehouse_id: warehouseId, parent_id: parentId, code, full_code: parentId ? `${input.code}/${code}` : input.code,
        name, kind, path: parentPath, active: true, created_at: now, updated_at: now,
      })
      .returning('id')
    const id = Number(typeof row === 'object' ? row.id : row)
    await trx.from('inventory_locations').where('id', id).update({ path: `${parentPath}${id}/` })
    return id
  }
  const root = await insert(input.code, input.name, 'view', null, '/')
  const rootPath = `/${root}/`
  await insert('STOCK', 'Stock / 库存区', 'internal', root, rootPath)
  await insert('QC', 'Quarantine / 待检隔离区', 'quarantine', root, rootPath)
  await insert('CS', 'Customer-supplied / 客供料区', 'customer_supplied', root, rootPath)
  return warehouseId
}

/** Id and base unit of the items with these codes (one query per 500 codes, for bulk work); codes not found are absent. */
export async function itemIdsByCodes(codes: string[], trx?: Trx): Promise<Map<string, { id: number; baseUnitId: number }>> {
  const c = client(trx)
  const found = new Map<string, { id: number; baseUnitId: number }>()
  const unique = [...new Set(codes.map((code) => code.trim()))]
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await c.from('inventory_items').whereIn('code', unique.slice(i, i + 500)).select('id', 'code', 'base_unit_id')
    for (const row of rows) found.set(row.code, { id: Number(row.id), baseUnitId: Number(row.base_unit_id) })
  }
  return found
}

/** A warehouse by its code, or null. */
export async function findWarehouseByCode(code: string, trx?: Trx): Promise<{ id: number; code: string; name: string } | null> {
  const row = await client(trx).from('inventory_warehouses').where('code', code.trim()).first()
  return row ? { id: Number(row.id), code: row.code, name: row.name } : null
}
