/*
 * Custom fields: the admin page adds, edits, deactivates and deletes real
 * columns on a record type's table; fieldsOf() sees them at once; fixrec's
 * contact pages show them on the form, the detail page and the list (sort,
 * filter), with messages in zh-CN and en. Runs on SQLite and PostgreSQL.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { createUserWith } from '#tests/helpers/ui_users'
import { fieldsOf } from '#kernel/records/fields'
import { customFieldsOf, findCustomField, invalidateCustomFields } from '#kernel/custom_fields/custom_fields'
import { addCustomField } from '#kernel/custom_fields/add_custom_field'
import { deleteCustomField } from '#kernel/custom_fields/delete_custom_field'
import { CustomFieldInvalid } from '#kernel/custom_fields/custom_field_definition'
import { readCustomInput } from '#kernel/custom_fields/read_custom_input'
import { indexName } from '#kernel/custom_fields/custom_field_columns'
import { evaluateConditions, validateConditions } from '#kernel/records/conditions'
import { presentCustomFields } from '#kernel/custom_fields/custom_field_values'
import edge from 'edge.js'
import { PluginLifecycle } from '#kernel/plugins/plugin_lifecycle'
import { restorePlugins } from '#tests/helpers/plugins'
import { onEvent } from '#services/events'

const TYPE = 'fixrec.contact'
const TABLE = 'fixrec_contacts'
const ADMIN = ['admin.custom_fields.manage']
const CONTACTS = ['fixrec.contact.view', 'fixrec.contact.create', 'fixrec.contact.edit']

async function columns(table = TABLE): Promise<string[]> {
  if (db.connection().dialect.name === 'postgres') {
    const r = await db.rawQuery('SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?', [table])
    return r.rows.map((x: any) => x.column_name)
  }
  return (await db.rawQuery(`PRAGMA table_info("${table}")`)).map((x: any) => x.name)
}

async function removeAllCustomFields() {
  for (const row of await db.from('custom_fields').select('id')) {
    const field = await findCustomField(row.id)
    if (field) await deleteCustomField(field)
  }
  invalidateCustomFields()
  await db.from(TABLE).delete()
}

const regionForm = {
  record_type: TYPE,
  name: 'region',
  kind: 'select',
  label_zh: '区域',
  label_en: 'Region',
  required: '1',
  position: '1',
  options: 'north | 华北 | North\nsouth | 华南 | South',
}

test.group('Custom fields admin page', (group) => {
  group.each.setup(removeAllCustomFields)
  group.teardown(removeAllCustomFields)

  test('an admin adds a field: a real indexed column appears and fieldsOf includes it at once', async ({ client, assert }) => {
    const admin = await createUserWith({ permissions: ADMIN })
    const page = await client.get(`/admin/custom-fields?type=${TYPE}`).loginAs(admin)
    page.assertStatus(200)
    assert.include(page.text(), 'data-test="custom-fields-empty"')
    const create = await client.get(`/admin/custom-fields/create?type=${TYPE}`).loginAs(admin)
    create.assertStatus(200)
    assert.include(create.text(), 'data-test="custom-field-form"')
    assert.match(create.text(), /<option value="multiselect"\s*>Multi-select<\/option>/)

    const saved = await client.post('/admin/custom-fields').form(regionForm).withCsrfToken().loginAs(admin).redirects(0)
    saved.assertStatus(302)
    assert.include(await columns(), 'cf_region')
    const field = (await fieldsOf(TYPE)).find((f) => f.name === 'cf_region')
    assert.deepInclude(field as any, { kind: 'select', required: true, label: { 'zh-CN': '区域', 'en': 'Region' } })
    assert.deepEqual(field!.options!.map((o) => o.value), ['north', 'south'])

    const list = await client.get(`/admin/custom-fields?type=${TYPE}`).loginAs(admin)
    assert.match(list.text(), /data-column="cf_region"/)
    assert.include(list.text(), 'Region')
    const definition = await db.from('custom_fields').where({ record_type: TYPE, name: 'region' }).firstOrFail()
    const audit = await db.from('audit_log').where({ record_type: 'kernel.custom_field', record_id: String(definition.id), action: 'create' }).orderBy('id', 'desc').first()
    assert.equal(audit.user_id, admin.id)
  })

  test('bad definitions are refused with the field named, in en and zh-CN, and nothing is made', async ({ client, assert }) => {
    const en = await createUserWith({ permissions: ADMIN, locale: 'en' })
    const zh = await createUserWith({ permissions: ADMIN, locale: 'zh-CN' })
    const bad = await client.post('/admin/custom-fields').form({ ...regionForm, name: 'Bad Name', label_en: '' }).withCsrfToken().loginAs(en)
    bad.assertStatus(422)
    assert.match(bad.text(), /data-test="error-name">The column name must start with a lower-case letter/)
    assert.match(bad.text(), /data-test="error-label_en">Label \(English\) is required/)

    const noOptions = await client.post('/admin/custom-fields').form({ ...regionForm, options: '' }).withCsrfToken().loginAs(zh)
    noOptions.assertStatus(422)
    assert.match(noOptions.text(), /data-test="error-options">请至少填写一个选项/)

    const dupOption = await client.post('/admin/custom-fields').form({ ...regionForm, options: 'a\nA | 甲' }).withCsrfToken().loginAs(en)
    assert.match(dupOption.text(), /data-test="error-options">Line 2: the value “A” is listed twice/)

    const noRef = await client.post('/admin/custom-fields').form({ ...regionForm, kind: 'reference', name: 'partner', reference: 'nope.thing' }).withCsrfToken().loginAs(en)
    assert.match(noRef.text(), /data-test="error-reference">Choose the record type this field refers to/)

    assert.notInclude((await columns()).join(','), 'cf_')
    assert.lengthOf(await db.from('custom_fields'), 0)
  })

  test('a name colliding with an existing column is refused with a message', async ({ client, assert }) => {
    const admin = await createUserWith({ permissions: ADMIN })
    await client.post('/admin/custom-fields').form(regionForm).withCsrfToken().loginAs(admin)
    const again = await client.post('/admin/custom-fields').form({ ...regionForm, kind: 'text' }).withCsrfToken().loginAs(admin)
    again.assertStatus(422)
    assert.match(again.text(), /data-test="error-name">This record type already has a column named cf_region/)
    assert.lengthOf(await db.from('custom_fields'), 1)
  })

  test('a failure half-way (the index cannot be made) leaves neither a column nor a definition', async ({ assert }) => {
    // A stale index of the same name makes CREATE INDEX fail after ADD COLUMN ran.
    await db.rawQuery(`CREATE INDEX "${indexName(TABLE, 'cf_budget')}" ON "${TABLE}" ("name")`)
    try {
      await assert.rejects(() => addCustomField({ recordType: TYPE, name: 'budget', kind: 'money', labelZh: '预算', labelEn: 'Budget' }))
      assert.notInclude(await columns(), 'cf_budget')
      assert.lengthOf(await db.from('custom_fields'), 0)
      assert.notExists((await fieldsOf(TYPE)).find((f) => f.name === 'cf_budget'))
    } finally {
      await db.rawQuery(`DROP INDEX "${indexName(TABLE, 'cf_budget')}"`)
    }
  })

  test('editing changes labels, required and options, never the kind; deactivating hides it, deleting drops the column', async ({ client, assert }) => {
    const admin = await createUserWith({ permissions: ADMIN })
    await client.post('/admin/custom-fields').form(regionForm).withCsrfToken().loginAs(admin)
    const field = (await customFieldsOf(TYPE))[0]

    const edit = await client.get(`/admin/custom-fields/${field.id}/edit`).loginAs(admin)
    edit.assertStatus(200)
    assert.include(edit.text(), 'data-test="kind-fixed"')
    assert.include(edit.text(), 'north | 华北 | North')

    const updated = await client
      .put(`/admin/custom-fields/${field.id}`)
      .form({ label_zh: '销售区域', label_en: 'Sales region', options: 'north | 华北 | North\nwest | 西部 | West', kind: 'text', position: '3' })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    updated.assertStatus(302)
    const after = (await customFieldsOf(TYPE))[0]
    assert.equal(after.kind, 'select')
    assert.equal(after.label.en, 'Sales region')
    assert.isFalse(after.required)
    assert.equal(after.position, 3)
    assert.deepEqual(after.options.map((o) => o.value), ['north', 'west'])

    await db.table(TABLE).insert({ name: 'Kept', vip: false, created_at: new Date(), cf_region: 'north' })
    ;(await client.post(`/admin/custom-fields/${field.id}/deactivate`).withCsrfToken().loginAs(admin).redirects(0)).assertStatus(302)
    assert.notExists((await fieldsOf(TYPE)).find((f) => f.name === 'cf_region'))
    assert.equal((await db.from(TABLE).where('name', 'Kept').first()).cf_region, 'north')
    const list = await client.get(`/admin/custom-fields?type=${TYPE}`).loginAs(admin)
    assert.match(list.text(), /data-test="custom-field-status">Deactivated/)

    ;(await client.post(`/admin/custom-fields/${field.id}/activate`).withCsrfToken().loginAs(admin).redirects(0)).assertStatus(302)
    assert.exists((await fieldsOf(TYPE)).find((f) => f.name === 'cf_region'))

    const deleted = await client.delete(`/admin/custom-fields/${field.id}`).withCsrfToken().loginAs(admin).redirects(0)
    deleted.assertStatus(302)
    assert.notInclude(await columns(), 'cf_region')
    assert.lengthOf(await db.from('custom_fields'), 0)
    assert.notExists((await fieldsOf(TYPE)).find((f) => f.name === 'cf_region'))
  })

  test('two admins adding the same field at once: exactly one wins, the other is told', async ({ assert }) => {
    const add = (label: string) => addCustomField({ recordType: TYPE, name: 'twin', kind: 'text', labelZh: label, labelEn: label })
    const results = await Promise.allSettled([add('one'), add('two')])
    assert.lengthOf(results.filter((r) => r.status === 'fulfilled'), 1)
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    assert.instanceOf(lost.reason, CustomFieldInvalid)
    assert.equal(lost.reason.fields.name.key, 'custom_fields.errors.name_taken')
    assert.lengthOf(await db.from('custom_fields').where('name', 'twin'), 1)
    assert.include(await columns(), 'cf_twin')
  })

  test('approval conditions and rules can use a custom field (through fieldsOf)', async ({ assert }) => {
    await addCustomField({ recordType: TYPE, name: 'budget', kind: 'money', labelZh: '预算', labelEn: 'Budget' })
    const fields = await fieldsOf(TYPE)
    const { group, problems } = validateConditions({ match: 'all', conditions: [{ field: 'cf_budget', op: 'gt', value: '1000.5' }] }, fields)
    assert.deepEqual(problems, [])
    assert.isTrue(evaluateConditions(group, fields, { cf_budget: '1000600000' }))
    assert.isFalse(evaluateConditions(group, fields, { cf_budget: '1000500000' }))
  })

  test('the print partial shows filled custom fields with labels in the language asked', async ({ assert }) => {
    await addCustomField({ recordType: TYPE, name: 'region', kind: 'select', labelZh: '区域', labelEn: 'Region', options: 'north | 华北 | North' })
    await addCustomField({ recordType: TYPE, name: 'vip2', kind: 'boolean', labelZh: '重点', labelEn: 'Key account' })
    await addCustomField({ recordType: TYPE, name: 'note', kind: 'text', labelZh: '备注', labelEn: 'Note' })
    const row = { id: 7, cf_region: 'north', cf_vip2: 1, cf_note: null }
    const html = await edge.render('components/custom_fields/print', { custom: await presentCustomFields(TYPE, [row], 'zh-CN'), id: 7 })
    assert.match(html, /<th[^>]*>区域<\/th>\s*<td[^>]*>华北<\/td>/)
    assert.match(html, /<th[^>]*>重点<\/th>\s*<td[^>]*>是<\/td>/)
    assert.notInclude(html, '备注')
  })

  test('uninstalling a plugin forgets the custom fields of its record types (their table is gone)', async ({ assert }) => {
    await addCustomField({ recordType: TYPE, name: 'region', kind: 'text', labelZh: '区域', labelEn: 'Region' })
    try {
      await new PluginLifecycle().uninstall('fixrec')
      assert.lengthOf(await db.from('custom_fields').where('record_type', TYPE), 0)
    } finally {
      await restorePlugins()
    }
    assert.notInclude(await columns(), 'cf_region')
    assert.notExists((await fieldsOf(TYPE)).find((f) => f.name === 'cf_region'))
  })

  test('a document type takes custom fields too', async ({ assert }) => {
    const field = await addCustomField({ recordType: 'fixrec.deal', name: 'channel', kind: 'select', labelZh: '渠道', labelEn: 'Channel', options: 'web\nshop' })
    try {
      assert.include(await columns('fixrec_deals'), 'cf_channel')
      assert.exists((await fieldsOf('fixrec.deal')).find((f) => f.name === 'cf_channel'))
      assert.notExists((await fieldsOf(TYPE)).find((f) => f.name === 'cf_channel'))
    } finally {
      await deleteCustomField(field)
    }
    assert.notInclude(await columns('fixrec_deals'), 'cf_channel')
  })

  test('multi-select "contains" matches whole option values only', async ({ client, assert }) => {
    await addCustomField({ recordType: TYPE, name: 'tags', kind: 'multiselect', labelZh: '标签', labelEn: 'Tags', options: 'a_b\naxb' })
    const user = await createUserWith({ permissions: CONTACTS })
    await client.post('/fixrec/contacts').form({ name: 'Underscore', cf_tags: ['a_b'] }).withCsrfToken().loginAs(user)
    await client.post('/fixrec/contacts').form({ name: 'Letter', cf_tags: ['axb'] }).withCsrfToken().loginAs(user)
    const html = (await client.get('/fixrec/contacts?cf_tags=a_b').loginAs(user)).text()
    assert.include(html, 'Underscore')
    assert.notInclude(html, 'Letter')
  })

  test('yes/no fields filter the list by yes and no', async ({ client, assert }) => {
    await addCustomField({ recordType: TYPE, name: 'key', kind: 'boolean', labelZh: '重点', labelEn: 'Key account' })
    const user = await createUserWith({ permissions: CONTACTS })
    await client.post('/fixrec/contacts').form({ name: 'Yes one', cf_key: '1' }).withCsrfToken().loginAs(user)
    await client.post('/fixrec/contacts').form({ name: 'No one' }).withCsrfToken().loginAs(user)
    const yes = (await client.get('/fixrec/contacts?cf_key=yes').loginAs(user)).text()
    assert.include(yes, 'Yes one')
    assert.notInclude(yes, 'No one')
    const no = (await client.get('/fixrec/contacts?cf_key=no').loginAs(user)).text()
    assert.include(no, 'No one')
    assert.notInclude(no, 'Yes one')
    assert.match(yes, /data-custom-cell="cf_key">Yes</)
  })

  test('without admin.custom_fields.manage the page and every action answer 403', async ({ client, assert }) => {
    const admin = await createUserWith({ permissions: ADMIN })
    await client.post('/admin/custom-fields').form(regionForm).withCsrfToken().loginAs(admin)
    const field = (await customFieldsOf(TYPE))[0]
    const other = await createUserWith({ permissions: CONTACTS })
    ;(await client.get('/admin/custom-fields').loginAs(other)).assertStatus(403)
    ;(await client.post('/admin/custom-fields').form({ ...regionForm, name: 'other' }).withCsrfToken().loginAs(other)).assertStatus(403)
    ;(await client.delete(`/admin/custom-fields/${field.id}`).withCsrfToken().loginAs(other)).assertStatus(403)
    assert.include(await columns(), 'cf_region')
    assert.notInclude(await columns(), 'cf_other')
  })
})

test.group('Custom fields on fixrec contacts', (group) => {
  group.each.setup(removeAllCustomFields)
  group.teardown(removeAllCustomFields)

  async function defineFields(admin: any, client: any) {
    await client.post('/admin/custom-fields').form(regionForm).withCsrfToken().loginAs(admin)
    await client
      .post('/admin/custom-fields')
      .form({ record_type: TYPE, name: 'budget', kind: 'money', label_zh: '预算', label_en: 'Budget', position: '2' })
      .withCsrfToken()
      .loginAs(admin)
    await client
      .post('/admin/custom-fields')
      .form({ record_type: TYPE, name: 'tags', kind: 'multiselect', label_zh: '标签', label_en: 'Tags', position: '3', options: 'vip | 重要 | VIP\nnew | 新客 | New' })
      .withCsrfToken()
      .loginAs(admin)
    await client
      .post('/admin/custom-fields')
      .form({ record_type: TYPE, name: 'since', kind: 'date', label_zh: '起始日', label_en: 'Since', position: '4' })
      .withCsrfToken()
      .loginAs(admin)
    assert(await customFieldsOf(TYPE), 4)
  }
  function assert(list: unknown[], n: number) {
    if (list.length !== n) throw new Error(`expected ${n} custom fields, got ${list.length}`)
  }

  test('a contact is created with custom fields, shown on its detail page, and the list sorts and filters by them', async ({ client, assert: a }) => {
    const admin = await createUserWith({ permissions: ADMIN })
    await defineFields(admin, client)
    const user = await createUserWith({ permissions: CONTACTS })

    const form = await client.get('/fixrec/contacts/create').loginAs(user)
    form.assertStatus(200)
    a.match(form.text(), /<select id="field-cf_region" name="cf_region"[^>]*required/)
    a.match(form.text(), /<input id="field-cf_budget" name="cf_budget" type="text" inputmode="decimal"/)
    a.include(form.text(), 'name="cf_tags[]" value="vip"')

    const created = await client
      .post('/fixrec/contacts')
      .form({ name: 'Alpha', cf_region: 'south', cf_budget: '1,200.50', cf_tags: ['vip', 'new'], cf_since: '2026-03-05' })
      .withCsrfToken()
      .loginAs(user)
      .redirects(0)
    created.assertStatus(302)
    const row = await db.from(TABLE).where('name', 'Alpha').first()
    a.equal(row.cf_region, 'south')
    a.equal(String(row.cf_budget), '1200500000')
    a.deepEqual(JSON.parse(row.cf_tags), ['vip', 'new'])
    a.equal(row.cf_since, '2026-03-05')

    const detail = await client.get(`/fixrec/contacts/${row.id}`).loginAs(user)
    detail.assertStatus(200)
    a.match(detail.text(), /data-custom-field="cf_region">\s*<dt[^>]*>Region<\/dt>\s*<dd[^>]*>South<\/dd>/)
    a.match(detail.text(), /data-custom-field="cf_budget">[\s\S]*?>1200.50<\/dd>/)
    a.match(detail.text(), /data-custom-field="cf_tags">[\s\S]*?>VIP, New<\/dd>/)

    for (const [name, region, budget] of [['Bravo', 'north', '50'], ['Charlie', 'north', '9000'], ['Delta', 'south', '10']]) {
      await client.post('/fixrec/contacts').form({ name, cf_region: region, cf_budget: budget }).withCsrfToken().loginAs(user)
    }
    const names = (html: string) => [...html.matchAll(/data-row="\d+">\s*<td[^>]*><a[^>]*>([^<]+)</g)].map((m) => m[1])

    const sorted = await client.get('/fixrec/contacts?sort=cf_budget&direction=desc').loginAs(user)
    sorted.assertStatus(200)
    a.deepEqual(names(sorted.text()), ['Charlie', 'Alpha', 'Bravo', 'Delta'])
    a.match(sorted.text(), /data-sort="cf_budget"/)
    a.match(sorted.text(), /data-custom-cell="cf_budget">9000.00</)

    const filtered = await client.get('/fixrec/contacts?cf_region=north&sort=cf_budget').loginAs(user)
    a.deepEqual(names(filtered.text()), ['Bravo', 'Charlie'])
    a.match(filtered.text(), /<option value="north"\s+selected/)

    const range = await client.get('/fixrec/contacts?cf_budget_from=20&cf_budget_to=1200.5&sort=name').loginAs(user)
    a.deepEqual(names(range.text()), ['Alpha', 'Bravo'])
    const tagged = await client.get('/fixrec/contacts?cf_tags=vip').loginAs(user)
    a.deepEqual(names(tagged.text()), ['Alpha'])

    const csv = await client.get('/fixrec/contacts/export?sort=cf_budget').loginAs(user)
    a.include(csv.text(), 'Name,E-mail,Region,Budget,Tags,Since')
    a.include(csv.text(), 'Alpha,,South,1200.50,"VIP, New",2026-03-05')
  })

  test('bad custom input gets a message on the field, in en and zh-CN, and nothing is saved', async ({ client, assert }) => {
    const admin = await createUserWith({ permissions: ADMIN })
    await defineFields(admin, client)
    const en = await createUserWith({ permissions: CONTACTS, locale: 'en' })
    const zh = await createUserWith({ permissions: CONTACTS, locale: 'zh-CN' })
    const bad = { name: 'Echo', cf_region: 'mars', cf_budget: '12.3456789', cf_since: 'soon' }

    const r1 = await client.post('/fixrec/contacts').header('HX-Request', 'true').form(bad).withCsrfToken().loginAs(en)
    r1.assertStatus(422)
    assert.match(r1.text(), /data-test="error-cf_region">Choose one of: north, south</)
    assert.match(r1.text(), /data-test="error-cf_budget">At most 6 decimal places</)
    assert.match(r1.text(), /data-test="error-cf_since">Enter a date such as 2026-03-31</)
    // What the user typed stays in the form.
    assert.match(r1.text(), /name="cf_budget" type="text" inputmode="decimal" value="12.3456789"/)

    const r2 = await client.post('/fixrec/contacts').header('HX-Request', 'true').form(bad).withCsrfToken().loginAs(zh)
    r2.assertStatus(422)
    assert.match(r2.text(), /data-test="error-cf_region">/)
    assert.notInclude(r2.text(), 'Choose one of')
    assert.match(r2.text(), /data-test="error-cf_since">[^<]*[\u4e00-\u9fff]/)

    const missing = await client.post('/fixrec/contacts').header('HX-Request', 'true').form({ name: 'Foxtrot' }).withCsrfToken().loginAs(en)
    missing.assertStatus(422)
    assert.match(missing.text(), /data-test="error-cf_region">Required</)
    assert.lengthOf(await db.from(TABLE), 0)
  })

  test('editing keeps what is stored in the form, and a deactivated field disappears from every page but keeps its data', async ({ client, assert }) => {
    const admin = await createUserWith({ permissions: ADMIN })
    await defineFields(admin, client)
    const user = await createUserWith({ permissions: CONTACTS })
    await client.post('/fixrec/contacts').form({ name: 'Golf', cf_region: 'north', cf_budget: '7.5', cf_tags: ['new'] }).withCsrfToken().loginAs(user)
    const row = await db.from(TABLE).where('name', 'Golf').first()

    const edit = await client.get(`/fixrec/contacts/${row.id}/edit`).loginAs(user)
    assert.match(edit.text(), /<option value="north"\s+selected/)
    assert.match(edit.text(), /name="cf_budget" type="text" inputmode="decimal" value="7.50"/)
    assert.match(edit.text(), /name="cf_tags\[\]" value="new"[^>]*checked/)

    const region = (await customFieldsOf(TYPE)).find((f) => f.column === 'cf_region')!
    await client.post(`/admin/custom-fields/${region.id}/deactivate`).withCsrfToken().loginAs(admin)
    // Saving without the hidden (and required) field works and leaves its value alone.
    const saved = await client.put(`/fixrec/contacts/${row.id}`).form({ name: 'Golf 2', cf_budget: '8' }).withCsrfToken().loginAs(user).redirects(0)
    saved.assertStatus(302)
    const after = await db.from(TABLE).where('id', row.id).first()
    assert.equal(after.cf_region, 'north')
    assert.equal(String(after.cf_budget), '8000000')
    assert.isNull(after.cf_tags)
    const list = await client.get('/fixrec/contacts').loginAs(user)
    assert.notInclude(list.text(), 'cf_region')
    assert.notInclude((await client.get(`/fixrec/contacts/${row.id}`).loginAs(user)).text(), 'Region')
  })

  test('users and references must exist; readCustomInput answers keys without i18n', async ({ assert }) => {
    await addCustomField({ recordType: TYPE, name: 'buddy', kind: 'user', labelZh: '搭档', labelEn: 'Buddy' })
    await addCustomField({ recordType: TYPE, name: 'deal', kind: 'reference', reference: 'fixrec.deal', labelZh: '商机', labelEn: 'Deal' })
    await addCustomField({ recordType: TYPE, name: 'ok', kind: 'boolean', labelZh: '确认', labelEn: 'OK', required: true })
    const bad = await readCustomInput(TYPE, { cf_buddy: '999999', cf_deal: 'x' })
    assert.deepEqual(bad.errors, { cf_buddy: 'custom_fields.errors.unknown_record', cf_deal: 'records.errors.reference' })
    const user = await createUserWith({})
    const good = await readCustomInput(TYPE, { cf_buddy: String(user.id) })
    assert.deepEqual(good, { values: { cf_buddy: user.id, cf_deal: null, cf_ok: false }, errors: {} })
    const partial = await readCustomInput(TYPE, { cf_ok: 'yes' }, { partial: true })
    assert.deepEqual(partial.values, { cf_ok: true })
    await assert.rejects(
      () => addCustomField({ recordType: TYPE, name: 'buddy', kind: 'text', labelZh: 'x', labelEn: 'x' }),
      CustomFieldInvalid as any
    )
  })

  test('the contact printout (PDF view) carries its custom fields in the user language', async ({ client, assert }) => {
    const admin = await createUserWith({ permissions: ADMIN })
    await defineFields(admin, client)
    const user = await createUserWith({ permissions: CONTACTS, locale: 'zh-CN' })
    await client.post('/fixrec/contacts').form({ name: 'India', cf_region: 'south', cf_budget: '3' }).withCsrfToken().loginAs(user)
    const row = await db.from(TABLE).where('name', 'India').first()
    const html = await client.get(`/print/fixrec.contact/${row.id}.html`).loginAs(user)
    html.assertStatus(200)
    assert.match(html.text(), /<th[^>]*>区域<\/th>\s*<td[^>]*>华南<\/td>/)
    assert.match(html.text(), /<th[^>]*>预算<\/th>\s*<td[^>]*>3.00<\/td>/)
  })

  test('saving a contact announces the change with its custom values; field changes are announced too', async ({ client, assert }) => {
    const fieldChanges: string[] = []
    const offField = onEvent('kernel:custom_field.changed', (c) => void fieldChanges.push(`${c.action} ${c.column}`))
    const records: any[] = []
    const offRecord = onEvent('kernel:record.updated', (c) => void records.push(c))
    try {
      const admin = await createUserWith({ permissions: ADMIN })
      await defineFields(admin, client)
      assert.includeMembers(fieldChanges, ['added cf_region', 'added cf_budget'])
      const user = await createUserWith({ permissions: CONTACTS })
      await client.post('/fixrec/contacts').form({ name: 'Juliet', cf_region: 'north' }).withCsrfToken().loginAs(user)
      const row = await db.from(TABLE).where('name', 'Juliet').first()
      await client.put(`/fixrec/contacts/${row.id}`).form({ name: 'Juliet', cf_region: 'south' }).withCsrfToken().loginAs(user)
      assert.lengthOf(records, 1)
      assert.equal(records[0].before.cf_region, 'north')
      assert.equal(records[0].after.cf_region, 'south')
    } finally {
      offField()
      offRecord()
    }
  })

  test('a role can hide a custom field or make it read-only, like a declared field', async ({ client, assert }) => {
    const admin = await createUserWith({ permissions: ADMIN })
    await defineFields(admin, client)
    const owner = await createUserWith({ permissions: CONTACTS })
    await client.post('/fixrec/contacts').form({ name: 'Kilo', cf_region: 'north', cf_budget: '500' }).withCsrfToken().loginAs(owner)
    const row = await db.from(TABLE).where('name', 'Kilo').first()
    const clerk = await createUserWith({ permissions: CONTACTS })
    const roleId = (await db.from('user_roles').where('user_id', clerk.id).first()).role_id
    await db.table('field_permissions').multiInsert([
      { role_id: roleId, field: 'fixrec.contact.cf_budget', mode: 'hidden' },
      { role_id: roleId, field: 'fixrec.contact.cf_region', mode: 'readonly' },
    ])

    const detail = (await client.get(`/fixrec/contacts/${row.id}`).loginAs(clerk)).text()
    assert.notInclude(detail, 'cf_budget')
    assert.include(detail, 'data-custom-field="cf_region"')
    const list = (await client.get('/fixrec/contacts?sort=cf_budget&direction=desc&cf_budget_from=1000').loginAs(clerk)).text()
    assert.notInclude(list, 'cf_budget')
    assert.include(list, 'Kilo') // the hidden field's filter is ignored, not applied
    const form = (await client.get(`/fixrec/contacts/${row.id}/edit`).loginAs(clerk)).text()
    assert.notInclude(form, 'cf_budget')
    assert.match(form, /<select id="field-cf_region" name="cf_region"[^>]*disabled/)

    const saved = await client.put(`/fixrec/contacts/${row.id}`).form({ name: 'Kilo', cf_region: 'south', cf_budget: '1' }).withCsrfToken().loginAs(clerk).redirects(0)
    saved.assertStatus(302)
    const after = await db.from(TABLE).where('id', row.id).first()
    assert.equal(after.cf_region, 'north')
    assert.equal(String(after.cf_budget), '500000000')
  })

  test('the role grid offers custom fields and saves a mode for them', async ({ client, assert }) => {
    const admin = await createUserWith({ permissions: ADMIN })
    await defineFields(admin, client)
    const roleAdmin = await createUserWith({ permissions: ['admin.roles.manage'], locale: 'en' })
    const code = `cf_grid_${Date.now().toString(36)}`
    const page = await client.get('/admin/roles/create').header('Accept-Language', 'en').loginAs(roleAdmin)
    page.assertStatus(200)
    assert.include(page.text(), 'name="fields[fixrec.contact.cf_region]"')
    const saved = await client
      .post('/admin/roles')
      .form({ code, name: 'Grid clerk', 'fields[fixrec.contact.cf_region]': 'readonly' })
      .withCsrfToken()
      .loginAs(roleAdmin)
      .redirects(0)
    saved.assertStatus(302)
    const role = await db.from('roles').where('code', code).firstOrFail()
    const rows = await db.from('field_permissions').where('role_id', role.id)
    assert.deepEqual(rows.map((r) => [r.field, r.mode]), [['fixrec.contact.cf_region', 'readonly']])
  })

  test('a contact outside the user\'s data scope is a 404, and a user without the permission gets 403', async ({ client, assert }) => {
    const admin = await createUserWith({ permissions: ADMIN })
    await defineFields(admin, client)
    const owner = await createUserWith({ permissions: CONTACTS })
    await client.post('/fixrec/contacts').form({ name: 'Hotel', cf_region: 'north' }).withCsrfToken().loginAs(owner)
    const row = await db.from(TABLE).where('name', 'Hotel').first()
    const stranger = await createUserWith({ permissions: CONTACTS })
    await db.from('role_permissions').whereIn('role_id', db.from('user_roles').where('user_id', stranger.id).select('role_id')).update({ scope: 'own' })
    ;(await client.get(`/fixrec/contacts/${row.id}`).loginAs(stranger)).assertStatus(404)
    assert.notInclude((await client.get('/fixrec/contacts?cf_region=north').loginAs(stranger)).text(), 'Hotel')
    const nobody = await createUserWith({ permissions: [] })
    ;(await client.get('/fixrec/contacts').loginAs(nobody)).assertStatus(403)
  })
})
