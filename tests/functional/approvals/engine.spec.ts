/*
 * The approvals engine on fixrec.deal: the gate, chains, any-one / all-of,
 * return, reject, delegation, snapshots, and who may decide.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import i18nManager from '@adonisjs/i18n/services/main'
import { DateTime } from 'luxon'
import Department from '#models/department'
import ForbiddenException from '#exceptions/forbidden_exception'
import { transition } from '#kernel/documents/transition_document'
import { documentErrorMessage } from '#kernel/documents/document_errors'
import { decide, pendingInstanceOf, instancesOf } from '#kernel/approvals/engine'
import { companyToday } from '#kernel/approvals/approvers'
import { invalidateCustomFields } from '#kernel/custom_fields/custom_fields'
import { onEvent } from '#services/events'
import '#kernel/approvals/events'
import { ApprovalError } from '#kernel/approvals/errors'
import { saveFlow, findFlow } from '#kernel/approvals/flows'
import { makeDepartment, makeUser } from '#tests/helpers/access'
import { makeFlow, makeRole, submittedDeal, tasksOf } from '#tests/helpers/approvals'
import FixrecDeal from '#tests/fixtures/plugins/fixrec/models/fixrec_deal'

async function pendingFlowName(dealId: number) {
  return (await instancesOf('fixrec.deal', dealId))[0].flowName
}

test.group('Approvals engine', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('over 500,000 cannot be confirmed until approved; exactly 500,000 needs no approval', async ({ assert }) => {
    const rep = await makeUser({ name: 'Rep' })
    const boss = await makeUser({ name: 'Boss' })
    await makeFlow([{ approver: 'user', userId: boss.id, mode: 'any' }])

    const big = await submittedDeal(rep, '500000.01')
    const instance = await pendingInstanceOf('fixrec.deal', big.id)
    assert.exists(instance)
    const refused = await transition(big, 'confirmed', { user: rep }).catch((e) => e)
    assert.instanceOf(refused, ApprovalError)
    assert.equal(documentErrorMessage(refused, i18nManager.locale('en')), `${big.number} is awaiting approval (step 1 of 1) and cannot be confirmed yet`)
    assert.equal(documentErrorMessage(refused, i18nManager.locale('zh-CN')), `${big.number} 正在审批中（第 1/1 步），暂不能确认`)
    assert.equal((await FixrecDeal.findOrFail(big.id)).state, 'submitted')

    const heard: any[] = []
    const off = onEvent('kernel:approval.decided', (payload) => {
      heard.push(payload)
    })
    const result = await decide(instance!.id, boss, 'approve', 'fine').finally(off)
    assert.deepEqual(heard, [
      { instanceId: instance!.id, documentType: 'fixrec.deal', documentId: big.id, decision: 'approve', state: 'approved', documentState: 'confirmed', userId: boss.id, onBehalfOf: null },
    ])
    assert.equal(result.instance.state, 'approved')
    assert.equal(result.documentState, 'confirmed')
    const fresh = await FixrecDeal.findOrFail(big.id)
    assert.equal(fresh.state, 'confirmed')
    // the last approver confirmed it, on the timeline and in the audit trail
    const audit = await db.from('audit_log').where({ record_type: 'fixrec.deal', record_id: String(big.id) }).orderBy('id')
    assert.includeMembers(audit.map((a) => a.action), ['approval.start', 'approval.approve', 'transition'])
    assert.equal(audit.find((a) => a.action === 'approval.approve').new_value, 'fine')
    const comments = await db.from('comments').where({ record_type: 'fixrec.deal', record_id: String(big.id) })
    assert.equal(comments[0].body, 'Approved (step 1 of 1): fine')
    assert.equal(comments[0].user_id, boss.id)

    // the approver was told when it became theirs, the submitter of the decision (both languages)
    const told = await db.from('notifications').where({ record_type: 'fixrec.deal', record_id: String(big.id) }).orderBy('id')
    assert.deepEqual(
      told.map((n) => [n.user_id, n.title_en, n.kind]),
      [
        [boss.id, `${big.number} awaits your approval (${(await pendingFlowName(big.id))})`, 'approval'],
        [rep.id, `${big.number} was approved`, 'approval'],
      ]
    )
    assert.equal(told[1].title_zh, `${big.number} 已审批通过`)

    const exact = await submittedDeal(rep, '500000')
    assert.isNull(await pendingInstanceOf('fixrec.deal', exact.id))
    await transition(exact, 'confirmed', { user: rep })
    assert.equal(exact.state, 'confirmed')
  })

  test('chain: role (any one) → department head walking up the tree → named user', async ({ assert }) => {
    const top = await makeDepartment('Top')
    const middle = await makeDepartment('Middle', top)
    const team = await makeDepartment('Team', middle)
    const head = await makeUser({ name: 'Head of Top', department: top })
    await Department.query().where('id', top.id).update({ head_user_id: head.id })
    const rep = await makeUser({ name: 'Rep', department: team })
    // the Team's head is the submitter: skipped; Middle has no head; Top's head approves
    await Department.query().where('id', team.id).update({ head_user_id: rep.id })
    const [r1, r2] = [await makeUser({ name: 'R1' }), await makeUser({ name: 'R2' })]
    const role = await makeRole([r1, r2, rep])
    const cfo = await makeUser({ name: 'CFO' })
    await makeFlow([
      { approver: 'role', roleId: role.id, mode: 'any' },
      { approver: 'department_head', mode: 'any' },
      { approver: 'user', userId: cfo.id, mode: 'any' },
    ])
    const deal = await submittedDeal(rep, '900000')
    const instance = (await pendingInstanceOf('fixrec.deal', deal.id))!
    // the submitter holds the role too but never approves their own document
    assert.sameMembers((await tasksOf(instance.id)).map((t) => Number(t.user_id)), [r1.id, r2.id])

    await decide(instance.id, r2, 'approve', null)
    let tasks = await tasksOf(instance.id)
    assert.equal(tasks.find((t) => t.user_id === r1.id).state, 'settled')
    assert.deepEqual(tasks.filter((t) => t.step_index === 1).map((t) => Number(t.user_id)), [head.id])
    // R1's step is settled: too late for them
    const late = await decide(instance.id, r1, 'approve', null).catch((e) => e)
    assert.instanceOf(late, ApprovalError)
    assert.equal(late.status, 409)

    await decide(instance.id, head, 'approve', 'ok')
    tasks = await tasksOf(instance.id)
    assert.deepEqual(tasks.filter((t) => t.step_index === 2).map((t) => Number(t.user_id)), [cfo.id])
    assert.equal((await FixrecDeal.findOrFail(deal.id)).state, 'submitted')
    const result = await decide(instance.id, cfo, 'approve', null)
    assert.equal(result.documentState, 'confirmed')
  })

  test('all-of waits for every approver; any one reject settles it and cancels the document', async ({ assert }) => {
    const rep = await makeUser()
    const [a, b, c] = [await makeUser(), await makeUser(), await makeUser()]
    const role = await makeRole([a, b, c])
    await makeFlow([{ approver: 'role', roleId: role.id, mode: 'all' }])

    const deal = await submittedDeal(rep, '600000')
    const instance = (await pendingInstanceOf('fixrec.deal', deal.id))!
    await decide(instance.id, a, 'approve', null)
    await decide(instance.id, b, 'approve', null)
    assert.equal((await FixrecDeal.findOrFail(deal.id)).state, 'submitted')
    await decide(instance.id, c, 'approve', null)
    assert.equal((await FixrecDeal.findOrFail(deal.id)).state, 'confirmed')

    const other = await submittedDeal(rep, '600000')
    const second = (await pendingInstanceOf('fixrec.deal', other.id))!
    await decide(second.id, a, 'approve', null)
    const noReason = await decide(second.id, b, 'reject', '  ').catch((e) => e)
    assert.equal(documentErrorMessage(noReason, i18nManager.locale('en')), 'Please give a reason (comment) when rejecting or returning')
    const result = await decide(second.id, b, 'reject', 'Price too low')
    assert.equal(result.instance.state, 'rejected')
    assert.equal((await FixrecDeal.findOrFail(other.id)).state, 'cancelled')
    assert.equal((await tasksOf(second.id)).find((t) => t.user_id === c.id).state, 'closed')
    const closed = await decide(second.id, c, 'approve', null).catch((e) => e)
    assert.instanceOf(closed, ApprovalError)
    assert.equal(closed.status, 409)
  })

  test('return sends it back to draft with the comment; resubmitting starts a new instance', async ({ assert }) => {
    const rep = await makeUser()
    const boss = await makeUser({ name: 'Boss', locale: 'zh-CN' })
    await makeFlow([{ approver: 'user', userId: boss.id, mode: 'any' }])
    const deal = await submittedDeal(rep, '700000')
    const first = (await pendingInstanceOf('fixrec.deal', deal.id))!
    const result = await decide(first.id, boss, 'return', '请补充合同')
    assert.equal(result.instance.state, 'returned')
    const draft = await FixrecDeal.findOrFail(deal.id)
    assert.equal(draft.state, 'draft')
    const comment = await db.from('comments').where({ record_type: 'fixrec.deal', record_id: String(deal.id) }).first()
    assert.equal(comment.body, '退回修改（第 1/1 步）：请补充合同')

    await transition(draft, 'submitted', { user: rep })
    const second = (await pendingInstanceOf('fixrec.deal', deal.id))!
    assert.notEqual(second.id, first.id)
    assert.deepEqual((await instancesOf('fixrec.deal', deal.id)).map((i) => i.state), ['pending', 'returned'])
    await decide(second.id, boss, 'approve', null)
    assert.equal((await FixrecDeal.findOrFail(deal.id)).state, 'confirmed')
  })

  test('a delegate decides while the delegation runs, recorded as on behalf of the approver', async ({ assert }) => {
    const rep = await makeUser()
    const away = await makeUser({ name: 'Away' })
    const stand = await makeUser({ name: 'Stand-in' })
    await makeFlow([{ approver: 'user', userId: away.id, mode: 'any' }])
    // Delegations run on the company's calendar day (Asia/Shanghai by default), not the server's.
    const today = await companyToday()
    const old = DateTime.fromISO(today).minus({ days: 10 })
    // an expired delegation gives nothing
    await db.table('approval_delegations').insert({ user_id: away.id, delegate_id: stand.id, starts_on: old.toISODate(), ends_on: old.plus({ days: 2 }).toISODate(), created_at: new Date() })
    const deal = await submittedDeal(rep, '800000')
    const instance = (await pendingInstanceOf('fixrec.deal', deal.id))!
    assert.instanceOf(await decide(instance.id, stand, 'approve', null).catch((e) => e), ForbiddenException)

    await db.table('approval_delegations').insert({ user_id: away.id, delegate_id: stand.id, starts_on: today, ends_on: today, created_at: new Date() })
    await decide(instance.id, stand, 'approve', 'covering')
    const task = (await tasksOf(instance.id))[0]
    assert.equal(task.user_id, away.id)
    assert.equal(task.decided_by, stand.id)
    const comment = await db.from('comments').where({ record_type: 'fixrec.deal', record_id: String(deal.id) }).first()
    assert.equal(comment.body, 'Approved (step 1 of 1) on behalf of Away: covering')
    const audit = await db.from('audit_log').where({ record_type: 'fixrec.deal', record_id: String(deal.id), action: 'approval.approve' }).first()
    assert.equal(audit.user_id, stand.id)
    assert.equal(audit.old_value, 'Away')
  })

  test('a flow edited while a document is in flight does not change that document', async ({ assert }) => {
    const rep = await makeUser()
    const first = await makeUser({ name: 'First' })
    const second = await makeUser({ name: 'Second' })
    const flowId = await makeFlow([{ approver: 'user', userId: first.id, mode: 'any' }])
    const deal = await submittedDeal(rep, '550000')
    const flow = (await findFlow(flowId))!
    await saveFlow(
      { ...flow, steps: [{ approver: 'user', userId: second.id, mode: 'any' }, { approver: 'user', userId: second.id, mode: 'any' }] },
      null,
      flowId
    )
    assert.equal((await findFlow(flowId))!.version, 2)
    const instance = (await pendingInstanceOf('fixrec.deal', deal.id))!
    assert.equal(instance.flowVersion, 1)
    assert.lengthOf(instance.steps, 1)
    assert.instanceOf(await decide(instance.id, second, 'approve', null).catch((e) => e), ForbiddenException)
    const result = await decide(instance.id, first, 'approve', null)
    assert.equal(result.documentState, 'confirmed')
    // the next document follows the new version
    const next = await submittedDeal(rep, '550000')
    assert.lengthOf((await pendingInstanceOf('fixrec.deal', next.id))!.steps, 2)
  })

  test('first matching flow by priority wins; inactive flows are ignored; withdrawing closes the instance', async ({ assert }) => {
    const rep = await makeUser()
    const [low, high] = [await makeUser(), await makeUser()]
    await makeFlow([{ approver: 'user', userId: high.id, mode: 'any' }], { name: 'Inactive', priority: 1, active: false })
    await makeFlow([{ approver: 'user', userId: low.id, mode: 'any' }], { name: 'Second', priority: 20 })
    await makeFlow([{ approver: 'user', userId: high.id, mode: 'any' }], { name: 'First', priority: 10 })
    const deal = await submittedDeal(rep, '1000000')
    const instance = (await pendingInstanceOf('fixrec.deal', deal.id))!
    assert.equal(instance.flowName, 'First')
    await transition(deal, 'draft', { user: rep })
    assert.isNull(await pendingInstanceOf('fixrec.deal', deal.id))
    assert.equal((await instancesOf('fixrec.deal', deal.id))[0].state, 'withdrawn')
    assert.equal((await tasksOf(instance.id))[0].state, 'closed')
  })

  test('someone outside the chain cannot decide; a step with nobody falls to the approval admins', async ({ assert }) => {
    const rep = await makeUser()
    const stranger = await makeUser({ permissions: ['fixrec.deal.confirm'] })
    const admin = await makeUser({ permissions: ['admin.approvals.manage'] })
    // no department → no head → the approval admins stand in
    await makeFlow([{ approver: 'department_head', mode: 'any' }])
    const deal = await submittedDeal(rep, '2000000')
    const instance = (await pendingInstanceOf('fixrec.deal', deal.id))!
    const taskUsers = (await tasksOf(instance.id)).map((t) => Number(t.user_id))
    assert.include(taskUsers, admin.id)
    assert.notInclude(taskUsers, stranger.id)
    assert.instanceOf(await decide(instance.id, stranger, 'approve', null).catch((e) => e), ForbiddenException)
    assert.instanceOf(await decide(instance.id, rep, 'approve', null).catch((e) => e), ForbiddenException)
    await decide(instance.id, admin, 'approve', null)
    assert.equal((await FixrecDeal.findOrFail(deal.id)).state, 'confirmed')
  })
})

test.group('Approvals engine: two approvers at once', (group) => {
  const created: { users: number[]; deals: number[]; flows: number[]; roles: number[] } = { users: [], deals: [], flows: [], roles: [] }
  group.each.teardown(async () => {
    await db.from('approval_instances').whereIn('document_id', created.deals).where('document_type', 'fixrec.deal').delete()
    await db.from('comments').whereIn('record_id', created.deals.map(String)).where('record_type', 'fixrec.deal').delete()
    await db.from('audit_log').whereIn('record_id', created.deals.map(String)).where('record_type', 'fixrec.deal').delete()
    await db.from('fixrec_deals').whereIn('id', created.deals).delete()
    await db.from('approval_flows').whereIn('id', created.flows).delete()
    await db.from('user_roles').whereIn('role_id', created.roles).delete()
    await db.from('roles').whereIn('id', created.roles).delete()
    await db.from('audit_log').whereIn('user_id', created.users).update({ user_id: null })
    await db.from('users').whereIn('id', created.users).delete()
  })

  test('submitting starts the approval even when the custom-field list must be re-read (one SQLite connection)', async ({ assert }) => {
    const rep = await makeUser()
    const approver = await makeUser()
    created.users.push(rep.id, approver.id)
    created.flows.push(await makeFlow([{ approver: 'user', userId: approver.id, mode: 'any' }]))
    // A cold cache makes the flow match read the custom fields inside the submit's transaction:
    // through the default connection that would wait for the transaction itself on SQLite.
    invalidateCustomFields('fixrec.deal')
    const deal = await submittedDeal(rep, '990000')
    created.deals.push(deal.id)
    assert.exists(await pendingInstanceOf('fixrec.deal', deal.id))
  }).timeout(20_000)

  test('on an any-one step exactly one decision counts', async ({ assert }) => {
    const rep = await makeUser()
    const [a, b] = [await makeUser(), await makeUser()]
    const role = await makeRole([a, b])
    created.users.push(rep.id, a.id, b.id)
    created.roles.push(role.id)
    // rep's own role from makeUser is not created (no permissions)
    created.flows.push(await makeFlow([{ approver: 'role', roleId: role.id, mode: 'any' }]))
    const deal = await submittedDeal(rep, '990000')
    created.deals.push(deal.id)
    const instance = (await pendingInstanceOf('fixrec.deal', deal.id))!

    const results = await Promise.allSettled([decide(instance.id, a, 'approve', 'A'), decide(instance.id, b, 'reject', 'B')])
    const ok = results.filter((r) => r.status === 'fulfilled')
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[]
    assert.lengthOf(ok, 1, JSON.stringify(refused.map((r) => String(r.reason))))
    assert.instanceOf(refused[0].reason, ApprovalError)
    const decided = (await tasksOf(instance.id)).filter((t) => ['approved', 'rejected'].includes(t.state))
    assert.lengthOf(decided, 1)
    const state = (await FixrecDeal.findOrFail(deal.id)).state
    assert.equal(state, decided[0].state === 'approved' ? 'confirmed' : 'cancelled')
  })
})
