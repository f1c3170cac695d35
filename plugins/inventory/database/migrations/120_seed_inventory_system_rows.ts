/*
 * Rows inventory cannot work without: the virtual counterpart locations every
 * move outside stock goes to or comes from, and the common units of measure.
 */
import { BaseSchema } from '@adonisjs/lucid/schema'
import { dbTimestamp } from '#kernel/records/record_writer'

const VIRTUAL = [
  { code: 'SUPPLIER', kind: 'supplier', name: 'Suppliers / 供应商' },
  { code: 'CUSTOMER', kind: 'customer', name: 'Customers / 客户' },
  { code: 'PRODUCTION', kind: 'production', name: 'Production / 生产' },
  { code: 'ADJUSTMENT', kind: 'adjustment', name: 'Inventory adjustment / 盘点调整' },
  { code: 'SCRAP', kind: 'scrap', name: 'Scrap / 报废' },
  { code: 'TRANSIT', kind: 'transit', name: 'In transit / 在途' },
]

const UNITS = [
  { code: 'EA', name_zh: '个', name_en: 'Each', precision: 0 },
  { code: 'PCS', name_zh: '件', name_en: 'Pieces', precision: 0 },
  { code: 'SET', name_zh: '套', name_en: 'Set', precision: 0 },
  { code: 'BOX', name_zh: '箱', name_en: 'Box', precision: 0 },
  { code: 'KG', name_zh: '千克', name_en: 'Kilogram', precision: 3 },
  { code: 'G', name_zh: '克', name_en: 'Gram', precision: 2 },
  { code: 'M', name_zh: '米', name_en: 'Metre', precision: 3 },
  { code: 'L', name_zh: '升', name_en: 'Litre', precision: 3 },
]

export default class extends BaseSchema {
  async up() {
    this.defer(async (db) => {
      const now = dbTimestamp(new Date(), db)
      for (const v of VIRTUAL) {
        await db.table('inventory_locations').insert({
          warehouse_id: null, parent_id: null, code: v.code, full_code: v.code, name: v.name, kind: v.kind,
          path: '/', active: true, created_at: now,
        })
      }
      for (const u of UNITS) await db.table('inventory_units').insert({ ...u, created_at: now })
    })
  }

  async down() {
    this.defer(async (db) => {
      await db.from('inventory_locations').whereNull('warehouse_id').whereIn('code', VIRTUAL.map((v) => v.code)).delete()
      await db.from('inventory_units').whereIn('code', UNITS.map((u) => u.code)).delete()
    })
  }
}
