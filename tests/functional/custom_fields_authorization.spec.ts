/*
 * Authorization matrix of the custom-fields admin routes and of fixrec's
 * contact pages. Nothing here adds or drops a column (the matrix runs in a
 * rolled-back transaction, and a column would outlive the cache): the
 * permitted user gets a 422 for a definition that does not validate, and a
 * 404 for a custom field id that does not exist — after passing the gate.
 */
import db from '@adonisjs/lucid/services/db'
import { authorizationMatrix, type MatrixContext } from '#tests/helpers/authorization_matrix'

const MANAGE = 'admin.custom_fields.manage'
const MISSING = 987654

async function contactOf(owner: number | null) {
  const [row] = await db.table('fixrec_contacts').insert({ name: 'Matrix contact', vip: false, owner_id: owner, created_at: new Date() }).returning('id')
  return typeof row === 'object' ? row.id : row
}
const mine = async ({ actor }: MatrixContext) => contactOf(actor?.id ?? null)

authorizationMatrix('Custom fields admin', [
  { method: 'GET', url: '/admin/custom-fields', permission: MANAGE },
  // (No query strings: the login redirect keeps them, which the matrix does not expect. The create
  // page without ?type= is a 404 for the permitted user; with one it is tested in custom_fields.spec.ts.)
  { method: 'GET', url: '/admin/custom-fields/create', permission: MANAGE, expect: 404 },
  { method: 'POST', url: '/admin/custom-fields', permission: MANAGE, body: { record_type: 'fixrec.contact', name: 'Not Valid', kind: 'text' }, expect: 422 },
  { method: 'GET', url: `/admin/custom-fields/${MISSING}/edit`, permission: MANAGE, expect: 404 },
  { method: 'PUT', url: `/admin/custom-fields/${MISSING}`, permission: MANAGE, body: { label_zh: 'x', label_en: 'x' }, expect: 404 },
  { method: 'POST', url: `/admin/custom-fields/${MISSING}/deactivate`, permission: MANAGE, expect: 404 },
  { method: 'POST', url: `/admin/custom-fields/${MISSING}/activate`, permission: MANAGE, expect: 404 },
  { method: 'DELETE', url: `/admin/custom-fields/${MISSING}`, permission: MANAGE, expect: 404 },
])

authorizationMatrix('fixrec contacts (custom-fields reference pages)', [
  { method: 'GET', url: '/fixrec/contacts', permission: 'fixrec.contact.view' },
  { method: 'GET', url: '/fixrec/contacts/export', permission: 'fixrec.contact.view' },
  { method: 'GET', url: '/fixrec/contacts/create', permission: 'fixrec.contact.create' },
  { method: 'POST', url: '/fixrec/contacts', permission: 'fixrec.contact.create', body: { name: 'Matrix' } },
  {
    method: 'GET',
    permission: 'fixrec.contact.view',
    label: 'GET /fixrec/contacts/:id',
    url: async (ctx) => `/fixrec/contacts/${await mine(ctx)}`,
    outOfScope: async () => `/fixrec/contacts/${await contactOf(null)}`,
  },
  {
    method: 'GET',
    permission: 'fixrec.contact.edit',
    label: 'GET /fixrec/contacts/:id/edit',
    url: async (ctx) => `/fixrec/contacts/${await mine(ctx)}/edit`,
    outOfScope: async () => `/fixrec/contacts/${await contactOf(null)}/edit`,
  },
  {
    method: 'PUT',
    permission: 'fixrec.contact.edit',
    label: 'PUT /fixrec/contacts/:id',
    body: { name: 'Renamed' },
    url: async (ctx) => `/fixrec/contacts/${await mine(ctx)}`,
    outOfScope: async () => `/fixrec/contacts/${await contactOf(null)}`,
  },
])
