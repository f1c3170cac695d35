/*
 * Adds a custom field: the definition row, the column `cf_<name>` on the
 * record type's table and its index, in one transaction — on SQLite and
 * PostgreSQL alike DDL rolls back, so a failure leaves nothing half-made.
 */
import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#kernel/documents/audit'
import { fieldsOf, recordTypeOrFail } from '#kernel/records/fields'
import { isUniqueViolation } from '#services/forms'
import { COLUMN_PREFIX, findCustomField, invalidateCustomFields, type CustomField } from './custom_fields.js'
import { addColumn, columnExists } from './custom_field_columns.js'
import { emitCustomFieldChange } from './custom_field_events.js'
import { checkKindSettings, CustomFieldInvalid, type CustomFieldDefinition } from './custom_field_definition.js'

export const MAX_FIELDS_PER_TYPE = 200

export async function addCustomField(input: CustomFieldDefinition, userId: number | null = null): Promise<CustomField> {
  const recordType = recordTypeOrFail(input.recordType)
  const name = input.name.trim().toLowerCase()
  const column = COLUMN_PREFIX + name
  const { options, reference } = checkKindSettings(input.kind, input)
  // A declared field of that name (even one without a column of its own) would be ambiguous in every engine.
  if ((await fieldsOf(recordType)).some((f) => f.name === column)) {
    throw new CustomFieldInvalid({ name: { key: 'custom_fields.errors.name_taken', params: { column } } })
  }

  // PostgreSQL allows 1,600 columns a table (dropped ones still count until the table is rewritten).
  const [{ total }] = await db.from('custom_fields').where('record_type', recordType.type).count('* as total')
  if (Number(total) >= MAX_FIELDS_PER_TYPE) {
    throw new CustomFieldInvalid({ name: { key: 'custom_fields.errors.too_many_fields', params: { max: MAX_FIELDS_PER_TYPE } } })
  }

  let id: number
  try {
    id = await db.transaction(async (trx) => {
      if (await columnExists(trx, recordType.table, column)) {
        throw new CustomFieldInvalid({ name: { key: 'custom_fields.errors.name_taken', params: { column } } })
      }
      const now = new Date()
      const [row] = await trx
        .insertQuery()
        .table('custom_fields')
        .insert({
          record_type: recordType.type,
          name,
          kind: input.kind,
          label_zh: input.labelZh.trim(),
          label_en: input.labelEn.trim(),
          help_zh: input.helpZh?.trim() || null,
          help_en: input.helpEn?.trim() || null,
          required: input.kind === 'boolean' ? false : !!input.required,
          active: true,
          position: input.position ?? 0,
          options: options.length ? JSON.stringify(options) : null,
          reference,
          created_by: userId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
      const newId = Number(typeof row === 'object' ? row.id : row)
      await addColumn(trx, recordType.table, column, input.kind)
      await recordAudit({ userId, recordType: 'kernel.custom_field', recordId: newId, action: 'create', field: column, newValue: input.kind }, trx)
      return newId
    })
  } catch (error) {
    // Two admins adding the same name at once: the loser is told, not shown a 500.
    if (isUniqueViolation(error) || /already exists|duplicate column/i.test(String((error as Error)?.message))) {
      throw new CustomFieldInvalid({ name: { key: 'custom_fields.errors.name_taken', params: { column } } })
    }
    throw error
  } finally {
    invalidateCustomFields(recordType.type)
  }
  await emitCustomFieldChange({ recordType: recordType.type, column, action: 'added', userId })
  return (await findCustomField(id))!
}
