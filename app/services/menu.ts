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
  const itemOf = (e: (typeof entries)[number], url: string | null) => ({ key: e.key, plugin: e.plugin, label: e.label, url, icon: e.icon, children: [] as MenuItem[] })
  for (const e of allowed) items.set(`${e.plugin}:${e.key}`, itemOf(e, urlFor(e.route)))
  for (const e of allowed) {
    const item = items.get(`${e.plugin}:${e.key}`)!
    if (!e.parent) {
      roots.push(item)
      continue
    }
    let parent = items.get(`${e.plugin}:${e.parent}`)
    if (!parent) {
      // The user may open the entry but not its group's own page (a storekeeper who receives
      // purchase orders without seeing suppliers): the group shows as a heading without a link.
      const declared = entries.find((d) => d.plugin === e.plugin && d.key === e.parent)
      if (!declared) continue
      parent = itemOf(declared, null)
      items.set(`${e.plugin}:${e.parent}`, parent)
      roots.push(parent)
    }
    parent.children.push(item)
  }
  // Menu order is the declared order, also for a group added as a heading.
  const position = (r: MenuItem) => entries.findIndex((e) => e.plugin === r.plugin && e.key === r.key)
  roots.sort((a, b) => position(a) - position(b))
  // A group whose children are all hidden from this user is hidden too.
  const isGroup = (r: MenuItem) => entries.some((e) => e.parent === r.key && e.plugin === r.plugin)
  return roots.filter((r) => r.children.length > 0 || !isGroup(r))
}
