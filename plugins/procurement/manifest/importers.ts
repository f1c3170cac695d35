/*
 * Procurement's dataset importers (`node ace import:adventureworks <dir>`):
 * suppliers, price agreements, historical purchase orders. Runs after
 * inventory's (procurement depends on inventory), which makes the items.
 */
import type { ManifestPart } from '#kernel/plugins/manifest_parts'

export const importersPart: ManifestPart = {
  datasetImporters: [
    {
      dataset: 'adventureworks',
      file: 'importers/adventureworks.ts',
      label: { 'zh-CN': '供应商、供货价格协议、历史采购订单', 'en': 'Suppliers, price agreements, historical purchase orders' },
      tables: [
        'Production.Product',
        'Purchasing.Vendor',
        'Purchasing.ProductVendor',
        'Purchasing.PurchaseOrderHeader',
        'Purchasing.PurchaseOrderDetail',
      ],
    },
  ],
}
