/*
 * Stock reports under /inventory/reports (docs/inventory-reports.md): each a
 * page (htmx fragment on filter/sort/page) and its CSV/XLSX export. Anyone who
 * may view stock may run them; values show only with inventory.valuation.view.
 */
import type { Router } from '@adonisjs/core/http'
import { middleware } from '#start/kernel'

const ReportsController = () => import('../controllers/reports_controller.js')

const PAGES = [
  ['balance', 'balance', 'balance'],
  ['ledger', 'ledger', 'ledger'],
  ['ageing', 'ageing', 'ageing'],
  ['turnover', 'turnover', 'turnover'],
  ['slow-moving', 'slow_moving', 'slowMoving'],
  ['warehouse-value', 'warehouse_value', 'warehouseValue'],
] as const

export default (router: Router) => {
  const can = middleware.can({ permission: 'inventory.stock.view' })
  for (const [path, name, method] of PAGES) {
    router.get(`/reports/${path}`, [ReportsController, method]).as(`reports.${name}`).use(can)
    router.get(`/reports/${path}/export`, [ReportsController, `${method}Export`]).as(`reports.${name}_export`).use(can)
  }
}
