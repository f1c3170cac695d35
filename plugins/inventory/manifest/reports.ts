/*
 * Stock reports: balance (current / at a date), ledger with running balance,
 * ageing, turnover, slow-moving, value by warehouse (docs/inventory-reports.md),
 * and the report-builder sources for balance and ledger.
 */
import type { ManifestPart } from '#kernel/plugins/manifest_parts'

export const reportsPart: ManifestPart = {
  menu: [
    { key: 'report_balance', parent: 'inventory', label: 'inventory_reports.menu.balance', route: 'inventory.reports.balance', permission: 'inventory.stock.view', order: 430 },
    { key: 'report_ledger', parent: 'inventory', label: 'inventory_reports.menu.ledger', route: 'inventory.reports.ledger', permission: 'inventory.stock.view', order: 431 },
    { key: 'report_ageing', parent: 'inventory', label: 'inventory_reports.menu.ageing', route: 'inventory.reports.ageing', permission: 'inventory.stock.view', order: 432 },
    { key: 'report_turnover', parent: 'inventory', label: 'inventory_reports.menu.turnover', route: 'inventory.reports.turnover', permission: 'inventory.stock.view', order: 433 },
    { key: 'report_slow_moving', parent: 'inventory', label: 'inventory_reports.menu.slow_moving', route: 'inventory.reports.slow_moving', permission: 'inventory.stock.view', order: 434 },
    { key: 'report_warehouse_value', parent: 'inventory', label: 'inventory_reports.menu.warehouse_value', route: 'inventory.reports.warehouse_value', permission: 'inventory.stock.view', order: 435 },
  ],
  seeders: ['database/seeders/demo_stock_reports.ts'],
  reportSources: [
    { id: 'inventory.stock_balance', label: { 'zh-CN': '库存余额', 'en': 'Stock balance' }, file: 'services/reports/sources/stock_balance.ts', permission: 'inventory.stock.view' },
    { id: 'inventory.stock_ledger', label: { 'zh-CN': '库存台账', 'en': 'Stock ledger' }, file: 'services/reports/sources/stock_ledger.ts', permission: 'inventory.stock.view' },
  ],
}
