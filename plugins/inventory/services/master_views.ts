/*
 * What the master-data pages show besides the rows: option lists (category
 * tree, units, warehouses), labels in the user's language, number formatting.
 */
import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import { Money, Quantity } from '#kernel/numbers/index'
import { ITEM_TYPES, COSTING_METHODS, type ItemProblem } from './item_master.js'

type I18n = HttpContext['i18n']

export interface CategoryNode {
  id: number
  parentId: number | null
  code: string
  name: string
  path: string
  depth: number
  itemCount: number
  childCount: number
}

/** Every category in tree order (parents before children, siblings by code), with depth and counts. */
export async function categoryTree(): Promise<CategoryNode[]> {
  const rows = await db.from('inventory_categories').select('*').orderBy('code')
  const counts = await db.from('inventory_items').whereNotNull('category_id').groupBy('category_id').select('category_id').count('* as total')
  const itemCount = new Map(counts.map((r: any) => [Number(r.category_id), Number(r.total)]))
  const children = new Map<number | null, any[]>()
  for (const row of rows) {
    const parent = row.parent_id === null ? null : Number(row.parent_id)
    children.set(parent, [...(children.get(parent) ?? []), row])
  }
  const out: CategoryNode[] = []
  const walk = (parent: number | null, depth: number) => {
    for (const row of children.get(parent) ?? []) {
      const id = Number(row.id)
      out.push({ id, parentId: row.parent_id === null ? null : Number(row.parent_id), code: row.code, name: row.name, path: row.path, depth, itemCount: itemCount.get(id) ?? 0, childCount: (children.get(id) ?? []).length })
      walk(id, depth + 1)
    }
  }
  walk(null, 0)
  return out
}

export const treeLabel = (node: { depth: number; name: string; code?: string }) => `${'　'.repeat(node.depth)}${node.name}${node.code ? ` (${node.code})` : ''}`

export async function categoryOptions() {
  return (await categoryTree()).map((c) => ({ value: String(c.id), label: treeLabel(c) }))
}

export async function unitOptions(i18n: I18n) {
  const rows = await db.from('inventory_units').orderBy('code')
  return rows.map((u: any) => ({ value: String(u.id), label: `${u.code} · ${unitName(u, i18n)}`, precision: Number(u.precision), code: u.code }))
}

export const unitName = (u: { name_zh: string; name_en: string }, i18n: I18n) => (i18n.locale === 'en' ? u.name_en : u.name_zh)

export async function warehouseOptions(options: { activeOnly?: boolean } = {}) {
  const query = db.from('inventory_warehouses').orderBy('code')
  if (options.activeOnly) query.where('active', true)
  return (await query).map((w: any) => ({ value: String(w.id), label: `${w.code} · ${w.name}` }))
}

export const itemTypeOptions = (i18n: I18n) => ITEM_TYPES.map((t) => ({ value: t, label: i18n.t(`inventory_master.item_types.${t}`) }))
export const costingOptions = (i18n: I18n) => COSTING_METHODS.map((t) => ({ value: t, label: i18n.t(`inventory_master.costing.${t}`) }))

/** Problems as `{ field: message }` in the user's language. */
export function problemMessages(problems: ItemProblem[], i18n: I18n): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const p of problems) errors[p.field] ??= i18n.t(p.key, (p.params ?? {}) as any)
  return errors
}

/** A BIGINT-micros quantity for people ('' for none), with the unit's decimals at most. */
export function qty(micros: unknown, i18n: I18n, precision?: number): string {
  if (micros === null || micros === undefined || micros === '') return ''
  const q = Quantity.fromMicros(micros as string)
  return precision === undefined ? q.format(i18n.locale) : q.round(precision).format(i18n.locale)
}

export function money(micros: unknown, i18n: I18n): string {
  if (micros === null || micros === undefined || micros === '') return ''
  const m = Money.fromMicros(micros as string)
  // Standard costs may carry up to 6 decimals; show what is there (at least 2).
  const decimals = m.toJSON().split('.')[1]?.length ?? 0
  return m.format(i18n.locale, { places: Math.max(2, Math.min(6, decimals)) })
}
