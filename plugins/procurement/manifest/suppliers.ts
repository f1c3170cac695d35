/*
 * Suppliers: master data, qualifications, price agreements, scores.
 */
import type { ManifestPart } from '#kernel/plugins/manifest_parts'

export const suppliersPart: ManifestPart = {
  permissions: [
    { code: 'procurement.supplier.view', label: { 'zh-CN': '查看供应商', 'en': 'View suppliers' }, scoped: true },
    { code: 'procurement.supplier.create', label: { 'zh-CN': '新建供应商', 'en': 'Create suppliers' } },
    { code: 'procurement.supplier.edit', label: { 'zh-CN': '编辑供应商', 'en': 'Edit suppliers' }, scoped: true },
    { code: 'procurement.supplier.delete', label: { 'zh-CN': '删除供应商', 'en': 'Delete suppliers' }, scoped: true },
  ],
}
