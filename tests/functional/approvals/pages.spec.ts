/*
 * Approvals in the browser and the API: the admin flow pages (conditions
 * editor, steps), the inbox with htmx decisions, delegation, the workbench
 * widget, the document partial, and the approver API with tokens.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import edge from 'edge.js'
import i18nManager from '@adonisjs/i18n/services/main'
import { companyToday } from '#kernel/approvals/approvers'
import User from '#models/user'
import { findFlow, listFlows } from '#kernel/approvals/flows'
import { pendingInstanceOf } from '#kernel/approvals/engine'
import { approvalStatus } from '#kernel/approvals/inbox'
import { makeUser } from '#tests/helpers/access'
import { makeFlow, makeRole, submittedDeal } from '#tests/helpers/approvals'
import FixrecDeal from '#tests/fixtures/plugins/fixrec/models/fixrec_deal'

const flat = (prefix: string, rows: Array<Record<string, string | string[]>>) => {
  const out: Record<string, string | string[]> = {}
  rows.forEach((row, i) => {
    for (const [k, v] of Object.entries(row)) {
      if (Array.isArray(v)) v.forEach((x, j) => (out[`${prefix}[${i}][${k}][${j}]`] = x))
      else out[`${prefix}[${i}][${k}]`] = v
    }
  })
  return out
}

test.group('Approvals: admin flow pages', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('only approval admins reach the pages; the list has an empty state', async ({ client, assert }) => {
    const nobody = await makeUser()
    ;(await client.get('/admin/approvals').loginAs(nobody)).assertStatus(403)
    const admin = await makeUser({ permissions: ['admin.approvals.manage'] })
    const page = await client.get('/admin/approvals').loginAs(admin)
    page.assertStatus(200)
    assert.include(page.text(), 'data-test="flows-empty"')
    const choose = await client.get('/admin/approvals/create').loginAs(admin)
    assert.include(choose.text(), '?type=fixrec.deal')
    const form = await client.get('/admin/approvals/create?type=fixrec.deal').loginAs(admin)
    form.assertStatus(200)
    assert.include(form.text(), 'data-test="conditions-editor"')
    assert.include(form.text(), '"name":"max_discount"')
    ;(await client.get('/admin/approvals/create?type=fixrec.contact').loginAs(admin)).assertStatus(404)
  })

  test('bad conditions and missing steps are refused, naming the field, in both languages; nothing is saved', async ({ client, assert }) => {
    for (const locale of ['en', 'zh-CN']) {
      const admin = await makeUser({ permissions: ['admin.approvals.manage'], locale })
      const response = await client
        .post('/admin/approvals')
        .header('Accept-Language', locale)
        .form({
          'document_type': 'fixrec.deal',
          'name': 'Big deals',
          'priority': '10',
          'conditions[match]': 'all',
          ...flat('conditions[rows]', [
            { field: 'amount', op: 'gt', mode: 'value', value: 'lots' },
            { field: 'discount', op: 'gt', mode: 'field', value_field: 'title' },
          ]),
        })
        .withCsrfToken()
        .loginAs(admin)
      response.assertStatus(422)
      const text = response.text()
      if (locale === 'en') {
        assert.include(text, 'Condition 1: The value for &quot;Amount&quot; is not valid')
        assert.include(text, 'The field &quot;Discount&quot; cannot be compared with &quot;Title&quot;')
        assert.include(text, 'Add at least one step')
      } else {
        assert.include(text, '条件 1：字段“金额”的比较值无效')
        assert.include(text, '至少添加一个审批步骤')
      }
      // what was typed comes back
      assert.include(text, '"value":"lots"')
    }
    assert.lengthOf(await listFlows(), 0)
  })

  test('a flow is saved with its conditions and steps; editing bumps the version; delete asks first', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ['admin.approvals.manage'] })
    const boss = await makeUser({ name: 'Boss' })
    const role = await makeRole([boss], 'Sales managers')
    const response = await client
      .post('/admin/approvals')
      .form({
        'document_type': 'fixrec.deal',
        'name': 'Big deals',
        'priority': '10',
        'is_active': '1',
        'conditions[match]': 'any',
        ...flat('conditions[rows]', [
          { field: 'amount', op: 'gt', mode: 'value', value: '500,000' },
          { field: 'discount', op: 'gt', mode: 'field', value_field: 'max_discount' },
        ]),
        ...flat('steps', [
          { approver: 'role', role_id: String(role.id), mode: 'all' },
          { approver: 'department_head', mode: 'any' },
          { approver: 'user', user_id: String(boss.id), mode: 'any' },
        ]),
      })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    response.assertStatus(302)
    const [flow] = await listFlows()
    assert.deepEqual(flow.conditions, {
      match: 'any',
      conditions: [
        { field: 'amount', op: 'gt', value: '500,000' },
        { field: 'discount', op: 'gt', valueField: 'max_discount' },
      ],
    })
    assert.deepEqual(
      flow.steps.map((s) => [s.approver, s.roleId ?? s.userId ?? null, s.mode]),
      [
        ['role', role.id, 'all'],
        ['department_head', null, 'any'],
        ['user', boss.id, 'any'],
      ]
    )
    assert.isTrue(flow.isActive)

    const edit = await client.get(`/admin/approvals/${flow.id}/edit`).loginAs(admin)
    edit.assertStatus(200)
    assert.include(edit.text(), '"value_field":"max_discount"')
    assert.include(edit.text(), 'data-test="delete-flow"')
    await client
      .post(`/admin/approvals/${flow.id}`)
      .form({ 'name': 'Big deals', 'priority': '5', 'conditions[match]': 'all', ...flat('steps', [{ approver: 'user', user_id: String(boss.id), mode: 'any' }]) })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    const edited = (await findFlow(flow.id))!
    assert.equal(edited.version, 2)
    assert.equal(edited.priority, 5)
    assert.isFalse(edited.isActive)

    await client.post(`/admin/approvals/${flow.id}/delete`).withCsrfToken().loginAs(admin).redirects(0)
    assert.isNull(await findFlow(flow.id))
  })
})

test.group('Approvals: inbox, delegation, widget, API', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the approver decides in place with htmx; the submitter cannot; an outsider gets 403', async ({ client, assert }) => {
    const rep = await makeUser({ name: 'Rep' })
    const boss = await makeUser({ name: 'Boss' })
    const outsider = await makeUser()
    await makeFlow([{ approver: 'user', userId: boss.id, mode: 'any' }])
    const deal = await submittedDeal(rep, '650000', 'Big order')
    const instance = (await pendingInstanceOf('fixrec.deal', deal.id))!

    const inbox = await client.get('/approvals').loginAs(boss)
    inbox.assertStatus(200)
    assert.include(inbox.text(), 'Big order')
    assert.include(inbox.text(), `data-instance="${instance.id}"`)
    const empty = await client.get('/approvals').loginAs(outsider)
    assert.include(empty.text(), 'data-test="approvals-empty"')
    assert.notInclude((await client.get('/').loginAs(outsider)).text(), 'data-test="approvals-widget"')

    const work = await client.get('/').loginAs(boss)
    assert.include(work.text(), 'data-test="approvals-widget"')
    assert.match(work.text(), /data-test="approvals-count">1</)

    ;(await client.post(`/approvals/${instance.id}/decide`).form({ decision: 'approve' }).withCsrfToken().loginAs(outsider)).assertStatus(403)
    ;(await client.post(`/approvals/${instance.id}/decide`).form({ decision: 'approve' }).withCsrfToken().loginAs(rep)).assertStatus(403)

    const noReason = await client.post(`/approvals/${instance.id}/decide`).header('HX-Request', 'true').form({ decision: 'reject', comment: '' }).withCsrfToken().loginAs(boss)
    noReason.assertStatus(422)
    assert.equal(noReason.text(), 'Please give a reason (comment) when rejecting or returning')

    const ok = await client.post(`/approvals/${instance.id}/decide`).header('HX-Request', 'true').form({ decision: 'approve', comment: 'Go' }).withCsrfToken().loginAs(boss)
    ok.assertStatus(200)
    assert.include(ok.text(), 'data-test="approval-decided"')
    assert.notInclude(ok.text(), '<html')
    assert.equal((await FixrecDeal.findOrFail(deal.id)).state, 'confirmed')

    const done = await client.get('/approvals?tab=done').loginAs(boss)
    assert.include(done.text(), 'Big order')
    assert.include(done.text(), '“Go”')

    // the document page partial shows the chain
    const approval = await approvalStatus('fixrec.deal', deal.id)
    const html = await edge.share({ t: (k: string, d?: any) => i18nManager.locale('en').t(k, d) }).render('partials/approval_status', { approval })
    assert.include(html, 'data-state="approved"')
    assert.include(html, 'Boss: Approved — Go')
  })

  test('delegation: a user names a delegate for dates; the delegate sees and decides on their behalf', async ({ client, assert }) => {
    const rep = await makeUser()
    const away = await makeUser({ name: 'Away' })
    const stand = await makeUser({ name: 'Stand-in' })
    await makeFlow([{ approver: 'user', userId: away.id, mode: 'any' }])
    const deal = await submittedDeal(rep, '700000', 'Delegated deal')
    const instance = (await pendingInstanceOf('fixrec.deal', deal.id))!

    const self = await client.post('/account/delegation').header('Accept-Language', 'en').form({ delegate_id: String(away.id), starts_on: '2026-01-01', ends_on: '2026-01-02' }).withCsrfToken().loginAs(away)
    self.assertStatus(422)
    assert.include(self.text(), 'You cannot delegate to yourself')
    const backwards = await client.post('/account/delegation').form({ delegate_id: String(stand.id), starts_on: '2026-01-05', ends_on: '2026-01-02' }).withCsrfToken().loginAs(away)
    backwards.assertStatus(422)
    assert.include(backwards.text(), 'data-test="error-ends_on"')

    const today = await companyToday() // the company's calendar day, not the server's
    const saved = await client.post('/account/delegation').form({ delegate_id: String(stand.id), starts_on: today, ends_on: today }).withCsrfToken().loginAs(away).redirects(0)
    saved.assertStatus(302)
    const page = await client.get('/account/delegation').loginAs(away)
    assert.include(page.text(), 'Stand-in')

    const inbox = await client.get('/approvals').loginAs(stand)
    assert.include(inbox.text(), 'Delegated deal')
    assert.include(inbox.text(), 'For Away (delegated)')
    await client.post(`/approvals/${instance.id}/decide`).form({ decision: 'approve' }).withCsrfToken().loginAs(stand).redirects(0)
    assert.equal((await FixrecDeal.findOrFail(deal.id)).state, 'confirmed')
    const task = await db.from('approval_tasks').where('instance_id', instance.id).first()
    assert.equal(task.decided_by, stand.id)
  })

  test('API: approve, reject and return with a token, JSON errors', async ({ client, assert }) => {
    const rep = await makeUser()
    const [a, b] = [await makeUser(), await makeUser()]
    const outsider = await makeUser()
    const role = await makeRole([a, b])
    await makeFlow([{ approver: 'role', roleId: role.id, mode: 'any' }])
    const deal = await submittedDeal(rep, '800000')
    const instance = (await pendingInstanceOf('fixrec.deal', deal.id))!
    const bearer = async (user: User) => `Bearer ${(await User.accessTokens.create(user, ['*'], { name: 't' })).value!.release()}`

    const list = await client.get('/api/v1/approvals').header('Authorization', await bearer(a))
    list.assertStatus(200)
    assert.equal(list.body().data[0].id, instance.id)

    ;(await client.post(`/api/v1/approvals/${instance.id}/approve`)).assertStatus(401)
    const forbidden = await client.post(`/api/v1/approvals/${instance.id}/approve`).header('Authorization', await bearer(outsider)).header('Accept-Language', 'en')
    forbidden.assertStatus(403)
    assert.equal(forbidden.body().errors[0].message, 'This approval is not yours to decide')

    const noReason = await client.post(`/api/v1/approvals/${instance.id}/return`).header('Authorization', await bearer(a)).json({})
    noReason.assertStatus(422)

    const returned = await client.post(`/api/v1/approvals/${instance.id}/return`).header('Authorization', await bearer(a)).json({ comment: 'Fix the price' })
    returned.assertStatus(200)
    assert.deepEqual(returned.body().data, { id: instance.id, state: 'returned', documentState: 'draft' })

    const late = await client.post(`/api/v1/approvals/${instance.id}/reject`).header('Authorization', await bearer(b)).json({ comment: 'no' })
    late.assertStatus(409)
    assert.exists(late.body().errors[0].message)
    ;(await client.post(`/api/v1/approvals/999999/approve`).header('Authorization', await bearer(b))).assertStatus(404)
  })
})
