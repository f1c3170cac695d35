/*
 * `node ace inventory:verify`: recomputes balances, reservations,
 * expectations and valuation from the ledger and reports every difference;
 * exit code 1 when there is any (docs/decisions/014-stock-ledger.md).
 */
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class InventoryVerifyCommand extends BaseCommand {
  static commandName = 'inventory:verify'
  static description = 'Recompute stock balances and valuation from the ledger and report any difference'
  static options: CommandOptions = { startApp: true }

  @flags.boolean({ description: 'Print the differences as JSON' })
  declare json: boolean

  async run() {
    const { verifyLedger } = await import('../services/ledger_verify.js')
    const db = (await import('@adonisjs/lucid/services/db')).default
    const hasLedger = await db.connection().schema.hasTable('inventory_moves')
    if (!hasLedger) {
      this.logger.error('The inventory plugin is not installed (no inventory_moves table)')
      this.exitCode = 1
      return
    }
    const differences = await verifyLedger()
    if (this.json) {
      this.logger.log(JSON.stringify(differences))
    } else if (!differences.length) {
      this.logger.success('inventory:verify: no differences')
    } else {
      const table = this.ui.table()
      table.head(['item', 'location', 'lot', 'column', 'stored', 'recomputed'])
      for (const d of differences) table.row([d.itemCode, d.locationCode ?? '', d.lotId === null ? '' : String(d.lotId), d.column, d.stored, d.recomputed])
      table.render()
      this.logger.error(`inventory:verify: ${differences.length} difference(s)`)
    }
    this.exitCode = differences.length ? 1 : 0
  }
}
