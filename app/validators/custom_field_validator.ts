/*
 * The admin form of a custom field. Options and the referenced type are
 * checked further by app/custom_fields/custom_field_definition.ts.
 */
import vine from '@vinejs/vine'
import { CUSTOM_FIELD_KINDS } from '#kernel/custom_fields/custom_fields'
import type { FormWording } from '#services/forms'

const wording = {
  label_zh: vine.string().trim().minLength(1).maxLength(120),
  label_en: vine.string().trim().minLength(1).maxLength(120),
  help_zh: vine.string().trim().maxLength(255).optional(),
  help_en: vine.string().trim().maxLength(255).optional(),
  required: vine.boolean().optional(),
  position: vine.number().withoutDecimals().min(0).max(9999).optional(),
  options: vine.string().maxLength(20000).optional(),
}

export const createCustomFieldValidator = vine.compile(
  vine.object({
    record_type: vine.string().trim().maxLength(120),
    // Lower-case snake_case: the column is cf_<name>, valid on both databases without quoting surprises.
    name: vine.string().trim().toLowerCase().regex(/^[a-z][a-z0-9_]{0,29}$/),
    kind: vine.enum(CUSTOM_FIELD_KINDS),
    reference: vine.string().trim().maxLength(120).optional(),
    ...wording,
  })
)

export const updateCustomFieldValidator = vine.compile(vine.object(wording))

export const customFieldsWording: FormWording = { fields: 'custom_fields.fields', messages: 'custom_fields.messages' }
