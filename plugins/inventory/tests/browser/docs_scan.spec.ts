/// <reference lib="dom" />
/*
 * A storekeeper receives goods by scanning: a location barcode sets the bin,
 * item barcodes add a line and count up, a box barcode adds a line in boxes,
 * an unknown code leaves a message and the focus in the scan box; the receipt
 * is saved and posted (screenshots in tests/browser/screenshots/).
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { adminUser, collectConsoleErrors, open, PHONE, DESKTOP, screenshotPath, signIn } from '#tests/browser/helpers'
import { makeItem, makeWarehouse, makeLocation, uniqueCode } from '../helpers/stock_fixtures.js'
import { ledgerDifferences, onHand } from '../helpers/stock_documents.js'

test.group('Stock documents in the browser', () => {
  test('scanning barcodes into a receipt, saving and posting it', async ({ browserContext, assert }) => {
    const wh = await makeWarehouse()
    const binBarcode = uniqueCode('LOC')
    const bin = await makeLocation(wh, 'A-01', { barcode: binBarcode })
    const itemBarcode = uniqueCode('69')
    const item = await makeItem({ name: '六角螺栓 M8×30', barcode: itemBarcode, conversions: { BOX: '12' } })
    const boxBarcode = uniqueCode('BOX')
    const box = await db.from('inventory_units').where('code', 'BOX').first()
    await db.table('inventory_item_barcodes').insert({ item_id: item, barcode: boxBarcode, unit_id: box.id })
    const code = (await db.from('inventory_items').where('id', item).first()).code

    const { username } = await adminUser()
    const page = await signIn(browserContext, username)
    const errors = collectConsoleErrors(page)
    await open(page, '/inventory/receipts/create')
    await page.selectOption('select[name=warehouse_id]', String(wh.id))
    const scan = page.locator('[data-test=scan-box]')
    const scanCode = async (text: string) => {
      await scan.fill(text)
      await scan.press('Enter')
    }
    // A scanner types into the focused box and presses Enter.
    await scan.focus()
    await scanCode(binBarcode)
    await page.waitForFunction(() => document.querySelector('[data-test=scan-message]')?.textContent?.includes('A-01'))
    await scanCode(itemBarcode)
    await page.waitForFunction((c) => (document.querySelector('[data-test=line-0] [data-f=item]') as HTMLInputElement)?.value === c, code)
    await scanCode(itemBarcode)
    await page.waitForFunction(() => (document.querySelector('[data-test=line-0] [data-f=quantity]') as HTMLInputElement)?.value === '2')
    await scanCode(boxBarcode)
    await page.waitForFunction(() => document.querySelectorAll('[data-test=lines] [data-line]').length === 2)
    assert.equal(await page.locator('[data-test=lines] [data-line]').nth(1).locator('[data-f=unit]').inputValue(), 'BOX')
    assert.equal(await page.locator('[data-test=line-0] [data-f=location]').inputValue(), `${wh.code}/A-01`)
    await scanCode('NO-SUCH-CODE')
    await page.waitForFunction(() => document.querySelector('[data-test=scan-message]')?.textContent?.includes('NO-SUCH-CODE'))
    assert.isTrue(await scan.evaluate((el) => document.activeElement === el), 'the scan box keeps the focus')
    await page.screenshot({ path: screenshotPath('inventory-receipt-scan'), fullPage: true })
    await page.setViewportSize(PHONE)
    await page.waitForTimeout(300)
    await page.screenshot({ path: screenshotPath('inventory-receipt-scan-phone'), fullPage: true })
    await page.setViewportSize(DESKTOP)

    await Promise.all([page.waitForURL(/\/inventory\/receipts\/\d+$/), page.click('[data-test=save]')])
    const id = Number(page.url().split('/').pop())
    await page.click('[data-test=post]')
    await Promise.all([page.waitForLoadState('load'), page.locator('[data-test=confirm-yes]').locator('visible=true').click()])
    await page.waitForFunction(() => document.querySelector('[data-test=state] [data-status]')?.getAttribute('data-status') === 'posted')
    await page.screenshot({ path: screenshotPath('inventory-receipt-posted'), fullPage: true })
    assert.equal((await db.from('inventory_receipts').where('id', id).first()).state, 'posted')
    assert.equal(await onHand(item, bin), '14')
    assert.deepEqual(await ledgerDifferences([item]), [])
    // The unknown code's lookup answers 404 on purpose; the browser logs that request, nothing else may fail.
    assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), [])
    assert.isAtMost(errors.length, 1)
  }).timeout(120_000)
})
