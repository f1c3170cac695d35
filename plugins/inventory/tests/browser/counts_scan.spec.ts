/// <reference lib="dom" />
/*
 * A storekeeper counts with a scanner on a phone: scans the location barcode
 * on the count page, scans an item barcode on the sheet (Enter), types the
 * quantity (Enter), then finishes the count, which posts the variance.
 * Screenshots: tests/browser/screenshots/inventory-count-*.png.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { createUserWith } from '#tests/helpers/ui_users'
import { collectConsoleErrors, open, PASSWORD, PHONE, DESKTOP, screenshotPath, signIn, ready } from '#tests/browser/helpers'
import { makeItem, makeWarehouse, makeLocation, uniqueCode } from '../helpers/stock_fixtures.js'
import { stockIn, startedCount, onHand } from '../helpers/count_fixtures.js'

test.group('Stock count in the browser', () => {
  test('scan location, scan item, type quantity, finish: the variance is posted', async ({ browserContext, assert }) => {
    const keeper = await createUserWith({
      locale: 'zh-CN',
      name: '赵敏',
      password: PASSWORD,
      permissions: ['inventory.count.view', 'inventory.count.create', 'inventory.count.count', 'inventory.count.post', 'inventory.count.cancel'],
    })
    const wh = await makeWarehouse()
    const locationBarcode = uniqueCode('LOC')
    const bin = await makeLocation(wh, 'A-01-01', { barcode: locationBarcode })
    const itemBarcode = uniqueCode('690')
    const bolt = await makeItem({ name: '六角螺栓 M8×30', barcode: itemBarcode })
    await stockIn(bolt, bin, '120', '0.35')
    const id = await startedCount({ warehouseId: wh.id, mode: 'blind' }, keeper.id)

    const page = await signIn(browserContext, keeper.username)
    const errors = collectConsoleErrors(page)
    await page.setViewportSize(PHONE)
    await open(page, `/inventory/counts/${id}`)
    await page.fill('input[name=location_code]', locationBarcode)
    await Promise.all([page.waitForURL(`**/inventory/counts/${id}/sheets/${bin}`), page.press('input[name=location_code]', 'Enter')])
    await ready(page)
    assert.equal(await page.locator('[data-test=book]').count(), 0) // blind

    await page.fill('[data-test=scan-code]', itemBarcode)
    await page.press('[data-test=scan-code]', 'Enter')
    await page.waitForSelector(`text=${itemBarcode}`)
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'quantity' || Boolean(document.querySelector('[data-test=scan-quantity]')))
    await page.fill('[data-test=scan-quantity]', '117')
    await page.press('[data-test=scan-quantity]', 'Enter')
    await page.waitForFunction(() => Array.from(document.querySelectorAll('input[name=counted]')).some((i) => (i as HTMLInputElement).value === '117'))
    await page.screenshot({ path: screenshotPath('inventory-count-sheet-phone'), fullPage: true })

    await open(page, `/inventory/counts/${id}`)
    await page.click('[data-test=submit-count]')
    await Promise.all([page.waitForLoadState('networkidle'), page.click('[data-test=confirm-yes]')])
    await ready(page)
    await page.waitForSelector('[data-test=variance-summary]')
    await page.setViewportSize(DESKTOP)
    await page.screenshot({ path: screenshotPath('inventory-count-posted'), fullPage: true })

    assert.equal((await db.from('inventory_counts').where('id', id).first()).state, 'posted')
    assert.equal(await onHand(bolt, bin), '117')
    assert.deepEqual(errors, [])
  })
})
