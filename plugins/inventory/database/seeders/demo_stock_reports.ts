/*
 * Demo grants for the stock reports: who may see stock figures and who also
 * sees their cost and value. The figures themselves come from the demo
 * documents the other inventory seeders post. Idempotent.
 */
import { BaseSeeder } from '@adonisjs/lucid/seeders'
import db from '@adonisjs/lucid/services/db'

const GRANTS: Record<string, string[]> = {
  general_manager: ['inventory.stock.view', 'inventory.valuation.view'],
  accountant: ['inventory.stock.view', 'inventory.valuation.view'],
  storekeeper: ['inventory.stock.view'],
  planner: ['inventory.stock.view'],
  buyer: ['inventory.stock.view'],
  sales_director: ['inventory.stock.view'],
  sales_rep: ['inventory.stock.view'],
}

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
  }
}
