/*
 * Automation action "set a field": writes one field of the rule's record,
 * the value parsed like a person's input (parseFieldInput), through the
 * generic writer (audited, announced at depth + 1).
 */
import vine from '@vinejs/vine'
import { parseFieldInput } from '#kernel/records/values'
import type { BuiltinAction } from './builtin_action.js'
import { recordOf } from './builtin_action.js'
import { updateRecordColumns } from '../record_rows.js'

export const setFieldAction: BuiltinAction = {
  id: 'set_field',
  label: { 'zh-CN': '设置字段', 'en': 'Set a field' },
  options: vine.object({ field: vine.string().trim().maxLength(80), value: vine.any().optional() }),
  check(options, fields) {
    const field = fields.find((f) => f.name === options.field)
    if (!field || field.readonly || field.name === 'id') return [{ option: 'field', key: 'rules.errors.writable_field', params: { field: options.field } }]
    const parsed = parseFieldInput(field, options.value)
    return parsed.ok ? [] : [{ option: 'value', key: parsed.error, params: parsed.params }]
  },
  writes: (options) => [{ field: options.field, value: options.value }],
  async run(context) {
    const { recordType, fields, row } = await recordOf(context)
    if (!row) return { skipped: true, note: 'the record no longer exists' }
    const field = fields.find((f) => f.name === context.options.field)!
    const parsed = parseFieldInput(field, context.options.value)
    if (!parsed.ok) throw new Error(`the value for ${field.name} is not valid (${parsed.error})`)
    const { changed } = await updateRecordColumns(recordType, context.recordId, { [field.name]: parsed.stored }, fields)
    return changed.length ? `${field.name} set` : { skipped: true, note: `${field.name} already had that value` }
  },
}
