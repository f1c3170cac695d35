/*
 * Approval notifications through the kernel's notify() (app/notifications):
 * approvers when a step becomes theirs (and their delegates), the submitter
 * on every decision. Texts in both languages, from approvals.json. Sent
 * after the decision commits; a failing notification is logged, never thrown.
 */
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import i18nManager from '@adonisjs/i18n/services/main'
import logger from '@adonisjs/core/services/logger'

export interface ApprovalNotice {
  userIds: number[]
  key: string
  data: Record<string, unknown>
  recordType: string
  recordId: number | string
  url?: string
  excludeUserId?: number | null
}

type NotifyFn = (input: Record<string, unknown>, trx?: TransactionClientContract) => Promise<unknown>
let notifyFn: NotifyFn | null | undefined

async function loadNotify(): Promise<NotifyFn | null> {
  if (notifyFn !== undefined) return notifyFn
  try {
    const specifier = '#kernel/notifications/notify'
    const mod: any = await import(specifier)
    notifyFn = typeof mod.notify === 'function' ? mod.notify : null
  } catch {
    notifyFn = null
  }
  return notifyFn ?? null
}

/** Sends the notice once `trx` commits (never for a rolled-back decision), or now without one. */
export function queueApprovalNotice(notice: ApprovalNotice, trx?: TransactionClientContract) {
  if (trx) trx.after('commit', () => sendApprovalNotice(notice))
  else return sendApprovalNotice(notice)
}

export async function sendApprovalNotice(notice: ApprovalNotice) {
  const userIds = [...new Set(notice.userIds)].filter((id) => id !== notice.excludeUserId)
  if (!userIds.length) return
  const notify = await loadNotify()
  if (!notify) return
  const text = (locale: string) => i18nManager.locale(locale).t(notice.key, notice.data as any)
  try {
    await notify(
      {
        userIds,
        title: { 'zh-CN': text('zh-CN'), 'en': text('en') },
        recordType: notice.recordType,
        recordId: notice.recordId,
        url: notice.url ?? '/approvals',
        kind: 'approval',
      }
    )
  } catch (error) {
    // A notification never undoes a decision.
    logger.warn({ err: error }, 'approval notification failed')
  }
}
