/*
 * Stock and its value at a date, from the ledger (for reports and other
 * plugins, exported in api.ts):
 *   balanceAt  quantity per item × location × lot at the end of a day
 *   valueAt    value of own stock at the end of a day, by item, optionally in
 *              one warehouse: company-wide it is the item's running value
 *              after its last move of the day (exact); in a warehouse it is
 *              the warehouse's quantity × that day's average unit cost
 *              (the whole value when the warehouse holds all the item's stock).
 * Customer-supplied stock is counted by balanceAt but never valued.
 */
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { Money, Quantity } from '#kernel/numbers/index'
import { dbTimestamp } from '#kernel/records/record_writer'
import { STOCK_LOCATION_KINDS, VALUED_LOCATION_KINDS } from '../api.js'
import type { Trx } from '../api.js'
import { valueOf } from './valuation_engine.js'

const big = (value: unknown): bigint => (value === null || value === undefined ? 0n : BigInt(String(value).split('.')[0]))

/** The first instant after the given day ('YYYY-MM-DD'), as the database compares it. */
function endOf(date: string, c: any) {
  const day = DateTime.fromISO(date)
  if (!day.isValid) throw new Error(`inventory: "${date}" is not a date (YYYY-MM-DD)`)
  return dbTimestamp(day.plus({ days: 1 }).startOf('day').toJSDate(), c)
}

export interface BalanceAtRow {
  itemId: number
  locationId: number
  warehouseId: number | null
  lotId: number | null
  quantity: Quantity
}

async function quantitiesAt(
  c: any,
  date: string,
  where: { itemId?: number; warehouseId?: number; locationId?: number; lotId?: number },
  kinds: readonly string[]
): Promise<Map<string, { itemId: number; locationId: number; warehouseId: number | null; lotId: number | null; qty: bigint }>> {
  const until = endOf(date, c)
  const result = new Map<string, { itemId: number; locationId: number; warehouseId: number | null; lotId: number | null; qty: bigint }>()
  for (const side of ['to', 'from'] as const) {
    const q = c
      .from('inventory_moves as m')
      .join('inventory_locations as l', 'l.id', `m.${side}_location_id`)
      .where('m.posted_at', '<', until)
      .whereIn('l.kind', kinds as string[])
      .groupBy('m.item_id', `m.${side}_location_id`, 'm.lot_id', 'l.warehouse_id')
      .select('m.item_id', `m.${side}_location_id as location_id`, 'm.lot_id', 'l.warehouse_id', c.raw('SUM(m.quantity) as total'))
    if (where.itemId) q.where('m.item_id', where.itemId)
    if (where.warehouseId) q.where('l.warehouse_id', where.warehouseId)
    if (where.locationId) q.where(`m.${side}_location_id`, where.locationId)
    if (where.lotId) q.where('m.lot_id', where.lotId)
    for (const r of await q) {
      const k = `${r.item_id}:${r.location_id}:${r.lot_id ?? 0}`
      if (!result.has(k)) {
        result.set(k, {
          itemId: Number(r.item_id), locationId: Number(r.location_id), warehouseId: r.warehouse_id === null ? null : Number(r.warehouse_id),
          lotId: r.lot_id === null ? null : Number(r.lot_id), qty: 0n,
        })
      }
      result.get(k)!.qty += side === 'to' ? big(r.total) : -big(r.total)
    }
  }
  return result
}

/** Quantity on hand per item × location × lot at the end of `date` (rows with 0 left out). */
export async function balanceAt(
  date: string,
  where: { itemId?: number; warehouseId?: number; locationId?: number; lotId?: number } = {},
  trx?: Trx
): Promise<BalanceAtRow[]> {
  const c = trx ?? db.connection()
  const rows = await quantitiesAt(c, date, where, STOCK_LOCATION_KINDS)
  return [...rows.values()]
    .filter((r) => r.qty !== 0n)
    .sort((a, b) => a.itemId - b.itemId || a.locationId - b.locationId || (a.lotId ?? 0) - (b.lotId ?? 0))
    .map((r) => ({ itemId: r.itemId, locationId: r.locationId, warehouseId: r.warehouseId, lotId: r.lotId, quantity: Quantity.fromMicros(r.qty) }))
}

export interface ValueAtResult {
  total: Money
  items: Array<{ itemId: number; quantity: Quantity; unitCost: Money; value: Money }>
}

/** Value of own stock at the end of `date`, everywhere or in one warehouse, by item. */
export async function valueAt(date: string, where: { warehouseId?: number; itemId?: number } = {}, trx?: Trx): Promise<ValueAtResult> {
  const c = trx ?? db.connection()
  const until = endOf(date, c)
  // Each item's running figures after its last move up to the date.
  const latest = c
    .from('inventory_moves')
    .where('posted_at', '<', until)
    .select('item_id', 'running_qty', 'running_value', 'avg_cost', c.raw('ROW_NUMBER() OVER (PARTITION BY item_id ORDER BY posted_at DESC, id DESC) as rn'))
  if (where.itemId) latest.where('item_id', where.itemId)
  const figures: any[] = await c.from(latest.as('x')).where('rn', 1).select('item_id', 'running_qty', 'running_value', 'avg_cost')
  const byItem = new Map(figures.map((f) => [Number(f.item_id), { qty: big(f.running_qty), value: big(f.running_value), avg: big(f.avg_cost) }]))

  const items: ValueAtResult['items'] = []
  if (!where.warehouseId) {
    for (const [itemId, f] of [...byItem].sort((a, b) => a[0] - b[0])) {
      if (f.qty === 0n && f.value === 0n) continue
      items.push({ itemId, quantity: Quantity.fromMicros(f.qty), unitCost: Money.fromMicros(f.avg), value: Money.fromMicros(f.value) })
    }
  } else {
    const quantities = await quantitiesAt(c, date, { warehouseId: where.warehouseId, itemId: where.itemId }, VALUED_LOCATION_KINDS)
    const perItem = new Map<number, bigint>()
    for (const r of quantities.values()) perItem.set(r.itemId, (perItem.get(r.itemId) ?? 0n) + r.qty)
    for (const [itemId, qty] of [...perItem].sort((a, b) => a[0] - b[0])) {
      if (qty === 0n) continue
      const f = byItem.get(itemId) ?? { qty: 0n, value: 0n, avg: 0n }
      const value = qty === f.qty ? f.value : valueOf(qty, f.avg)
      items.push({ itemId, quantity: Quantity.fromMicros(qty), unitCost: Money.fromMicros(f.avg), value: Money.fromMicros(value) })
    }
  }
  return { total: Money.sum(items.map((i) => i.value)), items }
}
