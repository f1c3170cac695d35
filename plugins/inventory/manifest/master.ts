/*
 * Master data: items, categories, units, warehouses and locations, and the
 * stock figures everyone may look at.
 */
import type { ManifestPart } from '#kernel/plugins/manifest_parts'
import type { RecordFieldDeclaration } from '#kernel/plugins/define_plugin'

const L = (zh: string, en: string) => ({ 'zh-CN': zh, 'en': en })

const ITEM_TYPE_OPTIONS = [
  { value: 'raw_material', label: L('原材料', 'Raw material') },
  { value: 'semi_finished', label: L('半成品', 'Semi-finished') },
  { value: 'finished', label: L('成品', 'Finished good') },
  { value: 'service', label: L('服务', 'Service') },
  { value: 'non_stock', label: L('非库存', 'Non-stock') },
]

/** The item's fields for the generic engines (import, export, REST API, approvals, automation). */
const ITEM_FIELDS: RecordFieldDeclaration[] = [
  { name: 'code', kind: 'text', label: L('物料编码', 'Item code'), required: true, maxLength: 60 },
  { name: 'name', kind: 'text', label: L('物料名称', 'Item name'), required: true, maxLength: 200 },
  { name: 'model', kind: 'text', label: L('型号', 'Model'), maxLength: 120 },
  { name: 'specification', kind: 'text', label: L('规格', 'Specification'), maxLength: 255 },
  { name: 'category_id', kind: 'reference', reference: 'inventory.category', label: L('物料分类', 'Category') },
  { name: 'item_type', kind: 'select', label: L('物料类型', 'Item type'), options: ITEM_TYPE_OPTIONS },
  { name: 'base_unit_id', kind: 'reference', reference: 'inventory.unit', label: L('基本单位', 'Base unit'), required: true },
  { name: 'lot_tracked', kind: 'boolean', label: L('批次管理', 'Lot tracked') },
  { name: 'serial_tracked', kind: 'boolean', label: L('序列号管理', 'Serial tracked') },
  { name: 'requires_inspection', kind: 'boolean', label: L('来料检验', 'Requires inspection') },
  { name: 'default_warehouse_id', kind: 'reference', reference: 'inventory.warehouse', label: L('默认仓库', 'Default warehouse') },
  { name: 'min_qty', kind: 'quantity', label: L('最低库存', 'Minimum stock') },
  { name: 'max_qty', kind: 'quantity', label: L('最高库存', 'Maximum stock') },
  { name: 'safety_stock', kind: 'quantity', label: L('安全库存', 'Safety stock') },
  { name: 'reorder_qty', kind: 'quantity', label: L('再订货量', 'Reorder quantity') },
  { name: 'standard_cost', kind: 'money', label: L('标准成本', 'Standard cost') },
  {
    name: 'costing_method', kind: 'select', label: L('计价方法', 'Costing method'),
    options: [{ value: 'moving_average', label: L('移动加权平均', 'Moving average') }, { value: 'fifo', label: L('先进先出', 'FIFO') }],
  },
  { name: 'active', kind: 'boolean', label: L('启用', 'Active') },
  { name: 'created_at', kind: 'datetime', label: L('创建时间', 'Created at'), readonly: true },
]

export const masterPart: ManifestPart = {
  permissions: [
    { code: 'inventory.item.view', label: L('查看物料', 'View items'), scoped: true },
    { code: 'inventory.item.create', label: L('新建物料', 'Create items') },
    { code: 'inventory.item.edit', label: L('编辑物料', 'Edit items'), scoped: true },
    { code: 'inventory.item.delete', label: L('删除物料', 'Delete items'), scoped: true },
    { code: 'inventory.category.manage', label: L('维护物料分类', 'Manage item categories') },
    { code: 'inventory.unit.manage', label: L('维护计量单位', 'Manage units of measure') },
    { code: 'inventory.warehouse.view', label: L('查看仓库与仓位', 'View warehouses and locations') },
    { code: 'inventory.warehouse.manage', label: L('维护仓库与仓位', 'Manage warehouses and locations') },
    { code: 'inventory.stock.view', label: L('查看库存', 'View stock') },
    { code: 'inventory.valuation.view', label: L('查看库存成本与金额', 'View stock costs and values') },
  ],
  fieldPermissions: [{ field: 'inventory.item.standard_cost', label: L('标准成本', 'Standard cost') }],
  menu: [
    { key: 'inventory', label: 'inventory.menu.root', route: 'inventory.items.index', permission: 'inventory.item.view', order: 400, icon: 'box' },
    { key: 'items', parent: 'inventory', label: 'inventory.menu.items', route: 'inventory.items.index', permission: 'inventory.item.view', order: 401 },
    { key: 'categories', parent: 'inventory', label: 'inventory.menu.categories', route: 'inventory.categories.index', permission: 'inventory.item.view', order: 402 },
    { key: 'units', parent: 'inventory', label: 'inventory.menu.units', route: 'inventory.units.index', permission: 'inventory.item.view', order: 403 },
    { key: 'warehouses', parent: 'inventory', label: 'inventory.menu.warehouses', route: 'inventory.warehouses.index', permission: 'inventory.warehouse.view', order: 404 },
  ],
  records: [
    {
      type: 'inventory.item',
      label: L('物料', 'Item'),
      table: 'inventory_items',
      permissionPrefix: 'inventory.item',
      titleField: 'name',
      detailRoute: 'inventory.items.show',
      fields: ITEM_FIELDS,
      actions: {
        create: async (values, { user }) => {
          const { createItem, storedToInput, asRecordInputError } = await import('../services/item_master.js')
          return asRecordInputError(() => createItem(storedToInput(values), user))
        },
        update: async (id, values, { user }) => {
          const { itemAsInput, storedToInput, updateItem, asRecordInputError } = await import('../services/item_master.js')
          const current = await itemAsInput(Number(id))
          await asRecordInputError(() => updateItem(Number(id), { ...current, ...storedToInput(values) }, user))
        },
      },
    },
  ],
  printTemplates: {
    'inventory.location_labels': {
      view: 'inventory::print/location_labels',
      permission: 'inventory.warehouse.view',
      load: async (id) => {
        const { locationLabels } = await import('../services/location_master.js')
        return locationLabels(Number(id))
      },
      title: (data, ctx) => `${data.warehouse.code} ${ctx.i18n.t('inventory_master.locations.labels')}`,
    },
  },
  seeders: ['database/seeders/demo_inventory_master.ts'],
}
