/// <reference lib="dom" />
/*
 * The documents engine in a real Chromium: a document page with the timeline
 * and attachments partials (comment and upload through htmx, no reload), the
 * number series page with its live preview, the audit log. Screenshots land
 * in tests/browser/screenshots/ (ignored by git).
 */
import { test } from '@japa/runner'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type { BrowserContext, Page } from 'playwright'
import User from '#models/user'
import Role from '#models/role'
import { Money, Quantity } from '#kernel/numbers/index'
import { transition } from '#kernel/documents/transition_document'
import FixdocOrder from '#tests/fixtures/plugins/fixdoc/models/fixdoc_order'
import FixdocOrderLine from '#tests/fixtures/plugins/fixdoc/models/fixdoc_order_line'

const PASSWORD = 'browser-docs-pass'

async function documentsAdmin(locale: string) {
  const role = await Role.create({ code: `docs_browser_${Date.now()}_${locale}`, name: 'Docs admin', isSuperuser: true })
  const user = await User.create({ username: `docs_${Date.now()}_${locale}`, name: '文档管理员', password: PASSWORD, locale, isActive: true })
  await db.table('user_roles').insert({ user_id: user.id, role_id: role.id })
  return user
}

function shot(name: string) {
  const dir = app.makePath('tests/browser/screenshots')
  mkdirSync(dir, { recursive: true })
  return join(dir, `${name}.png`)
}

async function signIn(context: BrowserContext, username: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage()
  const errors: string[] = []
  // A 422 is how a refused form answers; Chromium logs it as a failed resource, which is expected here.
  // Vite's dev-server websocket (HMR) may be unavailable when several test runs share a machine: not the page's fault.
  // Failed resources are checked through the responses below (the layout has no /favicon.ico yet, which only shows here).
  const expected = (text: string) => /status of 4\d\d|WebSocket|\[vite\]/.test(text)
  page.on('console', (m) => m.type() === 'error' && !expected(m.text()) && errors.push(m.text()))
  page.on('response', (r) => r.status() >= 400 && r.status() !== 422 && errors.push(`${r.status()} ${r.url()}`))
  page.on('pageerror', (e) => !expected(e.message) && errors.push(e.message))
  await page.goto('/login')
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', PASSWORD)
  await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.click('[data-test=login-submit]')])
  return { page, errors }
}

test.group('Documents in the browser', () => {
  test('on a document page a comment and an upload appear without reloading', async ({ browserContext, assert }) => {
    const user = await documentsAdmin('zh-CN')
    const order = await FixdocOrder.create({ customer: '示例客户', total: Money.of('1234.5'), ownerId: user.id })
    await FixdocOrderLine.create({ orderId: order.id, description: '螺栓', qty: Quantity.of(3), price: Money.of('411.5'), amount: Money.of('1234.5') })
    await transition(order, 'submitted', { user })

    const { page, errors } = await signIn(browserContext, user.username)
    await page.goto(`/fixdoc/orders/${order.id}`)
    await page.evaluate(() => ((window as any).__same = true))
    assert.include(await page.textContent('[data-test=order-state]'), '已提交')
    assert.include(await page.textContent('[data-test=timeline]'), '将状态从「草稿」改为「已提交」')

    await page.click('[data-test=comment-post]')
    await page.waitForSelector('[data-test=error-body]')
    assert.include(await page.textContent('[data-test=error-body]'), '评论')

    await page.fill('textarea[name=body]', '客户要求周五前发货')
    await page.click('[data-test=comment-post]')
    await page.waitForFunction(() => document.querySelector('[data-test=timeline]')?.textContent?.includes('客户要求周五前发货'))

    const file = app.makePath('tmp', 'upload-fixtures', '合同.txt')
    mkdirSync(join(file, '..'), { recursive: true })
    writeFileSync(file, '合同条款')
    await page.setInputFiles('input[type=file][name=file]', file)
    await page.click('[data-test=attachment-upload]')
    await page.waitForSelector('[data-test=attachment]')
    assert.include(await page.textContent('[data-test=attachments]'), '合同.txt')
    assert.isTrue(await page.evaluate(() => (window as any).__same === true))

    await page.screenshot({ path: shot('documents-order'), fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    await page.waitForTimeout(300)
    await page.screenshot({ path: shot('documents-order-phone'), fullPage: true })
    assert.deepEqual(errors, [])
  })

  test('the number series page previews a pattern as it is typed and saves it inline', async ({ browserContext, assert }) => {
    const user = await documentsAdmin('en')
    const { page, errors } = await signIn(browserContext, user.username)
    await page.goto('/admin/series')
    await page.click('tr[data-type="fixdoc.order"] [data-test=series-edit]')
    await page.waitForSelector('[data-test=series-form] output span')
    await page.fill('input[name=pattern]', 'FX-{YYYY}')
    await page.waitForFunction(() => document.querySelector('[data-test=series-form] output')?.textContent?.includes('counter'))
    await page.fill('input[name=pattern]', 'FX{YY}-{######}')
    await page.waitForFunction(() => /FX\d{2}-0000\d\d/.test(document.querySelector('[data-test=series-form] output')?.textContent ?? ''))
    await page.screenshot({ path: shot('documents-series-edit'), fullPage: true })
    await page.click('[data-test=series-save]')
    await page.waitForFunction(() => document.querySelector('tr[data-type="fixdoc.order"] [data-test=series-pattern]')?.textContent === 'FX{YY}-{######}')
    assert.equal(await page.textContent('tr[data-type="fixdoc.order"] [data-test=series-pattern]'), 'FX{YY}-{######}')
    await db.from('number_series').where('document_type', 'fixdoc.order').update({ pattern: 'FX-{YYYY}-{####}' })
    assert.deepEqual(errors, [])
  })

  test('the audit log filters without reloading', async ({ browserContext, assert }) => {
    const user = await documentsAdmin('zh-CN')
    const { page, errors } = await signIn(browserContext, user.username)
    await page.goto('/admin/audit')
    await page.selectOption('select[name=record_type]', 'fixdoc.order')
    await page.waitForURL((url) => url.searchParams.get('record_type') === 'fixdoc.order')
    assert.isAbove(await page.locator('[data-test=audit-row]').count(), 0)
    await page.screenshot({ path: shot('documents-audit'), fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    await page.waitForTimeout(300)
    await page.screenshot({ path: shot('documents-audit-phone'), fullPage: true })
    assert.deepEqual(errors, [])
  })
})
