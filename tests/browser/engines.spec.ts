/*
 * The engines as people meet them: an administrator sets up an automation
 * rule in the pages (a deal over ¥500,000 is created → notify the sales
 * directors), a normal user creates such a deal, and a sales director finds
 * the notification.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Role from '#models/role'
import { createUserWith } from '#tests/helpers/ui_users'
import { clearAutomation, makeDeal, settled } from '#tests/helpers/automation'
import { PASSWORD, adminUser, collectConsoleErrors, open, screenshotPath, signIn } from './helpers.js'

test.group('Engines in the browser', (group) => {
  group.each.setup(async () => {
    await clearAutomation()
    return () => clearAutomation()
  })

  test('an admin creates a rule in the pages and a normal user trips it: the sales director is notified', async ({ browserContext, assert }) => {
    const director = await createUserWith({ name: '销售总监 Director', password: PASSWORD, locale: 'zh-CN' })
    const role = (await Role.findBy('code', 'sales_director')) ?? (await Role.create({ code: 'sales_director', name: '销售总监', isSuperuser: false }))
    await db.table('user_roles').insert({ user_id: director.id, role_id: role.id })
    const seller = await createUserWith({ name: 'Seller', permissions: ['fixrec.deal.view', 'fixrec.deal.create'] })

    const { username } = await adminUser()
    const page = await signIn(browserContext, username)
    const errors = collectConsoleErrors(page)
    await open(page, '/admin/rules')
    await page.click('[data-test=new-rule]')
    await page.waitForURL('**/admin/rules/new')

    await page.fill('#field-name', '大额商机提醒')
    await Promise.all([page.waitForResponse((r) => r.url().includes('/admin/rules/form')), page.selectOption('#field-record_type', 'fixrec.deal')])
    await Promise.all([page.waitForResponse((r) => r.url().includes('/admin/rules/form')), page.selectOption('#field-event', 'record.created')])
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

    // a normal user creates two deals; only the big one trips the rule
    await makeDeal('Small loom', '120000', seller.id)
    await makeDeal('Weaving plant', '880000', seller.id)
    await settled()

    await browserContext.clearCookies() // the administrator signs out
    const directorPage = await signIn(browserContext, director.username)
    await open(directorPage, '/notifications')
    const text = (await directorPage.textContent('main')) ?? ''
    assert.include(text, '大额商机：Weaving plant')
    assert.notInclude(text, 'Small loom')
    await directorPage.screenshot({ path: screenshotPath('engines-director-notified'), fullPage: true })
    assert.deepEqual(errors, [])
  })
})
