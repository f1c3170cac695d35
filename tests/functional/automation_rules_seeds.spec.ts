/*
 * The three examples the seeds ship, configured through /admin/rules (no
 * code) and tripped by ordinary saves:
 * - notify the sales director when an opportunity over ¥500,000 is created;
 * - create a "call within 2 hours" task when a lead is assigned;
 * - remind the owner 7 days before a customer's birthday.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import Role from '#models/role'
import { runRuleTimers } from '#kernel/rules/rule_timers'
import { makeUser } from '#tests/helpers/access'
import { clearAutomation, createRule, makeContact, makeDeal, postRule, runsOf, settled } from '#tests/helpers/automation'
import { toDateTime } from '#kernel/documents/db_dates'

async function withRole(code: string) {
  const role = (await Role.findBy('code', code)) ?? (await Role.create({ code, name: code, isSuperuser: false }))
  const user = await makeUser({ name: `${code} member` })
  await db.table('user_roles').insert({ user_id: user.id, role_id: role.id })
  return user
}

async function clearInbox() {
  await db.from('notifications').where('kind', 'automation').delete()
  await db.from('tasks').where('source', 'like', 'rule:%').delete()
}

test.group('Automation rules: the seed examples', (group) => {
  group.each.setup(async () => {
    await clearAutomation()
    await clearInbox()
    return async () => {
      await clearAutomation()
      await clearInbox()
    }
  })

  test('the sales director is notified when an opportunity over ¥500,000 is created, not for smaller ones', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ['admin.rules.manage'] })
    const director = await withRole('sales_director')
    const seller = await makeUser({ name: 'Seller' })
    const id = await createRule(client, admin, {
      name: '大额商机提醒',
      record_type: 'fixrec.deal',
      event: 'record.created',
      conditions: { match: 'all', conditions: [{ field: 'amount', op: 'gt', value: '500,000' }] },
      actions: [{ type: 'notify', options: { role_codes: ['sales_director'], title: '大额商机：{title}（¥{amount}）' } }],
    })
    await makeDeal('Exactly the limit', '500000', seller.id)
    const big = await makeDeal('Textile plant', '500000.01', seller.id)
    await settled()

    const notes = await db.from('notifications').where('kind', 'automation')
    assert.lengthOf(notes, 1)
    assert.equal(notes[0].user_id, director.id)
    assert.equal(notes[0].title_zh, '大额商机：Textile plant（¥500000.01）')
    assert.equal(notes[0].record_type, 'fixrec.deal')
    assert.equal(notes[0].record_id, String(big.id))
    const [run] = await runsOf(id)
    assert.equal(run.result, 'ok')
  })

  test('a lead that gets an owner gets a "call within 2 hours" task for that owner, once', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ['admin.rules.manage'] })
    const rep = await makeUser({ name: 'Rep' })
    await createRule(client, admin, {
      name: 'Call new leads',
      record_type: 'fixrec.contact',
      event: 'record.updated',
      event_options: { only_when_becomes_true: true },
      conditions: { match: 'all', conditions: [{ field: 'owner_id', op: 'not_empty' }] },
      actions: [{ type: 'create_task', options: { title: 'Call {name} within 2 hours', to: 'owner', due_amount: 2, due_unit: 'hours' } }],
    })
    const lead = await makeContact({ name: 'Lin Textiles' })
    await settled()
    const before = DateTime.now()
    lead.ownerId = rep.id
    await lead.save()
    await settled()
    lead.name = 'Lin Textiles Ltd'
    await lead.save()
    await settled()

    const tasks = await db.from('tasks').where('source', 'like', 'rule:%')
    assert.lengthOf(tasks, 1)
    assert.equal(tasks[0].assignee_id, rep.id)
    assert.equal(tasks[0].title, 'Call Lin Textiles within 2 hours')
    assert.equal(tasks[0].record_id, String(lead.id))
    const due = toDateTime(tasks[0].due_at)!
    const minutes = due.diff(before, 'minutes').minutes
    assert.isAtLeast(minutes, 119)
    assert.isAtMost(minutes, 121)
    // the assignee hears about it too
    assert.exists(await db.from('notifications').where({ user_id: rep.id, kind: 'task' }).first())
  })

  test("the owner is reminded 7 days before a customer's birthday, once a year", async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ['admin.rules.manage'] })
    const owner = await makeUser({ name: 'Owner' })
    await createRule(client, admin, {
      name: '客户生日提醒',
      record_type: 'fixrec.contact',
      event: 'record.date_ahead',
      event_options: { field: 'birthday', days: 7, yearly: true },
      actions: [{ type: 'notify', options: { to_owner: true, title: '{name} 的生日是 {birthday}' } }],
    })
    await makeContact({ name: 'Mrs Wang', birthday: '1975-06-20', ownerId: owner.id })
    await makeContact({ name: 'Nobody owns', birthday: '1980-06-20' })
    await settled()

    const today = DateTime.fromISO('2026-06-13T08:00:00', { zone: 'Asia/Shanghai' })
    await runRuleTimers(today)
    await runRuleTimers(today.plus({ hours: 5 }))
    const notes = await db.from('notifications').where('kind', 'automation')
    assert.lengthOf(notes, 1)
    assert.equal(notes[0].user_id, owner.id)
    assert.equal(notes[0].title_en, 'Mrs Wang 的生日是 1975-06-20')
  })

  test('notify needs someone to notify; a task needs an assignee', async ({ client, assert }) => {
    const admin = await makeUser({ permissions: ['admin.rules.manage'] })
    const response = await postRule(client, admin, {
      name: 'To nobody',
      record_type: 'fixrec.deal',
      event: 'record.created',
      actions: [
        { type: 'notify', options: { title: 'Hello' } },
        { type: 'create_task', options: { title: 'Do it', to: 'user' } },
        { type: 'create_task', options: { title: 'Do it', to: 'field', field: 'title' } },
      ],
    })
    response.assertStatus(422)
    const errors = response.body().errors
    assert.include(errors['actions.0.role_codes'], 'Choose who is notified')
    assert.isString(errors['actions.1.user_id'])
    assert.include(errors['actions.2.field'], 'title')
  })
})
