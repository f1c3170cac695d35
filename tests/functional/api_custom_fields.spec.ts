import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import { makeUser } from '#tests/helpers/access'
import { addCustomField } from '#kernel/custom_fields/add_custom_field'
import { deleteCustomField } from '#kernel/custom_fields/delete_custom_field'
import { findCustomField, invalidateCustomFields } from '#kernel/custom_fields/custom_fields'

// Custom fields add real columns (DDL), so this group cleans up instead of using a global transaction.
async function cleanUp() {
  for (const row of await db.from('custom_fields').where('record_type', 'fixrec.contact').select('id')) {
    const field = await findCustomField(row.id)
    if (field) await deleteCustomField(field)
  }
  invalidateCustomFields()
  await db.from('audit_log').where('record_type', 'fixrec.contact').delete()
  await db.from('fixrec_contacts').delete()
}

test.group('REST API: custom fields', (group) => {
  group.each.setup(cleanUp)
  group.teardown(cleanUp)

  test('an admin\'s custom field is readable, writable, filterable and in the OpenAPI document at once', async ({ client, assert }) => {
    await addCustomField({ recordType: 'fixrec.contact', name: 'budget', kind: 'money', labelZh: '预算', labelEn: 'Budget' })
    const user = await makeUser({ permissions: ['fixrec.contact.view', 'fixrec.contact.create', 'fixrec.contact.edit'] })
    const token = (await User.accessTokens.create(user, ['*'], { name: 't' })).value!.release()
    const created = await client.post('/api/v1/records/fixrec.contact').json({ name: 'Acme', cf_budget: '1000.25' }).bearerToken(token)
    created.assertStatus(201)
    assert.equal(created.body().data.cf_budget, '1000.25')
    await client.post('/api/v1/records/fixrec.contact').json({ name: 'Small', cf_budget: '10' }).bearerToken(token)
    const big = await client.get('/api/v1/records/fixrec.contact?filter[cf_budget][gt]=100').bearerToken(token)
    assert.deepEqual(big.body().data.map((r: any) => r.name), ['Acme'])
    const bad = await client.post('/api/v1/records/fixrec.contact').json({ name: 'X', cf_budget: 'much' }).bearerToken(token)
    bad.assertStatus(422)
    assert.match(bad.body().errors[0].message, /^Budget: /)
    const doc = (await client.get('/api/v1/openapi.json').bearerToken(token)).body()
    assert.property(doc.components.schemas['fixrec.contact.create'].properties, 'cf_budget')
  })
})
