/*
 * Suppliers: master data, qualifications, price agreements, scores.
 */
import type { ManifestPart } from '#kernel/plugins/manifest_parts'

const L = (zh: string, en: string) => ({ 'zh-CN': zh, 'en': en })

export const suppliersPart: ManifestPart = {
  permissions: [
    { code: 'procurement.supplier.view', label: L('查看供应商', 'View suppliers'), scoped: true },
    { code: 'procurement.supplier.create', label: L('新建供应商', 'Create suppliers') },
    { code: 'procurement.supplier.edit', label: L('编辑供应商', 'Edit suppliers'), scoped: true },
    { code: 'procurement.supplier.delete', label: L('删除供应商', 'Delete suppliers'), scoped: true },
  ],
  menu: [
    { key: 'root', label: 'procurement.menu.root', route: 'procurement.orders.index', icon: 'cart', order: 450, permission: 'procurement.order.view' },
    { key: 'suppliers', parent: 'root', label: 'procurement.menu.suppliers', route: 'procurement.suppliers.index', permission: 'procurement.supplier.view', order: 451 },
  ],
  records: [
    {
      type: 'procurement.supplier',
      label: L('供应商', 'Supplier'),
      table: 'procurement_suppliers',
      permissionPrefix: 'procurement.supplier',
      titleField: 'name',
      fields: [
        { name: 'code', kind: 'text', label: L('编码', 'Code'), required: true, maxLength: 40 },
        { name: 'name', kind: 'text', label: L('名称', 'Name'), required: true, maxLength: 200 },
        { name: 'short_name', kind: 'text', label: L('简称', 'Short name'), maxLength: 60 },
        { name: 'tax_number', kind: 'text', label: L('税号', 'Tax number'), maxLength: 40 },
        { name: 'phone', kind: 'text', label: L('电话', 'Phone'), maxLength: 40 },
        { name: 'email', kind: 'text', label: L('邮箱', 'E-mail'), maxLength: 160 },
        { name: 'address', kind: 'text', label: L('地址', 'Address'), maxLength: 255 },
        { name: 'payment_terms_days', kind: 'number', label: L('账期（天）', 'Payment terms (days)') },
        { name: 'bank_name', kind: 'text', label: L('开户行', 'Bank'), maxLength: 120 },
        { name: 'bank_account', kind: 'text', label: L('银行账号', 'Bank account'), maxLength: 60 },
        { name: 'bank_account_name', kind: 'text', label: L('账户名', 'Account name'), maxLength: 200 },
        {
          name: 'grade', kind: 'select', label: L('等级', 'Grade'), readonly: true,
          options: ['A', 'B', 'C'].map((g) => ({ value: g, label: L(`${g}级`, `Grade ${g}`) })),
        },
        { name: 'is_subcontractor', kind: 'boolean', label: L('委外加工商', 'Subcontractor') },
        { name: 'active', kind: 'boolean', label: L('启用', 'Active') },
        { name: 'owner_id', kind: 'user', label: L('负责人', 'Owner') },
        { name: 'department_id', kind: 'reference', reference: 'kernel.department', label: L('部门', 'Department') },
      ],
    },
  ],
  jobs: [{ name: 'supplier_scores', file: 'jobs/supplier_scores.ts', cron: '30 2 * * *', label: 'procurement_buying.jobs.supplier_scores' }],
  seeders: ['database/seeders/demo_suppliers.ts'],
}
