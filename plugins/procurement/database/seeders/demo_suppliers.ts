/*
 * Demo suppliers (Chinese SMEs) with contacts, qualifications (one expiring,
 * one expired), price agreements with breaks for inventory's demo raw
 * materials when they exist, and the procurement grants of the demo roles.
 * Idempotent: suppliers are found by code, agreements by supplier and item.
 */
import { BaseSeeder } from '@adonisjs/lucid/seeders'
import { DateTime } from 'luxon'
import { dbTimestamp } from '#kernel/records/record_writer'
import { addAgreement } from '../../services/suppliers.js'

const SUPPLIERS = [
  { code: 'SUP-001', name: '苏州精工五金制品有限公司', short_name: '苏州精工', phone: '0512-6688 1201', email: 'sales@sz-jinggong.example.cn', address: '江苏省苏州市吴中区木渎镇金枫路 88 号', bank_name: '中国工商银行苏州吴中支行', bank_account: '1102020109000123456', grade: 'A', score: '91.5', contact: ['王建国', '销售经理', '138 1234 5601'] },
  { code: 'SUP-002', name: '宁波东方紧固件有限公司', short_name: '东方紧固件', phone: '0574-8765 4321', email: 'order@nb-dongfang.example.cn', address: '浙江省宁波市鄞州区横溪镇工业园 12 号', bank_name: '宁波银行鄞州支行', bank_account: '5101 0120 0000 4567', grade: 'B', score: '78.0', contact: ['李敏', '业务员', '139 5874 3321'] },
  { code: 'SUP-003', name: '东莞市恒达电子有限公司', short_name: '恒达电子', phone: '0769-2233 8899', email: 'hd@hengda-elec.example.cn', address: '广东省东莞市长安镇乌沙工业区', bank_name: '中国建设银行东莞长安支行', bank_account: '44050177010800001234', grade: 'B', score: '72.4', contact: ['陈志强', '客户经理', '137 2698 5512'] },
  { code: 'SUP-004', name: '佛山南海宏发木业有限公司', short_name: '宏发木业', phone: '0757-8632 1100', email: 'hongfa@nh-wood.example.cn', address: '广东省佛山市南海区九江镇沙口工业区', bank_name: '中国农业银行南海九江支行', bank_account: '44511001040012345', grade: 'C', score: '61.0', contact: ['黄丽', '跟单', '135 0966 7788'] },
  { code: 'SUP-005', name: '昆山协力包装材料有限公司', short_name: '协力包装', phone: '0512-5778 6655', email: 'xieli@ks-pack.example.cn', address: '江苏省昆山市周市镇横长泾路 6 号', bank_name: '招商银行昆山支行', bank_account: '512903456710001', grade: null, score: null, contact: ['周涛', '销售', '186 6211 0098'], subcontractor: true },
]

const GRANTS: Record<string, string[]> = {
  buyer: [
    'procurement.supplier.view', 'procurement.supplier.create', 'procurement.supplier.edit', 'procurement.supplier.delete',
    'procurement.requisition.view', 'procurement.requisition.create', 'procurement.requisition.edit', 'procurement.plan.manage',
    'procurement.rfq.view', 'procurement.rfq.create', 'procurement.rfq.edit',
    'procurement.order.view', 'procurement.order.create', 'procurement.order.edit', 'procurement.order.close',
  ],
  general_manager: ['procurement.supplier.view', 'procurement.requisition.view', 'procurement.rfq.view', 'procurement.order.view'],
  gm: ['procurement.supplier.view', 'procurement.requisition.view', 'procurement.rfq.view', 'procurement.order.view'],
  planner: ['procurement.supplier.view', 'procurement.requisition.view', 'procurement.requisition.create', 'procurement.requisition.edit', 'procurement.order.view'],
  accountant: ['procurement.supplier.view', 'procurement.order.view'],
  storekeeper: ['procurement.requisition.view', 'procurement.requisition.create', 'procurement.order.view'],
}

const micros = (d: string | null) => (d === null ? null : (BigInt(Math.round(Number(d) * 10)) * 100000n).toString())

export default class extends BaseSeeder {
  async run() {
    const db = this.client
    const now = dbTimestamp(new Date(), db)
    for (const [roleCode, permissions] of Object.entries(GRANTS)) {
      const role = await db.from('roles').where('code', roleCode).first()
      if (!role) continue
      for (const permission of permissions) {
        const grant = { role_id: role.id, permission }
        if (!(await db.from('role_permissions').where(grant).first())) await db.table('role_permissions').insert({ ...grant, scope: 'all' })
      }
    }
    const buyer = await db.from('users').where('username', 'buyer').first()
    const ids: number[] = []
    for (const s of SUPPLIERS) {
      let row = await db.from('procurement_suppliers').where('code', s.code).first()
      if (!row) {
        const [inserted] = await db.table('procurement_suppliers').insert({
          code: s.code, name: s.name, short_name: s.short_name, phone: s.phone, email: s.email, address: s.address, currency: 'CNY', payment_terms_days: 60,
          bank_name: s.bank_name, bank_account: s.bank_account.replace(/\s+/g, ''), bank_account_name: s.name, grade: s.grade, score: micros(s.score),
          is_subcontractor: Boolean(s.subcontractor), active: true, owner_id: buyer?.id ?? null, department_id: buyer?.department_id ?? null, created_at: now, updated_at: now,
        }).returning('id')
        const id = Number(typeof inserted === 'object' ? inserted.id : inserted)
        await db.table('procurement_supplier_contacts').insert({ supplier_id: id, name: s.contact[0], title: s.contact[1], phone: s.contact[2], email: s.email, is_primary: true, created_at: now })
        const today = DateTime.now()
        await db.table('procurement_supplier_qualifications').insert([
          { supplier_id: id, name: '营业执照', certificate_no: `91320500MA${String(id).padStart(7, '0')}X`, valid_from: '2019-03-01', expires_on: null, created_at: now },
          { supplier_id: id, name: 'ISO 9001:2015', certificate_no: `CN-QMS-${2023000 + id}`, valid_from: today.minus({ years: 2 }).toISODate(),
            expires_on: s.code === 'SUP-002' ? today.plus({ days: 20 }).toISODate() : s.code === 'SUP-004' ? today.minus({ days: 15 }).toISODate() : today.plus({ years: 1 }).toISODate(), created_at: now },
        ])
        row = { id }
      }
      ids.push(Number(row.id))
    }
    // price agreements for inventory's demo raw materials (skipped when they are absent)
    const items = await db.from('inventory_items').where('code', 'like', 'RM-%').orderBy('code').limit(12).select('id', 'code', 'standard_cost')
    for (const [index, item] of items.entries()) {
      const supplierIds = [ids[index % 4], ids[(index + 1) % 4]]
      for (const [rank, supplierId] of supplierIds.entries()) {
        if (await db.from('procurement_price_agreements').where({ supplier_id: supplierId, item_id: item.id }).first()) continue
        const base = item.standard_cost ? Number(BigInt(item.standard_cost) / 10000n) / 100 : 5 + index
        const price = (base * (rank === 0 ? 1 : 1.06)).toFixed(2)
        const lower = (base * (rank === 0 ? 0.95 : 1.0)).toFixed(2)
        const lowest = (base * (rank === 0 ? 0.9 : 0.96)).toFixed(2)
        await addAgreement(supplierId, {
          itemId: Number(item.id), unitPrice: price, supplierItemCode: `${item.code}-S${rank + 1}`, minOrderQty: rank === 0 ? '50' : '100',
          leadTimeDays: rank === 0 ? 7 : 12, preferred: rank === 0, validFrom: '2026-01-01', validTo: '2026-12-31',
          breaks: [{ minQuantity: '200', unitPrice: lower }, { minQuantity: '1000', unitPrice: lowest }],
        })
      }
    }
  }
}
