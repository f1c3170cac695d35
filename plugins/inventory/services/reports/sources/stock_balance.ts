/*
 * Report-builder source `inventory.stock_balance`: current stock per item ×
 * location × lot (stock locations only), with the item's category and the
 * warehouse. Quantities are BIGINT micros (field kind quantity).
 */
import db from '@adonisjs/lucid/services/db'
import { STOCK_KINDS_SQL } from '../filters.js'

export const columns = [
  { key: 'item_code', label: { 'zh-CN': '物料编码', 'en': 'Item code' }, type: 'text' },
  { key: 'item_name', label: { 'zh-CN': '物料名称', 'en': 'Item name' }, type: 'text' },
  { key: 'category_code', label: { 'zh-CN': '物料类别', 'en': 'Category' }, type: 'text' },
  { key: 'unit_code', label: { 'zh-CN': '单位', 'en': 'Unit' }, type: 'text' },
  { key: 'warehouse_code', label: { 'zh-CN': '仓库', 'en': 'Warehouse' }, type: 'text' },
  { key: 'location_code', label: { 'zh-CN': '仓位', 'en': 'Location' }, type: 'text' },
  { key: 'lot_code', label: { 'zh-CN': '批次/序列号', 'en': 'Lot / serial' }, type: 'text' },
  { key: 'on_hand', label: { 'zh-CN': '现存量', 'en': 'On hand' }, type: 'quantity' },
  { key: 'reserved', label: { 'zh-CN': '已预留', 'en': 'Reserved' }, type: 'quantity' },
  { key: 'available', label: { 'zh-CN': '可用量', 'en': 'Available' }, type: 'quantity' },
  { key: 'on_order', label: { 'zh-CN': '在途订单量', 'en': 'On order' }, type: 'quantity' },
] as const

export default function query() {
  return db
    .from('inventory_balances as b')
    .join('inventory_items as i', 'i.id', 'b.item_id')
    .join('inventory_units as u', 'u.id', 'i.base_unit_id')
    .join('inventory_locations as l', 'l.id', 'b.location_id')
    .leftJoin('inventory_warehouses as w', 'w.id', 'l.warehouse_id')
    .leftJoin('inventory_categories as c', 'c.id', 'i.category_id')
    .leftJoin('inventory_lots as lt', 'lt.id', 'b.lot_id')
    .whereRaw(`l.kind IN ${STOCK_KINDS_SQL}`)
    .select(
      'b.id', 'i.code as item_code', 'i.name as item_name', 'c.code as category_code', 'u.code as unit_code', 'w.code as warehouse_code',
      'l.full_code as location_code', 'lt.code as lot_code', 'b.on_hand', 'b.reserved', db.raw('b.on_hand - b.reserved AS available'), 'b.on_order'
    )
}
