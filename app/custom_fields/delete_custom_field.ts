/*
 * Deletes a custom field and its data: drops the index and the column, then
 * the definition, in one transaction.
 */
import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#kernel/documents/audit'
import plugins from '#services/plugins'
import { invalidateCustomFields, type CustomField } from './custom_fields.js'
import { columnExists, dropColumn } from './custom_field_columns.js'
import { emitCustomFieldChange } from './custom_field_events.js'

export async function deleteCustomField(field: CustomField, userId: number | null = null) {
  // The record type's plugin may be disabled meanwhile: its table is still there.
  const table = plugins.recordType(field.recordType)?.table ?? (await tableOfDisabledType(field.recordType))
  try {
    await db.transaction(async (trx) => {
      if (table && (await columnExists(trx, table, field.column))) await dropColumn(trx, table, field.column)
      await trx.from('custom_fields').where('id', field.id).delete()
      await recordAudit({ userId, recordType: 'kernel.custom_field', recordId: field.id, action: 'delete', field: field.column, oldValue: field.kind }, trx)
    })
  } finally {
    invalidateCustomFields(field.recordType)
  }
  await emitCustomFieldChange({ recordType: field.recordType, column: field.column, action: 'deleted', userId })
}

async function tableOfDisabledType(type: string): Promise<string | null> {
  for (const plugin of plugins.loadable()) {
    const manifest = plugin.manifest!
    const found = [...(manifest.records ?? []), ...(manifest.documents ?? [])].find((r) => r.type === type)
    if (found?.table) return found.table
  }
  return null
}
