/*
 * For plugins' demo seeders: give the demo company's roles the permissions
 * of the plugin (role code → permission codes, scope "all"). Roles that do
 * not exist are skipped and grants already held are kept, so a seeder can
 * run any number of times.
 *
 *   await grantDemoPermissions({ storekeeper: ['inventory.item.view'], buyer: [...] }, this.client)
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

export async function grantDemoPermissions(grants: Record<string, readonly string[]>, client: QueryClientContract = db.connection()) {
  for (const [roleCode, permissions] of Object.entries(grants)) {
    const role = await client.from('roles').where('code', roleCode).first()
    if (!role) continue
    const held = new Set((await client.from('role_permissions').where('role_id', role.id).select('permission')).map((r: any) => r.permission))
    for (const permission of new Set(permissions)) {
      if (!held.has(permission)) await client.table('role_permissions').insert({ role_id: role.id, permission, scope: 'all' })
    }
  }
}
