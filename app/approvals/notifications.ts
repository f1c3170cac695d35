/*
 * Approval notifications through the kernel's notify() (app/notifications):
 * approvers (and their delegates) when a step becomes theirs, the submitter
 * on every decision. Written in the decision's transaction, so a rolled-back
 * decision notifies nobody; texts in both languages from approvals.json.
 */
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import i18nManager from '@adonisjs/i18n/services/main'
import router from '@adonisjs/core/services/router'
import { notify } from '#kernel/notifications/notify'

export interface ApprovalNotice {
  userIds: number[]
  key: string
  data: Record<string, unknown>
  recordType: string
  recordId: number | string
  /** Defaults to the approvals inbox */
  url?: string
  excludeUserId?: number | null
}

export async function queueApprovalNotice(notice: ApprovalNotice, trx: TransactionClientContract) {
  const userIds = [...new Set(notice.userIds)].filter((id) => id !== notice.excludeUserId)
  if (!userIds.length) return
  const text = (locale: string) => i18nManager.locale(locale).t(notice.key, notice.data as any)
  await notify(
    {
      userIds,
      title: { 'zh-CN': text('zh-CN'), 'en': text('en') },
      recordType: notice.recordType,
      recordId: notice.recordId,
      url: notice.url ?? router.builder().make('approvals.index'),
      kind: 'approval',
      excludeUserId: notice.excludeUserId ?? null,
    },
    trx
  )
}
