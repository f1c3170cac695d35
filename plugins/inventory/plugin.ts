/*
 * Inventory — the heart every other area reads: items, warehouses and
 * locations, the stock ledger with balances, reservations and valuation,
 * stock documents, counts, alerts and stock reports.
 * Each area declares its part of the manifest next to its code (manifest/).
 */
import { definePlugin } from '#kernel/plugins/define_plugin'
import { joinManifestParts } from '#kernel/plugins/manifest_parts'
import './api.js'
import { masterPart } from './manifest/master.js'
import { documentsPart } from './manifest/documents.js'
import { countsPart } from './manifest/counts.js'
import { importersPart } from './manifest/importers.js'
import { reportsPart } from './manifest/reports.js'

export default definePlugin({
  id: 'inventory',
  version: '1.0.0',
  name: { 'zh-CN': '库存', 'en': 'Inventory' },
  description: {
    'zh-CN': '物料、仓库与仓位、库存台账、出入库、调拨、盘点、预警与库存报表',
    'en': 'Items, warehouses and locations, the stock ledger, receipts, issues, transfers, counts, alerts and stock reports',
  },
  depends: { kernel: '^1.0.0' },
  ...joinManifestParts(masterPart, documentsPart, countsPart, importersPart, reportsPart),
})
