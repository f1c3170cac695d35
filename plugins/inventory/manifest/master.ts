/*
 * Master data: items, categories, units, warehouses and locations, and the
 * stock figures everyone may look at.
 */
import type { ManifestPart } from '#kernel/plugins/manifest_parts'

export const masterPart: ManifestPart = {
  permissions: [
    { code: 'inventory.item.view', label: { 'zh-CN': '查看物料', 'en': 'View items' }, scoped: true },
    { code: 'inventory.item.create', label: { 'zh-CN': '新建物料', 'en': 'Create items' } },
    { code: 'inventory.item.edit', label: { 'zh-CN': '编辑物料', 'en': 'Edit items' }, scoped: true },
    { code: 'inventory.item.delete', label: { 'zh-CN': '删除物料', 'en': 'Delete items' }, scoped: true },
    { code: 'inventory.warehouse.view', label: { 'zh-CN': '查看仓库与仓位', 'en': 'View warehouses and locations' } },
    { code: 'inventory.warehouse.manage', label: { 'zh-CN': '维护仓库与仓位', 'en': 'Manage warehouses and locations' } },
    { code: 'inventory.stock.view', label: { 'zh-CN': '查看库存', 'en': 'View stock' } },
    { code: 'inventory.valuation.view', label: { 'zh-CN': '查看库存成本与金额', 'en': 'View stock costs and values' } },
  ],
  // menu: added with the pages (root 'inventory' order 400, 'items' 401 …)
}
