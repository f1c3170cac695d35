/// <reference lib="dom" />
/*
 * A storekeeper receives a purchase order by scanning barcodes (a scanner
 * types the code and Enter), then IQC rejects part of it. Rows are committed
 * (browser tests run the real server) through the same services, so the
 * ledger stays consistent for inventory:verify. Screenshots in
 * tests/browser/screenshots/.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { createUserWith } from '#tests/helpers/ui_users'
import { PASSWORD, collectConsoleErrors, open, screenshotPath, signIn } from '#tests/browser/helpers'
import { makeItem, makeOrder, makeWarehouse, onHand } from '../helpers/receiving_fixtures.js'

test.group('Receiving | browser', () => {
  test('scan to receive, then IQC rejects part of it', async ({ browserContext, assert }) => {
    const stamp = Date.now()
    const warehouse = await makeWarehouse()
    const eachCode = `69${stamp}`
    const boxCode = `68${stamp}`
    const item = await makeItem({ name: '铝合金外壳 A1', barcode: eachCode, requiresInspection: true, conversions: { BOX: '12' } })
    const box = await db.from('inventory_units').where('code', 'BOX').first()
    await db.table('inventory_item_barcodes').insert({ item_id: item, barcode: boxCode, unit_id: box.id })
    const order = await makeOrder({ warehouseId: warehouse.id, lines: [{ itemId: item, quantity: '30', unitPrice: '12.5' }] })
    const user = await createUserWith({
      locale: 'zh-CN', name: '赵敏', password: PASSWORD,
      permissions: ['procurement.receipt.view', 'procurement.receipt.create', 'procurement.inspection.view', 'procurement.inspection.perform'],
    })

    const page = await signIn(browserContext, user.username)
    const errors = collectConsoleErrors(page)
    await open(page, `/procurement/receipts/new/${order.id}`)
    await page.fill('input[name="lines[0][quantity]"]', '')
    const scan = async (code: string) => {
      await page.fill('#scan', code)
      await Promise.all([page.waitForResponse((r) => r.url().endsWith('/procurement/receipts/scan')), page.press('#scan', 'Enter')])
      await page.waitForSelector('[data-test=scan-result]')
    }
    await scan(boxCode)
    await scan(boxCode)
    await scan(eachCode)
    assert.equal(await page.inputValue('input[name="lines[0][quantity]"]'), '25')
    await page.screenshot({ path: screenshotPath('receiving-scan'), fullPage: true })

    await Promise.all([page.waitForURL(/\/procurement\/receipts\/\d+$/), page.click('[data-test=post-receipt]')])
    await page.waitForSelector('[data-test=iqc-status]')
    assert.equal(await onHand(item, warehouse.quarantineId), '25')

    const form = page.locator('form[data-test^="iqc-"]').first()
    await form.locator('input[name=accepted_qty]').fill('22')
    await form.locator('input[name=rejected_qty]').fill('3')
    await form.locator('select[name=reason_code]').selectOption('appearance')
    await Promise.all([page.waitForLoadState('networkidle'), form.locator('button[type=submit]').click()])
    await page.waitForSelector('[data-test^="inspection-IQC-"]')
    await page.screenshot({ path: screenshotPath('receiving-iqc'), fullPage: true })
    assert.equal(await onHand(item, warehouse.stockId), '22')
    assert.equal(await onHand(item, warehouse.quarantineId), '3')

    await page.setViewportSize({ width: 390, height: 844 })
    await open(page, '/procurement/inspections')
    await page.screenshot({ path: screenshotPath('receiving-iqc-phone'), fullPage: true })
    assert.deepEqual(errors, [])
  })
})
