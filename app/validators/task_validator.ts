import vine from '@vinejs/vine'
import type { FormWording } from '#services/forms'

/** The task form: due time as `YYYY-MM-DDTHH:mm` (datetime-local) on the company clock. */
export const taskValidator = vine.compile(
  vine.object({
    title: vine.string().trim().minLength(1).maxLength(200),
    description: vine.string().trim().maxLength(5000).optional(),
    assignee_id: vine.number().positive().withoutDecimals(),
    due_at: vine
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}$/)
      .optional(),
    record_type: vine.string().trim().maxLength(160).optional(),
    record_id: vine.string().trim().maxLength(64).optional(),
  })
)

export const tasksWording: FormWording = { fields: 'tasks.fields', messages: 'tasks.messages' }
