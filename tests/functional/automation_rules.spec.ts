/*
 * Automation rules end to end: rules configured through /admin/rules (the
 * same request the form sends), records changed through their models, the
 * run log, loops refused and stopped, failures that never reach the user.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { transition } from '#kernel/documents/transition_document'
import { webhookSignature } from '#kernel/rules/actions/webhook_action'
import { runRuleTimers } from '#kernel/rules/rule_timers'
import { triggerAutomationEvent } from '#kernel/rules/trigger_automation_event'
import { MAX_RULE_DEPTH } from '#kernel/rules/run_rules'
import { stamps } from '#tests/fixtures/plugins/fixrec/automation'
import FixrecContact from '#tests/fixtures/plugins/fixrec/models/fixrec_contact'
import { makeUser } from '#tests/helpers/access'
import { clearAutomation, createRule, makeContact, makeDeal, postRule, runsOf, settled } from '#tests/helpers/automation'

const admin = () => makeUser({ permissions: ['admin.rules.manage'] })

test.group('Automation rules: engine', (group) => {
  group.each.setup(async () => {
    await clearAutomation()
    stamps.length = 0
    return () => clearAutomation()
  })

  test('a rule set up through the admin API sets a field when a matching contact is created, and logs the run', async ({ client, assert }) => {
    const id = await createRule(client, await admin(), {
      name: 'VIPs are grade A',
      record_type: 'fixrec.contact',
      event: 'record.created',
      conditions: { match: 'all', conditions: [{ field: 'vip', op: 'eq', value: 'yes' }] },
      actions: [{ type: 'set_field', options: { field: 'grade', value: 'A' } }],
    })
    const vip = await makeContact({ name: 'Big Co', vip: true })
    const small = await makeContact({ name: 'Small Co', vip: false })
    await settled()

    await vip.refresh()
    await small.refresh()
    assert.equal(vip.grade, 'A')
    assert.isNull(small.grade)
    const runs = await runsOf(id)
    assert.lengthOf(runs, 1)
    assert.equal(runs[0].record_id, String(vip.id))
    assert.equal(runs[0].result, 'ok')
    assert.equal(runs[0].event, 'record.created')
    assert.equal(runs[0].depth, 0)
    // the write is audited like a person's edit, by nobody
    const audit = await db.from('audit_log').where({ record_type: 'fixrec.contact', record_id: String(vip.id), field: 'grade' }).first()
    assert.equal(audit.new_value, 'A')
    assert.isNull(audit.user_id)
  })

  test('"only when the conditions become true" fires when a field crosses a value, not on every later change', async ({ client, assert }) => {
    const id = await createRule(client, await admin(), {
      name: 'Credit over 100k',
      record_type: 'fixrec.contact',
      event: 'record.updated',
      event_options: { only_when_becomes_true: true },
      conditions: { match: 'all', conditions: [{ field: 'credit_limit', op: 'gt', value: '100,000' }] },
      actions: [{ type: 'fixrec.stamp', options: { note: 'crossed' } }],
    })
    const contact = await makeContact({ name: 'Crosser' })
    const set = async (limit: string) => {
      const { Money } = await import('#kernel/numbers/money')
      contact.creditLimit = Money.of(limit)
      await contact.save()
      await settled()
    }
    await set('100000') // not over
    await set('100000.01') // crosses
    await set('200000') // stays over
    await set('50000') // falls back
    await set('150000') // crosses again
    assert.deepEqual(
      stamps.map((s) => s.note),
      ['crossed', 'crossed']
    )
    assert.lengthOf(await runsOf(id), 2)
  })

  test('bad conditions and options are refused naming the field, in English and Chinese, and nothing is saved', async ({ client, assert }) => {
    const user = await admin()
    const bad = {
      name: 'Broken',
      record_type: 'fixrec.deal',
      event: 'record.created',
      conditions: { match: 'all', conditions: [{ field: 'amont', op: 'gt', value: '500000' }, { field: 'amount', op: 'gt', value: 'lots' }] },
      actions: [{ type: 'webhook', options: { url: 'not a url' } }, { type: 'set_field', options: { field: 'number', value: 'X' } }],
    }
    const en = await postRule(client, user, bad)
    en.assertStatus(422)
    const errors = en.body().errors
    assert.include(errors.conditions[0], 'amont')
    assert.include(errors.conditions[0], 'Condition 1')
    assert.include(errors.conditions[1], 'amount')
    assert.isString(errors['actions.0.url'])
    assert.include(errors['actions.1.field'], 'number')

    const zh = await postRule(client, await makeUser({ permissions: ['admin.rules.manage'], locale: 'zh-CN' }), bad, 'zh-CN')
    zh.assertStatus(422)
    assert.include(zh.body().errors.conditions[0], '条件 1')
    assert.include(zh.body().errors.conditions[0], 'amont')

    const noActions = await postRule(client, user, { name: '', record_type: 'fixrec.contact', event: 'record.date_ahead', event_options: { field: 'name', days: -1 }, actions: [] })
    noActions.assertStatus(422)
    assert.includeMembers(Object.keys(noActions.body().errors), ['name', 'event_options.field', 'event_options.days', 'actions'])
    const count = await db.from('automation_rules').count('* as total')
    assert.equal(Number(count[0].total), 0)
  })

  test('a rule whose own action would trigger it again is refused with an explanation; a self-limiting one is accepted', async ({ client, assert }) => {
    const user = await admin()
    const looping = await postRule(client, user, {
      name: 'Always grade B',
      record_type: 'fixrec.contact',
      event: 'record.updated',
      conditions: { match: 'all', conditions: [{ field: 'vip', op: 'eq', value: 'yes' }] },
      actions: [{ type: 'fixrec.stamp', options: { note: 'fine' } }, { type: 'set_field', options: { field: 'grade', value: 'B' } }],
    })
    looping.assertStatus(422)
    assert.include(looping.body().errors['actions.1'], 'trigger this rule again')

    // the action makes its own condition false: it cannot fire twice in a row
    const selfLimiting = await postRule(client, user, {
      name: 'C becomes B',
      record_type: 'fixrec.contact',
      event: 'record.updated',
      conditions: { match: 'all', conditions: [{ field: 'grade', op: 'eq', value: 'C' }] },
      actions: [{ type: 'set_field', options: { field: 'grade', value: 'B' } }],
    })
    selfLimiting.assertStatus(201)
    // "only when the conditions become true" is safe too
    const crossing = await postRule(client, user, {
      name: 'VIP gets owner 1',
      record_type: 'fixrec.contact',
      event: 'record.updated',
      event_options: { only_when_becomes_true: true },
      conditions: { match: 'all', conditions: [{ field: 'vip', op: 'eq', value: 'yes' }] },
      actions: [{ type: 'set_field', options: { field: 'grade', value: 'A' } }],
    })
    crossing.assertStatus(201)
  })

  test('two rules that feed each other are stopped at the depth limit and the stop is logged as a loop', async ({ client, assert }) => {
    const user = await admin()
    const aToB = await createRule(client, user, {
      name: 'A to B',
      record_type: 'fixrec.contact',
      event: 'record.updated',
      conditions: { match: 'all', conditions: [{ field: 'grade', op: 'eq', value: 'A' }] },
      actions: [{ type: 'set_field', options: { field: 'grade', value: 'B' } }],
    })
    const bToA = await createRule(client, user, {
      name: 'B to A',
      record_type: 'fixrec.contact',
      event: 'record.updated',
      conditions: { match: 'all', conditions: [{ field: 'grade', op: 'eq', value: 'B' }] },
      actions: [{ type: 'set_field', options: { field: 'grade', value: 'A' } }],
    })
    const contact = await makeContact({ name: 'Ping pong', grade: 'C' })
    contact.grade = 'A'
    await contact.save()
    await settled()

    const runs = [...(await runsOf(aToB)), ...(await runsOf(bToA))]
    assert.lengthOf(runs, MAX_RULE_DEPTH + 1)
    const loop = runs.find((r) => r.result === 'loop')
    assert.exists(loop)
    assert.equal(loop.depth, MAX_RULE_DEPTH)
    assert.include(loop.error, 'limit')
    // the record is intact and no longer changing
    await contact.refresh()
    assert.include(['A', 'B'], contact.grade)
  })

  test('a failing webhook and a throwing plugin action are logged as errors; the user save stands and other actions still run', async ({ client, assert }) => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))

    const id = await createRule(client, await admin(), {
      name: 'Tell the outside',
      record_type: 'fixrec.contact',
      event: 'record.created',
      actions: [
        { type: 'webhook', options: { url: `http://127.0.0.1:${port}/hook`, timeout_ms: 1000 } },
        { type: 'fixrec.stamp', options: { note: 'boom' } },
        { type: 'fixrec.stamp', options: { note: 'after' } },
      ],
    })
    const contact = await makeContact({ name: 'Still saved' })
    await settled()

    assert.exists(await FixrecContact.find(contact.id))
    const [run] = await runsOf(id)
    assert.equal(run.result, 'error')
    assert.include(run.error, `127.0.0.1:${port}`)
    assert.include(run.error, 'the stamp pad is dry')
    assert.deepEqual(
      JSON.parse(run.detail).map((d: any) => d.result),
      ['error', 'error', 'ok']
    )
    assert.deepEqual(stamps.map((s) => s.note), ['after'])
  })

  test('a webhook to a receiver on 127.0.0.1 gets the record as JSON with an HMAC-SHA256 signature; the status is logged', async ({ client, assert }) => {
    const received: Array<{ body: string; signature: string | undefined; event: string | undefined }> = []
    const server: Server = createServer((req: IncomingMessage, res) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        received.push({ body, signature: req.headers['x-loom-signature'] as string, event: req.headers['x-loom-event'] as string })
        res.writeHead(202).end('ok')
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const port = (server.address() as AddressInfo).port
      const id = await createRule(client, await admin(), {
        name: 'Big deals to the CRM hub',
        record_type: 'fixrec.deal',
        event: 'record.created',
        conditions: { match: 'all', conditions: [{ field: 'amount', op: 'gt', value: '500000' }] },
        actions: [{ type: 'webhook', options: { url: `http://127.0.0.1:${port}/deals`, secret: 's3cret' } }],
      })
      const deal = await makeDeal('Harbour cranes', '612345.67')
      await makeDeal('Small', '1000')
      await settled()

      assert.lengthOf(received, 1)
      assert.equal(received[0].signature, webhookSignature('s3cret', received[0].body))
      assert.equal(received[0].event, 'record.created')
      const payload = JSON.parse(received[0].body)
      assert.equal(payload.recordType, 'fixrec.deal')
      assert.equal(payload.recordId, String(deal.id))
      assert.equal(payload.record.title, 'Harbour cranes')
      // money travels exactly, as micros text
      assert.equal(payload.record.amount, '612345670000')
      const [run] = await runsOf(id)
      assert.equal(run.result, 'ok')
      assert.include(run.detail, 'HTTP 202')
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  test('a state change fires rules on "state changed" (optionally into one state), at the depth of a person', async ({ client, assert }) => {
    const user = await admin()
    const id = await createRule(client, user, {
      name: 'Submitted deals',
      record_type: 'fixrec.deal',
      event: 'record.state_changed',
      event_options: { to: 'submitted' },
      actions: [{ type: 'fixrec.stamp', options: { note: 'submitted' } }],
    })
    const deal = await makeDeal('Looms', '10')
    await settled()
    await transition(deal, 'submitted', { user })
    await settled()
    await transition(deal, 'confirmed', { user })
    await settled()
    assert.deepEqual(stamps, [{ recordId: String(deal.id), note: 'submitted', event: 'record.state_changed' }])
    const [run] = await runsOf(id)
    assert.equal(run.depth, 0)
  })

  test('nothing fires for a save that is rolled back', async ({ client, assert }) => {
    await createRule(client, await admin(), {
      name: 'Any new contact',
      record_type: 'fixrec.contact',
      event: 'record.created',
      actions: [{ type: 'fixrec.stamp', options: { note: 'new' } }],
    })
    await db
      .transaction(async (trx) => {
        await FixrecContact.create({ name: 'Ghost', vip: false }, { client: trx })
        throw new Error('changed my mind')
      })
      .catch(() => null)
    await db.transaction(async (trx) => {
      await FixrecContact.create({ name: 'Real', vip: false }, { client: trx })
    })
    await settled()
    assert.deepEqual(stamps.map((s) => s.note), ['new'])
  })

  test('a plugin event and a plugin action are configured like the kernel ones', async ({ client, assert }) => {
    const id = await createRule(client, await admin(), {
      name: 'Visited VIPs',
      record_type: 'fixrec.contact',
      event: 'fixrec:contact.visited',
      conditions: { match: 'all', conditions: [{ field: 'vip', op: 'eq', value: 'yes' }] },
      actions: [{ type: 'fixrec.stamp', options: { note: 'visited' } }],
    })
    const vip = await makeContact({ name: 'VIP', vip: true })
    const other = await makeContact({ name: 'Other' })
    await triggerAutomationEvent('fixrec:contact.visited', { recordId: vip.id })
    await triggerAutomationEvent('fixrec:contact.visited', { recordId: other.id })
    await settled()
    assert.deepEqual(stamps, [{ recordId: String(vip.id), note: 'visited', event: 'fixrec:contact.visited' }])
    assert.lengthOf(await runsOf(id), 1)

    const badOption = await postRule(client, await admin(), {
      name: 'Empty stamp',
      record_type: 'fixrec.contact',
      event: 'fixrec:contact.visited',
      actions: [{ type: 'fixrec.stamp', options: { note: '' } }],
    })
    badOption.assertStatus(422)
    assert.isString(badOption.body().errors['actions.0.note'])
  })
})

test.group('Automation rules: timed events', (group) => {
  group.each.setup(async () => {
    await clearAutomation()
    stamps.length = 0
    return () => clearAutomation()
  })

  test('"a date is N days away, every year" fires once per record and date, on the company clock', async ({ client, assert }) => {
    const id = await createRule(client, await admin(), {
      name: 'Birthday in a week',
      record_type: 'fixrec.contact',
      event: 'record.date_ahead',
      event_options: { field: 'birthday', days: 7, yearly: true },
      actions: [{ type: 'fixrec.stamp', options: { note: 'birthday' } }],
    })
    const now = DateTime.fromISO('2026-03-10T09:00:00', { zone: 'Asia/Shanghai' })
    const due = await makeContact({ name: 'Due', birthday: '1990-03-17' })
    await makeContact({ name: 'Not yet', birthday: '1990-03-18' })
    await makeContact({ name: 'No birthday' })
    await settled()

    assert.equal((await runRuleTimers(now)).fired, 1)
    assert.equal((await runRuleTimers(now.plus({ hours: 3 }))).fired, 0)
    assert.deepEqual(stamps.map((s) => s.recordId), [String(due.id)])
    assert.lengthOf(await runsOf(id), 1)
    // next year it is due again
    assert.equal((await runRuleTimers(now.plus({ years: 1 }))).fired, 1)
  })

  test('a 29 February birthday is reminded on 28 February in a year without one', async ({ client, assert }) => {
    await createRule(client, await admin(), {
      name: 'Leap birthday',
      record_type: 'fixrec.contact',
      event: 'record.date_ahead',
      event_options: { field: 'birthday', days: 0, yearly: true },
      actions: [{ type: 'fixrec.stamp', options: { note: 'leap' } }],
    })
    const leap = await makeContact({ name: 'Leap', birthday: '2000-02-29' })
    await settled()
    assert.equal((await runRuleTimers(DateTime.fromISO('2027-02-27T10:00:00'))).fired, 0)
    assert.equal((await runRuleTimers(DateTime.fromISO('2027-02-28T10:00:00'))).fired, 1)
    assert.equal((await runRuleTimers(DateTime.fromISO('2028-02-28T10:00:00'))).fired, 0)
    assert.equal((await runRuleTimers(DateTime.fromISO('2028-02-29T10:00:00'))).fired, 1)
    assert.deepEqual(stamps.map((s) => s.recordId), [String(leap.id), String(leap.id)])
  })

  test('a one-off date N days away fires only for that date; conditions still apply', async ({ client, assert }) => {
    await createRule(client, await admin(), {
      name: 'Grade A contract renewal',
      record_type: 'fixrec.contact',
      event: 'record.date_ahead',
      event_options: { field: 'birthday', days: 3 },
      conditions: { match: 'all', conditions: [{ field: 'grade', op: 'eq', value: 'A' }] },
      actions: [{ type: 'fixrec.stamp', options: { note: 'renew' } }],
    })
    const a = await makeContact({ name: 'A', grade: 'A', birthday: '2026-05-04' })
    await makeContact({ name: 'B', grade: 'B', birthday: '2026-05-04' })
    await makeContact({ name: 'A next year', grade: 'A', birthday: '2027-05-04' })
    await settled()
    assert.equal((await runRuleTimers(DateTime.fromISO('2026-05-01T08:00:00'))).fired, 1)
    assert.deepEqual(stamps.map((s) => s.recordId), [String(a.id)])
  })

  test('"no activity for N days" fires once per quiet spell; a new change or comment starts a new spell', async ({ client, assert }) => {
    await createRule(client, await admin(), {
      name: 'Quiet for 14 days',
      record_type: 'fixrec.contact',
      event: 'record.no_activity',
      event_options: { days: 14 },
      actions: [{ type: 'fixrec.stamp', options: { note: 'quiet' } }],
    })
    const contact = await makeContact({ name: 'Sleepy' })
    await settled()
    const now = DateTime.now()
    assert.equal((await runRuleTimers(now.plus({ days: 13 }))).fired, 0)
    assert.equal((await runRuleTimers(now.plus({ days: 15 }))).fired, 1)
    assert.equal((await runRuleTimers(now.plus({ days: 20 }))).fired, 0)

    await db.table('comments').insert({ record_type: 'fixrec.contact', record_id: String(contact.id), user_id: null, body: 'called them', created_at: now.plus({ days: 21 }).toJSDate() })
    assert.equal((await runRuleTimers(now.plus({ days: 30 }))).fired, 0)
    assert.equal((await runRuleTimers(now.plus({ days: 36 }))).fired, 1)
    assert.lengthOf(stamps, 2)
  })
})
