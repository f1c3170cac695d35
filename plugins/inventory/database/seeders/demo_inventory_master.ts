/*
 * Demo master data of a small furniture and electronics maker (苏州织木家居电子):
 * item categories, two warehouses (原料仓 RM, 成品仓 FG) with labelled bins,
 * ~30 items with packing units, barcodes and stock levels; and the inventory
 * permissions of the demo roles. Idempotent: run it again and nothing changes.
 */
import { BaseSeeder } from '@adonisjs/lucid/seeders'
import { Quantity, Money } from '#kernel/numbers/index'
import { dbTimestamp } from '#kernel/records/record_writer'
import { createWarehouse } from '../../services/master_api.js'

const CATEGORIES: Array<[code: string, name: string, parent: string | null]> = [
  ['RM', '原材料', null],
  ['RM-WOOD', '板材木料', 'RM'],
  ['RM-HW', '五金配件', 'RM'],
  ['RM-ELEC', '电子元器件', 'RM'],
  ['RM-FAB', '面料海绵', 'RM'],
  ['SF', '半成品', null],
  ['FG', '成品', null],
  ['FG-FURN', '家具', 'FG'],
  ['FG-LAMP', '智能灯具', 'FG'],
  ['PK', '包装材料', null],
  ['MRO', '辅料耗材', null],
]

const UNITS = [
  { code: 'ROLL', name_zh: '卷', name_en: 'Roll', precision: 0 },
  { code: 'SHEET', name_zh: '张', name_en: 'Sheet', precision: 0 },
  { code: 'PACK', name_zh: '包', name_en: 'Pack', precision: 0 },
  { code: 'M2', name_zh: '平方米', name_en: 'Square metre', precision: 2 },
]

interface DemoItem {
  code: string
  name: string
  model?: string
  spec?: string
  category: string
  type: 'raw_material' | 'semi_finished' | 'finished' | 'service' | 'non_stock'
  unit: string
  conversions?: Record<string, string>
  barcode?: string
  boxBarcode?: string
  min?: string
  safety?: string
  max?: string
  reorder?: string
  lead?: number
  cost?: string
  lot?: boolean
  serial?: boolean
  iqc?: boolean
  warehouse: 'RM' | 'FG'
}

const ITEMS: DemoItem[] = [
  { code: 'RM-WD-001', name: '橡木实木板', spec: '2440×1220×18mm', category: 'RM-WOOD', type: 'raw_material', unit: 'SHEET', barcode: '6901234500011', min: '40', safety: '20', max: '200', reorder: '80', lead: 10, cost: '268.00', lot: true, iqc: true, warehouse: 'RM' },
  { code: 'RM-WD-002', name: '多层胶合板', spec: '2440×1220×15mm E0', category: 'RM-WOOD', type: 'raw_material', unit: 'SHEET', barcode: '6901234500028', min: '60', safety: '30', max: '300', reorder: '120', lead: 7, cost: '118.50', lot: true, iqc: true, warehouse: 'RM' },
  { code: 'RM-WD-003', name: '密度板', spec: '2440×1220×9mm', category: 'RM-WOOD', type: 'raw_material', unit: 'SHEET', barcode: '6901234500035', min: '50', safety: '20', max: '250', reorder: '100', lead: 7, cost: '62.00', warehouse: 'RM' },
  { code: 'RM-WD-010', name: '实木封边条', model: 'EB-22', spec: '22mm 橡木色', category: 'RM-WOOD', type: 'raw_material', unit: 'M', conversions: { ROLL: '200' }, barcode: '6901234500103', boxBarcode: '6901234500110', min: '1000', safety: '400', max: '6000', reorder: '2000', lead: 5, cost: '0.85', warehouse: 'RM' },
  { code: 'RM-HW-001', name: '三合一连接件', model: 'HW-3IN1', spec: '15mm 锌合金', category: 'RM-HW', type: 'raw_material', unit: 'EA', conversions: { BOX: '500' }, barcode: '6902345600012', boxBarcode: '6902345600029', min: '5000', safety: '2000', max: '30000', reorder: '10000', lead: 5, cost: '0.32', warehouse: 'RM' },
  { code: 'RM-HW-002', name: '阻尼铰链', model: 'H-35C', spec: '35mm 全盖', category: 'RM-HW', type: 'raw_material', unit: 'EA', conversions: { BOX: '200' }, barcode: '6902345600036', boxBarcode: '6902345600043', min: '1000', safety: '400', max: '8000', reorder: '2000', lead: 7, cost: '3.60', iqc: true, warehouse: 'RM' },
  { code: 'RM-HW-003', name: '三节静音滑轨', model: 'SR-45', spec: '450mm', category: 'RM-HW', type: 'raw_material', unit: 'SET', conversions: { BOX: '20' }, barcode: '6902345600050', boxBarcode: '6902345600067', min: '200', safety: '100', max: '1500', reorder: '500', lead: 10, cost: '18.90', warehouse: 'RM' },
  { code: 'RM-HW-004', name: '自攻螺丝', spec: 'M4×16 十字沉头', category: 'RM-HW', type: 'raw_material', unit: 'EA', conversions: { BOX: '1000', PACK: '100' }, barcode: '6902345600074', boxBarcode: '6902345600081', min: '20000', safety: '10000', max: '100000', reorder: '50000', lead: 3, cost: '0.02', warehouse: 'RM' },
  { code: 'RM-HW-005', name: '不锈钢拉手', model: 'PL-128', spec: '孔距128mm 拉丝', category: 'RM-HW', type: 'raw_material', unit: 'EA', conversions: { BOX: '50' }, barcode: '6902345600098', min: '300', safety: '100', max: '2000', reorder: '500', lead: 7, cost: '6.50', warehouse: 'RM' },
  { code: 'RM-EL-001', name: 'LED 灯珠', model: '2835', spec: '0.2W 4000K', category: 'RM-ELEC', type: 'raw_material', unit: 'EA', conversions: { ROLL: '4000' }, barcode: '6903456700015', boxBarcode: '6903456700022', min: '20000', safety: '8000', max: '120000', reorder: '40000', lead: 14, cost: '0.045', lot: true, iqc: true, warehouse: 'RM' },
  { code: 'RM-EL-002', name: '恒流驱动电源', model: 'DRV-12W', spec: '12W 300mA', category: 'RM-ELEC', type: 'raw_material', unit: 'EA', conversions: { BOX: '100' }, barcode: '6903456700039', boxBarcode: '6903456700046', min: '500', safety: '200', max: '3000', reorder: '1000', lead: 21, cost: '9.80', lot: true, iqc: true, warehouse: 'RM' },
  { code: 'RM-EL-003', name: '蓝牙控制模块', model: 'BLE-5.0', spec: 'ESP32-C3', category: 'RM-ELEC', type: 'raw_material', unit: 'EA', conversions: { BOX: '250' }, barcode: '6903456700053', min: '300', safety: '150', max: '2000', reorder: '600', lead: 30, cost: '14.20', serial: false, lot: true, iqc: true, warehouse: 'RM' },
  { code: 'RM-EL-004', name: '电源线', spec: '2×0.5mm² 白色', category: 'RM-ELEC', type: 'raw_material', unit: 'M', conversions: { ROLL: '100' }, barcode: '6903456700060', min: '2000', safety: '800', max: '10000', reorder: '4000', lead: 7, cost: '0.68', warehouse: 'RM' },
  { code: 'RM-EL-005', name: 'USB-C 充电口', model: 'USBC-16P', category: 'RM-ELEC', type: 'raw_material', unit: 'EA', conversions: { BOX: '500' }, barcode: '6903456700077', min: '1000', safety: '400', max: '6000', reorder: '2000', lead: 14, cost: '0.95', warehouse: 'RM' },
  { code: 'RM-FB-001', name: '科技布面料', spec: '幅宽1.45m 浅灰', category: 'RM-FAB', type: 'raw_material', unit: 'M', conversions: { ROLL: '50' }, barcode: '6904567800018', min: '300', safety: '100', max: '1500', reorder: '500', lead: 10, cost: '38.00', lot: true, warehouse: 'RM' },
  { code: 'RM-FB-002', name: '高回弹海绵', spec: '密度35D 厚50mm', category: 'RM-FAB', type: 'raw_material', unit: 'M2', barcode: '6904567800025', min: '200', safety: '80', max: '1000', reorder: '300', lead: 7, cost: '26.50', warehouse: 'RM' },
  { code: 'RM-MT-001', name: '白乳胶', spec: '20kg/桶', category: 'MRO', type: 'raw_material', unit: 'KG', barcode: '6905678900011', min: '100', safety: '40', max: '500', reorder: '200', lead: 5, cost: '12.00', lot: true, warehouse: 'RM' },
  { code: 'RM-MT-002', name: '水性木器漆', model: 'WB-200', spec: '哑光清漆', category: 'MRO', type: 'raw_material', unit: 'L', barcode: '6905678900028', min: '80', safety: '30', max: '400', reorder: '150', lead: 7, cost: '45.00', lot: true, warehouse: 'RM' },
  { code: 'PK-001', name: '五层瓦楞纸箱', spec: '1200×450×120mm', category: 'PK', type: 'raw_material', unit: 'EA', conversions: { PACK: '20' }, barcode: '6906789000014', min: '500', safety: '200', max: '3000', reorder: '1000', lead: 5, cost: '8.60', warehouse: 'RM' },
  { code: 'PK-002', name: 'EPE 珍珠棉护角', spec: '50×50×50mm', category: 'PK', type: 'raw_material', unit: 'EA', conversions: { PACK: '200' }, barcode: '6906789000021', min: '4000', safety: '2000', max: '20000', reorder: '8000', lead: 5, cost: '0.12', warehouse: 'RM' },
  { code: 'PK-003', name: '缠绕膜', spec: '50cm×300m', category: 'PK', type: 'raw_material', unit: 'ROLL', barcode: '6906789000038', min: '30', safety: '10', max: '150', reorder: '60', lead: 3, cost: '35.00', warehouse: 'RM' },
  { code: 'SF-001', name: '书桌桌面组件', spec: '1200×600 橡木饰面', category: 'SF', type: 'semi_finished', unit: 'EA', barcode: '6907890100017', min: '20', safety: '10', max: '120', reorder: '40', lead: 3, cost: '186.00', warehouse: 'FG' },
  { code: 'SF-002', name: '抽屉组件', spec: '450mm 带滑轨', category: 'SF', type: 'semi_finished', unit: 'EA', barcode: '6907890100024', min: '40', safety: '20', max: '200', reorder: '80', lead: 2, cost: '58.00', warehouse: 'FG' },
  { code: 'SF-003', name: '灯板组件', model: 'LB-12W', spec: '含驱动', category: 'SF', type: 'semi_finished', unit: 'EA', barcode: '6907890100031', min: '100', safety: '50', max: '600', reorder: '200', lead: 2, cost: '32.50', lot: true, warehouse: 'FG' },
  { code: 'FG-DK-1200', name: '橡木书桌', model: 'ZM-DK1200', spec: '1200×600×750mm', category: 'FG-FURN', type: 'finished', unit: 'SET', barcode: '6908901200014', min: '10', safety: '5', max: '80', reorder: '20', lead: 5, cost: '560.00', warehouse: 'FG' },
  { code: 'FG-CB-800', name: '三斗边柜', model: 'ZM-CB800', spec: '800×400×720mm', category: 'FG-FURN', type: 'finished', unit: 'SET', barcode: '6908901200021', min: '10', safety: '4', max: '60', reorder: '20', lead: 5, cost: '420.00', warehouse: 'FG' },
  { code: 'FG-SF-3S', name: '三人位科技布沙发', model: 'ZM-SF3', spec: '2100×900×850mm 浅灰', category: 'FG-FURN', type: 'finished', unit: 'SET', barcode: '6908901200038', min: '4', safety: '2', max: '30', reorder: '8', lead: 10, cost: '1580.00', warehouse: 'FG' },
  { code: 'FG-LP-01', name: '智能护眼台灯', model: 'ZM-L1', spec: '12W 蓝牙调光', category: 'FG-LAMP', type: 'finished', unit: 'EA', conversions: { BOX: '10' }, barcode: '6908901200045', boxBarcode: '6908901200052', min: '100', safety: '50', max: '800', reorder: '200', lead: 4, cost: '96.00', serial: true, warehouse: 'FG' },
  { code: 'FG-LP-02', name: '木艺氛围落地灯', model: 'ZM-L2', spec: '橡木灯杆 1600mm', category: 'FG-LAMP', type: 'finished', unit: 'EA', conversions: { BOX: '4' }, barcode: '6908901200069', min: '30', safety: '10', max: '200', reorder: '60', lead: 6, cost: '238.00', serial: true, warehouse: 'FG' },
  { code: 'SV-INSTALL', name: '上门安装服务', category: 'FG', type: 'service', unit: 'EA', cost: '80.00', warehouse: 'FG' },
]

const BINS: Record<'RM' | 'FG', Array<[code: string, name: string, parent: string | null, kind?: string]>> = {
  RM: [
    ['A', 'A 区 板材', null, 'view'], ['A-01', 'A-01 板材货架', 'A'], ['A-02', 'A-02 板材货架', 'A'],
    ['B', 'B 区 五金电子', null, 'view'], ['B-01-01', 'B-01 层1', 'B'], ['B-01-02', 'B-01 层2', 'B'], ['B-02-01', 'B-02 层1 电子料（防静电）', 'B'],
    ['C-01', 'C-01 面料辅料', null], ['PK-01', '包材区', null],
  ],
  FG: [
    ['F-01', 'F-01 家具成品', null], ['F-02', 'F-02 家具成品', null], ['L-01', 'L-01 灯具成品', null], ['SF-01', 'SF-01 半成品暂存', null], ['SHIP', '发货暂存区', null],
  ],
}

// Which permissions each demo role holds (insert-if-missing).
const ALL = [
  'inventory.item.view', 'inventory.item.create', 'inventory.item.edit', 'inventory.item.delete', 'inventory.category.manage', 'inventory.unit.manage',
  'inventory.warehouse.view', 'inventory.warehouse.manage', 'inventory.stock.view', 'inventory.valuation.view',
]
const VIEW = ['inventory.item.view', 'inventory.warehouse.view', 'inventory.stock.view']
const GRANTS: Record<string, string[]> = {
  storekeeper: ALL,
  planner: VIEW,
  buyer: [...VIEW, 'inventory.valuation.view'],
  gm: [...VIEW, 'inventory.valuation.view'],
  director: [...VIEW, 'inventory.valuation.view'],
  accountant: [...VIEW, 'inventory.valuation.view'],
  sales: VIEW,
}

const micros = (v: string | undefined) => (v === undefined ? null : Quantity.of(v).toMicros().toString())

export default class extends BaseSeeder {
  async run() {
    await this.client.transaction(async (trx) => {
      const now = dbTimestamp(new Date(), trx)
      const id = (row: any) => Number(typeof row === 'object' ? row.id : row)

      for (const u of UNITS) {
        if (!(await trx.from('inventory_units').where('code', u.code).first())) await trx.table('inventory_units').insert({ ...u, created_at: now })
      }
      const unitIds = new Map<string, number>((await trx.from('inventory_units')).map((u: any) => [u.code, Number(u.id)]))

      const categoryIds = new Map<string, number>()
      for (const [code, name, parent] of CATEGORIES) {
        const existing = await trx.from('inventory_categories').where('code', code).first()
        if (existing) {
          categoryIds.set(code, Number(existing.id))
          continue
        }
        const parentRow = parent ? await trx.from('inventory_categories').where('id', categoryIds.get(parent)!).first() : null
        const [row] = await trx.table('inventory_categories').insert({ parent_id: parentRow?.id ?? null, code, name, path: '/', created_at: now, updated_at: now }).returning('id')
        const newId = id(row)
        await trx.from('inventory_categories').where('id', newId).update({ path: `${parentRow ? parentRow.path : '/'}${newId}/` })
        categoryIds.set(code, newId)
      }

      const warehouseIds = new Map<string, number>()
      for (const [code, name, address] of [['RM', '原料仓', '苏州市吴中区木渎镇金枫南路 88 号 1 号库'], ['FG', '成品仓', '苏州市吴中区木渎镇金枫南路 88 号 2 号库']]) {
        const existing = await trx.from('inventory_warehouses').where('code', code).first()
        warehouseIds.set(code, existing ? Number(existing.id) : await createWarehouse(trx, { code, name, address }))
        const warehouseId = warehouseIds.get(code)!
        const root = await trx.from('inventory_locations').where({ warehouse_id: warehouseId, parent_id: null }).first()
        for (const [bin, binName, parent, kind] of BINS[code as 'RM' | 'FG']) {
          if (await trx.from('inventory_locations').where({ warehouse_id: warehouseId, code: bin }).first()) continue
          const parentRow = parent ? await trx.from('inventory_locations').where({ warehouse_id: warehouseId, code: parent }).first() : root
          const [row] = await trx
            .table('inventory_locations')
            .insert({
              warehouse_id: warehouseId, parent_id: parentRow.id, code: bin, full_code: `${code}/${bin}`, name: binName, kind: kind ?? 'internal',
              barcode: kind === 'view' ? null : `LOC-${code}-${bin}`, path: '/', active: true, created_at: now, updated_at: now,
            })
            .returning('id')
          await trx.from('inventory_locations').where('id', id(row)).update({ path: `${parentRow.path}${id(row)}/` })
        }
      }

      for (const item of ITEMS) {
        if (await trx.from('inventory_items').where('code', item.code).first()) continue
        const [row] = await trx
          .table('inventory_items')
          .insert({
            code: item.code, name: item.name, model: item.model ?? null, specification: item.spec ?? null, category_id: categoryIds.get(item.category) ?? null,
            item_type: item.type, base_unit_id: unitIds.get(item.unit), lot_tracked: item.lot ?? false, serial_tracked: item.serial ?? false,
            requires_inspection: item.iqc ?? false, default_warehouse_id: warehouseIds.get(item.warehouse), min_qty: micros(item.min), max_qty: micros(item.max),
            safety_stock: micros(item.safety), reorder_qty: micros(item.reorder), lead_time_days: item.lead ?? null,
            standard_cost: item.cost ? Money.of(item.cost).toMicros().toString() : null, costing_method: 'moving_average', active: true, created_at: now, updated_at: now,
          })
          .returning('id')
        const itemId = id(row)
        for (const [unit, factor] of Object.entries(item.conversions ?? {})) {
          await trx.table('inventory_item_units').insert({ item_id: itemId, unit_id: unitIds.get(unit), factor: micros(factor) })
        }
        if (item.barcode) await trx.table('inventory_item_barcodes').insert({ item_id: itemId, barcode: item.barcode, unit_id: null })
        const packing = Object.keys(item.conversions ?? {})[0]
        if (item.boxBarcode && packing) await trx.table('inventory_item_barcodes').insert({ item_id: itemId, barcode: item.boxBarcode, unit_id: unitIds.get(packing) })
      }

      for (const [roleCode, permissions] of Object.entries(GRANTS)) {
        const role = await trx.from('roles').where('code', roleCode).first()
        if (!role) continue
        for (const permission of permissions) {
          if (await trx.from('role_permissions').where({ role_id: role.id, permission }).first()) continue
          await trx.table('role_permissions').insert({ role_id: role.id, permission, scope: 'all' })
        }
      }
    })
  }
}
