import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import User from '#models/user'
import Role from '#models/role'

async function admin(locale = 'en') {
  const role = await Role.create({ code: `series_admin_${Math.random()}`, name: 'Series admin', isSuperuser: false })
  await db.table('role_permissions').insert({ role_id: role.id, permission: 'admin.series.manage', scope: 'all' })
  const user = await User.create({ username: `series_${Math.random()}`, name: 'Series Admin', password: 'x-secret-1', locale, isActive: true })
  await db.table('user_roles').insert({ user_id: user.id, role_id: role.id })
  return user
}

test.group('Admin: number series', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('lists every declared document type with its pattern and next number', async ({ client, assert }) => {
    const user = await admin()
    const response = await client.get('/admin/series').loginAs(user)
    response.assertStatus(200)
    assert.include(response.text(), 'Fixture order')
    assert.include(response.text(), 'FX-{YYYY}-{####}')
    assert.include(response.text(), `FX-${DateTime.now().toFormat('yyyy')}-0001`)
    response.assertHeader('vary', 'HX-Request')
  })

  test('users without admin.series.manage get 403; visitors go to the login page', async ({ client }) => {
    const user = await User.create({ username: 'no_series', name: 'Nobody', password: 'x-secret-1', locale: 'en', isActive: true })
    ;(await client.get('/admin/series').loginAs(user)).assertStatus(403)
    ;(await client.put('/admin/series/fixdoc.order').loginAs(user).form({ pattern: 'X-{#}' }).withCsrfToken()).assertStatus(403)
    const anonymous = await client.get('/admin/series').redirects(0)
    anonymous.assertStatus(302)
  })

  test('an admin edits a pattern inline with htmx and sees the new row', async ({ client, assert }) => {
    const user = await admin()
    const form = await client.get('/admin/series/fixdoc.order/edit').loginAs(user).header('HX-Request', 'true')
    form.assertStatus(200)
    assert.include(form.text(), 'name="pattern"')
    assert.notInclude(form.text(), '<html')

    const saved = await client
      .put('/admin/series/fixdoc.order')
      .loginAs(user)
      .header('HX-Request', 'true')
      .form({ pattern: 'FO{YY}{MM}-{######}', reset_yearly: '1' })
      .withCsrfToken()
    saved.assertStatus(200)
    assert.include(saved.text(), 'FO{YY}{MM}-{######}')
    assert.include(saved.text(), `FO${DateTime.now().toFormat('yyMM')}-000001`)
    const row = await db.from('number_series').where('document_type', 'fixdoc.order').first()
    assert.equal(row.pattern, 'FO{YY}{MM}-{######}')
    const audit = await db.from('audit_log').where({ record_type: 'number_series', record_id: 'fixdoc.order', field: 'pattern' }).orderBy('id', 'desc').first()
    assert.include(audit, { user_id: user.id, old_value: 'FX-{YYYY}-{####}', new_value: 'FO{YY}{MM}-{######}' })
  })

  test('a pattern without a counter is refused with an inline message in the user language, nothing saved', async ({ client, assert }) => {
    const user = await admin('zh-CN')
    const zh = await client.put('/admin/series/fixdoc.order').loginAs(user).header('HX-Request', 'true').form({ pattern: 'FX-{YYYY}', reset_yearly: '1' }).withCsrfToken()
    zh.assertStatus(422)
    assert.include(zh.text(), '编号规则必须包含流水号，例如 {#####}')

    user.locale = 'en'
    await user.save()
    const en = await client.put('/admin/series/fixdoc.order').loginAs(user).header('HX-Request', 'true').form({ pattern: 'FX-{#####}', reset_yearly: '1' }).withCsrfToken()
    en.assertStatus(422)
    assert.include(en.text(), 'A series that restarts each year needs {YYYY} or {YY} in its pattern')

    const empty = await client.put('/admin/series/fixdoc.order').loginAs(user).header('HX-Request', 'true').form({ pattern: '' }).withCsrfToken()
    empty.assertStatus(422)
    assert.include(empty.text(), 'Pattern')
    assert.include(empty.text(), 'data-test="error-pattern"')

    const row = await db.from('number_series').where('document_type', 'fixdoc.order').first()
    assert.equal(row.pattern, 'FX-{YYYY}-{####}')
  })

  test('without htmx the form works with a full page and a redirect', async ({ client, assert }) => {
    const user = await admin()
    const page = await client.get('/admin/series/fixdoc.order/edit').loginAs(user)
    page.assertStatus(200)
    assert.include(page.text(), '<html')
    const saved = await client.put('/admin/series/fixdoc.order').loginAs(user).form({ pattern: 'FXN-{#####}' }).withCsrfToken().redirects(0)
    saved.assertStatus(302)
    saved.assertHeader('location', '/admin/series')
    const row = await db.from('number_series').where('document_type', 'fixdoc.order').first()
    assert.equal(row.pattern, 'FXN-{#####}')
    assert.isFalse(Boolean(row.reset_yearly))
  })

  test('the preview shows the next number or what is wrong', async ({ client, assert }) => {
    const user = await admin()
    const ok = await client.get('/admin/series/preview').qs({ pattern: 'T-{YYYY}-{###}', reset_yearly: '1', type: 'fixdoc.order' }).loginAs(user).header('HX-Request', 'true')
    assert.include(ok.text(), `T-${DateTime.now().toFormat('yyyy')}-001`)
    const bad = await client.get('/admin/series/preview').qs({ pattern: 'T-{X}-{###}' }).loginAs(user).header('HX-Request', 'true')
    assert.include(bad.text(), 'Pattern may use only')
  })

  test('an unknown document type is a 404', async ({ client }) => {
    const user = await admin()
    ;(await client.get('/admin/series/nope.nothing/edit').loginAs(user)).assertStatus(404)
  })
})
