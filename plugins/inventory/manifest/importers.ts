/*
 * Inventory's dataset importers (`node ace import:adventureworks <dir>`):
 * units, categories, items, warehouse AW with its locations, opening balances.
 */
import type { ManifestPart } from '#kernel/plugins/manifest_parts'

export const importersPart: ManifestPart = {
  datasetImporters: [
    {
      dataset: 'adventureworks',
      file: 'importers/adventureworks.ts',
      label: { 'zh-CN': '计量单位、物料分类、物料、AW 仓库与仓位、期初库存', 'en': 'Units, categories, items, warehouse AW with its locations, opening stock' },
      tables: [
        'Production.UnitMeasure',
        'Production.ProductCategory',
        'Production.ProductSubcategory',
        'Production.ProductModel',
        'Production.Product',
        'Production.Location',
        'Production.ProductInventory',
      ],
    },
  ],
}
