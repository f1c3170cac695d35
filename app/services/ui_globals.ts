/*
 * Edge globals of the UI components (docs/ui.md): slot contributions as
 * tabs for components/detail.edge, and inline icons.
 */
import type { Edge } from 'edge.js'
import { renderSlotContributions } from '#services/slots'
import { iconSvg } from '#services/icons'

export function registerUiGlobals(edge: Edge) {
  /** Each contribution to a slot with its title, for slots shown as tabs (components/detail.edge). */
  edge.global('slotTabs', (name: string, context: Record<string, any> = {}) => renderSlotContributions(name, context))
  /** `{{{ icon('search', 'h-4 w-4') }}}`: an outline icon (app/services/icons.ts). */
  edge.global('icon', (name: string, classes?: string) => iconSvg(name, classes))
}
