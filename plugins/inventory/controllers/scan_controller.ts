/*
 * GET /inventory/scan?code=… — what a scanned (or typed) code names, for the
 * receipt, issue, transfer and count pages: an item (by barcode, maybe of a
 * packing unit, else by item code) or a location (by barcode, else by full
 * code). `?warehouse=<id>` narrows locations to one warehouse. Unknown → 404
 * with a message in the user's language. docs/inventory-master.md documents it.
 */
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { isInScope } from '#services/data_scope'
import { findByBarcode } from '../services/master_api.js'

export default class ScanController {
  async scan(ctx: HttpContext) {
    const code = String(ctx.request.input('code', '') ?? '').trim()
    const warehouse = String(ctx.request.input('warehouse', '') ?? '').trim()
    const warehouseId = /^\d{1,15}$/.test(warehouse) ? Number(warehouse) : null
    const notFound = (key: string) => ctx.response.status(key === 'empty' ? 422 : 404).json({ kind: null, code, message: ctx.i18n.t(`inventory_master.scan.${key}`, { code }) })
    if (!code) return notFound('empty')
    if (code.length > 120) return notFound('unknown')

    const hit = await findByBarcode(code)
    if (hit) {
      const row = await db.from('inventory_items').where('id', hit.item.id).first()
      if (row && (await isInScope(ctx.auth.user!, 'inventory.item.view', row))) {
        return ctx.response.json({
          kind: 'item',
          code,
          item: { ...hit.item, active: Boolean(row.active) },
          unitId: hit.unitId,
          unitCode: hit.unitId ? (await db.from('inventory_units').where('id', hit.unitId).first())?.code ?? null : hit.item.baseUnitCode,
          factor: hit.factor.toJSON(),
        })
      }
    }

    const query = db
      .from('inventory_locations as l')
      .leftJoin('inventory_warehouses as w', 'w.id', 'l.warehouse_id')
      .where((w) => w.where('l.barcode', code).orWhereRaw('LOWER(l.full_code) = ?', [code.toLowerCase()]))
      .select('l.*', 'w.code as warehouse_code', 'w.name as warehouse_name')
      .orderByRaw('CASE WHEN l.barcode = ? THEN 0 ELSE 1 END', [code])
    if (warehouseId !== null) query.where('l.warehouse_id', warehouseId)
    const location = await query.first()
    if (location) {
      return ctx.response.json({
        kind: 'location',
        code,
        location: {
          id: Number(location.id),
          warehouseId: location.warehouse_id === null ? null : Number(location.warehouse_id),
          warehouseCode: location.warehouse_code ?? null,
          warehouseName: location.warehouse_name ?? null,
          kind: location.kind,
          code: location.code,
          fullCode: location.full_code,
          name: location.name,
          barcode: location.barcode ?? null,
          active: Boolean(location.active),
        },
      })
    }
    return notFound(warehouseId !== null ? 'unknown_in_warehouse' : 'unknown')
  }
}
