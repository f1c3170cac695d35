/// <reference lib="dom" />
/*
 * The components working in a real Chromium under Loom's CSP: active search
 * and sorting swap the table without a reload, bulk select drives the action
 * bar, a bad form shows inline messages, the confirm dialog guards a cancel.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { adminUser, collectConsoleErrors, open, PHONE, screenshotPath, signIn } from './helpers.js'

async function seed(prefix: string, count: number) {
  const rows = []
  for (let i = 1; i <= count; i++) {
    rows.push({
      code: `${prefix}-${String(i).padStart(2, '0')}`,
      name: i % 2 ? `扳手 ${i}` : `Spanner ${i}`,
      category: ['raw', 'part', 'product'][i % 3],
      status: ['draft', 'submitted', 'confirmed', 'posted', 'done', 'cancelled'][i % 6],
      price_micros: i * 12_340_000,
      qty_micros: i * 1_500_000,
      active: true,
      created_at: '2026-02-01 10:00:00',
    })
  }
  await db.table('fixui_items').multiInsert(rows)
}

test.group('Components in the browser', () => {
  test('typing in the search box narrows the table without reloading the page, and sorting follows a click', async ({ browserContext, assert }) => {
    await seed('SRCH', 14)
    const { username } = await adminUser()
    const page = await signIn(browserContext, username)
    const errors = collectConsoleErrors(page)
    await open(page, '/fixui/items?q=srch')
    await page.evaluate(() => ((window as any).__sameDocument = true))
    assert.equal(await page.locator('tr[data-row]').count(), 10)
    await page.screenshot({ path: screenshotPath('list'), fullPage: true })
    await page.setViewportSize(PHONE)
    await page.waitForTimeout(300)
    await page.screenshot({ path: screenshotPath('list-phone'), fullPage: true })
    assert.isAtMost(await page.evaluate(() => document.documentElement.scrollWidth), PHONE.width)
    await page.setViewportSize({ width: 1280, height: 800 })

    await page.fill('[data-test=list-search]', 'srch-1')
    await page.waitForFunction(() => document.querySelectorAll('tr[data-row]').length === 5)
    assert.deepEqual(await page.locator('tr[data-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row'))), ['SRCH-10', 'SRCH-11', 'SRCH-12', 'SRCH-13', 'SRCH-14'])
    assert.include(page.url(), 'q=srch-1')
    assert.notInclude(page.url(), 'category=') // empty filters stay out of the address
    // Still the same document: htmx swapped the fragment.
    assert.isTrue(await page.evaluate(() => (window as any).__sameDocument === true))

    // One click sorts ascending; wait for that table before the second click turns it to descending.
    await page.click('a[data-sort=price]')
    await page.waitForURL(/sort=price&direction=asc/)
    await page.waitForFunction(() => document.querySelector('a[data-sort=price]')?.getAttribute('href')?.includes('direction=desc'))
    await page.click('a[data-sort=price]')
    await page.waitForFunction(() => document.querySelector('tr[data-row]')?.getAttribute('data-row') === 'SRCH-14')
    assert.include(page.url(), 'direction=desc')
    assert.isTrue(await page.evaluate(() => (window as any).__sameDocument === true))
    assert.deepEqual(errors, [])
  })

  test('ticking rows shows the bulk bar; archiving refreshes the list and shows a toast', async ({ browserContext, assert }) => {
    await seed('BULK', 4)
    const { username } = await adminUser()
    const page = await signIn(browserContext, username)
    const errors = collectConsoleErrors(page)
    await open(page, '/fixui/items?q=bulk')
    assert.isFalse(await page.isVisible('[data-test=bulk-bar]'))
    await page.check('tr[data-row=BULK-01] input[data-list-select]')
    await page.check('tr[data-row=BULK-03] input[data-list-select]')
    await page.waitForSelector('[data-test=bulk-bar]', { state: 'visible' })
    await page.waitForFunction(() => document.querySelector('[data-test=bulk-bar]')?.textContent?.includes('已选 2 条'))
    await page.screenshot({ path: screenshotPath('list-bulk') })

    await page.click('[data-test=bulk-archive]')
    await page.waitForSelector('[data-test=toast]')
    assert.include(await page.textContent('[data-test=toast]'), '已归档 2 条物料')
    await page.waitForFunction(() => !document.querySelector('[data-test=bulk-bar]') || getComputedStyle(document.querySelector('[data-test=bulk-bar]')!).display === 'none')
    const archived = await db.from('fixui_items').where('code', 'like', 'BULK-%').where('active', false).orderBy('code').select('code')
    assert.deepEqual(archived.map((r) => r.code), ['BULK-01', 'BULK-03'])

    // The header box ticks every row on the page.
    await page.check('[data-test=select-all]')
    await page.waitForFunction(() => document.querySelector('[data-test=bulk-bar]')?.textContent?.includes('已选 4 条'))
    assert.deepEqual(errors, [])
  })

  test('a bad form shows a message under each field in place, then a good one opens the new item', async ({ browserContext, assert }) => {
    const { username } = await adminUser()
    const page = await signIn(browserContext, username)
    const errors = collectConsoleErrors(page)
    await open(page, '/fixui/items/create')
    await page.fill('#field-price', '12.345')
    await page.click('[data-test=save]')
    await page.waitForSelector('[data-test=error-code]')
    assert.equal((await page.textContent('[data-test=error-price]'))?.trim(), '单价格式不正确')
    assert.equal(await page.inputValue('#field-price'), '12.345')
    await page.screenshot({ path: screenshotPath('form-errors'), fullPage: true })
    await page.setViewportSize(PHONE)
    await page.waitForTimeout(300)
    await page.screenshot({ path: screenshotPath('form-errors-phone'), fullPage: true })
    await page.setViewportSize({ width: 1280, height: 800 })

    await page.fill('#field-code', 'form-ok-1')
    await page.fill('#field-name', '六角螺母')
    await page.selectOption('#field-category', 'part')
    await page.fill('#field-price', '0.10')
    await page.fill('#field-qty', '3')
    await Promise.all([page.waitForURL(/\/fixui\/items\/\d+$/), page.click('[data-test=save]')])
    assert.include(await page.textContent('[data-test=detail-title]'), 'FORM-OK-1 · 六角螺母')
    assert.include(await page.textContent('main'), '物料 FORM-OK-1 已保存')
    assert.deepEqual(errors.filter((e) => !e.includes('422')), [])
  })

  test('the detail page switches tabs and cancels only after the dialog is confirmed', async ({ browserContext, assert }) => {
    await seed('DTL', 1)
    const item = await db.from('fixui_items').where('code', 'DTL-01').firstOrFail()
    const { username } = await adminUser()
    const page = await signIn(browserContext, username)
    const errors = collectConsoleErrors(page)
    await open(page, `/fixui/items/${item.id}`)
    assert.isFalse(await page.isVisible('[data-panel=slot-0]'))
    await page.click('[data-tab=slot-0]')
    await page.waitForSelector('[data-panel=slot-0] [data-test=timeline]', { state: 'visible' })
    await page.waitForSelector('[data-panel=overview]', { state: 'hidden' })
    await page.screenshot({ path: screenshotPath('detail-history') })

    await page.click('[data-test=cancel-item]')
    await page.waitForSelector('[role=dialog]', { state: 'visible' })
    await page.waitForTimeout(200)
    await page.screenshot({ path: screenshotPath('detail-confirm') })
    await page.click('[role=dialog] >> text=取消')
    await page.waitForSelector('[role=dialog]', { state: 'hidden' })
    assert.notEqual((await db.from('fixui_items').where('id', item.id).first()).status, 'cancelled')

    await page.click('[data-test=cancel-item]')
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=confirm-yes]')])
    await page.waitForSelector('[data-status=cancelled]')
    assert.equal((await db.from('fixui_items').where('id', item.id).first()).status, 'cancelled')
    assert.deepEqual(errors, [])
  })
})
