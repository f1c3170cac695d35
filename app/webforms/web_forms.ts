/*
 * Web-to-record: a record type that opts in (`webForm: { fields }` in its
 * declaration) can be filled by a public website form. An admin creates a
 * form token (/admin/web-forms); the website POSTs to /public/forms/<token>
 * (no sign-in, no CSRF token, rate-limited per visitor IP and form). The
 * record is created through the record writer as the token's user, with only
 * the form's fields allowed. A filled-in honeypot field (`website`) is
 * answered like a success and stores nothing.
 */
import { randomBytes } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import plugins from '#services/plugins'
import type { RegisteredRecordType } from '#kernel/plugins/plugin_registry'
import { dbTimestamp } from '#kernel/records/record_writer'

export const HONEYPOT_FIELD = 'website'
/** Submissions allowed per visitor IP and form */
export const WEB_FORM_RATE = { requests: 5, duration: '1 min', blockDuration: '5 mins' } as const

/** Record types that allow web forms. */
export function webFormTypes(): RegisteredRecordType[] {
  return plugins.recordTypes().filter((rt) => rt.webForm && rt.webForm.fields.length > 0)
}

export async function createWebFormToken(recordType: string, name: string, userId: number) {
  const token = randomBytes(18).toString('base64url')
  await db.table('web_form_tokens').insert({
    record_type: recordType,
    name,
    token,
    user_id: userId,
    active: true,
    submissions: 0,
    created_at: dbTimestamp(new Date(), db.connection()),
  })
  return token
}

/** The active form for a token, with its record type; null when unknown, inactive or its plugin is off. */
export async function findWebForm(token: string) {
  if (!/^[A-Za-z0-9_-]{10,64}$/.test(token)) return null
  const row = await db.from('web_form_tokens').where('token', token).where('active', true).first()
  if (!row) return null
  const recordType = plugins.recordType(row.record_type)
  if (!recordType?.webForm) return null
  return { row, recordType }
}
