/*
 * The stock-alert check (jobs/stock_alerts.ts runs it hourly; /admin/jobs
 * runs it on demand). Per item with a minimum or safety stock, per warehouse
 * it is kept in (where it has balances, else its default warehouse):
 *   position = available (on hand − reserved in internal locations) + on order
 *   threshold = the larger of min_qty and safety_stock
 * position < threshold → one alert per item × warehouse × day: a row in
 * inventory_stock_alerts, a notification to the buyers and storekeepers, and
 * `inventory:stock.low` after commit (procurement proposes a requisition).
 * Suggested quantity: max − position when a max is set, else the reorder
 * quantity (at least what reaches the threshold), else threshold − position;
 * rounded up to the base unit's precision.
 */
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { Quantity } from '#kernel/numbers/index'
import { dbTimestamp } from '#kernel/records/record_writer'
import { notify } from '#kernel/notifications/notify'
import { emitEvent } from '#services/events'
import type { StockLowPayload } from '../api.js'

const q = (micros: unknown) => Quantity.fromMicros(String(micros ?? 0))

export interface AlertRunResult {
  checked: number
  alerted: number
  payloads: StockLowPayload[]
}

export async function runStockAlerts(options: { today?: string } = {}): Promise<AlertRunResult> {
  const today = options.today ?? DateTime.now().toISODate()!
  const items = await db
    .from('inventory_items as i')
    .join('inventory_units as u', 'u.id', 'i.base_unit_id')
    .where('i.active', true)
    .whereNotIn('i.item_type', ['service', 'non_stock'])
    .where((w) => w.whereNotNull('i.min_qty').orWhereNotNull('i.safety_stock'))
    .select('i.id', 'i.code', 'i.name', 'i.min_qty', 'i.safety_stock', 'i.max_qty', 'i.reorder_qty', 'i.default_warehouse_id', 'u.precision', 'u.code as unit')
    .orderBy('i.id')
  const result: AlertRunResult = { checked: 0, alerted: 0, payloads: [] }
  for (const item of items) {
    const min = item.min_qty === null ? null : q(item.min_qty)
    const safety = item.safety_stock === null ? null : q(item.safety_stock)
    const threshold = [min, safety].filter((x): x is Quantity => x !== null).reduce((a, b) => (b.greaterThan(a) ? b : a))
    if (!threshold.isPositive()) continue
    const warehouseRows = await db.from('inventory_balances').where('item_id', item.id).whereNotNull('warehouse_id').distinct('warehouse_id')
    const warehouseIds = warehouseRows.map((r: any) => Number(r.warehouse_id))
    if (!warehouseIds.length && item.default_warehouse_id !== null) warehouseIds.push(Number(item.default_warehouse_id))
    for (const warehouseId of warehouseIds) {
      result.checked++
      const figures = await db
        .from('inventory_balances as b')
        .join('inventory_locations as l', 'l.id', 'b.location_id')
        .where('b.item_id', item.id)
        .where('b.warehouse_id', warehouseId)
        .select(
          db.raw(`CAST(COALESCE(SUM(CASE WHEN l.kind = 'internal' THEN b.on_hand - b.reserved ELSE 0 END), 0) AS TEXT) as available`),
          db.raw('CAST(COALESCE(SUM(b.on_order), 0) AS TEXT) as on_order')
        )
        .first()
      const available = q(figures?.available)
      const onOrder = q(figures?.on_order)
      const position = available.plus(onOrder)
      if (!position.lessThan(threshold)) continue

      let suggested: Quantity
      if (item.max_qty !== null && q(item.max_qty).greaterThan(position)) suggested = q(item.max_qty).minus(position)
      else if (item.reorder_qty !== null && q(item.reorder_qty).isPositive()) {
        const gap = threshold.minus(position)
        suggested = q(item.reorder_qty).greaterThan(gap) ? q(item.reorder_qty) : gap
      } else suggested = threshold.minus(position)
      suggested = suggested.round(Number(item.precision), 'up')

      const payload: StockLowPayload = {
        itemId: Number(item.id),
        warehouseId,
        available: available.toString(),
        onOrder: onOrder.toString(),
        threshold: threshold.toString(),
        suggestedQuantity: suggested.toString(),
      }
      const fresh = await db.transaction(async (trx) => {
        // Once per item × warehouse × day: the unique index keeps a second run (or a parallel one) quiet.
        const existing = await trx.from('inventory_stock_alerts').where({ item_id: item.id, warehouse_id: warehouseId, alert_date: today }).first()
        if (existing) return false
        await trx.insertQuery().table('inventory_stock_alerts').insert({
          item_id: item.id,
          warehouse_id: warehouseId,
          alert_date: today,
          available: available.toMicros().toString(),
          on_order: onOrder.toMicros().toString(),
          threshold: threshold.toMicros().toString(),
          suggested_qty: suggested.toMicros().toString(),
          created_at: dbTimestamp(new Date(), trx),
        })
        const warehouse = await trx.from('inventory_warehouses').where('id', warehouseId).select('code', 'name').first()
        const data = { item: `${item.code} ${item.name}`, warehouse: warehouse?.name ?? '', available: available.toString(), onOrder: onOrder.toString(), threshold: threshold.toString(), suggested: suggested.toString(), unit: item.unit }
        await notify(
          {
            roleCodes: ['buyer', 'storekeeper'],
            title: { 'zh-CN': `库存不足：${data.item}`, 'en': `Stock is low: ${data.item}` },
            body: {
              'zh-CN': `${data.warehouse} 可用 ${data.available} + 在途 ${data.onOrder} 低于 ${data.threshold} ${data.unit}，建议补货 ${data.suggested} ${data.unit}`,
              'en': `${data.warehouse}: available ${data.available} + on order ${data.onOrder} is below ${data.threshold} ${data.unit}; suggested replenishment ${data.suggested} ${data.unit}`,
            },
            kind: 'system',
          },
          trx
        )
        return true
      })
      if (!fresh) continue
      result.alerted++
      result.payloads.push(payload)
      await emitEvent('inventory:stock.low', payload)
    }
  }
  return result
}

/** The alerts of the latest day that has any (the workbench widget, the alerts page). */
export async function latestAlerts(limit = 10) {
  const latest = await db.from('inventory_stock_alerts').max('alert_date as day').first()
  if (!latest?.day) return { day: null, rows: [] as any[], total: 0 }
  const day = typeof latest.day === 'string' ? latest.day.slice(0, 10) : DateTime.fromJSDate(latest.day).toISODate()
  const base = db
    .from('inventory_stock_alerts as a')
    .join('inventory_items as i', 'i.id', 'a.item_id')
    .join('inventory_units as u', 'u.id', 'i.base_unit_id')
    .join('inventory_warehouses as w', 'w.id', 'a.warehouse_id')
    .where('a.alert_date', day)
  const total = Number((await base.clone().count('* as n').first())?.n ?? 0)
  const rows = await base
    .select('a.*', 'i.code as item_code', 'i.name as item_name', 'u.code as unit', 'w.name as warehouse_name')
    .orderBy('i.code')
    .limit(limit)
  return {
    day,
    total,
    rows: rows.map((r: any) => ({
      ...r,
      available: q(r.available).toString(),
      onOrder: q(r.on_order).toString(),
      threshold: q(r.threshold).toString(),
      suggested: q(r.suggested_qty).toString(),
    })),
  }
}
