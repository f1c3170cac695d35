/*
 * Items (物料): the one place that checks and saves an item with its unit
 * conversions and barcodes — used by the item pages and, through the record
 * type's actions, by the REST API and imports. Every problem is an i18n key on
 * a field (`code`, `units.0.factor`, `barcodes.1.barcode` …); nothing is written
 * unless all of it is right, and the item, its units, barcodes and audit rows
 * commit together.
 */
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { Money, Quantity, NumberFormatError } from '#kernel/numbers/index'
import { recordAudit } from '#kernel/documents/audit'
import { isUniqueViolation } from '#services/forms'
import { RecordInputError } from '#kernel/records/record_writer'
import InventoryItem from '../models/inventory_item.js'

export const ITEM_TYPES = ['raw_material', 'semi_finished', 'finished', 'service', 'non_stock'] as const
export const COSTING_METHODS = ['moving_average', 'fifo'] as const
export const ITEM_TYPE = 'inventory.item'

export interface ItemProblem {
  field: string
  key: string
  params?: Record<string, unknown>
}

/** The input was refused; nothing was written. */
export class ItemInvalid extends Error {
  constructor(public problems: ItemProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.key}`).join('; '))
  }
}

/** Form-shaped input: decimals as text, ids as text, checkboxes as 'on' / '1' / 'true'. */
export type ItemInput = Record<string, any>

interface ConversionRow { unitId: number; factor: Quantity }
interface BarcodeRow { barcode: string; unitId: number | null }

interface PreparedItem {
  row: Record<string, unknown>
  conversions: ConversionRow[]
  barcodes: BarcodeRow[]
}

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value).trim())
const flag = (value: unknown) => {
  if (Array.isArray(value)) value = value[value.length - 1]
  return value === true || value === 1 || ['on', '1', 'true', 'yes'].includes(text(value).toLowerCase())
}
const idOf = (value: unknown): number | null => {
  const t = text(value)
  return /^\d{1,15}$/.test(t) ? Number(t) : null
}

/** Rows of a repeated form group: `units[0][factor]` arrives as an array or an object keyed by index. */
function rowsOf(value: unknown): Record<string, any>[] {
  if (!value) return []
  if (Array.isArray(value)) return value.map((v) => (v && typeof v === 'object' ? v : {}))
  if (typeof value === 'object') return Object.keys(value as object).sort((a, b) => Number(a) - Number(b)).map((k) => (value as any)[k] ?? {})
  return []
}

type Client = TransactionClientContract

/** Checks the input against the rules and the database; throws ItemInvalid with every problem. */
export async function prepareItem(input: ItemInput, existing: { id: number; base_unit_id: number } | null, trx: Client): Promise<PreparedItem> {
  const problems: ItemProblem[] = []
  const add = (field: string, key: string, params?: Record<string, unknown>) => problems.push({ field, key, params })

  const code = text(input.code)
  if (!code) add('code', 'inventory_master.errors.required')
  else if (code.length > 60) add('code', 'inventory_master.errors.too_long', { max: 60 })
  else if (/\s/.test(code)) add('code', 'inventory_master.errors.code_spaces')
  else {
    const taken = await trx.from('inventory_items').where('code', code).whereNot('id', existing?.id ?? 0).first()
    if (taken) add('code', 'inventory_master.errors.code_taken', { code })
  }
  const name = text(input.name)
  if (!name) add('name', 'inventory_master.errors.required')
  else if (name.length > 200) add('name', 'inventory_master.errors.too_long', { max: 200 })
  const model = text(input.model)
  if (model.length > 120) add('model', 'inventory_master.errors.too_long', { max: 120 })
  const specification = text(input.specification)
  if (specification.length > 255) add('specification', 'inventory_master.errors.too_long', { max: 255 })

  const itemType = text(input.item_type) || 'raw_material'
  if (!(ITEM_TYPES as readonly string[]).includes(itemType)) add('item_type', 'inventory_master.errors.choose')
  const costingMethod = text(input.costing_method) || 'moving_average'
  if (!(COSTING_METHODS as readonly string[]).includes(costingMethod)) add('costing_method', 'inventory_master.errors.choose')

  let categoryId: number | null = null
  if (text(input.category_id)) {
    categoryId = idOf(input.category_id)
    if (!categoryId || !(await trx.from('inventory_categories').where('id', categoryId).first())) add('category_id', 'inventory_master.errors.choose')
  }

  let defaultWarehouseId: number | null = null
  if (text(input.default_warehouse_id)) {
    defaultWarehouseId = idOf(input.default_warehouse_id)
    if (!defaultWarehouseId || !(await trx.from('inventory_warehouses').where('id', defaultWarehouseId).first())) add('default_warehouse_id', 'inventory_master.errors.choose')
  }

  // The base unit, and its decimal places every quantity of the item is held to.
  const baseUnitId = idOf(input.base_unit_id)
  const baseUnit = baseUnitId ? await trx.from('inventory_units').where('id', baseUnitId).first() : null
  if (!baseUnit) add('base_unit_id', 'inventory_master.errors.choose')
  const precision = baseUnit ? Number(baseUnit.precision) : 6
  if (baseUnit && existing && Number(existing.base_unit_id) !== Number(baseUnit.id)) {
    const moved = await trx.from('inventory_moves').where('item_id', existing.id).first()
    if (moved) add('base_unit_id', 'inventory_master.errors.base_unit_locked')
  }

  const lotTracked = flag(input.lot_tracked)
  const serialTracked = flag(input.serial_tracked)
  if (serialTracked && baseUnit && precision !== 0) add('serial_tracked', 'inventory_master.errors.serial_whole_units', { unit: baseUnit.code })

  const quantity = (field: string): Quantity | null => {
    const t = text(input[field])
    if (!t) return null
    try {
      const q = Quantity.parse(t, { precision })
      if (q.isNegative()) {
        add(field, 'inventory_master.errors.not_negative')
        return null
      }
      return q
    } catch (error) {
      if (!(error instanceof NumberFormatError)) throw error
      if (error.code === 'too_many_decimals') add(field, 'inventory_master.errors.precision', { precision })
      else add(field, 'inventory_master.errors.number')
      return null
    }
  }
  const minQty = quantity('min_qty')
  const maxQty = quantity('max_qty')
  const safetyStock = quantity('safety_stock')
  const reorderQty = quantity('reorder_qty')
  if (minQty && maxQty && maxQty.lessThan(minQty)) add('max_qty', 'inventory_master.errors.max_below_min')
  if (safetyStock && maxQty && maxQty.lessThan(safetyStock)) add('max_qty', 'inventory_master.errors.max_below_safety')

  let leadTimeDays: number | null = null
  const lead = text(input.lead_time_days)
  if (lead) {
    if (!/^\d{1,4}$/.test(lead) || Number(lead) > 3650) add('lead_time_days', 'inventory_master.errors.days')
    else leadTimeDays = Number(lead)
  }

  let standardCost: Money | null = null
  const cost = text(input.standard_cost)
  if (cost) {
    try {
      standardCost = Money.parse(cost, { maxDecimals: 6 })
      if (standardCost.isNegative()) add('standard_cost', 'inventory_master.errors.not_negative')
    } catch (error) {
      if (!(error instanceof NumberFormatError)) throw error
      add('standard_cost', error.code === 'too_many_decimals' ? 'inventory_master.errors.precision' : 'inventory_master.errors.number', { precision: 6 })
    }
  }

  // Packing units: 1 <unit> = factor base units, factor > 0 and a whole number of the base unit's smallest step.
  const conversions: ConversionRow[] = []
  const rows = rowsOf(input.units)
  const seenUnits = new Set<number>()
  for (const [index, unitRow] of rows.entries()) {
    const unitText = text(unitRow.unit_id)
    const factorText = text(unitRow.factor)
    if (!unitText && !factorText) continue
    const unitId = idOf(unitText)
    const unit = unitId ? await trx.from('inventory_units').where('id', unitId).first() : null
    if (!unit) add(`units.${index}.unit_id`, 'inventory_master.errors.choose')
    else if (baseUnit && Number(unit.id) === Number(baseUnit.id)) add(`units.${index}.unit_id`, 'inventory_master.errors.unit_is_base')
    else if (seenUnits.has(Number(unit.id))) add(`units.${index}.unit_id`, 'inventory_master.errors.unit_twice')
    if (unit) seenUnits.add(Number(unit.id))
    let factor: Quantity | null = null
    if (!factorText) add(`units.${index}.factor`, 'inventory_master.errors.required')
    else {
      try {
        factor = Quantity.parse(factorText, { precision: 6 })
        if (!factor.isPositive()) {
          add(`units.${index}.factor`, 'inventory_master.errors.factor_positive')
          factor = null
        } else if (!factor.equals(factor.round(precision, 'down'))) {
          add(`units.${index}.factor`, 'inventory_master.errors.precision', { precision })
          factor = null
        }
      } catch (error) {
        if (!(error instanceof NumberFormatError)) throw error
        add(`units.${index}.factor`, error.code === 'too_many_decimals' ? 'inventory_master.errors.precision' : 'inventory_master.errors.number', { precision: 6 })
      }
    }
    if (unit && factor) conversions.push({ unitId: Number(unit.id), factor })
  }

  // Barcodes: unique across items and locations (a scan must name one thing).
  const barcodes: BarcodeRow[] = []
  for (const [index, barcodeRow] of rowsOf(input.barcodes).entries()) {
    const barcode = text(barcodeRow.barcode)
    const unitText = text(barcodeRow.unit_id)
    if (!barcode) continue
    const field = `barcodes.${index}.barcode`
    if (barcode.length > 80) add(field, 'inventory_master.errors.too_long', { max: 80 })
    else if (barcodes.some((b) => b.barcode === barcode)) add(field, 'inventory_master.errors.barcode_twice')
    else {
      const other = await trx
        .from('inventory_item_barcodes as b')
        .join('inventory_items as i', 'i.id', 'b.item_id')
        .where('b.barcode', barcode)
        .whereNot('b.item_id', existing?.id ?? 0)
        .select('i.code')
        .first()
      const location = other ? null : await trx.from('inventory_locations').where('barcode', barcode).first()
      if (other) add(field, 'inventory_master.errors.barcode_taken', { code: other.code })
      else if (location) add(field, 'inventory_master.errors.barcode_is_location', { location: location.full_code })
    }
    let unitId: number | null = null
    if (unitText) {
      unitId = idOf(unitText)
      const known = unitId !== null && (unitId === baseUnitId || conversions.some((c) => c.unitId === unitId))
      if (!known) add(`barcodes.${index}.unit_id`, 'inventory_master.errors.barcode_unit')
      if (unitId === baseUnitId) unitId = null
    }
    barcodes.push({ barcode, unitId })
  }

  if (problems.length) throw new ItemInvalid(problems)
  const custom: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(input)) if (key.startsWith('cf_')) custom[key] = value
  return {
    row: {
      code, name, model: model || null, specification: specification || null, categoryId, itemType, baseUnitId: Number(baseUnit.id),
      lotTracked, serialTracked, requiresInspection: flag(input.requires_inspection), defaultWarehouseId,
      minQty, maxQty, safetyStock, reorderQty, leadTimeDays, standardCost, costingMethod,
      ...(input.active === undefined ? {} : { active: flag(input.active) }),
      ...custom,
    },
    conversions,
    barcodes,
  }
}

const conversionsText = async (trx: Client, itemId: number) => {
  const rows = await trx.from('inventory_item_units as iu').join('inventory_units as u', 'u.id', 'iu.unit_id').where('iu.item_id', itemId).select('u.code', 'iu.factor').orderBy('u.code')
  return rows.map((r: any) => `${r.code}=${Quantity.fromMicros(r.factor).toString()}`).join(', ')
}
const barcodesText = async (trx: Client, itemId: number) => {
  const rows = await trx.from('inventory_item_barcodes').where('item_id', itemId).orderBy('barcode').select('barcode')
  return rows.map((r: any) => r.barcode).join(', ')
}

async function writeChildren(trx: Client, itemId: number, prepared: PreparedItem, userId: number | null, isNew: boolean) {
  const beforeUnits = isNew ? '' : await conversionsText(trx, itemId)
  const beforeBarcodes = isNew ? '' : await barcodesText(trx, itemId)
  await trx.from('inventory_item_barcodes').where('item_id', itemId).delete()
  await trx.from('inventory_item_units').where('item_id', itemId).delete()
  for (const c of prepared.conversions) {
    await trx.table('inventory_item_units').insert({ item_id: itemId, unit_id: c.unitId, factor: c.factor.toMicros().toString() })
  }
  for (const b of prepared.barcodes) await trx.table('inventory_item_barcodes').insert({ item_id: itemId, barcode: b.barcode, unit_id: b.unitId })
  const afterUnits = await conversionsText(trx, itemId)
  const afterBarcodes = await barcodesText(trx, itemId)
  const entries = []
  if (afterUnits !== beforeUnits) entries.push({ userId, recordType: ITEM_TYPE, recordId: itemId, action: 'update', field: 'units', oldValue: beforeUnits || null, newValue: afterUnits || null })
  if (afterBarcodes !== beforeBarcodes) entries.push({ userId, recordType: ITEM_TYPE, recordId: itemId, action: 'update', field: 'barcodes', oldValue: beforeBarcodes || null, newValue: afterBarcodes || null })
  await recordAudit(entries, trx)
}

/** A unique index hit by a concurrent save, as the same message the check gives. */
function uniqueProblem(error: unknown, input: ItemInput): ItemInvalid | null {
  if (!isUniqueViolation(error)) return null
  const message = String((error as any)?.message ?? '') + String((error as any)?.detail ?? '')
  if (message.includes('barcode')) return new ItemInvalid([{ field: 'barcodes.0.barcode', key: 'inventory_master.errors.barcode_taken', params: { code: '?' } }])
  return new ItemInvalid([{ field: 'code', key: 'inventory_master.errors.code_taken', params: { code: text(input.code) } }])
}

export async function createItem(input: ItemInput, user: { id: number; departmentId?: number | null }): Promise<number> {
  try {
    return await db.transaction(async (trx) => {
      const prepared = await prepareItem(input, null, trx)
      InventoryItem.addCustomColumns(Object.keys(prepared.row).filter((k) => k.startsWith('cf_')))
      const item = new InventoryItem()
      item.merge({ ...prepared.row, active: (prepared.row.active as boolean | undefined) ?? true, ownerId: user.id, departmentId: user.departmentId ?? null } as any)
      item.useTransaction(trx)
      await item.save()
      await writeChildren(trx, item.id, prepared, user.id, true)
      return item.id
    })
  } catch (error) {
    throw uniqueProblem(error, input) ?? error
  }
}

export async function updateItem(id: number, input: ItemInput, user: { id: number }): Promise<void> {
  try {
    await db.transaction(async (trx) => {
      const item = await InventoryItem.query({ client: trx }).where('id', id).forUpdate().firstOrFail()
      const prepared = await prepareItem(input, { id: item.id, base_unit_id: item.baseUnitId }, trx)
      InventoryItem.addCustomColumns(Object.keys(prepared.row).filter((k) => k.startsWith('cf_')))
      item.merge(prepared.row as any)
      await item.save()
      await writeChildren(trx, item.id, prepared, user.id, false)
    })
  } catch (error) {
    throw uniqueProblem(error, input) ?? error
  }
}

/** Whether the item has stock history (then it can only be deactivated, never deleted). */
export async function itemHasMoves(id: number, trx?: Client): Promise<boolean> {
  return Boolean(await (trx ?? db.connection()).from('inventory_moves').where('item_id', id).first())
}

export class ItemInUse extends Error {}

/** Deletes an item without stock history; throws ItemInUse when it has moves or other records point at it. */
export async function deleteItem(id: number): Promise<void> {
  try {
    await db.transaction(async (trx) => {
      if (await itemHasMoves(id, trx)) throw new ItemInUse()
      const item = await InventoryItem.query({ client: trx }).where('id', id).firstOrFail()
      await trx.from('inventory_item_barcodes').where('item_id', id).delete()
      await trx.from('inventory_item_units').where('item_id', id).delete()
      await item.delete()
    })
  } catch (error) {
    const code = (error as any)?.code
    if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === 'SQLITE_CONSTRAINT_TRIGGER') throw new ItemInUse()
    throw error
  }
}

/** Sets active on or off (deactivated items stay in history and reports but leave pickers and scans). */
export async function setItemActive(id: number, active: boolean): Promise<void> {
  await db.transaction(async (trx) => {
    const item = await InventoryItem.query({ client: trx }).where('id', id).firstOrFail()
    item.active = active
    await item.save()
  })
}

/** The record type's actions (REST API, imports): values arrive stored (money / quantity as micros text). */
export function storedToInput(values: Record<string, unknown>): ItemInput {
  const input: ItemInput = { ...values }
  for (const key of ['min_qty', 'max_qty', 'safety_stock', 'reorder_qty']) {
    if (values[key] !== undefined && values[key] !== null && values[key] !== '') input[key] = Quantity.fromMicros(values[key] as string).toString()
  }
  if (values.standard_cost !== undefined && values.standard_cost !== null && values.standard_cost !== '') {
    input.standard_cost = Money.fromMicros(values.standard_cost as string).toJSON()
  }
  return input
}

/** A stored item as form input (decimals as text, its units and barcodes as rows): the edit form and API updates start from it. */
export async function itemAsInput(id: number, trx?: Client): Promise<ItemInput | null> {
  const c = trx ?? db.connection()
  const row = await c.from('inventory_items').where('id', id).first()
  if (!row) return null
  const input: ItemInput = {}
  for (const [key, value] of Object.entries(row)) input[key] = value === null || value === undefined ? '' : value
  for (const key of ['min_qty', 'max_qty', 'safety_stock', 'reorder_qty']) input[key] = row[key] === null ? '' : Quantity.fromMicros(row[key]).toString()
  input.standard_cost = row.standard_cost === null ? '' : Money.fromMicros(row.standard_cost).toJSON()
  for (const key of ['lot_tracked', 'serial_tracked', 'requires_inspection', 'active']) input[key] = Boolean(row[key])
  const units = await c.from('inventory_item_units').where('item_id', id).orderBy('id')
  input.units = units.map((u: any) => ({ unit_id: String(u.unit_id), factor: Quantity.fromMicros(u.factor).toString() }))
  const barcodes = await c.from('inventory_item_barcodes').where('item_id', id).orderBy('id')
  input.barcodes = barcodes.map((b: any) => ({ barcode: b.barcode, unit_id: b.unit_id === null ? '' : String(b.unit_id) }))
  return input
}

/** For the generic record writer (API, imports): the item's problems as its RecordInputError. */
export async function asRecordInputError<T>(save: () => Promise<T>): Promise<T> {
  try {
    return await save()
  } catch (error) {
    if (!(error instanceof ItemInvalid)) throw error
    throw new RecordInputError(error.problems.map((p) => ({ field: p.field, code: 'invalid' as const, key: p.key, params: p.params })))
  }
}
