/*
 * The admin pages of automation rules: list, form, run log; what a user
 * without admin.rules.manage gets; a form post as the browser sends it.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeUser } from '#tests/helpers/access'
import { clearAutomation, createRule, makeContact, settled } from '#tests/helpers/automation'

const rule = {
  name: 'New contacts are stamped',
  record_type: 'fixrec.contact',
  event: 'record.created',
  conditions: { match: 'all', conditions: [{ field: 'grade', op: 'in', value: ['A', 'B'] }] },
  actions: [{ type: 'fixrec.stamp', options: { note: 'hello' } }],
}

test.group('Automation rules: pages', (group) => {
  group.each.setup(async () => {
    await clearAutomation()
    return () => clearAutomation()
  })

  test('the list shows an empty state, then each rule with its switch, last run and error count, in English and Chinese', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ['admin.rules.manage'] })
    const empty = await client.get('/admin/rules').loginAs(admin)
    empty.assertStatus(200)
    assert.include(empty.text(), 'data-test="rules-empty"')

    const id = await createRule(client, admin, rule)
    const failing = await createRule(client, admin, { ...rule, name: 'Always fails', conditions: undefined, actions: [{ type: 'fixrec.stamp', options: { note: 'boom' } }] })
    await makeContact({ name: 'Graded', grade: 'A' })
    await settled()

    const en = await client.get('/admin/rules').loginAs(admin)
    en.assertStatus(200)
    const html = en.text()
    assert.include(html, 'Automation rules')
    assert.include(html, 'New contacts are stamped')
    assert.include(html, 'A record is created')
    assert.match(html, new RegExp(`data-test="rule-${failing}"[\\s\\S]*?data-test="errors"[\\s\\S]*?>1<`))
    assert.match(html, new RegExp(`data-test="rule-${id}"[\\s\\S]*?Done`))
    assert.include(html, `data-test="toggle-${id}"`)

    const zhAdmin = await makeUser({ permissions: ['admin.rules.manage'], locale: 'zh-CN' })
    const zh = await client.get('/admin/rules').header('Accept-Language', 'zh-CN').loginAs(zhAdmin)
    assert.include(zh.text(), '自动化规则')
    assert.include(zh.text(), '新建记录时')
  })

  test('the switch turns a rule off (htmx swaps only the switch) and an inactive rule does not run', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ['admin.rules.manage'] })
    const id = await createRule(client, admin, rule)
    const off = await client.post(`/admin/rules/${id}/active`).form({ active: '0' }).header('HX-Request', 'true').withCsrfToken().loginAs(admin)
    off.assertStatus(200)
    assert.notInclude(off.text(), '<html')
    assert.include(off.text(), 'aria-checked="false"')
    await makeContact({ name: 'Unseen', grade: 'A' })
    await settled()
    assert.lengthOf(await db.from('rule_runs').where('rule_id', id), 0)
  })

  test('the form renders for a new rule and for a saved one, with the fields of the chosen record type', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ['admin.rules.manage'] })
    const blank = await client.get('/admin/rules/new').loginAs(admin)
    blank.assertStatus(200)
    assert.include(blank.text(), 'data-test="rule-form"')
    assert.include(blank.text(), 'fixrec.contact')

    const id = await createRule(client, admin, rule)
    const edit = await client.get(`/admin/rules/${id}/edit`).loginAs(admin)
    edit.assertStatus(200)
    const html = edit.text()
    assert.include(html, 'value="New contacts are stamped"')
    // the editor's state carries the saved conditions and actions and the type's fields
    assert.include(html, '&quot;credit_limit&quot;')
    assert.include(html, '&quot;fixrec.stamp&quot;')
    assert.include(html, 'data-test="delete-rule"')

    const body = await client.get('/admin/rules/form').qs({ record_type: 'fixrec.deal', event: 'record.state_changed' }).header('HX-Request', 'true').loginAs(admin)
    body.assertStatus(200)
    assert.notInclude(body.text(), '<html')
    assert.include(body.text(), 'event_options[to]')
    assert.include(body.text(), '&quot;amount&quot;')
  })

  test('a form post as the browser sends it saves the rule, or re-renders the form with the messages in place', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ['admin.rules.manage'] })
    const bad = await client
      .post('/admin/rules')
      .form({ name: 'Birthdays', record_type: 'fixrec.contact', event: 'record.date_ahead', 'event_options[field]': 'birthday', 'event_options[days]': 'soon', conditions: '{"match":"all","conditions":[]}', actions: '[]' })
      .withCsrfToken()
      .loginAs(admin)
    bad.assertStatus(422)
    assert.include(bad.text(), 'data-test="error-event_options.days"')
    assert.include(bad.text(), 'Enter a whole number of days')
    assert.include(bad.text(), 'data-test="error-actions"')
    assert.include(bad.text(), 'value="Birthdays"')

    const good = await client
      .post('/admin/rules')
      .form({
        name: 'Birthdays',
        record_type: 'fixrec.contact',
        event: 'record.date_ahead',
        'event_options[field]': 'birthday',
        'event_options[days]': '7',
        'event_options[yearly]': '1',
        conditions: '{"match":"all","conditions":[]}',
        actions: JSON.stringify([{ type: 'fixrec.stamp', options: { note: 'bday' } }]),
        is_active: '1',
      })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    good.assertStatus(302)
    const saved = await db.from('automation_rules').where('name', 'Birthdays').firstOrFail()
    assert.deepEqual(JSON.parse(saved.event_options), { field: 'birthday', days: 7, yearly: true })
  })

  test('the run log lists each execution with its result and error; deleting asks first and removes the rule', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ['admin.rules.manage'] })
    const id = await createRule(client, admin, { ...rule, conditions: undefined, actions: [{ type: 'fixrec.stamp', options: { note: 'boom' } }] })
    const none = await client.get(`/admin/rules/${id}/runs`).loginAs(admin)
    assert.include(none.text(), 'data-test="runs-empty"')
    await makeContact({ name: 'Trigger' })
    await settled()
    const runs = await client.get(`/admin/rules/${id}/runs`).loginAs(admin)
    runs.assertStatus(200)
    assert.include(runs.text(), 'data-result="error"')
    assert.include(runs.text(), 'the stamp pad is dry')

    const gone = await client.post(`/admin/rules/${id}/delete`).withCsrfToken().loginAs(admin).redirects(0)
    gone.assertStatus(302)
    assert.isNull(await db.from('automation_rules').where('id', id).first())
    const missing = await client.get(`/admin/rules/${id}/edit`).loginAs(admin)
    missing.assertStatus(404)
  })

  test('a user without admin.rules.manage gets 403 on every page and cannot create a rule', async ({ client, assert }) => {
    const clerk = await makeUser({ permissions: ['fixrec.contact.view'] })
    for (const url of ['/admin/rules', '/admin/rules/new', '/admin/rules/1/runs']) {
      const response = await client.get(url).loginAs(clerk)
      response.assertStatus(403)
    }
    const post = await client.post('/admin/rules').json(rule).header('Accept', 'application/json').withCsrfToken().loginAs(clerk)
    post.assertStatus(403)
    assert.lengthOf(await db.from('automation_rules'), 0)
  })
})
