/*
 * Edge globals of the notifications area: the bell in the shell reads the
 * signed-in user's unread count and latest notifications through them.
 */
import type { Edge } from 'edge.js'
import { HttpContext } from '@adonisjs/core/http'
import { latestFor, unreadCount } from './inbox.js'

export function registerNotificationGlobals(edge: Edge) {
  /** `{ unread, latest }` of the signed-in user (zero and none for a guest). */
  edge.global('notificationBell', async () => {
    const user = HttpContext.get()?.auth?.user
    if (!user) return { unread: 0, latest: [] }
    const [unread, latest] = await Promise.all([unreadCount(user.id), latestFor(user.id, 10)])
    return { unread, latest }
  })
}
