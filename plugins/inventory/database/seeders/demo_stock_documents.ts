/*
 * Demo stock documents: opening stock for the demo items (a posted receipt per
 * warehouse, each item into its default warehouse),
 * a production issue, a two-step transfer still in transit and a scrap draft,
 * plus the grants of the demo roles. Idempotent: documents are recognised by
 * their reference (DEMO-…); nothing is seeded while there are no items or
 * warehouses yet (the master-data seeder makes them).
 */
import { BaseSeeder } from '@adonisjs/lucid/seeders'
import db from '@adonisjs/lucid/services/db'
import { Money } from '#kernel/numbers/index'
import { STOCK_DOC_KINDS } from '../../services/stock_doc_kinds.js'
import { postDocument, saveDraft, today } from '../../services/stock_documents.js'

const GRANTS: Record<string, string[]> = {
  storekeeper: STOCK_DOC_KINDS.flatMap((k) => [`inventory.${k}.view`, `inventory.${k}.create`, `inventory.${k}.post`]),
  general_manager: STOCK_DOC_KINDS.flatMap((k) => [`inventory.${k}.view`, `inventory.${k}.cancel`]),
  planner: ['inventory.issue.view', 'inventory.issue.create', 'inventory.transfer.view', 'inventory.receipt.view'],
  buyer: ['inventory.receipt.view'],
  accountant: STOCK_DOC_KINDS.map((k) => `inventory.${k}.view`),
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

    if (await db.from('inventory_receipts').where('reference', 'like', 'DEMO-OPENING%').first()) return
    const warehouses = await db.from('inventory_warehouses').where('active', true).orderBy('id')
    const items = await db
      .from('inventory_items as i')
      .where('i.active', true)
      .whereNotIn('i.item_type', ['service', 'non_stock'])
      .where('i.serial_tracked', false)
      .orderBy('i.id')
      .limit(40)
      .select('i.id', 'i.code', 'i.lot_tracked', 'i.standard_cost', 'i.default_warehouse_id')
    if (!warehouses.length || !items.length) return
    const user = await db.from('users').where('username', 'storekeeper').first()
    const actor = user ? { id: Number(user.id), departmentId: user.department_id === null ? null : Number(user.department_id) } : null
    const main = warehouses[0]
    const stockOf = async (warehouseId: number) =>
      (await db.from('inventory_locations').where({ warehouse_id: warehouseId, kind: 'internal', active: true }).orderBy('id').first())?.full_code
    const mainStock = await stockOf(main.id)
    if (!mainStock) return

    // Opening balances, one receipt per warehouse (each item into its default warehouse), dated 1 January, at standard cost (or ¥10).
    const year = today().slice(0, 4)
    const byWarehouse = new Map<number, any[]>()
    for (const item of items) {
      const home = warehouses.find((w: any) => Number(w.id) === Number(item.default_warehouse_id)) ?? main
      byWarehouse.set(Number(home.id), [...(byWarehouse.get(Number(home.id)) ?? []), item])
    }
    for (const [warehouseId, list] of byWarehouse) {
      const warehouse = warehouses.find((w: any) => Number(w.id) === warehouseId)
      const location = await stockOf(warehouseId)
      if (!location) continue
      const opening = await saveDraft('receipt', null, {
        warehouse_id: warehouseId, document_date: `${year}-01-01`, purpose: 'opening', reference: `DEMO-OPENING-${warehouse.code}`, note: '期初库存导入（演示数据）',
        lines: list.map((item: any, i: number) => ({
          item: item.code, quantity: String(60 + (i % 7) * 30), location,
          lot_code: item.lot_tracked ? `${year}0101-${String(i + 1).padStart(2, '0')}` : '',
          unit_cost: item.standard_cost === null ? '10' : Money.fromMicros(item.standard_cost).toString(),
        })),
      }, actor)
      await postDocument(opening, actor)
    }
    const inMain = byWarehouse.get(Number(main.id)) ?? []

    const plain = inMain.filter((item: any) => !item.lot_tracked)
    if (plain.length) {
      const issue = await saveDraft('issue', null, {
        warehouse_id: main.id, purpose: 'production', cost_centre: '一车间', reference: 'DEMO-ISSUE', note: '一车间领料',
        lines: plain.slice(0, 3).map((item: any, i: number) => ({ item: item.code, quantity: String(10 + i * 5), location: mainStock })),
      }, actor)
      await postDocument(issue, actor)
    }
    if (plain.length > 3 && warehouses.length > 1) {
      const destStock = await stockOf(warehouses[1].id)
      if (destStock) {
        const transfer = await saveDraft('transfer', null, {
          warehouse_id: main.id, dest_warehouse_id: warehouses[1].id, two_step: '1', reference: 'DEMO-TRANSFER', note: '调往分仓，物流在途',
          lines: plain.slice(3, 5).map((item: any) => ({ item: item.code, quantity: '20', location: mainStock, to_location: destStock })),
        }, actor)
        await postDocument(transfer, actor)
      }
    }
    if (plain.length) {
      await saveDraft('scrap', null, {
        warehouse_id: main.id, purpose: 'damaged', reference: 'DEMO-SCRAP', note: '搬运中跌落损坏，待主管确认',
        lines: [{ item: plain[0].code, quantity: '2', location: mainStock }],
      }, actor)
    }
  }
}
