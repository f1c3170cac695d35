/*
 * Automation action "assign an owner": sets the record's owner_id to a named
 * user or to the user in one of the record's user fields.
 */
import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import type { BuiltinAction } from './builtin_action.js'
import { recordOf, UNKNOWN, userFrom } from './builtin_action.js'
import { updateRecordColumns } from '../record_rows.js'

export const assignOwnerAction: BuiltinAction = {
  id: 'assign_owner',
  label: { 'zh-CN': '指定负责人', 'en': 'Assign an owner' },
  options: vine.object({
    to: vine.enum(['user', 'field']),
    user_id: vine.number().withoutDecimals().positive().optional().requiredWhen('to', '=', 'user'),
    field: vine.string().trim().maxLength(80).optional().requiredWhen('to', '=', 'field'),
  }),
  check(options, fields) {
    if (!fields.some((f) => f.name === 'owner_id')) return [{ option: 'to', key: 'rules.errors.no_owner' }]
    if (options.to === 'field') {
      const field = fields.find((f) => f.name === options.field)
      if (!field || field.kind !== 'user' || field.name === 'owner_id') return [{ option: 'field', key: 'rules.errors.user_field', params: { field: options.field ?? '' } }]
    }
    return []
  },
  writes: (options) => [{ field: 'owner_id', value: options.to === 'user' ? String(options.user_id) : UNKNOWN }],
  async run(context) {
    const { recordType, fields, row } = await recordOf(context)
    if (!row) return { skipped: true, note: 'the record no longer exists' }
    const userId = userFrom(context.options, row)
    if (!userId) return { skipped: true, note: 'no user to assign' }
    const user = await db.from('users').where('id', userId).where('is_active', true).first()
    if (!user) throw new Error(`user #${userId} does not exist or is inactive`)
    const { changed } = await updateRecordColumns(recordType, context.recordId, { owner_id: userId }, fields)
    return changed.length ? `owner set to ${user.username}` : { skipped: true, note: `${user.username} already owns it` }
  },
}
