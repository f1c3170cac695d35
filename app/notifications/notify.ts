/*
 * In-app notifications: the one function every engine and plugin calls.
 *
 *   await notify({ roleCodes: ['sales_manager'], title: { 'zh-CN': '待审批', en: 'Awaiting approval' },
 *                  recordType: 'sales.order', recordId: 42, kind: 'approval', excludeUserId: actorId }, trx)
 *
 * Recipients are the named users plus every active user holding one of the
 * roles, each once; inactive users get nothing. Each row stores both
 * languages; the reader sees their own. When SMTP is configured the
 * notifications are also e-mailed, after the transaction commits.
 */
import router from '@adonisjs/core/services/router'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract, QueryClientContract } from '@adonisjs/lucid/types/database'
import type { LocalizedText } from '#kernel/plugins/define_plugin'
import plugins from '#services/plugins'
import Notification from '#models/notification'
import { queueNotificationMail } from './mail.js'

export interface NotifyInput {
  userIds?: number[]
  roleCodes?: string[]
  title: LocalizedText
  body?: LocalizedText | null
  recordType?: string | null
  recordId?: string | number | null
  url?: string | null
  kind?: string
  excludeUserId?: number | null
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/** Both languages, each falling back to the other when missing. */
function bothLanguages(text: LocalizedText | null | undefined): { zh: string; en: string } | null {
  if (!text) return null
  const zh = (text['zh-CN'] ?? '').trim()
  const en = (text.en ?? '').trim()
  if (!zh && !en) return null
  return { zh: zh || en, en: en || zh }
}

/** The page of a registered record, when its type declares a detail route; null otherwise. */
export function recordUrl(recordType: string | null | undefined, recordId: string | number | null | undefined): string | null {
  if (!recordType || recordId === null || recordId === undefined || recordId === '') return null
  const declared = plugins.recordType(recordType)
  if (!declared?.detailRoute) return null
  try {
    return router.builder().params({ id: recordId }).make(declared.detailRoute)
  } catch (error) {
    logger.warn({ err: error, recordType }, 'the detail route of a record type cannot be built')
    return null
  }
}

/** Active users among `userIds` or holding one of `roleCodes`, each once, ordered by id. */
export async function resolveRecipients(
  input: Pick<NotifyInput, 'userIds' | 'roleCodes' | 'excludeUserId'>,
  client: QueryClientContract = db.connection()
): Promise<number[]> {
  const userIds = [...new Set((input.userIds ?? []).map(Number).filter((id) => Number.isInteger(id) && id > 0))]
  const roleCodes = [...new Set((input.roleCodes ?? []).filter((c) => typeof c === 'string' && c))]
  if (!userIds.length && !roleCodes.length) return []
  const rows = await client
    .from('users')
    .where('is_active', true)
    .where((q) => {
      if (userIds.length) q.orWhereIn('id', userIds)
      if (roleCodes.length) {
        q.orWhereIn('id', (sub) =>
          sub.from('user_roles').join('roles', 'roles.id', 'user_roles.role_id').whereIn('roles.code', roleCodes).select('user_roles.user_id')
        )
      }
    })
    .select('id')
    .orderBy('id')
  const exclude = input.excludeUserId ?? null
  return [...new Set(rows.map((r: any) => Number(r.id)))].filter((id) => id !== exclude)
}

/**
 * Creates one notification per recipient (in `trx` when given) and returns
 * how many were created. E-mails, when configured, go out after commit.
 */
export async function notify(input: NotifyInput, trx?: TransactionClientContract): Promise<number> {
  const title = bothLanguages(input.title)
  if (!title) throw new Error('notify(): a title in zh-CN or en is required')
  const body = bothLanguages(input.body ?? null)
  const recipients = await resolveRecipients(input, trx ?? db.connection())
  if (!recipients.length) return 0

  const recordId = input.recordId === null || input.recordId === undefined || input.recordId === '' ? null : String(input.recordId)
  const recordType = recordId ? (input.recordType ?? null) : null
  const url = input.url || recordUrl(recordType, recordId)
  const kind = clip(input.kind || 'system', 40)

  const created = await Notification.createMany(
    recipients.map((userId) => ({
      userId,
      kind,
      titleZh: clip(title.zh, 500),
      titleEn: clip(title.en, 500),
      bodyZh: body?.zh ?? null,
      bodyEn: body?.en ?? null,
      recordType,
      recordId,
      url: url ? clip(url, 1000) : null,
      readAt: null,
    })),
    trx ? { client: trx } : undefined
  )
  const ids = created.map((n) => n.id)
  if (trx) trx.after('commit', () => queueNotificationMail(ids))
  else queueNotificationMail(ids)
  return created.length
}

/** Unread notifications of one user (the bell's badge). */
export async function unreadCount(userId: number): Promise<number> {
  const row = await db.from('notifications').where('user_id', userId).whereNull('read_at').count('* as total').first()
  return Number(row?.total ?? 0)
}
