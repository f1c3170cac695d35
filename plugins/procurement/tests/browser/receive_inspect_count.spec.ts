/// <reference lib="dom" />
/*
 * The end-to-end proof in a real Chromium, on a phone-size screen:
 * a storekeeper receives a purchase order by scanning barcodes (an item
 * barcode counts 1, a box barcode counts 12), the item that needs incoming
 * inspection lands in quarantine; an inspector accepts part of it and rejects
 * the rest with a reason (accepted → the bin, rejected stays in quarantine);
 * a stock count of the bin, counted by scanning on the count sheet, posts the
 * variance as an adjustment. Screenshots in tests/browser/screenshots/.
 *
 * The rows are committed (the browser talks to the server over HTTP), with
 * unique codes; every move goes through the ledger so `inventory:verify`
 * finds no difference after the suite.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Page } from 'playwright'
import { createUserWith } from '#tests/helpers/ui_users'
import { collectConsoleErrors, open, PASSWORD, PHONE, screenshotPath, signIn } from '#tests/browser/helpers'
import { makeItem, makeLocation, makeOrder, makeSupplier, makeWarehouse, onHand, unitId, uniqueCode } from '../helpers/receiving_fixtures.js'

// What the demo grants the storekeeper role (inventory master data, stock documents, counts, stock reports, receiving).
const STOREKEEPER = [
  'inventory.item.view', 'inventory.item.create', 'inventory.item.edit', 'inventory.item.delete', 'inventory.category.manage', 'inventory.unit.manage',
  'inventory.warehouse.view', 'inventory.warehouse.manage', 'inventory.stock.view', 'inventory.valuation.view',
  ...['receipt', 'issue', 'transfer', 'scrap'].flatMap((k) => [`inventory.${k}.view`, `inventory.${k}.create`, `inventory.${k}.post`]),
  'inventory.count.view', 'inventory.count.create', 'inventory.count.count', 'inventory.count.post',
  'procurement.receipt.view', 'procurement.receipt.create', 'procurement.return.view', 'procurement.return.create',
]
// A quality inspector: sees receipts and records IQC, nothing else.
const INSPECTOR = ['procurement.receipt.view', 'procurement.inspection.view', 'procurement.inspection.perform']

async function shot(page: Page, name: string) {
  await page.waitForTimeout(200) // toasts and Alpine transitions settle
  await page.screenshot({ path: screenshotPath(name), fullPage: true })
}

test.group('Procurement: receive by scanning, inspect, count (browser)', () => {
  test('a storekeeper receives a PO by scanning, IQC rejects part, a count posts a variance', async ({ browserContext, assert }) => {
    // 1. Data: a supplier, a warehouse with a bin that has a barcode, two items with barcodes, a confirmed order.
    const supplierId = await makeSupplier({ name: '苏州精工五金有限公司' })
    const wh = await makeWarehouse()
    const binBarcode = uniqueCode('LOC')
    const bin = await makeLocation(wh, 'A-01', { barcode: binBarcode })
    const valveBarcode = uniqueCode('690')
    const valve = await makeItem({ name: '电磁阀 DN15', requiresInspection: true, barcode: valveBarcode })
    const boltBarcode = uniqueCode('691')
    const bolt = await makeItem({ name: '六角螺栓 M8×30', barcode: boltBarcode, conversions: { BOX: '12' } })
    const boxBarcode = uniqueCode('BOX')
    await db.table('inventory_item_barcodes').insert({ item_id: bolt, barcode: boxBarcode, unit_id: await unitId('BOX') })
    const codeOf = async (id: number) => String((await db.from('inventory_items').where('id', id).firstOrFail()).code)
    const valveCode = await codeOf(valve)
    const boltCode = await codeOf(bolt)
    const order = await makeOrder({
      warehouseId: wh.id,
      supplierId,
      lines: [
        { itemId: valve, quantity: '4', unitPrice: '85.00' },
        { itemId: bolt, quantity: '24', unitPrice: '0.35' },
      ],
    })

    // 2. The storekeeper, on a phone, opens the order's receive page and scans.
    const keeper = await createUserWith({ permissions: STOREKEEPER, locale: 'zh-CN', name: '赵敏', password: PASSWORD })
    let page = await signIn(browserContext, keeper.username)
    let errors = collectConsoleErrors(page)
    await page.setViewportSize(PHONE)
    await open(page, `/procurement/receipts/new/${order.id}`)
    const quantityOf = (code: string) => page.locator(`tr[data-line="${code}"] input[name$="[quantity]"]`)
    const scan = async (code: string) => {
      // A scanner types into the focused box and presses Enter; the form comes back from the server.
      const box = page.locator('[data-test=scan]')
      await box.fill(code)
      await Promise.all([page.waitForResponse((r) => r.url().endsWith('/procurement/receipts/scan')), box.press('Enter')])
      // htmx swaps the form in after the answer: wait until the scan box is empty again (a fresh one).
      await page.waitForFunction(() => (document.querySelector('[data-test=scan]') as HTMLInputElement | null)?.value === '')
      await page.locator('[data-test=scan-result]').waitFor()
    }
    // The quantity shown on the line reaches the expected value (fails after the step's timeout otherwise).
    const quantityBecomes = (code: string, value: string) =>
      page.waitForFunction(
        ([c, v]) => (document.querySelector(`tr[data-line="${c}"] input[name$="[quantity]"]`) as HTMLInputElement | null)?.value === v,
        [code, value] as const,
        { timeout: 15_000 }
      )
    assert.isTrue(await page.locator('[data-test=scan]').evaluate((el) => document.activeElement === el), 'the scan box has the focus')

    // The lines start empty (a scanner counts from zero). Scanning the bin first sends the items scanned after it there.
    assert.equal(await quantityOf(valveCode).inputValue(), '')
    await scan(binBarcode)
    assert.include(await page.locator('[data-test=scan-result]').innerText(), 'A-01')

    for (let i = 1; i <= 4; i++) {
      await scan(valveBarcode)
      await quantityBecomes(valveCode, String(i))
    }
    await scan(boxBarcode) // a box counts 12
    await quantityBecomes(boltCode, '12')
    await scan(boxBarcode)
    await quantityBecomes(boltCode, '24')
    assert.equal(await quantityOf(valveCode).inputValue(), '4')
    assert.include(await page.locator('[data-test=scan-result]').innerText(), boltCode)
    // Both lines go to the scanned bin (the valve after inspection).
    assert.equal(await page.locator(`tr[data-line="${valveCode}"] select[name$="[location_id]"]`).inputValue(), String(bin))
    assert.equal(await page.locator(`tr[data-line="${boltCode}"] select[name$="[location_id]"]`).inputValue(), String(bin))
    await shot(page, 'procurement-e2e-1-receive-scanned-phone')

    await Promise.all([page.waitForURL(/\/procurement\/receipts\/\d+$/), page.locator('[data-test=post-receipt]').click()])
    await page.locator(`tr[data-line="${valveCode}"] [data-test=iqc-status]`).waitFor()
    const receiptId = Number(new URL(page.url()).pathname.split('/').pop())
    await shot(page, 'procurement-e2e-2-receipt-posted-phone')
    const receipt = await db.from('procurement_receipts').where('id', receiptId).firstOrFail()
    assert.equal(receipt.state, 'posted')
    assert.equal(Number(receipt.order_id), order.id)
    // The inspected item waits in quarantine; the bolts are in the bin.
    assert.equal(await onHand(valve, wh.quarantineId), '4')
    assert.equal(await onHand(valve, bin), '0')
    assert.equal(await onHand(bolt, bin), '24')
    // A storekeeper without the IQC permission sees no inspection form.
    assert.equal(await page.locator(`[data-test="iqc-${valveCode}"]`).count(), 0)
    assert.deepEqual(errors, [])

    // 3. The inspector accepts 3 and rejects 1 (appearance: scratched housing).
    await browserContext.clearCookies()
    const inspector = await createUserWith({ permissions: INSPECTOR, locale: 'zh-CN', name: '质检 李工', password: PASSWORD })
    page = await signIn(browserContext, inspector.username)
    errors = collectConsoleErrors(page)
    await page.setViewportSize(PHONE)
    await open(page, `/procurement/receipts/${receiptId}`)
    const form = page.locator(`[data-test="iqc-${valveCode}"]`)
    await form.locator('input[name=inspected_qty]').fill('4')
    await form.locator('input[name=accepted_qty]').fill('3')
    await form.locator('input[name=rejected_qty]').fill('1')
    await form.locator('select[name=reason_code]').selectOption('appearance')
    await form.locator('input[name=reason_text]').fill('阀体外壳划伤')
    await shot(page, 'procurement-e2e-3a-iqc-form-phone')
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/inspect')),
      page.locator(`[data-test="iqc-save-${valveCode}"]`).click(),
    ])
    await page.locator('[data-test^="inspection-"]').first().waitFor()
    await page.waitForFunction(() => !document.querySelector('[data-test^="iqc-save-"]'))
    await shot(page, 'procurement-e2e-3-iqc-done-phone')
    const inspection = page.locator('[data-test^="inspection-"]').first()
    assert.include(await inspection.innerText(), '阀体外壳划伤')
    assert.equal(await onHand(valve, bin), '3')
    assert.equal(await onHand(valve, wh.quarantineId), '1')
    const line = await db.from('procurement_receipt_lines').where({ receipt_id: receiptId, item_id: valve }).firstOrFail()
    assert.equal(String(line.accepted_qty), '3000000')
    assert.equal(String(line.rejected_qty), '1000000')
    assert.deepEqual(errors, [])

    // 4. The storekeeper counts the bin: 23 bolts found (one short), the valves as booked; the variance posts.
    await browserContext.clearCookies()
    page = await signIn(browserContext, keeper.username)
    errors = collectConsoleErrors(page)
    await page.setViewportSize(PHONE)
    await open(page, '/inventory/counts/create')
    await page.locator('select[name=warehouse_id]').selectOption(String(wh.id))
    // The location list follows the warehouse (htmx) on some versions of the form; pick the bin once it is there.
    await page.waitForFunction((id) => Boolean(document.querySelector(`select[name=location_id] option[value="${id}"]`)), String(bin), { timeout: 10_000 }).catch(() => {})
    if (await page.locator(`select[name=location_id] option[value="${bin}"]`).count()) {
      await page.locator('select[name=location_id]').selectOption(String(bin))
    }
    await Promise.all([page.waitForURL(/\/inventory\/counts\/\d+$/), page.locator('[data-test=save]').click()])
    const countId = Number(new URL(page.url()).pathname.split('/').pop())
    await ready2(page)
    await page.locator('[data-test=start-count]').click()
    await Promise.all([page.waitForLoadState('load'), page.locator('[data-test=confirm-yes]').locator('visible=true').click()])
    await page.locator('[data-test=scan-location]').waitFor()

    // Scan the bin's barcode to open its count sheet.
    const locationBox = page.locator('[data-test=scan-location] input[name=location_code]')
    await locationBox.fill(binBarcode)
    await Promise.all([page.waitForURL(new RegExp(`/inventory/counts/${countId}/sheets/${bin}$`)), locationBox.press('Enter')])
    await page.locator('[data-test=count-sheet]').waitFor()

    // Scan the bolt's barcode, then type the counted quantity.
    const countBy = async (barcode: string, quantity: string) => {
      const code = page.locator('[data-test=scan-code]')
      await code.fill(barcode)
      await Promise.all([page.waitForResponse((r) => /\/scan$/.test(r.url())), code.press('Enter')])
      const box = page.locator('[data-test=scan-quantity]')
      await box.waitFor()
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-test') === 'scan-quantity')
      await box.fill(quantity)
      await Promise.all([page.waitForResponse((r) => /\/scan$/.test(r.url()) && r.status() === 200), box.press('Enter')])
      // The sheet comes back with an empty scan box holding the focus, ready for the next item.
      await page.waitForFunction(() => {
        const code = document.querySelector('[data-test=scan-code]') as HTMLInputElement | null
        return code?.value === '' && document.activeElement === code
      })
    }
    await countBy(boltBarcode, '23')
    await countBy(valveBarcode, '3')
    const lines = await db.from('inventory_count_lines').where('count_id', countId)
    const counted = (itemId: number) => lines.find((l: any) => Number(l.item_id) === itemId && Number(l.location_id) === bin)
    assert.equal(String(counted(bolt)?.counted_qty), '23000000')
    assert.equal(String(counted(valve)?.counted_qty), '3000000')
    await shot(page, 'procurement-e2e-4-count-sheet-phone')

    // Quarantine is part of the warehouse too: count it as booked so only the bolt differs.
    const others = lines.filter((l: any) => l.counted_qty === null)
    for (const other of others) {
      await open(page, `/inventory/counts/${countId}/sheets/${other.location_id}`)
      const input = page.locator(`[data-test="counted-${other.id}"]`)
      await input.fill(String(Number(BigInt(other.book_qty) / 1_000_000n)))
      await Promise.all([page.waitForResponse((r) => r.url().includes(`/lines/${other.id}`)), input.press('Enter')])
    }

    await open(page, `/inventory/counts/${countId}`)
    await page.locator('[data-test=submit-count]').click()
    await Promise.all([page.waitForLoadState('load'), page.locator('[data-test=confirm-yes]').locator('visible=true').click()])
    await page.waitForFunction(() => document.querySelector('[data-test=variance-summary]') !== null)
    let count = await db.from('inventory_counts').where('id', countId).firstOrFail()
    if (count.state === 'submitted') {
      await page.locator('[data-test=post-count]').click()
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/inventory/counts/${countId}/post`)),
        page.locator('[data-test=confirm-yes]').locator('visible=true').click(),
      ])
      await ready2(page)
      count = await db.from('inventory_counts').where('id', countId).firstOrFail()
    }
    assert.equal(count.state, 'posted')
    await shot(page, 'procurement-e2e-5-count-posted-phone')
    assert.equal(await onHand(bolt, bin), '23')
    assert.equal(await onHand(valve, bin), '3')
    assert.equal(await onHand(valve, wh.quarantineId), '1')
    // The variance is one adjustment move of one bolt out of the bin, referencing the count.
    const adjustments = await db.from('inventory_moves').where({ item_id: bolt, from_location_id: bin }).whereNot('to_location_id', bin)
    assert.lengthOf(adjustments, 1)
    assert.equal(String(adjustments[0].quantity), '1000000')
    assert.notInclude(String(adjustments[0].document_type), 'procurement')

    // The stock balance page shows the bin's figures to the storekeeper.
    await open(page, `/inventory/reports/balance?q=${encodeURIComponent(boltCode)}&warehouse=${wh.id}&group=location`)
    await shot(page, 'procurement-e2e-6-stock-balance-phone')
    await page.setViewportSize({ width: 1280, height: 800 })
    await shot(page, 'procurement-e2e-6-stock-balance')
    const report = await page.locator('main').innerText()
    assert.include(report, `${wh.code}/A-01`)
    assert.match(report, /\b23\b/)
    assert.deepEqual(errors, [])
  }).timeout(180_000)
})

async function ready2(page: Page) {
  await page.waitForLoadState('networkidle')
  await page.waitForFunction(() => Boolean((window as any).htmx && (window as any).Alpine))
}
