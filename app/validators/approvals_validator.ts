/*
 * Validators of the approvals pages (flows, inbox decisions, delegation).
 * Field labels: approvals.fields.*; messages fall back to validator.json.
 */
import vine from '@vinejs/vine'

export const approvalsWording = { fields: 'approvals.fields', messages: 'approvals.messages' }

export const flowValidator = vine.compile(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(120),
    priority: vine.number().withoutDecimals().min(0).max(9999),
    is_active: vine.boolean().optional(),
  })
)

export const decisionValidator = vine.compile(
  vine.object({
    comment: vine.string().trim().maxLength(2000).optional(),
  })
)

export const delegationValidator = vine.compile(
  vine.object({
    delegate_id: vine.number().withoutDecimals(),
    starts_on: vine.date({ formats: ['YYYY-MM-DD'] }),
    ends_on: vine.date({ formats: ['YYYY-MM-DD'] }).afterOrSameAs('starts_on'),
  })
)
