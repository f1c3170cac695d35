/*
 * Edge globals every page (kernel or plugin) may use.
 */
import type { Edge } from 'edge.js'
import plugins from '#services/plugins'
import { renderSlot } from '#services/slots'
import { HttpContext } from '@adonisjs/core/http'
import { visibleMenu } from '#services/menu'

export function registerViewGlobals(edge: Edge) {
  /** HTML of every contribution to a named UI slot, e.g. `workbench.widgets`. */
  edge.global('slot', (name: string, context: Record<string, any> = {}) => renderSlot(name, context))
  edge.global('pluginEnabled', (id: string) => plugins.isEnabled(id))
  /** The signed-in user's menu (kernel and enabled plugins, filtered by permission). */
  edge.global('shellMenu', async () => {
    const user = HttpContext.get()?.auth?.user
    return user ? visibleMenu(user) : []
  })
}
