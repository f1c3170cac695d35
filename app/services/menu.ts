/*
 * The main menu: entries of the kernel and enabled plugins that the user may
 * see, nested one level by `parent`.
 */
import router from '@adonisjs/core/services/router'
import plugins from '#services/plugins'
import { userCan } from '#services/authorization'
import type User from '#models/user'

export interface MenuItem {
  key: string
  plugin: string
  label: string
  url: string | null
  icon?: string
  children: MenuItem[]
}

function urlFor(route: string): string | null {
  try {
    return router.builder().make(route)
  } catch {
    return null
  }
}

export async function visibleMenu(user: User): Promise<MenuItem[]> {
  const entries = plugins.menu()
  const allowed = []
  for (const e of entries) {
    if (e.permission && !(await userCan(user, e.permission))) continue
    allowed.push(e)
  }
  const items = new Map<string, MenuItem>()
  const roots: MenuItem[] = []
  for (const e of allowed) {
    items.set(`${e.plugin}:${e.key}`, { key: e.key, plugin: e.plugin, label: e.label, url: urlFor(e.route), icon: e.icon, children: [] })
  }
  for (const e of allowed) {
    const item = items.get(`${e.plugin}:${e.key}`)!
    const parent = e.parent ? items.get(`${e.plugin}:${e.parent}`) : undefined
    if (e.parent && !parent) continue
    if (parent) parent.children.push(item)
    else roots.push(item)
  }
  // A group whose children are all hidden from this user is hidden too.
  const isGroup = (r: MenuItem) => entries.some((e) => e.parent === r.key && e.plugin === r.plugin)
  return roots.filter((r) => r.children.length > 0 || !isGroup(r))
}
