/*
 * Categories, units, warehouses and location trees: the checks and saves of
 * their pages. Problems are i18n keys on fields (MasterInvalid); every save is
 * one transaction; tree paths ('/1/5/') are kept right when a node moves.
 */
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { dbTimestamp } from '#kernel/records/record_writer'
import { createWarehouse } from './master_api.js'
import type { ItemProblem } from './item_master.js'

type Trx = TransactionClientContract

export class MasterInvalid extends Error {
  constructor(public problems: ItemProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.key}`).join('; '))
  }
}

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value).trim())
const idOf = (value: unknown): number | null => (/^\d{1,15}$/.test(text(value)) ? Number(text(value)) : null)
const flag = (value: unknown) => ['on', '1', 'true', 'yes'].includes(text(Array.isArray(value) ? value[value.length - 1] : value).toLowerCase()) || value === true
const idFromInsert = (row: any) => Number(typeof row === 'object' ? row.id : row)

function checker() {
  const problems: ItemProblem[] = []
  return {
    problems,
    add: (field: string, key: string, params?: Record<string, unknown>) => problems.push({ field, key: `inventory_master.errors.${key}`, params }),
    done: () => {
      if (problems.length) throw new MasterInvalid(problems)
    },
  }
}

function requireText(c: ReturnType<typeof checker>, field: string, value: string, max: number, code = false) {
  if (!value) c.add(field, 'required')
  else if (value.length > max) c.add(field, 'too_long', { max })
  else if (code && /\s|\//.test(value)) c.add(field, 'code_chars')
}

/** Moves a subtree: every path under `oldPath` now starts with `newPath`. */
async function repath(trx: Trx, table: string, oldPath: string, newPath: string) {
  if (oldPath === newPath) return
  const rows = await trx.from(table).where('path', 'like', `${oldPath}%`).select('id', 'path')
  for (const row of rows) await trx.from(table).where('id', row.id).update({ path: newPath + String(row.path).slice(oldPath.length) })
}

// ——— categories ———

export async function saveCategory(input: Record<string, any>, id: number | null): Promise<number> {
  return db.transaction(async (trx) => {
    const c = checker()
    const code = text(input.code)
    const name = text(input.name)
    requireText(c, 'code', code, 40, true)
    requireText(c, 'name', name, 120)
    if (code && (await trx.from('inventory_categories').where('code', code).whereNot('id', id ?? 0).first())) c.add('code', 'category_code_taken', { code })
    const current = id ? await trx.from('inventory_categories').where('id', id).forUpdate().first() : null
    let parent: any = null
    if (text(input.parent_id)) {
      parent = await trx.from('inventory_categories').where('id', idOf(input.parent_id) ?? 0).first()
      if (!parent) c.add('parent_id', 'choose')
      else if (current && String(parent.path).startsWith(current.path)) c.add('parent_id', 'category_cycle')
    }
    c.done()
    const now = dbTimestamp(new Date(), trx)
    const parentPath = parent ? parent.path : '/'
    if (!current) {
      const [row] = await trx.table('inventory_categories').insert({ parent_id: parent?.id ?? null, code, name, path: '/', created_at: now, updated_at: now }).returning('id')
      const newId = idFromInsert(row)
      await trx.from('inventory_categories').where('id', newId).update({ path: `${parentPath}${newId}/` })
      return newId
    }
    await trx.from('inventory_categories').where('id', current.id).update({ parent_id: parent?.id ?? null, code, name, updated_at: now })
    await repath(trx, 'inventory_categories', current.path, `${parentPath}${current.id}/`)
    return Number(current.id)
  })
}

/** Deletes an empty category (no sub-categories, no items). */
export async function deleteCategory(id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const c = checker()
    if (await trx.from('inventory_categories').where('parent_id', id).first()) c.add('category', 'category_has_children')
    else if (await trx.from('inventory_items').where('category_id', id).first()) c.add('category', 'category_has_items')
    c.done()
    await trx.from('inventory_categories').where('id', id).delete()
  })
}

// ——— units ———

export async function unitInUse(id: number, trx?: Trx): Promise<boolean> {
  const c = trx ?? db.connection()
  return Boolean(
    (await c.from('inventory_items').where('base_unit_id', id).first()) ||
      (await c.from('inventory_item_units').where('unit_id', id).first()) ||
      (await c.from('inventory_item_barcodes').where('unit_id', id).first())
  )
}

export async function saveUnit(input: Record<string, any>, id: number | null): Promise<number> {
  return db.transaction(async (trx) => {
    const c = checker()
    const code = text(input.code).toUpperCase()
    const nameZh = text(input.name_zh)
    const nameEn = text(input.name_en)
    requireText(c, 'code', code, 20, true)
    requireText(c, 'name_zh', nameZh, 60)
    requireText(c, 'name_en', nameEn, 60)
    const precisionText = text(input.precision)
    const precision = /^[0-6]$/.test(precisionText) ? Number(precisionText) : null
    if (precision === null) c.add('precision', 'unit_precision')
    if (code && (await trx.from('inventory_units').where('code', code).whereNot('id', id ?? 0).first())) c.add('code', 'unit_code_taken', { code })
    const current = id ? await trx.from('inventory_units').where('id', id).first() : null
    if (current && (await unitInUse(current.id, trx))) {
      // Quantities already stored in this unit keep their meaning: no new code, no fewer decimals.
      if (code && code !== current.code) c.add('code', 'unit_in_use_code')
      if (precision !== null && precision < Number(current.precision)) c.add('precision', 'unit_in_use_precision', { precision: current.precision })
    }
    c.done()
    if (!current) {
      const [row] = await trx.table('inventory_units').insert({ code, name_zh: nameZh, name_en: nameEn, precision, created_at: dbTimestamp(new Date(), trx) }).returning('id')
      return idFromInsert(row)
    }
    await trx.from('inventory_units').where('id', current.id).update({ code, name_zh: nameZh, name_en: nameEn, precision })
    return Number(current.id)
  })
}

export async function deleteUnit(id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const c = checker()
    if (await unitInUse(id, trx)) c.add('unit', 'unit_in_use')
    c.done()
    await trx.from('inventory_units').where('id', id).delete()
  })
}

// ——— warehouses ———

export async function saveWarehouse(input: Record<string, any>, id: number | null): Promise<number> {
  return db.transaction(async (trx) => {
    const c = checker()
    const name = text(input.name)
    const address = text(input.address)
    requireText(c, 'name', name, 120)
    if (address.length > 255) c.add('address', 'too_long', { max: 255 })
    let code = ''
    if (!id) {
      code = text(input.code).toUpperCase()
      requireText(c, 'code', code, 20, true)
      if (code && (await trx.from('inventory_warehouses').where('code', code).first())) c.add('code', 'warehouse_code_taken', { code })
      // The warehouse's root location's full code is its code: it may not clash with a virtual location.
      else if (code && (await trx.from('inventory_locations').where('full_code', code).first())) c.add('code', 'warehouse_code_taken', { code })
    }
    c.done()
    if (!id) return createWarehouse(trx, { code, name, address: address || null, allowNegative: flag(input.allow_negative) })
    const now = dbTimestamp(new Date(), trx)
    await trx.from('inventory_warehouses').where('id', id).update({ name, address: address || null, allow_negative: flag(input.allow_negative), active: flag(input.active), updated_at: now })
    await trx.from('inventory_locations').where({ warehouse_id: id, parent_id: null }).update({ name, updated_at: now })
    return id
  })
}

// ——— locations ———

export const EDITABLE_KINDS = ['internal', 'quarantine', 'customer_supplied', 'view'] as const

/** Adds a location (id null) under a parent of the warehouse, or changes one: name, kind, barcode, parent (a move). */
export async function saveLocation(warehouseId: number, input: Record<string, any>, id: number | null): Promise<number> {
  return db.transaction(async (trx) => {
    const c = checker()
    const warehouse = await trx.from('inventory_warehouses').where('id', warehouseId).firstOrFail()
    const current = id ? await trx.from('inventory_locations').where({ id, warehouse_id: warehouseId }).forUpdate().firstOrFail() : null
    const isRoot = current && current.parent_id === null
    const code = current ? current.code : text(input.code).toUpperCase()
    const name = text(input.name)
    const kind = isRoot ? 'view' : text(input.kind) || 'internal'
    const barcode = text(input.barcode)
    if (!current) {
      requireText(c, 'code', code, 60, true)
      if (code && (await trx.from('inventory_locations').where({ warehouse_id: warehouseId, code }).first())) c.add('code', 'location_code_taken', { code })
    }
    requireText(c, 'name', name, 120)
    if (!(EDITABLE_KINDS as readonly string[]).includes(kind)) c.add('kind', 'choose')
    if (barcode) {
      if (barcode.length > 80) c.add('barcode', 'too_long', { max: 80 })
      else {
        const other = await trx.from('inventory_locations').where('barcode', barcode).whereNot('id', current?.id ?? 0).first()
        const item = other ? null : await trx.from('inventory_item_barcodes as b').join('inventory_items as i', 'i.id', 'b.item_id').where('b.barcode', barcode).select('i.code').first()
        if (other) c.add('barcode', 'barcode_is_location', { location: other.full_code })
        else if (item) c.add('barcode', 'barcode_taken', { code: item.code })
      }
    }
    let parent: any = null
    if (!isRoot) {
      parent = await trx.from('inventory_locations').where({ id: idOf(input.parent_id) ?? 0, warehouse_id: warehouseId }).first()
      if (!parent) c.add('parent_id', 'choose')
      else if (current && String(parent.path).startsWith(current.path)) c.add('parent_id', 'location_cycle')
    }
    // A location holding stock keeps a stock-holding kind.
    if (current && kind !== current.kind && (await locationHasStock(trx, current.path))) c.add('kind', 'location_has_stock')
    c.done()
    const now = dbTimestamp(new Date(), trx)
    if (!current) {
      const [row] = await trx
        .table('inventory_locations')
        .insert({
          warehouse_id: warehouseId, parent_id: parent.id, code, full_code: `${warehouse.code}/${code}`, name, kind,
          barcode: barcode || null, path: '/', active: true, created_at: now, updated_at: now,
        })
        .returning('id')
      const newId = idFromInsert(row)
      await trx.from('inventory_locations').where('id', newId).update({ path: `${parent.path}${newId}/` })
      return newId
    }
    await trx.from('inventory_locations').where('id', current.id).update({ name, kind, barcode: barcode || null, parent_id: parent?.id ?? null, updated_at: now })
    if (parent) await repath(trx, 'inventory_locations', current.path, `${parent.path}${current.id}/`)
    return Number(current.id)
  })
}

async function locationHasStock(trx: Trx, path: string): Promise<boolean> {
  const row = await trx
    .from('inventory_balances as b')
    .join('inventory_locations as l', 'l.id', 'b.location_id')
    .where('l.path', 'like', `${path}%`)
    .where((w) => w.whereNot('b.on_hand', 0).orWhereNot('b.reserved', 0))
    .first()
  return Boolean(row)
}

/** Deactivates a location and everything under it (refused while any of it holds stock), or activates it again. */
export async function setLocationActive(locationId: number, active: boolean): Promise<{ warehouseId: number }> {
  return db.transaction(async (trx) => {
    const c = checker()
    const location = await trx.from('inventory_locations').where('id', locationId).whereNotNull('warehouse_id').firstOrFail()
    if (location.parent_id === null) c.add('location', 'location_root')
    else if (!active && (await locationHasStock(trx, location.path))) c.add('location', 'location_has_stock')
    c.done()
    const query = trx.from('inventory_locations').where('warehouse_id', location.warehouse_id)
    if (active) query.where('id', location.id)
    else query.where('path', 'like', `${location.path}%`)
    await query.update({ active, updated_at: dbTimestamp(new Date(), trx) })
    return { warehouseId: Number(location.warehouse_id) }
  })
}

export interface LocationNode {
  id: number
  parentId: number | null
  code: string
  fullCode: string
  name: string
  kind: string
  barcode: string | null
  active: boolean
  depth: number
  path: string
}

/** A warehouse's locations in tree order. */
export async function locationTree(warehouseId: number): Promise<LocationNode[]> {
  const rows = await db.from('inventory_locations').where('warehouse_id', warehouseId).orderBy('code')
  const children = new Map<number | null, any[]>()
  for (const row of rows) {
    const parent = row.parent_id === null ? null : Number(row.parent_id)
    children.set(parent, [...(children.get(parent) ?? []), row])
  }
  const out: LocationNode[] = []
  const walk = (parent: number | null, depth: number) => {
    for (const row of children.get(parent) ?? []) {
      out.push({
        id: Number(row.id), parentId: row.parent_id === null ? null : Number(row.parent_id), code: row.code, fullCode: row.full_code, name: row.name,
        kind: row.kind, barcode: row.barcode ?? null, active: Boolean(row.active), depth, path: row.path,
      })
      walk(Number(row.id), depth + 1)
    }
  }
  walk(null, 0)
  return out
}

/** The label sheet of a warehouse's stock-holding locations (print template inventory.location_labels). */
export async function locationLabels(warehouseId: number) {
  const warehouse = await db.from('inventory_warehouses').where('id', warehouseId).first()
  if (!warehouse) return null
  const labels = (await locationTree(warehouseId)).filter((l) => l.active && l.kind !== 'view')
  return { warehouse, labels: labels.map((l) => ({ ...l, scan: l.barcode ?? l.fullCode })) }
}
