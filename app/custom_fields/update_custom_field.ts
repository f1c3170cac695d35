/*
 * Changes a custom field's wording, required flag, options and position, or
 * (de)activates it. The kind and the referenced type never change: the
 * column's type and the ids in it depend on them.
 */
import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#kernel/documents/audit'
import { findCustomField, invalidateCustomFields, type CustomField } from './custom_fields.js'
import { emitCustomFieldChange } from './custom_field_events.js'
import { checkKindSettings, type CustomFieldDefinition } from './custom_field_definition.js'

export type CustomFieldChanges = Pick<CustomFieldDefinition, 'labelZh' | 'labelEn' | 'helpZh' | 'helpEn' | 'required' | 'position' | 'options'>

export async function updateCustomField(field: CustomField, changes: CustomFieldChanges, userId: number | null = null): Promise<CustomField> {
  const { options } = checkKindSettings(field.kind, { options: changes.options, reference: field.reference })
  const row = {
    label_zh: changes.labelZh.trim(),
    label_en: changes.labelEn.trim(),
    help_zh: changes.helpZh?.trim() || null,
    help_en: changes.helpEn?.trim() || null,
    required: field.kind === 'boolean' ? false : !!changes.required,
    position: changes.position ?? field.position,
    options: options.length ? JSON.stringify(options) : null,
    updated_at: new Date(),
  }
  await db.transaction(async (trx) => {
    await trx.from('custom_fields').where('id', field.id).update(row)
    await recordAudit({ userId, recordType: 'kernel.custom_field', recordId: field.id, action: 'update', field: field.column }, trx)
  })
  invalidateCustomFields(field.recordType)
  await emitCustomFieldChange({ recordType: field.recordType, column: field.column, action: 'updated', userId })
  return (await findCustomField(field.id))!
}

/** Hides the field everywhere (its data stays in the column), or shows it again. */
export async function setCustomFieldActive(field: CustomField, active: boolean, userId: number | null = null) {
  await db.transaction(async (trx) => {
    await trx.from('custom_fields').where('id', field.id).update({ active, updated_at: new Date() })
    await recordAudit(
      { userId, recordType: 'kernel.custom_field', recordId: field.id, action: active ? 'activate' : 'deactivate', field: field.column },
      trx
    )
  })
  invalidateCustomFields(field.recordType)
  await emitCustomFieldChange({ recordType: field.recordType, column: field.column, action: active ? 'activated' : 'deactivated', userId })
}
