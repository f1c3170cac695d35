/*
 * The engines as people meet them: an administrator sets up, in the pages,
 * an approval flow (deals over ¥500,000 need a sales director's approval)
 * and an automation rule (a deal over ¥500,000 is created → notify the
 * sales directors); a normal user then creates and submits such a deal:
 * confirming it is refused pending approval, and the sales director finds
 * both the rule's notification and the approval in the inbox.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Role from '#models/role'
import { createUserWith } from '#tests/helpers/ui_users'
import { clearAutomation, makeDeal, settled } from '#tests/helpers/automation'
import { transition } from '#kernel/documents/transition_document'
import { ApprovalError } from '#kernel/approvals/errors'
import { pendingInstanceOf } from '#kernel/approvals/engine'
import FixrecDeal from '#tests/fixtures/plugins/fixrec/models/fixrec_deal'
import { PASSWORD, adminUser, collectConsoleErrors, open, screenshotPath, signIn } from './helpers.js'

test.group('Engines in the browser', (group) => {
  group.each.setup(async () => {
    await clearAutomation()
    return async () => {
      await clearAutomation()
      await db.from('approval_flows').where('name', 'like', 'Engines%').delete()
    }
  })

  test('an admin creates an approval flow and a rule in the pages; a normal user trips both', async ({ browserContext, assert }) => {
    const director = await createUserWith({ name: '销售总监 Director', password: PASSWORD, locale: 'zh-CN' })
    const role = (await Role.findBy('code', 'sales_director')) ?? (await Role.create({ code: 'sales_director', name: '销售总监', isSuperuser: false }))
    await db.table('user_roles').insert({ user_id: director.id, role_id: role.id })
    const seller = await createUserWith({ name: 'Seller', permissions: ['fixrec.deal.view', 'fixrec.deal.create'] })

    const { username } = await adminUser()
    const page = await signIn(browserContext, username)
    const errors = collectConsoleErrors(page)

    // the approval flow: deals over ¥500,000 wait for a sales director
    await open(page, '/admin/approvals/create?type=fixrec.deal')
    await page.fill('input[name=name]', 'Engines big deals')
    await page.click('[data-test=add-condition]')
    await page.selectOption('select[name="conditions[rows][0][field]"]', 'amount')
    await page.selectOption('select[name="conditions[rows][0][op]"]', 'gt')
    await page.fill('input[name="conditions[rows][0][value]"]', '500,000')
    await page.selectOption('select[name="steps[0][approver]"]', 'role')
    await page.selectOption('select[name="steps[0][role_id]"]', String(role.id))
    await Promise.all([page.waitForURL('**/admin/approvals/*/edit'), page.click('[data-test=save-flow]')])

    // the rule
    await open(page, '/admin/rules')
    await page.click('[data-test=new-rule]')
    await page.waitForURL('**/admin/rules/new')

    await page.fill('#field-name', '大额商机提醒')
    await Promise.all([page.waitForResponse((r) => r.url().includes('/admin/rules/form')), page.selectOption('#field-record_type', 'fixrec.deal')])
    // The form is swapped in by htmx after the response: let that settle before choosing the event (a select
    // picked before the swap is replaced; one already showing the event fires no change).
    const htmxSettled = () =>
      page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling'))
    await htmxSettled()
    if ((await page.inputValue('#field-event')) !== 'record.created') {
      await Promise.all([page.waitForResponse((r) => r.url().includes('/admin/rules/form')), page.selectOption('#field-event', 'record.created')])
      await htmxSettled()
    }
    await page.waitForSelector('[data-test=add-condition]')

    await page.click('[data-test=add-condition]')
    await page.selectOption('select[name="conditions[rows][0][field]"]', 'amount')
    await page.selectOption('select[name="conditions[rows][0][op]"]', 'gt')
    await page.fill('input[name="conditions[rows][0][value]"]', '500,000')

    await page.click('[data-test=add-action]')
    await page.selectOption('[data-test=action-0-type]', 'notify')
    await page.selectOption('[data-test=action-0-role_codes]', ['sales_director'])
    await page.fill('[data-test=action-0-title]', '大额商机：{title}')
    await page.screenshot({ path: screenshotPath('engines-rule-form'), fullPage: true })
    await Promise.all([page.waitForURL((url) => url.pathname === '/admin/rules'), page.click('[data-test=save-rule]')])
    assert.include(await page.textContent('[data-test=rules]'), '大额商机提醒')
    await page.screenshot({ path: screenshotPath('engines-rules-list'), fullPage: true })

    const saved = await db.from('automation_rules').where('name', '大额商机提醒').firstOrFail()
    assert.deepEqual(JSON.parse(saved.conditions), { match: 'all', conditions: [{ field: 'amount', op: 'gt', value: '500,000' }] })

    // a normal user creates two deals and submits them; only the big one trips the flow and the rule
    const small = await makeDeal('Small loom', '120000', seller.id)
    const big = await makeDeal('Weaving plant', '880000', seller.id)
    await transition(small, 'submitted', { user: seller })
    await transition(big, 'submitted', { user: seller })
    await settled()
    await transition(small, 'confirmed', { user: seller })
    const refused = await transition(big, 'confirmed', { user: seller }).catch((error) => error)
    assert.instanceOf(refused, ApprovalError)
    assert.equal((await FixrecDeal.findOrFail(big.id)).state, 'submitted')
    assert.exists(await pendingInstanceOf('fixrec.deal', big.id))
    await settled()

    await browserContext.clearCookies() // the administrator signs out
    const directorPage = await signIn(browserContext, director.username)
    await open(directorPage, '/notifications')
    const text = (await directorPage.textContent('main')) ?? ''
    assert.include(text, '大额商机：Weaving plant')
    assert.notInclude(text, 'Small loom')
    await directorPage.screenshot({ path: screenshotPath('engines-director-notified'), fullPage: true })
    await open(directorPage, '/approvals')
    assert.include((await directorPage.textContent('main')) ?? '', 'Weaving plant')
    await directorPage.screenshot({ path: screenshotPath('engines-director-inbox'), fullPage: true })
    assert.deepEqual(errors, [])
  })
})
