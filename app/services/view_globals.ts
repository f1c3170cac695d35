/*
 * Edge globals every page (kernel or plugin) may use.
 */
import type { Edge } from 'edge.js'
import { registerUiGlobals } from '#services/ui_globals'
import plugins from '#services/plugins'
import { renderSlot } from '#services/slots'
import { HttpContext } from '@adonisjs/core/http'
import { visibleMenu } from '#services/menu'
import { timelineState, attachmentsState } from '#kernel/documents/document_extras_views'
import { registerPrintGlobals } from '#services/print_globals'
import { companyZone } from '#services/settings'
import { toDateTime } from '#kernel/documents/db_dates'
import { registerNotificationGlobals } from '#kernel/notifications/view_globals'
import { userCan } from '#services/authorization'

/** The company time zone, read once per request. */
const zones = new WeakMap<object, Promise<string>>()
function requestZone(): Promise<string> {
  const ctx = HttpContext.get()
  if (!ctx) return companyZone()
  if (!zones.has(ctx)) zones.set(ctx, companyZone())
  return zones.get(ctx)!
}

export function registerViewGlobals(edge: Edge) {
  registerUiGlobals(edge)
  /** HTML of every contribution to a named UI slot, e.g. `workbench.widgets`. */
  edge.global('slot', (name: string, context: Record<string, any> = {}) => renderSlot(name, context))
  edge.global('pluginEnabled', (id: string) => plugins.isEnabled(id))
  /** Whether the signed-in user may import records of `type` (components/import_button.edge). */
  edge.global('canImport', async (type: string) => {
    const user = HttpContext.get()?.auth?.user
    const recordType = plugins.recordType(type)
    return !!user && !!recordType && !recordType.document && (await userCan(user, `${recordType.permissionPrefix}.create`))
  })
  /** barcode(type, text), qrcode(text), printUrl(type, id, 'pdf' | 'html') — see app/services/print_globals.ts */
  registerPrintGlobals(edge)
  /** notificationBell() — the shell's bell (app/notifications/view_globals.ts) */
  registerNotificationGlobals(edge)
  /** The signed-in user's menu (kernel and enabled plugins, filtered by permission). */
  edge.global('shellMenu', async () => {
    const user = HttpContext.get()?.auth?.user
    return user ? visibleMenu(user) : []
  })
  /** `{{ await datetime(row.created_at) }}`: a stored time as the company's wall clock (setting kernel.timezone). */
  edge.global('datetime', async (value: unknown, format = 'yyyy-MM-dd HH:mm') => {
    const at = toDateTime(value)
    return at && at.isValid ? at.setZone(await requestZone()).toFormat(format) : ''
  })
  /** State of partials/documents/_timeline and _attachments for a document page. */
  edge.global('documentTimeline', (type: string, id: string | number) => timelineState(type, id))
  edge.global('documentAttachments', (type: string, id: string | number) => attachmentsState(type, id))
}
