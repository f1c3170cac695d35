/// <reference lib="dom" />
/*
 * The shell in a real Chromium: signing in, the language switch, the phone
 * menu, the workbench, and the admin landing page.
 */
import { test } from '@japa/runner'
import { createUserWith } from '#tests/helpers/ui_users'
import { adminUser, collectConsoleErrors, PASSWORD, PHONE, screenshotPath, signIn, visitAsAdmin } from './helpers.js'

test.group('Shell', () => {
  test('a wrong password shows the message under the username, in Chinese by default', async ({ browserContext, assert }) => {
    const user = await createUserWith({ password: PASSWORD, locale: 'zh-CN' })
    const page = await browserContext.newPage()
    const errors = collectConsoleErrors(page)
    await page.goto('/login')
    await page.screenshot({ path: screenshotPath('login') })
    await page.fill('input[name=username]', user.username)
    await page.fill('input[name=password]', 'not-the-password')
    await Promise.all([page.waitForURL('**/login'), page.click('[data-test=login-submit]')])
    assert.equal((await page.textContent('[data-test=error-username]'))?.trim(), '用户名或密码错误')
    // The username stays filled in, the password does not.
    assert.equal(await page.inputValue('input[name=username]'), user.username)
    assert.equal(await page.inputValue('input[name=password]'), '')
    await page.screenshot({ path: screenshotPath('login-wrong-password') })
    assert.deepEqual(errors, [])
  })

  test('signing in opens the workbench with the menu, widgets and user menu', async ({ browserContext, assert }) => {
    const { username } = await adminUser()
    const page = await signIn(browserContext, username)
    const errors = collectConsoleErrors(page)
    await page.reload()
    assert.equal((await page.textContent('h1'))?.trim(), '欢迎，管理员 Admin')
    // The fixture plugin's widget (a workbench.widgets contribution) is on the page.
    assert.isTrue(await page.isVisible('[data-test=widget-fixui]'))
    assert.isTrue(await page.isVisible('[data-test=side-menu] >> text=示例物料'))
    await page.screenshot({ path: screenshotPath('workbench') })
    await page.click('[data-test=user-menu]')
    await page.waitForSelector('[data-test=my-tokens]', { state: 'visible' })
    assert.equal(await page.getAttribute('[data-test=my-tokens]', 'href'), '/account/tokens')
    await page.waitForTimeout(200)
    await page.screenshot({ path: screenshotPath('workbench-user-menu') })
    assert.deepEqual(errors, [])
  })

  test('switching the language changes the text of the page and stays chosen', async ({ browserContext, assert }) => {
    const user = await createUserWith({ password: PASSWORD, locale: 'zh-CN', name: 'Lang Tester' })
    const page = await signIn(browserContext, user.username)
    assert.equal((await page.textContent('h1'))?.trim(), '欢迎，Lang Tester')
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=locale-en]')])
    await page.waitForFunction(() => document.documentElement.lang === 'en')
    assert.equal((await page.textContent('h1'))?.trim(), 'Welcome, Lang Tester')
    assert.isTrue(await page.isVisible('[data-test=side-menu] >> text=Workbench'))
    await page.screenshot({ path: screenshotPath('workbench-en') })
    await page.goto('/')
    assert.equal((await page.textContent('h1'))?.trim(), 'Welcome, Lang Tester')
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=locale-zh]')])
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN')
    assert.equal((await page.textContent('h1'))?.trim(), '欢迎，Lang Tester')
  })

  test('on a phone the menu is hidden until the menu button opens it', async ({ browser, assert }) => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', baseURL: `http://${process.env.HOST}:${process.env.PORT}`, isMobile: true, hasTouch: true })
    try {
      const { username } = await adminUser()
      const page = await signIn(context, username)
      const errors = collectConsoleErrors(page)
      await page.reload()
      const menuLeft = () => page.evaluate(() => document.querySelector('[data-test=side-menu]')!.getBoundingClientRect().right)
      assert.isAtMost(await menuLeft(), 0)
      // Nothing overflows sideways on a phone.
      assert.isAtMost(await page.evaluate(() => document.documentElement.scrollWidth), PHONE.width)
      await page.screenshot({ path: screenshotPath('workbench-phone') })

      await page.click('[data-test=menu-toggle]')
      await page.waitForFunction(() => document.querySelector('[data-test=side-menu]')!.getBoundingClientRect().left >= 0)
      assert.isTrue(await page.isVisible('[data-test=side-menu] >> text=示例物料'))
      await page.waitForTimeout(250)
      await page.screenshot({ path: screenshotPath('menu-phone') })

      await page.click('[data-test=menu-overlay]', { position: { x: PHONE.width - 20, y: 400 } })
      await page.waitForFunction(() => document.querySelector('[data-test=side-menu]')!.getBoundingClientRect().right <= 0)
      assert.deepEqual(errors, [])
    } finally {
      await context.close()
    }
  })

  test('the admin landing page opens for an administrator', async ({ browserContext, assert }) => {
    const page = await visitAsAdmin(browserContext, '/admin', 'admin-index')
    assert.equal((await page.textContent('main h1'))?.trim(), '系统管理')
  })
})
