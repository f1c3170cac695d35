/*
 * Demo stock counts: the count permissions for the storekeeper (and the
 * general manager, who approves), an approval flow "variance over ¥1,000 →
 * general manager", and one blind count in progress in the warehouse with
 * the most stock, about half of its lines counted. Idempotent; skips the
 * count while no warehouse holds stock yet (the stock seeders run first).
 */
import { BaseSeeder } from '@adonisjs/lucid/seeders'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { Quantity } from '#kernel/numbers/index'
import { saveFlow } from '#kernel/approvals/flows'
import { createCount, recordCount, startCount } from '../../services/count_service.js'

const GRANTS: Record<string, string[]> = {
  storekeeper: ['inventory.count.view', 'inventory.count.create', 'inventory.count.count', 'inventory.count.post'],
  general_manager: ['inventory.count.view', 'inventory.count.post', 'inventory.count.cancel'],
  gm: ['inventory.count.view', 'inventory.count.post', 'inventory.count.cancel'],
  admin: ['inventory.count.view', 'inventory.count.create', 'inventory.count.count', 'inventory.count.post', 'inventory.count.cancel'],
}
const DEMO_NOTE = '演示：月末循环盘点（暗盘）'

export default class extends BaseSeeder {
  async run() {
    for (const [code, permissions] of Object.entries(GRANTS)) {
      const role = await db.from('roles').where('code', code).first()
      if (!role) continue
      for (const permission of permissions) {
        const grant = { role_id: role.id, permission }
        if (!(await db.from('role_permissions').where(grant).first())) await db.table('role_permissions').insert({ ...grant, scope: 'all' })
      }
    }

    const gm = await db.from('roles').whereIn('code', ['general_manager', 'gm']).orderBy('id').first()
    if (gm && !(await db.from('approval_flows').where('document_type', 'inventory.count').first())) {
      await saveFlow(
        {
          documentType: 'inventory.count',
          name: '盘点差异超过 ¥1,000 由总经理审批',
          priority: 100,
          isActive: true,
          conditions: { match: 'all', conditions: [{ field: 'variance_abs_value', op: 'gt', value: '1,000' }] },
          steps: [{ approver: 'role', roleId: Number(gm.id), mode: 'any' }],
        },
        null
      )
    }

    if (await db.from('inventory_counts').where('note', DEMO_NOTE).first()) return
    const busiest = await db
      .from('inventory_balances as b')
      .join('inventory_locations as l', 'l.id', 'b.location_id')
      .where('l.kind', 'internal')
      .where('b.on_hand', '>', 0)
      .groupBy('b.warehouse_id')
      .select('b.warehouse_id', db.raw('COUNT(*) as lines'))
      .orderBy('lines', 'desc')
      .first()
    if (!busiest) {
      logger.info('demo counts: no warehouse holds stock yet; the demo count is skipped')
      return
    }
    const keeper = await db.from('users').where('username', 'storekeeper').first()
    const userId = keeper ? Number(keeper.id) : null
    const today = new Date().toISOString().slice(0, 10)
    const id = await createCount({ warehouseId: Number(busiest.warehouse_id), mode: 'blind', countDate: today, note: DEMO_NOTE }, userId)
    await startCount(id, userId)
    const lines = await db.from('inventory_count_lines').where('count_id', id).orderBy('id')
    for (const [index, line] of lines.entries()) {
      if (index % 2 === 1) continue
      // Most lines match the book; every fourth is one unit short (a realistic small loss).
      let counted = Quantity.fromMicros(String(line.book_qty))
      if (index % 4 === 0 && counted.greaterThan(1)) counted = counted.minus(1)
      await recordCount(id, Number(line.id), counted.toString(), userId)
    }
  }
}
