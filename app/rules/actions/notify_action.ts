/*
 * Automation action "notify": an in-app notification (and e-mail when SMTP
 * is configured) to named users, everyone holding some roles, and/or the
 * record's owner, through notify() (app/notifications/notify.ts). The title
 * and message are templates ({title}, {amount} …) filled from the record.
 */
import vine from '@vinejs/vine'
import { notify } from '#kernel/notifications/notify'
import type { BuiltinAction } from './builtin_action.js'
import { recordOf, userFrom } from './builtin_action.js'
import { fillTemplate } from '../record_rows.js'

export const notifyAction: BuiltinAction = {
  id: 'notify',
  label: { 'zh-CN': '发送通知', 'en': 'Notify' },
  options: vine.object({
    role_codes: vine.array(vine.string().trim().maxLength(60)).optional(),
    user_ids: vine.array(vine.number().withoutDecimals().positive()).optional(),
    to_owner: vine.boolean().optional(),
    title: vine.string().trim().minLength(1).maxLength(200),
    body: vine.string().trim().maxLength(2000).optional(),
  }),
  check(options, fields) {
    if (!options.role_codes?.length && !options.user_ids?.length && !options.to_owner) return [{ option: 'role_codes', key: 'rules.errors.recipients' }]
    if (options.to_owner && !fields.some((f) => f.name === 'owner_id')) return [{ option: 'to_owner', key: 'rules.errors.no_owner' }]
    return []
  },
  async run(context) {
    const { recordType, fields, row } = await recordOf(context)
    const source = row ?? context.record ?? context.before
    const owner = context.options.to_owner ? userFrom({ to: 'owner' }, source) : null
    const title = fillTemplate(context.options.title, recordType, fields, source)
    const body = context.options.body ? fillTemplate(context.options.body, recordType, fields, source) : null
    const sent = await notify({
      userIds: [...(context.options.user_ids ?? []), ...(owner ? [owner] : [])],
      roleCodes: context.options.role_codes ?? [],
      title: { 'zh-CN': title, 'en': title },
      body: body ? { 'zh-CN': body, 'en': body } : null,
      recordType: context.recordType,
      recordId: context.recordId,
      kind: 'automation',
    })
    return sent ? `${sent} notified` : { skipped: true, note: 'nobody to notify' }
  },
}
