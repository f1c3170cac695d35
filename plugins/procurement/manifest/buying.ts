/*
 * Buying: requisitions (请购单), purchase plans, RFQs (询价单) with the price
 * comparison (比价), purchase orders (采购订单) with approval and PDF.
 */
import type { ManifestPart } from '#kernel/plugins/manifest_parts'
import { orderHooks } from '../services/orders.js'
import { requisitionHooks, requisitionFromStockAlert } from '../services/requisitions.js'

const L = (zh: string, en: string) => ({ 'zh-CN': zh, 'en': en })

export const buyingPart: ManifestPart = {
  permissions: [
    { code: 'procurement.requisition.view', label: L('查看请购单', 'View requisitions'), scoped: true },
    { code: 'procurement.requisition.create', label: L('新建请购单', 'Create requisitions') },
    { code: 'procurement.requisition.edit', label: L('编辑请购单', 'Edit requisitions'), scoped: true },
    { code: 'procurement.plan.manage', label: L('采购计划下单', 'Turn plans into orders') },
    { code: 'procurement.rfq.view', label: L('查看询价单', 'View RFQs'), scoped: true },
    { code: 'procurement.rfq.create', label: L('新建询价单', 'Create RFQs') },
    { code: 'procurement.rfq.edit', label: L('编辑询价单、录入报价', 'Edit RFQs and enter quotes'), scoped: true },
    { code: 'procurement.order.view', label: L('查看采购订单', 'View purchase orders'), scoped: true },
    { code: 'procurement.order.create', label: L('新建采购订单', 'Create purchase orders') },
    { code: 'procurement.order.edit', label: L('编辑、提交采购订单', 'Edit and submit purchase orders'), scoped: true },
    { code: 'procurement.order.close', label: L('关闭、取消采购订单', 'Close and cancel purchase orders'), scoped: true },
  ],
  menu: [
    { key: 'requisitions', parent: 'procurement', label: 'procurement.menu.requisitions', route: 'procurement.requisitions.index', permission: 'procurement.requisition.view', order: 452 },
    { key: 'plans', parent: 'procurement', label: 'procurement.menu.plans', route: 'procurement.plans.index', permission: 'procurement.plan.manage', order: 453 },
    { key: 'rfqs', parent: 'procurement', label: 'procurement.menu.rfqs', route: 'procurement.rfqs.index', permission: 'procurement.rfq.view', order: 454 },
    { key: 'orders', parent: 'procurement', label: 'procurement.menu.orders', route: 'procurement.orders.index', permission: 'procurement.order.view', order: 455 },
  ],
  documents: [
    {
      type: 'procurement.requisition',
      label: L('请购单', 'Purchase requisition'),
      numberPattern: 'PR-{YYYY}-{#####}',
      resetYearly: true,
      table: 'procurement_requisitions',
      permissionPrefix: 'procurement.requisition',
      titleField: 'number',
      model: () => import('../models/procurement_requisition.js'),
      fields: [
        { name: 'source', kind: 'select', label: L('来源', 'Source'), options: [
          { value: 'manual', label: L('手工', 'Manual') }, { value: 'stock_alert', label: L('库存预警', 'Stock alert') }, { value: 'mrp', label: L('MRP', 'MRP') },
        ] },
        { name: 'requested_on', kind: 'date', label: L('请购日期', 'Requested on') },
        { name: 'total_quantity', kind: 'quantity', label: L('总数量', 'Total quantity'), readonly: true },
        { name: 'note', kind: 'text', label: L('备注', 'Note'), maxLength: 500 },
      ],
    },
    {
      type: 'procurement.rfq',
      label: L('询价单', 'Request for quotation'),
      numberPattern: 'RFQ-{YYYY}-{#####}',
      resetYearly: true,
      table: 'procurement_rfqs',
      permissionPrefix: 'procurement.rfq',
      titleField: 'title',
      approvable: false,
      model: () => import('../models/procurement_rfq.js'),
      fields: [
        { name: 'title', kind: 'text', label: L('标题', 'Title'), required: true, maxLength: 200 },
        { name: 'respond_by', kind: 'date', label: L('报价截止', 'Respond by') },
      ],
    },
    {
      type: 'procurement.order',
      label: L('采购订单', 'Purchase order'),
      numberPattern: 'PO-{YYYY}-{#####}',
      resetYearly: true,
      table: 'procurement_orders',
      permissionPrefix: 'procurement.order',
      titleField: 'supplier_name',
      model: () => import('../models/procurement_order.js'),
      fields: [
        { name: 'supplier_name', kind: 'text', label: L('供应商', 'Supplier'), readonly: true, maxLength: 200 },
        { name: 'supplier_grade', kind: 'select', label: L('供应商等级', 'Supplier grade'), readonly: true,
          options: ['A', 'B', 'C'].map((g) => ({ value: g, label: L(`${g}级`, `Grade ${g}`) })) },
        { name: 'kind', kind: 'select', label: L('类型', 'Kind'), readonly: true, options: [
          { value: 'standard', label: L('标准采购', 'Standard') }, { value: 'subcontract', label: L('委外加工', 'Subcontracting') },
        ] },
        { name: 'total', kind: 'money', label: L('金额', 'Total'), readonly: true },
        { name: 'order_date', kind: 'date', label: L('订单日期', 'Order date'), readonly: true },
        { name: 'expected_date', kind: 'date', label: L('预计到货', 'Expected date'), readonly: true },
        { name: 'note', kind: 'text', label: L('备注', 'Note'), maxLength: 500 },
      ],
    },
  ],
  hooks: {
    'procurement.order': orderHooks,
    'procurement.requisition': requisitionHooks,
  },
  listeners: {
    'inventory:stock.low': async (payload) => {
      await requisitionFromStockAlert(payload)
    },
  },
  printTemplates: {
    'procurement.order': {
      view: 'procurement::print/order',
      permission: 'procurement.order.view',
      load: async (id, ctx) => {
        const { orderPrintData } = await import('../services/order_print.js')
        return orderPrintData(Number(id), ctx)
      },
      title: (data: any) => (data.order.number ? `${data.order.number} ${data.order.supplier_name}` : data.order.supplier_name),
    },
  },
  seeders: ['database/seeders/demo_buying.ts'],
}
