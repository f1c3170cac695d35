import vine from '@vinejs/vine'

export const auditFilterValidator = vine.compile(
  vine.object({
    user_id: vine.number().withoutDecimals().positive().optional(),
    record_type: vine.string().trim().maxLength(120).optional(),
    from: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
    to: vine.date({ formats: ['YYYY-MM-DD'] }).afterOrSameAs('from').optional(),
    page: vine.number().withoutDecimals().min(1).optional(),
  })
)
