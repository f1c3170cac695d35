/*
 * Short confirmations and errors shown to the user after an action: a toast
 * triggered through the HX-Trigger header for htmx requests, a flash message
 * (rendered by partials/flash.edge) after a redirect otherwise.
 */
import type { HttpContext } from '@adonisjs/core/http'
import { wantsFragment } from '#services/list_query'

export type ToastKind = 'success' | 'error' | 'info'

/** Adds an event to the response's HX-Trigger header, keeping events already there. */
export function triggerClientEvent(ctx: HttpContext, name: string, detail: unknown = {}) {
  const existing = ctx.response.getHeader('HX-Trigger')
  let events: Record<string, unknown> = {}
  if (typeof existing === 'string' && existing) {
    try {
      events = JSON.parse(existing)
    } catch {
      events = Object.fromEntries(existing.split(',').map((e) => [e.trim(), {}]))
    }
  }
  events[name] = detail
  // Headers are Latin-1: escape everything else so Chinese messages survive (JSON.parse reads \uXXXX back).
  const json = JSON.stringify(events).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
  ctx.response.header('HX-Trigger', json)
}

/** Tells the user something happened: a toast for htmx, a flash message for a plain request. */
export function toast(ctx: HttpContext, kind: ToastKind, message: string) {
  if (wantsFragment(ctx)) triggerClientEvent(ctx, 'loom:toast', { kind, message })
  else ctx.session.flash(kind === 'error' ? 'error' : 'success', message)
}

/**
 * Ends a bulk action: with htmx, 204 + a toast + `loom:list-refresh` (the
 * list component re-runs its search); without, a redirect back with a flash.
 */
export function respondAfterBulk(ctx: HttpContext, kind: ToastKind, message: string) {
  toast(ctx, kind, message)
  if (wantsFragment(ctx)) {
    triggerClientEvent(ctx, 'loom:list-refresh')
    return ctx.response.noContent()
  }
  return ctx.response.redirect().back()
}
