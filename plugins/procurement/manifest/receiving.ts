/*
 * Receiving: receipts against purchase orders with incoming inspection
 * (IQC), returns to supplier, supplier bills with the 3-way match, and the
 * material side of subcontracting. Design: docs/decisions/020-procurement-receiving.md.
 */
import type { ManifestPart } from '#kernel/plugins/manifest_parts'
import { cancelReceipt, postReceipt } from '../services/receipts.js'
import { cancelInspection, postInspection } from '../services/inspections.js'
import { cancelReturn, postReturn } from '../services/returns.js'
import { cancelBill, checkBillBeforePost, postBill } from '../services/bills.js'
import { cancelMaterialIssue, postMaterialIssue } from '../services/subcontracting.js'
import { loadReturnForPrint } from '../controllers/returns_controller.js'

export const receivingPart: ManifestPart = {
  permissions: [
    { code: 'procurement.receipt.view', label: { 'zh-CN': '查看到货单', 'en': 'View receipts' }, scoped: true },
    { code: 'procurement.receipt.create', label: { 'zh-CN': '采购收货入库', 'en': 'Receive purchase orders' } },
    { code: 'procurement.receipt.cancel', label: { 'zh-CN': '作废到货单', 'en': 'Cancel receipts' }, scoped: true },
    { code: 'procurement.inspection.view', label: { 'zh-CN': '查看来料检验', 'en': 'View incoming inspections' } },
    { code: 'procurement.inspection.perform', label: { 'zh-CN': '执行来料检验', 'en': 'Perform incoming inspections' } },
    { code: 'procurement.return.view', label: { 'zh-CN': '查看采购退货', 'en': 'View returns to supplier' }, scoped: true },
    { code: 'procurement.return.create', label: { 'zh-CN': '采购退货', 'en': 'Return goods to suppliers' } },
    { code: 'procurement.return.cancel', label: { 'zh-CN': '作废采购退货', 'en': 'Cancel returns to supplier' }, scoped: true },
    { code: 'procurement.bill.view', label: { 'zh-CN': '查看供应商发票', 'en': 'View supplier bills' }, scoped: true },
    { code: 'procurement.bill.create', label: { 'zh-CN': '录入供应商发票', 'en': 'Enter supplier bills' } },
    { code: 'procurement.bill.post', label: { 'zh-CN': '过账供应商发票', 'en': 'Post supplier bills' }, scoped: true },
    { code: 'procurement.bill.cancel', label: { 'zh-CN': '作废供应商发票', 'en': 'Cancel supplier bills' }, scoped: true },
    { code: 'procurement.subcontract.view', label: { 'zh-CN': '查看委外加工', 'en': 'View subcontracting' } },
    { code: 'procurement.subcontract.manage', label: { 'zh-CN': '委外发料与用料维护', 'en': 'Send materials to subcontractors' } },
  ],
  menu: [
    { key: 'receipts', label: 'procurement_receiving.menu.receipts', route: 'procurement.receipts.index', permission: 'procurement.receipt.view', parent: 'procurement', order: 460, icon: 'inbox' },
    { key: 'inspections', label: 'procurement_receiving.menu.inspections', route: 'procurement.inspections.index', permission: 'procurement.inspection.view', parent: 'procurement', order: 461 },
    { key: 'returns', label: 'procurement_receiving.menu.returns', route: 'procurement.returns.index', permission: 'procurement.return.view', parent: 'procurement', order: 462 },
    { key: 'bills', label: 'procurement_receiving.menu.bills', route: 'procurement.bills.index', permission: 'procurement.bill.view', parent: 'procurement', order: 463 },
    { key: 'subcontracting', label: 'procurement_receiving.menu.subcontracting', route: 'procurement.subcontracting.index', permission: 'procurement.subcontract.view', parent: 'procurement', order: 464 },
  ],
  documents: [
    {
      type: 'procurement.receipt',
      label: { 'zh-CN': '采购到货单', 'en': 'Purchase receipt' },
      numberPattern: 'GR-{YYYY}-{#####}',
      resetYearly: true,
      table: 'procurement_receipts',
      permissionPrefix: 'procurement.receipt',
      posts: true,
      detailRoute: 'procurement.receipts.show',
      model: () => import('../models/receipt.js'),
    },
    {
      type: 'procurement.inspection',
      label: { 'zh-CN': '来料检验单', 'en': 'Incoming inspection' },
      numberPattern: 'IQC-{YYYY}-{#####}',
      resetYearly: true,
      table: 'procurement_inspections',
      permissionPrefix: 'procurement.inspection',
      posts: true,
      model: () => import('../models/inspection.js'),
    },
    {
      type: 'procurement.return',
      label: { 'zh-CN': '采购退货单', 'en': 'Return to supplier' },
      numberPattern: 'RTV-{YYYY}-{#####}',
      resetYearly: true,
      table: 'procurement_returns',
      permissionPrefix: 'procurement.return',
      posts: true,
      detailRoute: 'procurement.returns.show',
      model: () => import('../models/supplier_return.js'),
    },
    {
      type: 'procurement.bill',
      label: { 'zh-CN': '供应商发票', 'en': 'Supplier bill' },
      numberPattern: 'AP-{YYYY}-{#####}',
      resetYearly: true,
      table: 'procurement_bills',
      permissionPrefix: 'procurement.bill',
      posts: true,
      titleField: 'supplier_name',
      detailRoute: 'procurement.bills.show',
      model: () => import('../models/bill.js'),
      fields: [
        { name: 'supplier_name', kind: 'text', label: { 'zh-CN': '供应商', 'en': 'Supplier' }, readonly: true },
        { name: 'invoice_number', kind: 'text', label: { 'zh-CN': '发票号', 'en': 'Invoice number' }, readonly: true },
        { name: 'invoice_date', kind: 'date', label: { 'zh-CN': '发票日期', 'en': 'Invoice date' }, readonly: true },
        { name: 'total', kind: 'money', label: { 'zh-CN': '价税合计', 'en': 'Total' }, readonly: true },
        { name: 'has_mismatch', kind: 'boolean', label: { 'zh-CN': '三单匹配差异', 'en': 'Has a 3-way mismatch' }, readonly: true },
        { name: 'mismatch_amount', kind: 'money', label: { 'zh-CN': '差异金额', 'en': 'Mismatch amount' }, readonly: true },
      ],
    },
    {
      type: 'procurement.material_issue',
      label: { 'zh-CN': '委外发料单', 'en': 'Materials to subcontractor' },
      numberPattern: 'SCI-{YYYY}-{#####}',
      resetYearly: true,
      table: 'procurement_material_issues',
      permissionPrefix: 'procurement.subcontract',
      posts: true,
      model: () => import('../models/material_issue.js'),
    },
  ],
  hooks: {
    'procurement.receipt': { afterPost: postReceipt, beforeCancel: cancelReceipt },
    'procurement.inspection': { afterPost: postInspection, beforeCancel: cancelInspection },
    'procurement.return': { afterPost: postReturn, beforeCancel: cancelReturn },
    'procurement.bill': { beforePost: checkBillBeforePost, afterPost: postBill, beforeCancel: cancelBill },
    'procurement.material_issue': { afterPost: postMaterialIssue, beforeCancel: cancelMaterialIssue },
  },
  printTemplates: {
    'procurement.return': {
      view: 'procurement::print/return',
      permission: 'procurement.return.view',
      load: loadReturnForPrint,
      title: (data) => `${data.doc.number}`,
    },
  },
  seeders: ['database/seeders/receiving_seeder.ts'],
}
