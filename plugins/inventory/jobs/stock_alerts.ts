/*
 * Hourly: compares available + on order with min / safety stock and tells
 * the buyers once per item and day (services/stock_alerts.ts).
 */
import type { JobContext } from '#services/jobs'
import { runStockAlerts } from '../services/stock_alerts.js'

export default async function stockAlerts(ctx: JobContext) {
  const result = await runStockAlerts()
  ctx.logger.info({ checked: result.checked, alerted: result.alerted }, 'inventory stock alerts')
  await ctx.progress(100, `${result.alerted}/${result.checked}`)
}
