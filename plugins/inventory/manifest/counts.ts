/*
 * Stock counts (盘点单) and stock alerts: permissions, the count document
 * with its hooks (variance on submit, adjustment on post, freeze released on
 * post / cancel), the hourly alert job, the low-stock workbench widget and
 * the demo count. Code: services/count_service.ts, services/stock_alerts.ts.
 */
import type { ManifestPart } from '#kernel/plugins/manifest_parts'
import type { DocumentHookEvent } from '#kernel/plugins/define_plugin'
import { afterCancelCount, afterPostCount, beforeSubmitCount, postCountAdjustments } from '../services/count_service.js'
import { latestAlerts } from '../services/stock_alerts.js'

export const countsPart: ManifestPart = {
  permissions: [
    { code: 'inventory.count.view', label: { 'zh-CN': '查看盘点单', 'en': 'View stock counts' } },
    { code: 'inventory.count.create', label: { 'zh-CN': '新建并开始盘点', 'en': 'Create and start stock counts' } },
    { code: 'inventory.count.count', label: { 'zh-CN': '录入盘点数量', 'en': 'Enter counted quantities' } },
    { code: 'inventory.count.post', label: { 'zh-CN': '提交并过账盘点差异', 'en': 'Submit and post count variances' } },
    { code: 'inventory.count.cancel', label: { 'zh-CN': '作废盘点单', 'en': 'Cancel stock counts' } },
  ],
  menu: [
    { key: 'counts', label: 'inventory_counts.menu.counts', route: 'inventory.counts.index', permission: 'inventory.count.view', order: 430, icon: 'document' },
  ],
  documents: [
    {
      type: 'inventory.count',
      label: { 'zh-CN': '盘点单', 'en': 'Stock count' },
      numberPattern: 'PD-{YYYY}-{#####}',
      resetYearly: true,
      table: 'inventory_counts',
      permissionPrefix: 'inventory.count',
      posts: true,
      detailRoute: 'inventory.counts.show',
      model: () => import('../models/inventory_count.js'),
      fields: [
        { name: 'count_date', kind: 'date', label: { 'zh-CN': '盘点日期', 'en': 'Count date' }, required: true },
        {
          name: 'mode', kind: 'select', label: { 'zh-CN': '盘点方式', 'en': 'Mode' }, required: true,
          options: [
            { value: 'open', label: { 'zh-CN': '明盘', 'en': 'Open' } },
            { value: 'blind', label: { 'zh-CN': '暗盘', 'en': 'Blind' } },
          ],
        },
        { name: 'variance_value', kind: 'money', label: { 'zh-CN': '差异金额（净额）', 'en': 'Variance value (net)' }, readonly: true },
        { name: 'variance_abs_value', kind: 'money', label: { 'zh-CN': '差异金额（绝对值合计）', 'en': 'Variance value (absolute)' }, readonly: true },
        { name: 'variance_lines', kind: 'number', label: { 'zh-CN': '差异行数', 'en': 'Lines with a variance' }, readonly: true },
        { name: 'note', kind: 'text', label: { 'zh-CN': '备注', 'en': 'Note' }, maxLength: 255 },
      ],
    },
  ],
  hooks: {
    'inventory.count': {
      beforeSubmit: (event: DocumentHookEvent) => beforeSubmitCount(event.document, event.trx),
      beforePost: (event: DocumentHookEvent) => postCountAdjustments(event.document, event.trx, event.userId),
      afterPost: (event: DocumentHookEvent) => afterPostCount(event.document, event.trx),
      afterCancel: (event: DocumentHookEvent) => afterCancelCount(event.document, event.from, event.trx, event.userId),
    },
  },
  jobs: [{ name: 'stock_alerts', file: 'jobs/stock_alerts.ts', cron: '0 * * * *', label: 'inventory_counts.jobs.stock_alerts' }],
  slots: {
    'workbench.widgets': [
      {
        view: 'inventory::widgets/low_stock',
        title: 'inventory_counts.widget.title',
        permission: 'inventory.stock.view',
        order: 40,
        data: async () => ({ lowStock: await latestAlerts(8) }),
      },
    ],
  },
  printTemplates: {
    'inventory.count': {
      view: 'inventory::print/count_sheet',
      permission: 'inventory.count.view',
      paper: 'A4',
      load: async (id, ctx) => {
        const { countSheetData } = await import('../services/count_pages.js')
        return countSheetData(Number(id), ctx)
      },
      title: (data) => `${data.count.label}`,
    },
  },
  seeders: ['database/seeders/demo_counts.ts'],
}
