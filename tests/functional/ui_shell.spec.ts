/*
 * The shell around every page: the menu follows permissions, the workbench
 * shows the widgets a user may see, the top bar carries the notifications,
 * language switch and user menu.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { createUserWith } from '#tests/helpers/ui_users'

test.group('Shell', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the menu lists only what the user may open', async ({ client, assert }) => {
    const viewer = await createUserWith({ permissions: ['fixui.item.view'] })
    const page = await client.get('/').loginAs(viewer)
    page.assertStatus(200)
    const nav = page.text().match(/<nav id="shell-menu"[\s\S]*?<\/nav>/)![0]
    assert.include(nav, 'href="/fixui/items"')
    assert.include(nav, 'Sample items')
    assert.notInclude(nav, 'Administration')

    const nobody = await createUserWith()
    const bare = (await client.get('/').loginAs(nobody)).text().match(/<nav id="shell-menu"[\s\S]*?<\/nav>/)![0]
    assert.notInclude(bare, '/fixui/items')
    assert.include(bare, 'Workbench')
  })

  test("an entry the user may open shows under its group even when the group's own page is not theirs", async ({ client, assert }) => {
    // Receiving purchase orders without seeing suppliers (the purchasing group's page).
    const keeper = await createUserWith({ permissions: ['procurement.receipt.view'] })
    const nav = (await client.get('/').loginAs(keeper)).text().match(/<nav id="shell-menu"[\s\S]*?<\/nav>/)![0]
    assert.include(nav, 'href="/procurement/receipts"')
    assert.include(nav, 'Purchasing')
    assert.notInclude(nav, 'href="/procurement/suppliers"')
  })

  test('the workbench shows a widget only to users holding its permission', async ({ client, assert }) => {
    await db.table('fixui_items').multiInsert([
      { code: 'W-1', name: 'a', category: 'raw', active: true, created_at: '2026-01-01 00:00:00' },
      { code: 'W-2', name: 'b', category: 'raw', active: false, created_at: '2026-01-01 00:00:00' },
    ])
    const viewer = await createUserWith({ permissions: ['fixui.item.view'], locale: 'zh-CN' })
    const page = await client.get('/').loginAs(viewer)
    assert.include(page.text(), 'data-test="widget-fixui"')
    assert.include(page.text(), '2 条中 1 条启用')
    assert.match(page.text(), /role="progressbar"[^>]*aria-valuenow="50"/)

    const nobody = await createUserWith()
    assert.notInclude((await client.get('/').loginAs(nobody)).text(), 'data-test="widget-fixui"')
  })

  test('the top bar offers notifications, both languages, my API tokens and sign out', async ({ client, assert }) => {
    const user = await createUserWith({ locale: 'zh-CN', name: '张三' })
    const html = (await client.get('/').loginAs(user)).text()
    assert.include(html, 'aria-label="通知"')
    assert.include(html, '没有新通知。')
    assert.match(html, /<button name="locale" value="en"[^>]*data-test="locale-en"/)
    assert.match(html, /<a href="\/account\/tokens"[^>]*data-test="my-tokens"/)
    assert.include(html, '我的 API 令牌')
    assert.match(html, /<form method="POST" action="\/logout"/)
    assert.include(html, '欢迎，张三')
  })

  test('choosing English from the top bar switches the pages to English', async ({ client, assert }) => {
    const user = await createUserWith({ locale: 'zh-CN', name: 'Li' })
    const switched = await client.post('/locale').form({ locale: 'en' }).header('Referer', '/').withCsrfToken().loginAs(user).redirects(0)
    switched.assertStatus(302)
    await user.refresh()
    assert.equal(user.locale, 'en')
    const html = (await client.get('/').loginAs(user)).text()
    assert.include(html, 'Welcome, Li')
    assert.include(html, '<html lang="en">')
  })
})

test.group('Shell slots', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a user who may see no widget gets the empty workbench; only plugin managers are pointed to the plugins page', async ({ client, assert }) => {
    const nobody = await createUserWith({ locale: 'zh-CN' })
    const plain = (await client.get('/').loginAs(nobody)).text()
    assert.include(plain, 'data-test="workbench-empty"')
    assert.include(plain, '暂无内容。启用插件后，这里会显示相应的小组件。')
    assert.notInclude(plain, '管理插件')

    const manager = await createUserWith({ locale: 'zh-CN', permissions: ['admin.plugins.manage'] })
    const hinted = (await client.get('/').loginAs(manager)).text()
    assert.include(hinted, 'data-test="workbench-empty"')
    assert.include(hinted, '管理插件')
  })

  test('plugins put a count on the bell and entries in its list, for users allowed to see them', async ({ client, assert }) => {
    await db.table('fixui_items').multiInsert([
      { code: 'N-1', name: 'a', category: 'raw', status: 'draft', active: true, created_at: '2026-01-01 00:00:00' },
      { code: 'N-2', name: 'b', category: 'raw', status: 'draft', active: true, created_at: '2026-01-01 00:00:00' },
      { code: 'N-3', name: 'c', category: 'raw', status: 'done', active: true, created_at: '2026-01-01 00:00:00' },
    ])
    const manager = await createUserWith({ permissions: ['fixui.item.view', 'fixui.item.manage'] })
    const html = (await client.get('/').loginAs(manager)).text()
    assert.match(html, /data-test="notifications-count">\s*2\s*</)
    assert.match(html, /data-test="notice-fixui">\s*2 sample items are still drafts/)
    assert.notInclude(html, 'No new notifications.')

    const viewer = await createUserWith({ permissions: ['fixui.item.view'] })
    const quiet = (await client.get('/').loginAs(viewer)).text()
    assert.notInclude(quiet, 'data-test="notifications-count"')
    assert.include(quiet, 'No new notifications.')
  })
})
