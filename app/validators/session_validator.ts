import vine from '@vinejs/vine'

export const loginValidator = vine.compile(
  vine.object({
    username: vine.string().trim().minLength(1).maxLength(60),
    password: vine.string().minLength(1).maxLength(200),
  })
)

export const localeValidator = vine.compile(
  vine.object({
    locale: vine.enum(['zh-CN', 'en']),
  })
)
