/*
 * Named UI slots: plugins contribute Edge views to places other code renders
 * (`crm.customer.tabs`, `workbench.widgets`, `sales.order.actions` …).
 */
import { HttpContext } from '@adonisjs/core/http'
import edge from 'edge.js'
import plugins from '#services/plugins'
import { userCan } from '#services/authorization'

export interface RenderedContribution {
  plugin: string
  title: string | null
  html: string
}

/** Renders each contribution the current user may see, in order. */
export async function renderSlotContributions(name: string, context: Record<string, any> = {}): Promise<RenderedContribution[]> {
  const ctx = HttpContext.get()
  const user = ctx?.auth?.user ?? null
  const out: RenderedContribution[] = []
  for (const contribution of plugins.slot(name)) {
    if (contribution.permission && !(user && (await userCan(user, contribution.permission)))) continue
    const data = contribution.data ? await contribution.data(context, ctx ?? null) : {}
    const renderer = ctx?.view ?? edge.createRenderer()
    const html = await renderer.render(contribution.view, { ...context, ...data })
    out.push({ plugin: contribution.plugin, title: contribution.title ?? null, html })
  }
  return out
}

export async function renderSlot(name: string, context: Record<string, any> = {}): Promise<string> {
  const list = await renderSlotContributions(name, context)
  return list.map((c) => c.html).join('\n')
}
