/*
 * The workbench cards of this area (declared in app/kernel_manifest.ts under
 * the `workbench.widgets` slot): the signed-in user's open tasks, overdue
 * first then by due time, and their unread notifications. A card with
 * nothing to show renders nothing.
 */
import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import Task from '#models/task'
import { dbTime } from './tasks.js'
import { latestFor, unreadCount } from './inbox.js'

export async function myTasksWidget(ctx: HttpContext | null) {
  const user = ctx?.auth?.user
  if (!user) return { tasks: [], total: 0, nowMillis: Date.now() }
  const base = () => Task.query().where('assignee_id', user.id).whereNull('done_at')
  const now = dbTime(DateTime.now())
  const tasks = await base()
    // Overdue first, then by due time (none last), then oldest.
    .orderByRaw('CASE WHEN due_at IS NULL THEN 2 WHEN due_at < ? THEN 0 ELSE 1 END', [now])
    .orderBy('due_at', 'asc')
    .orderBy('id', 'asc')
    .limit(5)
  const total = tasks.length < 5 ? tasks.length : Number((await base().count('* as total').first())?.$extras.total ?? 0)
  return { tasks, total, nowMillis: Date.now() }
}

export async function notificationsWidget(ctx: HttpContext | null) {
  const user = ctx?.auth?.user
  if (!user) return { notifications: [], unread: 0 }
  return { notifications: await latestFor(user.id, 5, true), unread: await unreadCount(user.id) }
}
