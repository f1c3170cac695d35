/*
 * The department tree. Each department keeps a materialized path of ids
 * ("/1/4/9/") so "department and below" is one indexed LIKE; these functions
 * are the only writers of parent_id/path, and keep every descendant's path
 * right when a department moves, inside one transaction.
 */
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Department from '#models/department'

export class DepartmentTreeError extends Error {
  constructor(
    public code: 'own_ancestor' | 'has_children' | 'has_users' | 'parent_missing',
    message: string
  ) {
    super(message)
  }
}

export interface DepartmentInput {
  code: string
  name: string
  parentId: number | null
  sortOrder?: number
}

async function withTrx<T>(trx: TransactionClientContract | undefined, fn: (trx: TransactionClientContract) => Promise<T>) {
  return trx ? fn(trx) : db.transaction(fn)
}

/**
 * Serializes tree changes: two concurrent moves (A under B, B under A) would
 * each pass the ancestor check and together make a cycle. PostgreSQL: a table
 * lock that blocks other writers (readers go on). SQLite: a first write takes
 * the database's write lock, so the reads that follow see the latest tree.
 */
async function lockTree(trx: TransactionClientContract, id: number) {
  if (trx.dialect.name === 'postgres') {
    await trx.rawQuery('LOCK TABLE departments IN SHARE ROW EXCLUSIVE MODE')
  } else {
    await trx.rawQuery('UPDATE departments SET sort_order = sort_order WHERE id = ?', [id])
  }
}

export async function createDepartment(input: DepartmentInput, client?: TransactionClientContract): Promise<Department> {
  return withTrx(client, async (trx) => {
    const parent = input.parentId ? await Department.find(input.parentId, { client: trx }) : null
    if (input.parentId && !parent) throw new DepartmentTreeError('parent_missing', `Department ${input.parentId} does not exist`)
    const department = await Department.create(
      { code: input.code, name: input.name, parentId: parent?.id ?? null, path: '/', sortOrder: input.sortOrder ?? 0 },
      { client: trx }
    )
    department.path = `${parent ? parent.path : '/'}${department.id}/`
    await department.useTransaction(trx).save()
    return department
  })
}

/**
 * Renames and/or moves a department. Moving under itself or one of its own
 * descendants is refused (it would make the department its own ancestor).
 */
export async function updateDepartment(id: number, input: DepartmentInput, client?: TransactionClientContract): Promise<Department> {
  return withTrx(client, async (trx) => {
    await lockTree(trx, id)
    const department = await Department.findOrFail(id, { client: trx })
    const parent = input.parentId ? await Department.find(input.parentId, { client: trx }) : null
    if (input.parentId && !parent) throw new DepartmentTreeError('parent_missing', `Department ${input.parentId} does not exist`)
    if (parent && (parent.id === department.id || parent.path.startsWith(department.path))) {
      throw new DepartmentTreeError('own_ancestor', `Department ${department.code} cannot be placed under itself or its own sub-department`)
    }
    const oldPath = department.path
    const newPath = `${parent ? parent.path : '/'}${department.id}/`
    department.merge({ code: input.code, name: input.name, parentId: parent?.id ?? null, path: newPath })
    if (input.sortOrder !== undefined) department.sortOrder = input.sortOrder
    await department.useTransaction(trx).save()
    if (oldPath !== newPath) {
      // Every descendant's path starts with the old path: swap that prefix.
      const descendants = await trx.from('departments').where('path', 'like', `${oldPath}%`).whereNot('id', department.id).select('id', 'path')
      for (const d of descendants) {
        await trx.from('departments').where('id', d.id).update({ path: newPath + String(d.path).slice(oldPath.length) })
      }
    }
    return department
  })
}

/** Deletes a department that has neither sub-departments nor users. */
export async function deleteDepartment(id: number, client?: TransactionClientContract): Promise<void> {
  return withTrx(client, async (trx) => {
    const department = await Department.findOrFail(id, { client: trx })
    const child = await trx.from('departments').where('parent_id', id).first()
    if (child) throw new DepartmentTreeError('has_children', `Department ${department.code} still has sub-departments`)
    const user = await trx.from('users').where('department_id', id).first()
    if (user) throw new DepartmentTreeError('has_users', `Department ${department.code} still has users`)
    await department.useTransaction(trx).delete()
  })
}

export interface TreeNode {
  department: Department
  depth: number
  userCount: number
}

/** Every department in tree order (parents before children, siblings by sort order then name). */
export async function departmentTree(): Promise<TreeNode[]> {
  const all = await Department.query().orderBy('sort_order').orderBy('name')
  const counts = await db.from('users').whereNotNull('department_id').groupBy('department_id').select('department_id').count('* as total')
  const countOf = new Map(counts.map((c: any) => [Number(c.department_id), Number(c.total)]))
  const byParent = new Map<number | null, Department[]>()
  for (const d of all) byParent.set(d.parentId ?? null, [...(byParent.get(d.parentId ?? null) ?? []), d])
  const out: TreeNode[] = []
  const walk = (parentId: number | null, depth: number) => {
    for (const d of byParent.get(parentId) ?? []) {
      out.push({ department: d, depth, userCount: countOf.get(d.id) ?? 0 })
      walk(d.id, depth + 1)
    }
  }
  walk(null, 0)
  return out
}
