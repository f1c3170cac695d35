import vine from '@vinejs/vine'
import { ATTACHMENT_EXTNAMES, ATTACHMENT_MAX_SIZE } from '#kernel/documents/attachments'
import type { FormWording } from '#services/forms'

export const commentValidator = vine.compile(
  vine.object({
    body: vine.string().trim().minLength(1).maxLength(5000),
  })
)

export const attachmentValidator = vine.compile(
  vine.object({
    file: vine.file({ size: ATTACHMENT_MAX_SIZE, extnames: ATTACHMENT_EXTNAMES }),
  })
)

/**
 * Where the documents area's wording lives (services/forms.ts): field names
 * and messages in documents.json (`documents.validator.*`), before the shared
 * validator.json ones.
 */
export const documentsWording: FormWording = { fields: 'documents.validator.fields', messages: 'documents.validator.messages' }
