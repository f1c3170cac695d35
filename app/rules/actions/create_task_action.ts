/*
 * Automation action "create a task": a task for the record's owner, a named
 * user or the user in a field, due N minutes/hours/days after the rule runs
 * ("call within 2 hours"), through createTask() (app/notifications/tasks.ts).
 */
import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import { createTask } from '#kernel/notifications/tasks'
import type { BuiltinAction } from './builtin_action.js'
import { checkWho, recordOf, userFrom } from './builtin_action.js'
import { fillTemplate } from '../record_rows.js'

export const createTaskAction: BuiltinAction = {
  id: 'create_task',
  label: { 'zh-CN': '创建任务', 'en': 'Create a task' },
  options: vine.object({
    title: vine.string().trim().minLength(1).maxLength(200),
    description: vine.string().trim().maxLength(2000).optional(),
    to: vine.enum(['owner', 'user', 'field']),
    user_id: vine.number().withoutDecimals().positive().optional().requiredWhen('to', '=', 'user'),
    field: vine.string().trim().maxLength(80).optional().requiredWhen('to', '=', 'field'),
    due_amount: vine.number().withoutDecimals().min(0).max(100000).optional(),
    due_unit: vine.enum(['minutes', 'hours', 'days']).optional().requiredIfExists('due_amount'),
  }),
  check: (options, fields) => checkWho(options, fields),
  async run(context) {
    const { recordType, fields, row } = await recordOf(context)
    if (!row) return { skipped: true, note: 'the record no longer exists' }
    const assigneeId = userFrom(context.options, row)
    if (!assigneeId) return { skipped: true, note: 'nobody to assign the task to' }
    const { due_amount: amount, due_unit: unit } = context.options
    const { id } = await createTask({
      title: fillTemplate(context.options.title, recordType, fields, row),
      description: context.options.description ? fillTemplate(context.options.description, recordType, fields, row) : null,
      assigneeId,
      dueAt: amount !== undefined && amount !== null && unit ? DateTime.now().plus({ [unit]: Number(amount) }) : null,
      recordType: context.recordType,
      recordId: context.recordId,
      createdBy: null,
      source: `rule:${context.rule.id}`,
    })
    return `task #${id}`
  },
}
