/*
 * A user's own notifications: the bell, the /notifications page and the
 * workbench widget read and mark them only through these functions, which
 * always filter by the user (another user's notification is a 404).
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Notification from '#models/notification'
import NotFoundException from '#exceptions/not_found_exception'
import { dbTime } from './tasks.js'

export { unreadCount } from './notify.js'

/** The latest notifications of a user, newest first. */
export async function latestFor(userId: number, limit = 10, onlyUnread = false): Promise<Notification[]> {
  const query = Notification.query().where('user_id', userId).orderBy('id', 'desc').limit(limit)
  if (onlyUnread) query.whereNull('read_at')
  return query
}

/** The user's notification `id`, or a 404. */
export async function findOwnNotification(id: number, userId: number): Promise<Notification> {
  const row = await Notification.query().where('id', id).where('user_id', userId).first()
  if (!row) throw new NotFoundException()
  return row
}

/** Marks one of the user's notifications read (a no-op when it already is). */
export async function markRead(id: number, userId: number): Promise<Notification> {
  const row = await findOwnNotification(id, userId)
  if (!row.readAt) {
    await db.from('notifications').where('id', row.id).where('user_id', userId).whereNull('read_at').update({ read_at: dbTime(DateTime.now()) })
    await row.refresh()
  }
  return row
}

/** Marks every unread notification of the user read; returns how many. */
export async function markAllRead(userId: number): Promise<number> {
  const changed = await db.from('notifications').where('user_id', userId).whereNull('read_at').update({ read_at: dbTime(DateTime.now()) })
  return Array.isArray(changed) ? changed.length : Number(changed)
}

/** Where opening a notification leads: its own path on this site, else the notifications page. */
export function safeTarget(url: string | null, fallback = '/notifications'): string {
  if (!url) return fallback
  return url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\') ? url : fallback
}
