/*
 * The signed-in user's notifications: the bell's badge and dropdown (htmx
 * fragments), the /notifications page, marking read. Everything is filtered
 * by the user; another user's notification answers 404.
 */
import type { HttpContext } from '@adonisjs/core/http'
import Notification from '#models/notification'
import { listQuery, renderList, wantsFragment } from '#services/list_query'
import { toast, triggerClientEvent } from '#services/toast'
import { latestFor, markAllRead, markRead, safeTarget, unreadCount } from '#kernel/notifications/inbox'

/** Client event the bell's badge and dropdown listen to. */
export const CHANGED_EVENT = 'loom:notifications-changed'

function idParam(ctx: HttpContext): number {
  const id = Number(ctx.params.id)
  return Number.isSafeInteger(id) && id > 0 ? id : 0
}

export default class NotificationsController {
  async index(ctx: HttpContext) {
    const user = ctx.auth.user!
    const show = ctx.request.input('show') === 'all' ? 'all' : 'unread'
    const query = Notification.query().where('user_id', user.id)
    if (show === 'unread') query.whereNull('read_at')
    const { rows, list } = await listQuery(ctx, query, {
      id: 'notifications',
      searchable: ['title_zh', 'title_en'],
      filters: { show: () => {} },
      defaultSort: 'id',
      sortable: ['id'],
      defaultDirection: 'desc',
      perPage: 20,
    })
    return renderList(
      ctx,
      { page: 'pages/notifications/index', table: 'pages/notifications/_table' },
      { rows, list, show, unread: await unreadCount(user.id) }
    )
  }

  /** The badge on the bell (empty at zero), polled by htmx. */
  async badge(ctx: HttpContext) {
    ctx.response.header('Cache-Control', 'no-store')
    return ctx.view.render('partials/notifications/bell_badge', { unread: await unreadCount(ctx.auth.user!.id) })
  }

  /** The bell's dropdown: the latest ten. */
  async menu(ctx: HttpContext) {
    const user = ctx.auth.user!
    ctx.response.header('Cache-Control', 'no-store')
    return ctx.view.render('partials/notifications/bell_menu', {
      notifications: await latestFor(user.id, 10),
      unread: await unreadCount(user.id),
    })
  }

  /** Marks it read and goes to what it links to. */
  async open(ctx: HttpContext) {
    const row = await markRead(idParam(ctx), ctx.auth.user!.id)
    const target = safeTarget(row.url)
    if (wantsFragment(ctx)) {
      ctx.response.header('HX-Redirect', target)
      return ctx.response.noContent()
    }
    return ctx.response.redirect(target)
  }

  async read(ctx: HttpContext) {
    const user = ctx.auth.user!
    const row = await markRead(idParam(ctx), user.id)
    if (wantsFragment(ctx)) {
      triggerClientEvent(ctx, CHANGED_EVENT)
      return ctx.view.render('pages/notifications/_row', { row })
    }
    return ctx.response.redirect().back()
  }

  async readAll(ctx: HttpContext) {
    const count = await markAllRead(ctx.auth.user!.id)
    toast(ctx, 'success', ctx.i18n.t('notifications.all_read', { count }))
    if (wantsFragment(ctx)) {
      triggerClientEvent(ctx, CHANGED_EVENT)
      triggerClientEvent(ctx, 'loom:list-refresh')
      return ctx.response.noContent()
    }
    return ctx.response.redirect().back()
  }
}
