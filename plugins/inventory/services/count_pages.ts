/*
 * What the count pages and the printed count sheet show: the header with
 * names, the lines with items / locations / lots, per-location progress.
 * Blind counts leave book quantities and variances out until submitted —
 * the data never reaches the view, so neither page nor PDF can show them.
 */
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { Money, Quantity } from '#kernel/numbers/index'
import NotFoundException from '#exceptions/not_found_exception'
import { countLabel, scopeLocations } from './count_service.js'

const qty = (micros: unknown, precision: number) => (micros === null || micros === undefined ? null : Quantity.fromMicros(String(micros)).toFixed(precision))
const money = (micros: unknown) => (micros === null || micros === undefined ? null : Money.fromMicros(String(micros)).toFixed(2))

/** Whether the book quantities may be shown: always for open counts, for blind ones once counting is over. */
export function showsBook(count: any) {
  return count.mode !== 'blind' || (count.state !== 'draft' && count.state !== 'cancelled') || count.phase === 'setup'
}

export async function countHeader(id: number) {
  const count = await db
    .from('inventory_counts as c')
    .join('inventory_warehouses as w', 'w.id', 'c.warehouse_id')
    .leftJoin('inventory_locations as l', 'l.id', 'c.location_id')
    .leftJoin('inventory_categories as g', 'g.id', 'c.category_id')
    .where('c.id', id)
    .select('c.*', 'w.code as warehouse_code', 'w.name as warehouse_name', 'l.full_code as location_code', 'g.name as category_name')
    .first()
  if (!count) return null
  const itemIds: number[] = count.item_ids ? JSON.parse(count.item_ids) : []
  const items = itemIds.length ? await db.from('inventory_items').whereIn('id', itemIds).orderBy('code').select('code') : []
  return {
    ...count,
    id: Number(count.id),
    label: countLabel(count),
    itemCodes: items.map((i: any) => i.code).join(', '),
    countDate: typeof count.count_date === 'string' ? count.count_date.slice(0, 10) : new Date(count.count_date).toISOString().slice(0, 10),
    varianceValue: money(count.variance_value),
    varianceLines: Quantity.fromMicros(String(count.variance_lines ?? 0)).toFixed(0),
    showBook: showsBook(count),
  }
}

export async function countLines(count: any, where: { locationId?: number } = {}) {
  const query = db
    .from('inventory_count_lines as cl')
    .join('inventory_items as i', 'i.id', 'cl.item_id')
    .join('inventory_units as u', 'u.id', 'i.base_unit_id')
    .join('inventory_locations as l', 'l.id', 'cl.location_id')
    .leftJoin('inventory_lots as lo', 'lo.id', 'cl.lot_id')
    .leftJoin('users as cu', 'cu.id', 'cl.counted_by')
    .where('cl.count_id', count.id)
    .select(
      'cl.*', 'i.code as item_code', 'i.name as item_name', 'i.specification', 'u.code as unit', 'u.precision',
      'l.full_code as location_code', 'l.name as location_name', 'l.barcode as location_barcode', 'lo.code as lot', 'cu.name as counter'
    )
    .orderBy('l.full_code')
    .orderBy('i.code')
    .orderBy('cl.id')
  if (where.locationId) query.where('cl.location_id', where.locationId)
  const rows = await query
  const book = count.showBook ?? showsBook(count)
  return rows.map((r: any) => {
    const precision = Number(r.precision)
    return {
      id: Number(r.id),
      itemId: Number(r.item_id),
      locationId: Number(r.location_id),
      itemCode: r.item_code,
      itemName: r.item_name,
      specification: r.specification,
      unit: r.unit,
      precision,
      locationCode: r.location_code,
      lot: r.lot ?? r.lot_code ?? '',
      added: Boolean(r.added),
      recounts: Number(r.recounts),
      counter: r.counter,
      bookQty: book ? qty(r.book_qty, precision) : null,
      countedQty: qty(r.counted_qty, precision),
      varianceQty: book ? qty(r.variance_qty, precision) : null,
      unitCost: book ? money(r.unit_cost) : null,
      varianceValue: book ? money(r.variance_value) : null,
      hasVariance: book && r.variance_qty !== null && BigInt(r.variance_qty) !== 0n,
    }
  })
}

/** Per location of the count: lines and how many are counted. */
export async function countLocations(count: any) {
  const rows = await db
    .from('inventory_count_lines as cl')
    .join('inventory_locations as l', 'l.id', 'cl.location_id')
    .where('cl.count_id', count.id)
    .groupBy('l.id', 'l.full_code', 'l.name', 'l.barcode')
    .select('l.id', 'l.full_code', 'l.name', 'l.barcode', db.raw('COUNT(*) as total'), db.raw('COUNT(cl.counted_qty) as counted'))
    .orderBy('l.full_code')
  return rows.map((r: any) => ({ id: Number(r.id), code: r.full_code, name: r.name, barcode: r.barcode, total: Number(r.total), counted: Number(r.counted) }))
}

/** A location of the count found by barcode or (full) code, for the location scan. */
export async function findCountLocation(count: any, code: string) {
  const scanned = code.trim()
  if (!scanned) return null
  const locations = await scopeLocations(db.connection() as any, count)
  return locations.find((l: any) => l.barcode === scanned || l.full_code === scanned || l.code === scanned) ?? null
}

/** The print template's loader: the whole count, or one location's sheet with ?location=. */
export async function countSheetData(id: number, ctx: HttpContext) {
  const count = await countHeader(id)
  if (!count) throw new NotFoundException()
  const locationId = Number(ctx.request.input('location')) || undefined
  const lines = await countLines(count, { locationId })
  const locations = (await countLocations(count)).filter((l) => !locationId || l.id === locationId)
  return {
    count,
    sheets: locations.map((l) => ({ ...l, lines: lines.filter((line) => line.locationId === l.id) })),
  }
}
