/*
 * Procurement — suppliers and buying: supplier master and scores,
 * requisitions and plans, RFQs and price comparison, purchase orders,
 * receipts with incoming inspection, returns, 3-way matched supplier bills,
 * subcontracting. Stock moves go through inventory's api.ts.
 * Each area declares its part of the manifest next to its code (manifest/).
 */
import vine from '@vinejs/vine'
import { definePlugin } from '#kernel/plugins/define_plugin'
import { joinManifestParts } from '#kernel/plugins/manifest_parts'
import './api.js'
import { suppliersPart } from './manifest/suppliers.js'
import { importersPart } from './manifest/importers.js'
import { buyingPart } from './manifest/buying.js'
import { receivingPart } from './manifest/receiving.js'

export default definePlugin({
  id: 'procurement',
  version: '1.0.0',
  name: { 'zh-CN': '采购', 'en': 'Procurement' },
  description: {
    'zh-CN': '供应商、请购、询价比价、采购订单、到货检验、退货、对账与委外加工',
    'en': 'Suppliers, requisitions, RFQs and comparison, purchase orders, receipts with inspection, returns, bills and subcontracting',
  },
  depends: { kernel: '^1.0.0', inventory: '^1.0.0' },
  // Supplier score (services/scores.ts): weights of its parts and the grade thresholds, 0–100.
  settings: vine.object({
    scoreWeightOnTime: vine.number().min(0).max(100),
    scoreWeightQuality: vine.number().min(0).max(100),
    scoreWeightPrice: vine.number().min(0).max(100),
    gradeAThreshold: vine.number().min(0).max(100),
    gradeBThreshold: vine.number().min(0).max(100),
  }),
  settingsDefaults: { scoreWeightOnTime: 40, scoreWeightQuality: 40, scoreWeightPrice: 20, gradeAThreshold: 85, gradeBThreshold: 70 },
  ...joinManifestParts(suppliersPart, importersPart, buyingPart, receivingPart),
})
