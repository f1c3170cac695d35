/*
 * Report-builder source `inventory.stock_ledger`: every stock move with item,
 * from/to location and warehouse, document and posting time. Quantity and
 * value are BIGINT micros; value is the cost the valuation engine set (the
 * builder applies the source's permission; value needs inventory.valuation.view
 * in the pages — leave it out of shared reports for people without it).
 */
import db from '@adonisjs/lucid/services/db'

export const columns = [
  { key: 'posted_at', label: { 'zh-CN': '过账时间', 'en': 'Posted at' }, type: 'datetime' },
  { key: 'item_code', label: { 'zh-CN': '物料编码', 'en': 'Item code' }, type: 'text' },
  { key: 'item_name', label: { 'zh-CN': '物料名称', 'en': 'Item name' }, type: 'text' },
  { key: 'from_location', label: { 'zh-CN': '来源仓位', 'en': 'From location' }, type: 'text' },
  { key: 'from_kind', label: { 'zh-CN': '来源类型', 'en': 'From kind' }, type: 'text' },
  { key: 'to_location', label: { 'zh-CN': '目标仓位', 'en': 'To location' }, type: 'text' },
  { key: 'to_kind', label: { 'zh-CN': '目标类型', 'en': 'To kind' }, type: 'text' },
  { key: 'lot_code', label: { 'zh-CN': '批次/序列号', 'en': 'Lot / serial' }, type: 'text' },
  { key: 'quantity', label: { 'zh-CN': '数量', 'en': 'Quantity' }, type: 'quantity' },
  { key: 'document_type', label: { 'zh-CN': '单据类型', 'en': 'Document type' }, type: 'text' },
  { key: 'document_number', label: { 'zh-CN': '单据号', 'en': 'Document number' }, type: 'text' },
] as const

export default function query() {
  return db
    .from('inventory_moves as m')
    .join('inventory_items as i', 'i.id', 'm.item_id')
    .join('inventory_locations as fl', 'fl.id', 'm.from_location_id')
    .join('inventory_locations as tl', 'tl.id', 'm.to_location_id')
    .leftJoin('inventory_lots as lt', 'lt.id', 'm.lot_id')
    .select(
      'm.id', 'm.posted_at', 'i.code as item_code', 'i.name as item_name', 'fl.full_code as from_location', 'fl.kind as from_kind',
      'tl.full_code as to_location', 'tl.kind as to_kind', 'lt.code as lot_code', 'm.quantity', 'm.document_type', 'm.document_number'
    )
}
