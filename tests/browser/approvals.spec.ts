/// <reference lib="dom" />
/*
 * Approvals in a real Chromium: an admin writes a flow with the condition
 * editor and the steps editor (rows added, switched to another field,
 * reordered, removed), and an approver decides from the inbox on a phone
 * without a page reload.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { listFlows } from '#kernel/approvals/flows'
import { pendingInstanceOf } from '#kernel/approvals/engine'
import { createUserWith } from '#tests/helpers/ui_users'
import { makeFlow, submittedDeal } from '#tests/helpers/approvals'
import FixrecDeal from '#tests/fixtures/plugins/fixrec/models/fixrec_deal'
import { collectConsoleErrors, open, PASSWORD, PHONE, screenshotPath, signIn } from './helpers.js'

test.group('Approvals in the browser', (group) => {
  group.each.teardown(async () => {
    await db.from('approval_flows').where('name', 'like', 'Browser%').delete()
  })

  test('an admin builds a flow with the condition and steps editors', async ({ browserContext, assert }) => {
    const admin = await createUserWith({ superuser: true, locale: 'en', name: 'Flow admin', password: PASSWORD })
    const boss = await createUserWith({ locale: 'en', name: 'Browser Boss', password: PASSWORD })
    const page = await signIn(browserContext, admin.username)
    const errors = collectConsoleErrors(page)
    await open(page, '/admin/approvals/create?type=fixrec.deal')
    await page.fill('input[name=name]', 'Browser big deals')
    await page.fill('input[name=priority]', '7')

    // condition 1: amount > 500,000
    await page.click('[data-test=add-condition]')
    await page.selectOption('select[name="conditions[rows][0][field]"]', 'amount')
    await page.selectOption('select[name="conditions[rows][0][op]"]', 'gt')
    await page.fill('input[name="conditions[rows][0][value]"]', '500,000')
    // condition 2: discount > max_discount (another field)
    await page.click('[data-test=add-condition]')
    await page.selectOption('select[name="conditions[rows][1][field]"]', 'discount')
    await page.selectOption('select[name="conditions[rows][1][op]"]', 'gt')
    await page.selectOption('select[name="conditions[rows][1][mode]"]', 'field')
    await page.selectOption('select[name="conditions[rows][1][value_field]"]', 'max_discount')
    // condition 3, removed again
    await page.click('[data-test=add-condition]')
    assert.equal(await page.locator('[data-test=condition-row]').count(), 3)
    await page.locator('[data-test=remove-condition]').nth(2).click()
    await page.check('input[name="conditions[match]"][value=any]')

    // steps: department head, then the named user; then swap them
    await page.selectOption('select[name="steps[0][approver]"]', 'department_head')
    await page.click('[data-test=add-step]')
    await page.selectOption('select[name="steps[1][approver]"]', 'user')
    await page.selectOption('select[name="steps[1][user_id]"]', String(boss.id))
    await page.selectOption('select[name="steps[1][mode]"]', 'all')
    await page.locator('[data-test=step-row]').nth(1).getByRole('button', { name: 'Move up' }).click()
    await page.setViewportSize(PHONE)
    await page.screenshot({ path: screenshotPath('approvals-flow-editor-phone'), fullPage: true })
    await Promise.all([page.waitForURL('**/admin/approvals/*/edit'), page.click('[data-test=save-flow]')])

    const flow = (await listFlows()).find((f) => f.name === 'Browser big deals')!
    assert.equal(flow.priority, 7)
    assert.deepEqual(flow.conditions, {
      match: 'any',
      conditions: [
        { field: 'amount', op: 'gt', value: '500,000' },
        { field: 'discount', op: 'gt', valueField: 'max_discount' },
      ],
    })
    assert.deepEqual(
      flow.steps.map((s) => [s.approver, s.userId ?? null, s.mode]),
      [
        ['user', boss.id, 'all'],
        ['department_head', null, 'any'],
      ]
    )
    // the edit page shows the saved rows again
    assert.equal(await page.inputValue('input[name="conditions[rows][0][value]"]'), '500,000')
    assert.equal(await page.inputValue('select[name="conditions[rows][1][value_field]"]'), 'max_discount')
    assert.equal(await page.inputValue('select[name="steps[0][user_id]"]'), String(boss.id))
    assert.deepEqual(errors, [])
  })

  test('an approver approves from the inbox on a phone, in place', async ({ browserContext, assert }) => {
    const rep = await createUserWith({ locale: 'zh-CN', name: 'Browser rep', password: PASSWORD })
    const boss = await createUserWith({ locale: 'zh-CN', name: 'Browser approver', password: PASSWORD })
    await makeFlow([{ approver: 'user', userId: boss.id, mode: 'any' }], { name: 'Browser inbox flow' })
    const deal = await submittedDeal(rep as any, '900000', 'Browser deal')
    const instance = (await pendingInstanceOf('fixrec.deal', deal.id))!

    const page = await signIn(browserContext, boss.username)
    const errors = collectConsoleErrors(page)
    await page.setViewportSize(PHONE)
    await open(page, '/approvals')
    const card = page.locator(`[data-instance="${instance.id}"]`)
    await card.locator('textarea[name=comment]').fill('同意')
    await page.screenshot({ path: screenshotPath('approvals-inbox-phone'), fullPage: true })
    await card.locator('[data-test=approve]').click()
    await page.waitForSelector('[data-test=approval-decided]')
    assert.equal((await FixrecDeal.findOrFail(deal.id)).state, 'confirmed')
    assert.deepEqual(errors, [])
  })
})
