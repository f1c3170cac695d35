/*
 * AdventureWorks → inventory (`node ace import:adventureworks <dir>`):
 *   Production.UnitMeasure          → inventory_units (code trimmed; EA already there)
 *   Production.ProductCategory      → top-level categories  AW-C<id>
 *   Production.ProductSubcategory   → their children        AW-S<id>
 *   Production.Product              → items (code = ProductNumber), base unit EA
 *   Production.Location             → the 14 internal locations of warehouse AW (code = LocationID)
 *   Production.ProductInventory     → opening balances, posted through the ledger (postMoves)
 *                                     from the adjustment location at the product's StandardCost
 * Idempotent: rows are keyed by those codes (opening moves by document line =
 * ProductID × 100 + LocationID); what exists is counted "already there" and
 * left as it is. Runs in the transaction the kernel gives it.
 * See docs/decisions/021-dataset-importers.md.
 */
import { DateTime } from 'luxon'
import { Money, Quantity } from '#kernel/numbers/index'
import { dbTimestamp } from '#kernel/records/record_writer'
import {
  cellBool,
  cellDateTime,
  cellInt,
  cellMicros,
  cellText,
  idMap,
  insertInBatches,
  type DatasetImportContext,
} from '#kernel/impex/datasets'
import { createWarehouse, virtualLocation } from '../services/master_api.js'
import { postMoves } from '../services/ledger_api.js'
import type { MoveInput } from '../api.js'

export const AW_WAREHOUSE = 'AW'
export const AW_OPENING_TYPE = 'inventory.opening'
/** The fixed document the opening balances of the AdventureWorks import belong to. */
export const AW_OPENING_DOCUMENT_ID = 1
export const AW_OPENING_NUMBER = 'AW-OPENING'

/** Chinese names of the AdventureWorks units; units counted in whole pieces have precision 0. */
const UNIT_NAMES: Record<string, [string, number]> = {
  BOX: ['箱', 0], BTL: ['瓶', 0], C: ['摄氏度', 2], CAN: ['罐', 0], CAR: ['纸箱', 0], CBM: ['立方米', 3],
  CCM: ['立方厘米', 3], CDM: ['立方分米', 3], CM: ['厘米', 2], CM2: ['平方厘米', 2], CR: ['板条箱', 0], CS: ['箱(件)', 0],
  CTN: ['集装箱', 0], DM: ['分米', 3], DZ: ['打', 0], EA: ['个', 0], FT3: ['立方英尺', 3], G: ['克', 2],
  GAL: ['加仑', 3], IN: ['英寸', 2], KG: ['千克', 3], KGV: ['千克/立方米', 3], KM: ['千米', 3], KT: ['千吨', 3],
  L: ['升', 3], LB: ['磅', 3], M: ['米', 3], M2: ['平方米', 3], M3: ['立方米', 3], MG: ['毫克', 2],
  ML: ['毫升', 2], MM: ['毫米', 2], OZ: ['盎司', 3], PAK: ['包', 0], PAL: ['托盘', 0], PC: ['件', 0],
  PCT: ['百分比', 2], PT: ['品脱', 3],
}

export default async function importAdventureworks(ctx: DatasetImportContext) {
  const { trx } = ctx
  const now = dbTimestamp(new Date(), trx)

  /* Units ------------------------------------------------------------ */
  const unitRows = await ctx.readAll('Production.UnitMeasure')
  let units = await idMap(trx, 'inventory_units', 'code')
  const newUnits = unitRows
    .map((r) => ({ code: cellText(r.UnitMeasureCode)!, name: cellText(r.Name)! }))
    .filter((u) => !units.has(u.code))
    .map((u) => ({
      code: u.code,
      name_en: u.name.slice(0, 60),
      name_zh: UNIT_NAMES[u.code]?.[0] ?? u.name.slice(0, 60),
      precision: UNIT_NAMES[u.code]?.[1] ?? 3,
      created_at: now,
    }))
  await insertInBatches(trx, 'inventory_units', newUnits)
  ctx.count('inventory_units', { read: unitRows.length, created: newUnits.length, existing: unitRows.length - newUnits.length })
  units = await idMap(trx, 'inventory_units', 'code')
  const eaUnit = units.get('EA')
  if (!eaUnit) throw new Error('inventory: the unit EA is missing')

  /* Categories (top level, then subcategories as children) ------------ */
  const categoryRows = await ctx.readAll('Production.ProductCategory')
  const subcategoryRows = await ctx.readAll('Production.ProductSubcategory')
  let categories = await idMap(trx, 'inventory_categories', 'code', (q) => q.where('code', 'like', 'AW-%'))
  const catCode = (id: string) => `AW-C${Number(id)}`
  const subCode = (id: string) => `AW-S${Number(id)}`
  const newTop = categoryRows.filter((r) => !categories.has(catCode(r.ProductCategoryID)))
  await insertInBatches(
    trx,
    'inventory_categories',
    newTop.map((r) => ({ parent_id: null, code: catCode(r.ProductCategoryID), name: cellText(r.Name)!, path: '/', created_at: now, updated_at: now }))
  )
  categories = await idMap(trx, 'inventory_categories', 'code', (q) => q.where('code', 'like', 'AW-%'))
  for (const r of newTop) {
    const id = categories.get(catCode(r.ProductCategoryID))!
    await trx.from('inventory_categories').where('id', id).update({ path: `/${id}/` })
  }
  const newSub = subcategoryRows.filter((r) => !categories.has(subCode(r.ProductSubcategoryID)))
  await insertInBatches(
    trx,
    'inventory_categories',
    newSub.map((r) => {
      const parentId = categories.get(catCode(r.ProductCategoryID))
      if (!parentId) throw new Error(`ProductSubcategory ${r.ProductSubcategoryID}: category ${r.ProductCategoryID} is not in the dataset`)
      return { parent_id: parentId, code: subCode(r.ProductSubcategoryID), name: cellText(r.Name)!, path: '/', created_at: now, updated_at: now }
    })
  )
  categories = await idMap(trx, 'inventory_categories', 'code', (q) => q.where('code', 'like', 'AW-%'))
  for (const r of newSub) {
    const id = categories.get(subCode(r.ProductSubcategoryID))!
    const parentId = categories.get(catCode(r.ProductCategoryID))!
    await trx.from('inventory_categories').where('id', id).update({ path: `/${parentId}/${id}/` })
  }
  ctx.count('inventory_categories', {
    read: categoryRows.length + subcategoryRows.length,
    created: newTop.length + newSub.length,
    existing: categoryRows.length + subcategoryRows.length - newTop.length - newSub.length,
    note: `${categoryRows.length} categories, ${subcategoryRows.length} subcategories`,
  })

  /* Warehouse AW and its locations ------------------------------------ */
  let warehouse = await trx.from('inventory_warehouses').where('code', AW_WAREHOUSE).first()
  const warehouseCreated = !warehouse
  if (!warehouse) {
    await createWarehouse(trx, { code: AW_WAREHOUSE, name: 'Adventure Works Cycles', address: 'Bothell, Washington, USA' })
    warehouse = await trx.from('inventory_warehouses').where('code', AW_WAREHOUSE).first()
  }
  const warehouseId = Number(warehouse.id)
  ctx.count('inventory_warehouses', { read: 1, created: warehouseCreated ? 1 : 0, existing: warehouseCreated ? 0 : 1, note: 'AW (not a source table)' })

  const root = await trx.from('inventory_locations').where({ warehouse_id: warehouseId, kind: 'view' }).whereNull('parent_id').first()
  if (!root) throw new Error(`inventory: warehouse ${AW_WAREHOUSE} has no root location`)
  const locationRows = await ctx.readAll('Production.Location')
  const locationCode = (id: string) => String(Number(id))
  let locations = await idMap(trx, 'inventory_locations', 'code', (q) => q.where('warehouse_id', warehouseId))
  const newLocations = locationRows.filter((r) => !locations.has(locationCode(r.LocationID)))
  await insertInBatches(
    trx,
    'inventory_locations',
    newLocations.map((r) => ({
      warehouse_id: warehouseId,
      parent_id: Number(root.id),
      code: locationCode(r.LocationID),
      full_code: `${AW_WAREHOUSE}/${locationCode(r.LocationID)}`,
      name: cellText(r.Name)!,
      kind: 'internal',
      path: '/',
      active: true,
      created_at: now,
      updated_at: now,
    }))
  )
  locations = await idMap(trx, 'inventory_locations', 'code', (q) => q.where('warehouse_id', warehouseId))
  for (const r of newLocations) {
    const id = locations.get(locationCode(r.LocationID))!
    await trx.from('inventory_locations').where('id', id).update({ path: `${root.path}${id}/` })
  }
  ctx.count('inventory_locations', { read: locationRows.length, created: newLocations.length, existing: locationRows.length - newLocations.length })

  /* Items ---------------------------------------------------------------- */
  const models = new Map((await ctx.readAll('Production.ProductModel')).map((r) => [r.ProductModelID, cellText(r.Name)]))
  const productRows = await ctx.readAll('Production.Product')
  const productCodes = productRows.map((r) => cellText(r.ProductNumber)!)
  const existingItems = new Set<string>()
  for (let i = 0; i < productCodes.length; i += 500) {
    const rows = await trx.from('inventory_items').whereIn('code', productCodes.slice(i, i + 500)).select('code')
    for (const row of rows) existingItems.add(row.code)
  }
  const newItems = productRows
    .filter((r) => !existingItems.has(cellText(r.ProductNumber)!))
    .map((r) => {
      const make = cellBool(r.MakeFlag)
      const finished = cellBool(r.FinishedGoodsFlag)
      const spec = [
        cellText(r.Color) && `Color ${cellText(r.Color)}`,
        cellText(r.Size) && `Size ${cellText(r.Size)}${cellText(r.SizeUnitMeasureCode) ? ` ${cellText(r.SizeUnitMeasureCode)}` : ''}`,
        cellText(r.Weight) && `Weight ${cellText(r.Weight)}${cellText(r.WeightUnitMeasureCode) ? ` ${cellText(r.WeightUnitMeasureCode)}` : ''}`,
      ].filter(Boolean)
      const subcategory = cellText(r.ProductSubcategoryID)
      return {
        code: cellText(r.ProductNumber)!,
        name: cellText(r.Name)!,
        model: (r.ProductModelID && models.get(r.ProductModelID)) || null,
        specification: spec.length ? spec.join('; ') : null,
        category_id: subcategory ? categories.get(subCode(subcategory)) ?? null : null,
        item_type: make ? (finished ? 'finished' : 'semi_finished') : 'raw_material',
        base_unit_id: eaUnit,
        lot_tracked: false,
        serial_tracked: false,
        requires_inspection: false,
        default_warehouse_id: warehouseId,
        min_qty: String(cellMicros(r.ReorderPoint) ?? 0n),
        safety_stock: String(cellMicros(r.SafetyStockLevel) ?? 0n),
        lead_time_days: cellInt(r.DaysToManufacture),
        standard_cost: String(cellMicros(r.StandardCost) ?? 0n),
        costing_method: 'moving_average',
        active: !cellText(r.SellEndDate) && !cellText(r.DiscontinuedDate),
        created_at: now,
        updated_at: now,
      }
    })
  await insertInBatches(trx, 'inventory_items', newItems, 100)
  ctx.count('inventory_items', { read: productRows.length, created: newItems.length, existing: productRows.length - newItems.length })

  /* Opening balances (ProductInventory) through the ledger -------------- */
  const items = new Map<string, { id: number; cost: bigint }>()
  for (let i = 0; i < productCodes.length; i += 500) {
    const rows = await trx.from('inventory_items').whereIn('code', productCodes.slice(i, i + 500)).select('id', 'code', 'standard_cost')
    for (const row of rows) items.set(row.code, { id: Number(row.id), cost: BigInt(row.standard_cost ?? 0) })
  }
  const productById = new Map(productRows.map((r) => [r.ProductID, cellText(r.ProductNumber)!]))
  const stockRows = await ctx.readAll('Production.ProductInventory')
  const posted = new Set(
    (
      await trx
        .from('inventory_moves')
        .where({ document_type: AW_OPENING_TYPE, document_id: AW_OPENING_DOCUMENT_ID })
        .whereNull('reversal_of_id')
        .select('document_line_id')
    ).map((r: any) => Number(r.document_line_id))
  )
  const adjustment = await virtualLocation('adjustment', trx)
  const moves: MoveInput[] = []
  let zero = 0
  let existingMoves = 0
  for (const r of stockRows) {
    const lineId = Number(r.ProductID) * 100 + Number(r.LocationID)
    if (posted.has(lineId)) {
      existingMoves++
      continue
    }
    const quantity = Quantity.of(cellText(r.Quantity) ?? '0')
    if (quantity.isZero()) {
      zero++
      continue
    }
    const item = items.get(productById.get(r.ProductID) ?? '')
    const locationId = locations.get(locationCode(r.LocationID))
    if (!item || !locationId) throw new Error(`ProductInventory: product ${r.ProductID} or location ${r.LocationID} is not in the dataset`)
    const shelf = cellText(r.Shelf)
    const bin = cellText(r.Bin)
    moves.push({
      itemId: item.id,
      fromLocationId: adjustment,
      toLocationId: locationId,
      quantity,
      unitCost: Money.fromMicros(item.cost),
      postedAt: DateTime.fromJSDate(cellDateTime(r.ModifiedDate)!, { zone: 'utc' }),
      documentType: AW_OPENING_TYPE,
      documentId: AW_OPENING_DOCUMENT_ID,
      documentNumber: AW_OPENING_NUMBER,
      documentLineId: lineId,
      note: shelf || bin ? `AdventureWorks shelf ${shelf ?? '-'}, bin ${bin ?? '-'}` : 'AdventureWorks opening balance',
    })
  }
  // Oldest first, so the ledger is written in time order (no back-dated revaluation).
  moves.sort((a, b) => a.postedAt!.toMillis() - b.postedAt!.toMillis() || a.documentLineId! - b.documentLineId!)
  if (moves.length) await postMoves(trx, moves)
  ctx.count('inventory_moves (opening balances)', {
    read: stockRows.length,
    created: moves.length,
    existing: existingMoves,
    skipped: zero,
    note: zero ? `${zero} with quantity 0` : undefined,
  })
}
