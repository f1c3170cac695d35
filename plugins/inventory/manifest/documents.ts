/*
 * Stock documents: receipts (其他入库), issues (其他出库/领料), transfers
 * (调拨, one- or two-step) and scraps (报废), with their permissions, menu,
 * document types, posting hooks, print templates and demo data.
 * Code: services/stock_documents.ts, controllers/stock_documents_controller.ts.
 */
import type { ManifestPart } from '#kernel/plugins/manifest_parts'
import type { DocumentTypeDeclaration, PrintTemplateDeclaration, RecordFieldDeclaration, LocalizedText } from '#kernel/plugins/define_plugin'
import { stockDocumentHooks } from '../services/stock_documents.js'
import { loadForPrint } from '../services/stock_document_views.js'

const perms = (kind: string, zh: string, en: string) => [
  { code: `inventory.${kind}.view`, label: { 'zh-CN': `查看${zh}`, 'en': `View ${en}` }, scoped: true },
  { code: `inventory.${kind}.create`, label: { 'zh-CN': `新建和编辑${zh}草稿`, 'en': `Create and edit draft ${en}` } },
  { code: `inventory.${kind}.post`, label: { 'zh-CN': `过账${zh}`, 'en': `Post ${en}` }, scoped: true },
  { code: `inventory.${kind}.cancel`, label: { 'zh-CN': `作废${zh}（冲销）`, 'en': `Cancel (reverse) ${en}` }, scoped: true },
]

const common = (purposes: Record<string, LocalizedText> | null, purposeLabel: LocalizedText): RecordFieldDeclaration[] => [
  { name: 'document_date', kind: 'date', label: { 'zh-CN': '单据日期', 'en': 'Document date' }, readonly: true },
  ...(purposes
    ? [{ name: 'purpose', kind: 'select' as const, label: purposeLabel, readonly: true, options: Object.entries(purposes).map(([value, label]) => ({ value, label })) }]
    : []),
  { name: 'reference', kind: 'text', label: { 'zh-CN': '参考单号', 'en': 'Reference' }, readonly: true, maxLength: 80 },
  { name: 'note', kind: 'textarea', label: { 'zh-CN': '备注', 'en': 'Note' }, readonly: true, maxLength: 500 },
]

const doc = (kind: string, label: LocalizedText, pattern: string, fields: RecordFieldDeclaration[], model: DocumentTypeDeclaration['model']): DocumentTypeDeclaration => ({
  type: `inventory.${kind}`,
  label,
  numberPattern: pattern,
  resetYearly: true,
  table: `inventory_${kind}s`,
  permissionPrefix: `inventory.${kind}`,
  posts: true,
  fields,
  titleField: 'number',
  // The document's page: the stock ledger report (and notifications) link to it.
  detailRoute: `inventory.${kind}s.show`,
  model,
})

const purposeLabel = { 'zh-CN': '业务类型', 'en': 'Purpose' }

const print = (kind: string, paper: 'A4' | 'A5' = 'A4'): PrintTemplateDeclaration => ({
  view: `inventory::print/stock_document`,
  permission: `inventory.${kind}.view`,
  paper,
  load: (id, ctx) => loadForPrint(kind as any, id, ctx),
  title: (data) => `${data.title} ${data.doc.number ?? ''}`.trim(),
})

export const documentsPart: ManifestPart = {
  permissions: [
    ...perms('receipt', '其他入库单', 'stock receipts'),
    ...perms('issue', '其他出库单', 'stock issues'),
    ...perms('transfer', '调拨单', 'stock transfers'),
    ...perms('scrap', '报废单', 'scrap documents'),
  ],
  menu: [
    { key: 'stock_docs', label: 'inventory_docs.menu.root', route: 'inventory.receipts.index', permission: 'inventory.receipt.view', order: 410, icon: 'box' },
    { key: 'receipts', parent: 'stock_docs', label: 'inventory_docs.menu.receipts', route: 'inventory.receipts.index', permission: 'inventory.receipt.view', order: 411 },
    { key: 'issues', parent: 'stock_docs', label: 'inventory_docs.menu.issues', route: 'inventory.issues.index', permission: 'inventory.issue.view', order: 412 },
    { key: 'transfers', parent: 'stock_docs', label: 'inventory_docs.menu.transfers', route: 'inventory.transfers.index', permission: 'inventory.transfer.view', order: 413 },
    { key: 'scraps', parent: 'stock_docs', label: 'inventory_docs.menu.scraps', route: 'inventory.scraps.index', permission: 'inventory.scrap.view', order: 414 },
  ],
  documents: [
    doc('receipt', { 'zh-CN': '其他入库单', 'en': 'Stock receipt' }, 'RK-{YYYY}{MM}-{####}', common({
      misc: { 'zh-CN': '其他入库', 'en': 'Miscellaneous receipt' },
      opening: { 'zh-CN': '期初入库', 'en': 'Opening balance' },
      supplier: { 'zh-CN': '供应商入库（无订单）', 'en': 'From a supplier (no order)' },
      production: { 'zh-CN': '生产入库', 'en': 'From production' },
      customer_supplied: { 'zh-CN': '客供料入库', 'en': 'Customer-supplied material' },
    }, purposeLabel), () => import('../models/inventory_receipt.js')),
    doc('issue', { 'zh-CN': '其他出库单', 'en': 'Stock issue' }, 'CK-{YYYY}{MM}-{####}', [
      ...common({
        production: { 'zh-CN': '生产领料', 'en': 'To production' },
        customer: { 'zh-CN': '发给客户', 'en': 'To a customer' },
        misc: { 'zh-CN': '其他出库', 'en': 'Miscellaneous issue' },
      }, purposeLabel),
      { name: 'cost_centre', kind: 'text', label: { 'zh-CN': '成本中心', 'en': 'Cost centre' }, readonly: true, maxLength: 60 },
    ], () => import('../models/inventory_issue.js')),
    doc('transfer', { 'zh-CN': '调拨单', 'en': 'Stock transfer' }, 'DB-{YYYY}{MM}-{####}', [
      ...common(null, purposeLabel),
      { name: 'two_step', kind: 'boolean', label: { 'zh-CN': '两步调拨（经在途）', 'en': 'Two-step (via in transit)' }, readonly: true },
    ], () => import('../models/inventory_transfer.js')),
    doc('scrap', { 'zh-CN': '报废单', 'en': 'Scrap' }, 'BF-{YYYY}{MM}-{####}', common({
      damaged: { 'zh-CN': '损坏', 'en': 'Damaged' },
      expired: { 'zh-CN': '过期', 'en': 'Expired' },
      quality: { 'zh-CN': '质量不合格', 'en': 'Failed quality' },
      other: { 'zh-CN': '其他', 'en': 'Other' },
    }, { 'zh-CN': '报废原因', 'en': 'Reason' }), () => import('../models/inventory_scrap.js')),
  ],
  hooks: stockDocumentHooks,
  printTemplates: {
    'inventory.receipt': print('receipt'),
    'inventory.issue': print('issue'),
    'inventory.transfer': print('transfer'),
    'inventory.scrap': print('scrap'),
  },
  seeders: ['database/seeders/demo_stock_documents.ts'],
}
