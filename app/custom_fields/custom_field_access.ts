/*
 * Field permissions (app/services/field_permissions.ts) applied to custom
 * fields: a role may hide `<record type>.cf_<name>` or make it read-only,
 * like any declared field. Hidden fields leave forms, lists (columns, sort,
 * filters), detail pages, exports and prints; read-only ones are shown but
 * never written.
 */
import type User from '#models/user'
import { fieldModes, type FieldMode } from '#services/field_permissions'
import type { CustomField } from './custom_fields.js'

/** column → mode for `user` (everything visible without a user). */
export async function customFieldModes(user: User | null | undefined, recordType: string): Promise<Record<string, FieldMode>> {
  return user ? fieldModes(user, recordType) : {}
}

export function visibleTo(modes: Record<string, FieldMode>) {
  return (field: CustomField) => modes[field.column] !== 'hidden'
}

export function writableBy(modes: Record<string, FieldMode>) {
  return (field: CustomField) => !modes[field.column] || modes[field.column] === 'visible'
}
