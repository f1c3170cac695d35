/*
 * Who may run the stock reports: every page and export needs
 * inventory.stock.view (guests are sent to sign in, others get 403); the
 * value columns additionally need inventory.valuation.view (reports_figures).
 */
import { authorizationMatrix } from '#tests/helpers/authorization_matrix'

const PATHS = ['balance', 'ledger', 'ageing', 'turnover', 'slow-moving', 'warehouse-value']

authorizationMatrix(
  'inventory stock reports',
  PATHS.flatMap((path) => [
    { method: 'GET' as const, url: `/inventory/reports/${path}`, permission: 'inventory.stock.view' },
    { method: 'GET' as const, url: `/inventory/reports/${path}/export`, permission: 'inventory.stock.view' },
  ])
)
