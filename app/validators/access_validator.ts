/*
 * Validators of the access admin pages (users, departments, roles) and API
 * tokens. Messages come from resources/lang/<locale>/access.json
 * (`access.fields.*`, `access.messages.*`), falling back to validator.json.
 */
import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import type { FormWording } from '#services/forms'

const USERNAME = /^[A-Za-z0-9_.-]+$/
const CODE = /^[A-Za-z0-9_.-]+$/

const excludeSelf = (metaKey: string) => (db: any, _value: unknown, field: FieldContext) => {
  const id = field.meta[metaKey]
  if (id) db.whereNot('id', id)
}

const userFields = {
  name: vine.string().trim().minLength(1).maxLength(120),
  email: vine.string().trim().email().maxLength(254).optional(),
  department_id: vine.number().withoutDecimals().exists({ table: 'departments', column: 'id' }).optional(),
  locale: vine.enum(['zh-CN', 'en']),
  roles: vine.array(vine.number().withoutDecimals().exists({ table: 'roles', column: 'id' })).optional(),
}

/** A username: unique regardless of case (except the user being edited, via `filter`). */
const username = (filter?: ReturnType<typeof excludeSelf>) =>
  vine
    .string()
    .trim()
    .minLength(2)
    .maxLength(60)
    .regex(USERNAME)
    .unique({ table: 'users', column: 'username', caseInsensitive: true, ...(filter ? { filter } : {}) })

export const createUserValidator = vine.compile(
  vine.object({
    username: username(),
    password: vine.string().minLength(8).maxLength(200),
    ...userFields,
  })
)

export const updateUserValidator = vine.withMetaData<{ userId: number }>().compile(
  vine.object({
    username: username(excludeSelf('userId')),
    ...userFields,
  })
)

export const resetPasswordValidator = vine.compile(
  vine.object({
    password: vine.string().minLength(8).maxLength(200).confirmed({ confirmationField: 'password_confirmation' }),
  })
)

export const departmentValidator = vine.withMetaData<{ departmentId?: number }>().compile(
  vine.object({
    code: vine
      .string()
      .trim()
      .minLength(1)
      .maxLength(40)
      .regex(CODE)
      .unique({ table: 'departments', column: 'code', filter: excludeSelf('departmentId') }),
    name: vine.string().trim().minLength(1).maxLength(120),
    parent_id: vine.number().withoutDecimals().exists({ table: 'departments', column: 'id' }).optional(),
    sort_order: vine.number().withoutDecimals().min(0).max(100000).optional(),
  })
)

export const roleValidator = vine.withMetaData<{ roleId?: number }>().compile(
  vine.object({
    code: vine
      .string()
      .trim()
      .minLength(2)
      .maxLength(60)
      .regex(CODE)
      .unique({ table: 'roles', column: 'code', filter: excludeSelf('roleId') }),
    name: vine.string().trim().minLength(1).maxLength(120),
    description: vine.string().trim().maxLength(500).optional(),
  })
)

export const tokenValidator = vine.compile(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(80),
  })
)

/**
 * Where the access forms' wording lives (services/forms.ts): field names in
 * access.json (`access.form_fields.<form>.*` before `access.fields.*`),
 * special messages under `access.messages.<field>.<rule>`.
 */
export function accessWording(form?: string): FormWording {
  return { fields: [...(form ? [`access.form_fields.${form}`] : []), 'access.fields'], messages: 'access.messages' }
}
