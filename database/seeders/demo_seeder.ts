/*
 * Demo data for the kernel: the company, its departments and the people of
 * the order-to-cash story with their roles. Business plugins add their own
 * demo data through their manifests' `seeders`.
 */
import db from '@adonisjs/lucid/services/db'
import { BaseSeeder } from '@adonisjs/lucid/seeders'
import Department from '#models/department'
import Role from '#models/role'
import User from '#models/user'

export const DEMO_PASSWORD = 'loom-demo'

export const DEMO_DEPARTMENTS = [
  { code: 'HQ', name: '示例制造有限公司', parent: null },
  { code: 'SALES', name: '销售部', parent: 'HQ' },
  { code: 'PROD', name: '生产部', parent: 'HQ' },
  { code: 'PURCH', name: '采购部', parent: 'HQ' },
  { code: 'WH', name: '仓库', parent: 'HQ' },
  { code: 'FIN', name: '财务部', parent: 'HQ' },
  { code: 'SVC', name: '售后服务部', parent: 'HQ' },
] as const

export const DEMO_ROLES = [
  { code: 'admin', name: '系统管理员 / Administrator', superuser: true },
  { code: 'general_manager', name: '总经理 / General manager' },
  { code: 'sales_director', name: '销售总监 / Sales director' },
  { code: 'sales_rep', name: '销售代表 / Sales rep' },
  { code: 'planner', name: '计划员 / Planner' },
  { code: 'storekeeper', name: '仓管员 / Storekeeper' },
  { code: 'buyer', name: '采购员 / Buyer' },
  { code: 'accountant', name: '会计 / Accountant' },
  { code: 'service_agent', name: '客服专员 / Service agent' },
] as const

export const DEMO_USERS = [
  { username: 'admin', name: '系统管理员', department: 'HQ', role: 'admin', locale: 'zh-CN' },
  { username: 'gm', name: '陈志远', department: 'HQ', role: 'general_manager', locale: 'zh-CN' },
  { username: 'director', name: '张伟', department: 'SALES', role: 'sales_director', locale: 'zh-CN' },
  { username: 'sales1', name: '王芳', department: 'SALES', role: 'sales_rep', locale: 'zh-CN' },
  { username: 'sales2', name: 'Li Qiang', department: 'SALES', role: 'sales_rep', locale: 'en' },
  { username: 'planner', name: '刘洋', department: 'PROD', role: 'planner', locale: 'zh-CN' },
  { username: 'storekeeper', name: '赵敏', department: 'WH', role: 'storekeeper', locale: 'zh-CN' },
  { username: 'buyer', name: '孙磊', department: 'PURCH', role: 'buyer', locale: 'zh-CN' },
  { username: 'accountant', name: '周静', department: 'FIN', role: 'accountant', locale: 'zh-CN' },
  { username: 'service', name: '吴婷', department: 'SVC', role: 'service_agent', locale: 'zh-CN' },
] as const

export default class DemoSeeder extends BaseSeeder {
  async run() {
    await db.transaction(async (trx) => {
      const departments = new Map<string, Department>()
      for (const [index, d] of DEMO_DEPARTMENTS.entries()) {
        const parent = d.parent ? departments.get(d.parent)! : null
        // An existing department (or role) of the same code is kept: setup never fails on what is already there.
        const existing = await Department.query({ client: trx }).where('code', d.code).first()
        if (existing) {
          departments.set(d.code, existing)
          continue
        }
        const department = await Department.create(
          { code: d.code, name: d.name, parentId: parent?.id ?? null, path: '/', sortOrder: index },
          { client: trx }
        )
        department.path = `${parent ? parent.path : '/'}${department.id}/`
        await department.useTransaction(trx).save()
        departments.set(d.code, department)
      }

      const roles = new Map<string, Role>()
      for (const r of DEMO_ROLES) {
        roles.set(r.code, await Role.firstOrCreate({ code: r.code }, { name: r.name, isSuperuser: 'superuser' in r && r.superuser }, { client: trx }))
      }
      // Kernel-level grants; business plugins' grants come with their own seeders.
      for (const permission of ['admin.audit.view', 'admin.jobs.view']) {
        const grant = { role_id: roles.get('general_manager')!.id, permission }
        if (!(await trx.from('role_permissions').where(grant).first())) await trx.table('role_permissions').insert({ ...grant, scope: 'all' })
      }

      for (const u of DEMO_USERS) {
        const user = await User.create(
          {
            username: u.username,
            name: u.name,
            email: `${u.username}@demo.loom.local`,
            password: DEMO_PASSWORD,
            departmentId: departments.get(u.department)!.id,
            locale: u.locale,
            isActive: true,
          },
          { client: trx }
        )
        await trx.table('user_roles').insert({ user_id: user.id, role_id: roles.get(u.role)!.id })
      }
      const sales = departments.get('SALES')!
      sales.headUserId = (await User.query({ client: trx }).where('username', 'director').firstOrFail()).id
      await sales.useTransaction(trx).save()

      await trx.table('settings').insert({
        key: 'kernel.company_name',
        value: JSON.stringify({ 'zh-CN': '示例制造有限公司', 'en': 'Demo Manufacturing Co.' }),
        updated_at: new Date(),
      })
    })
  }
}
