/*
 * A storekeeper on a phone creates an item with a box conversion (1 BOX = 12 EA)
 * and a barcode, sees a duplicate barcode refused on its row, then finds the
 * item in the list by scanning its barcode into the search box.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { randomUUID } from 'node:crypto'
import { createUserWith } from '#tests/helpers/ui_users'
import { collectConsoleErrors, PHONE, PASSWORD, screenshotPath, signIn } from '#tests/browser/helpers'

const tag = randomUUID().slice(0, 6).toUpperCase()
const code = `BRW-${tag}`
const takenBarcode = `BRW-TAKEN-${tag}`

async function cleanUp() {
  const warehouses = (await db.from('inventory_warehouses').where('code', `BW${tag}`).select('id')).map((r: any) => r.id)
  if (warehouses.length) {
    // Children before parents (the tree's foreign keys restrict).
    const locations = await db.from('inventory_locations').whereIn('warehouse_id', warehouses).select('id', 'path')
    for (const l of locations.sort((a: any, b: any) => b.path.length - a.path.length)) await db.from('inventory_locations').where('id', l.id).delete()
    await db.from('inventory_warehouses').whereIn('id', warehouses).delete()
  }
  const ids = (await db.from('inventory_items').where('code', 'like', `BRW-%${tag}%`).select('id')).map((r: any) => r.id)
  if (ids.length) {
    await db.from('inventory_item_barcodes').whereIn('item_id', ids).delete()
    await db.from('inventory_item_units').whereIn('item_id', ids).delete()
    await db.from('inventory_items').whereIn('id', ids).delete()
  }
}

test.group('Inventory items in a browser', (group) => {
  group.setup(cleanUp)
  group.teardown(cleanUp)

  test('a storekeeper creates an item with a box conversion on a phone', async ({ browserContext, assert }) => {
    const { makeItem } = await import('#plugins/inventory/tests/helpers/stock_fixtures')
    await makeItem({ code: `BRW-OTHER-${tag}`, barcode: takenBarcode })
    const user = await createUserWith({
      permissions: ['inventory.item.view', 'inventory.item.create', 'inventory.item.edit'],
      locale: 'zh-CN',
      password: PASSWORD,
    })
    const page = await signIn(browserContext, user.username)
    const errors = collectConsoleErrors(page)
    await page.setViewportSize(PHONE)

    await page.goto('/inventory/items/create')
    await page.locator('[data-test=item-form]').waitFor()
    await page.locator('#field-code').fill(code)
    await page.locator('#field-name').fill('阻尼铰链 35mm')
    await page.locator('#field-model').fill('H-35C')
    const ea = await db.from('inventory_units').where('code', 'EA').firstOrFail()
    const box = await db.from('inventory_units').where('code', 'BOX').firstOrFail()
    await page.locator('#field-base_unit_id').selectOption(String(ea.id))
    await page.locator('#field-units-0-unit_id').selectOption(String(box.id))
    await page.locator('#field-units-0-factor').fill('12')
    await page.locator('#field-barcodes-0-barcode').fill(takenBarcode)
    await page.locator('#field-min_qty').fill('100')
    await page.locator('#field-max_qty').fill('1000')

    // A barcode of another item: refused on its row, the rest of the form kept.
    await page.locator('[data-test=save]').click()
    await page.locator('[data-test="error-barcodes.0.barcode"]').waitFor()
    assert.include(await page.locator('[data-test="error-barcodes.0.barcode"]').innerText(), `BRW-OTHER-${tag}`)
    assert.equal(await page.locator('#field-units-0-factor').inputValue(), '12')
    await page.screenshot({ path: screenshotPath('inventory-item-form-error-phone'), fullPage: true })

    await page.locator('#field-barcodes-0-barcode').fill(`BRW-EA-${tag}`)
    // A second barcode for the box, in a row added on the page.
    await page.locator('[data-test=add-barcode]').click()
    const extra = page.locator('input[name="barcodes[2][barcode]"]')
    await extra.waitFor()
    await extra.fill(`BRW-BOX-${tag}`)
    await page.locator('select[name="barcodes[2][unit_id]"]').selectOption(String(box.id))
    await Promise.all([page.waitForURL(/\/inventory\/items\/\d+$/), page.locator('[data-test=save]').click()])

    await page.locator('[data-test=item-units]').waitFor()
    assert.include(await page.locator('[data-test=item-units]').innerText(), '= 12 EA')
    assert.include(await page.locator('[data-test=item-barcodes]').innerText(), `BRW-BOX-${tag}`)
    await page.screenshot({ path: screenshotPath('inventory-item-show-phone'), fullPage: true })

    const item = await db.from('inventory_items').where('code', code).firstOrFail()
    const conversion = await db.from('inventory_item_units').where({ item_id: item.id, unit_id: box.id }).firstOrFail()
    assert.equal(String(conversion.factor), '12000000')

    // A scanner types the box barcode into the list's search and presses Enter.
    await page.goto('/inventory/items')
    const search = page.locator('input[name=q]')
    await search.fill(`BRW-BOX-${tag}`)
    await search.press('Enter')
    await page.locator(`[data-row="${item.id}"]`).waitFor()
    await page.screenshot({ path: screenshotPath('inventory-items-phone'), fullPage: true })
    // The refused save above is a 422 on purpose; anything else (script errors, CSP) fails the test.
    assert.deepEqual(errors.filter((e) => !e.includes('status of 422')), [])
  })

  test('a storekeeper builds a location tree and opens its label sheet', async ({ browserContext, assert }) => {
    const user = await createUserWith({
      permissions: ['inventory.item.view', 'inventory.warehouse.view', 'inventory.warehouse.manage'],
      locale: 'zh-CN',
      password: PASSWORD,
    })
    const page = await signIn(browserContext, user.username)
    const errors = collectConsoleErrors(page)
    await page.goto('/inventory/warehouses/create')
    await page.locator('#field-code').fill(`BW${tag}`)
    await page.locator('#field-name').fill('浏览器测试仓')
    await Promise.all([page.waitForURL(/\/inventory\/warehouses\/\d+$/), page.locator('[data-test=save]').click()])
    await page.locator('#field-code').fill('A-01')
    await page.locator('#field-name').fill('A-01 货架')
    await page.locator('#field-barcode').fill(`LOC-BW${tag}-A01`)
    await Promise.all([page.waitForLoadState('load'), page.locator('[data-test=save-location]').click()])
    await page.locator(`[data-location="BW${tag}/A-01"]`).waitFor()
    await page.setViewportSize(PHONE)
    await page.screenshot({ path: screenshotPath('inventory-warehouse-tree-phone'), fullPage: true })
    const labels = await page.context().newPage()
    const response = await labels.goto(await page.locator('[data-test=labels-preview]').getAttribute('href') as string)
    assert.equal(response?.status(), 200)
    assert.include(await labels.content(), `LOC-BW${tag}-A01`)
    await labels.screenshot({ path: screenshotPath('inventory-location-labels'), fullPage: true })
    assert.deepEqual(errors, [])
  })
})
