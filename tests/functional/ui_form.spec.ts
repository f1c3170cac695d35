/*
 * Form controls with inline 422 errors (htmx) or a redirect with flashed
 * messages (no JavaScript), exact money/quantity input, and the detail page
 * with slot tabs, status badge, timeline, progress bar and confirm dialog.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { createUserWith } from '#tests/helpers/ui_users'

const valid = { code: 'gear-01', name: 'Gear', category: 'part', price: '1234.56', qty: '0.125', active: '1', notes: '' }

async function itemCount() {
  return Number((await db.from('fixui_items').count('* as n'))[0].n)
}

test.group('Form component', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the form shows every control kind, money and quantity as decimal text inputs', async ({ client, assert }) => {
    const user = await createUserWith({ permissions: ['fixui.item.view', 'fixui.item.manage'] })
    const page = await client.get('/fixui/items/create').loginAs(user)
    page.assertStatus(200)
    const html = page.text()
    assert.match(html, /<input id="field-price" name="price" type="text" inputmode="decimal"/)
    assert.match(html, /<input id="field-qty" name="qty" type="text" inputmode="decimal"/)
    assert.match(html, /<select id="field-category" name="category"/)
    assert.match(html, /<option value="part"\s*>Part<\/option>/)
    assert.match(html, /<textarea id="field-notes" name="notes"/)
    assert.match(html, /<input type="checkbox" id="field-active" name="active" value="1"\s+checked/)
  })

  test('bad input over htmx re-renders the form with 422 and a message under each field, in the user language', async ({ client, assert }) => {
    const user = await createUserWith({ permissions: ['fixui.item.view', 'fixui.item.manage'], locale: 'en' })
    const response = await client
      .post('/fixui/items')
      .header('HX-Request', 'true')
      .form({ code: 'bad code!', name: '', category: 'spaceship', price: '12.345', qty: '-1' })
      .withCsrfToken()
      .loginAs(user)
    response.assertStatus(422)
    const html = response.text()
    assert.notInclude(html, '<html')
    assert.include(html, 'data-test="item-form"')
    assert.match(html, /data-test="error-code">Code has an invalid format</)
    assert.match(html, /data-test="error-name">Name is required</)
    assert.match(html, /data-test="error-category">Category must be one of the listed values</)
    assert.match(html, /data-test="error-price">Unit price has an invalid format</)
    assert.match(html, /data-test="error-qty">Quantity has an invalid format</)
    // What the user typed is still there, and the fields are marked invalid.
    assert.match(html, /name="price" type="text" inputmode="decimal" value="12.345"/)
    assert.match(html, /id="field-code" name="code" type="text" value="bad code!"[^>]*aria-invalid="true"/)
    assert.equal(await itemCount(), 0)
  })

  test('Chinese users read the same messages in Chinese', async ({ client, assert }) => {
    const user = await createUserWith({ permissions: ['fixui.item.view', 'fixui.item.manage'], locale: 'zh-CN' })
    const response = await client.post('/fixui/items').header('HX-Request', 'true').form({ ...valid, qty: '0' }).withCsrfToken().loginAs(user)
    response.assertStatus(422)
    assert.match(response.text(), /data-test="error-qty">数量必须大于零</)

    const missing = await client.post('/fixui/items').header('HX-Request', 'true').form({ ...valid, name: '' }).withCsrfToken().loginAs(user)
    assert.match(missing.text(), /data-test="error-name">名称/)
    assert.equal(await itemCount(), 0)
  })

  test('a duplicate code is refused with a message naming the field', async ({ client, assert }) => {
    const user = await createUserWith({ permissions: ['fixui.item.view', 'fixui.item.manage'] })
    ;(await client.post('/fixui/items').header('HX-Request', 'true').form(valid).withCsrfToken().loginAs(user)).assertStatus(204)
    const again = await client.post('/fixui/items').header('HX-Request', 'true').form({ ...valid, name: 'Other' }).withCsrfToken().loginAs(user)
    again.assertStatus(422)
    assert.match(again.text(), /data-test="error-code">Code is already taken</)
    assert.equal(await itemCount(), 1)
  })

  test('without JavaScript bad input redirects back with the messages and the input flashed', async ({ client, assert }) => {
    const user = await createUserWith({ permissions: ['fixui.item.view', 'fixui.item.manage'] })
    const response = await client
      .post('/fixui/items')
      .header('Referer', '/fixui/items/create')
      .form({ ...valid, price: 'abc' })
      .withCsrfToken()
      .loginAs(user)
      .redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), '/fixui/items/create')
    const flash = response.flashMessages()
    assert.equal((flash.errors as any).price, 'Unit price has an invalid format')
    assert.equal(flash.price, 'abc')
    assert.equal(await itemCount(), 0)
  })

  test('valid input is stored exactly and htmx is sent to the new item', async ({ client, assert }) => {
    const user = await createUserWith({ permissions: ['fixui.item.view', 'fixui.item.manage'] })
    const response = await client.post('/fixui/items').header('HX-Request', 'true').form(valid).withCsrfToken().loginAs(user)
    response.assertStatus(204)
    const item = await db.from('fixui_items').where('code', 'GEAR-01').firstOrFail()
    assert.equal(String(item.price_micros), '1234560000')
    assert.equal(String(item.qty_micros), '125000')
    assert.equal(response.header('hx-redirect'), `/fixui/items/${item.id}`)
  })
})

test.group('Detail component', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function makeItem() {
    const [row] = await db
      .table('fixui_items')
      .insert({ code: 'DET-1', name: 'Detail sample', category: 'product', status: 'confirmed', price_micros: 99_990_000, qty_micros: 250_000_000, active: true, created_at: '2026-03-04 09:30:00' })
      .returning('id')
    return typeof row === 'object' ? row.id : row
  }

  test('the detail page shows the status badge, its own tabs and the tabs plugins contribute', async ({ client, assert }) => {
    const id = await makeItem()
    const user = await createUserWith({ permissions: ['fixui.item.view', 'fixui.item.manage'], locale: 'zh-CN' })
    const page = await client.get(`/fixui/items/${id}`).loginAs(user)
    page.assertStatus(200)
    const html = page.text()
    assert.match(html, /data-status="confirmed"[^>]*>\s*<span[^>]*><\/span>已确认/)
    assert.match(html, /data-tab="overview"[^>]*>概览</)
    assert.match(html, /data-tab="numbers"[^>]*>数据</)
    // The slot contribution's title names its tab; its view renders the timeline.
    assert.match(html, /data-tab="slot-0"[^>]*>历史</)
    assert.match(html, /data-panel="slot-0"[\s\S]*data-test="timeline"[\s\S]*2026-03-04 09:30/)
    assert.match(html, /role="progressbar"[^>]*aria-valuenow="25"/)
    assert.include(html, '99.99 CNY')
    // Cancelling sits behind a confirmation that names the item.
    assert.include(html, 'data-test="cancel-item"')
    assert.include(html, '确定作废 DET-1？')
  })

  test('confirming the destructive action cancels the item once; a second try is refused', async ({ client, assert }) => {
    const id = await makeItem()
    const user = await createUserWith({ permissions: ['fixui.item.view', 'fixui.item.manage'] })
    const first = await client.post(`/fixui/items/${id}/cancel`).withCsrfToken().loginAs(user).redirects(0)
    first.assertStatus(302)
    assert.equal(first.flashMessages().success, 'Item cancelled')
    assert.equal((await db.from('fixui_items').where('id', id).first()).status, 'cancelled')
    const second = await client.post(`/fixui/items/${id}/cancel`).withCsrfToken().loginAs(user).redirects(0)
    assert.equal(second.flashMessages().error, 'This item is already cancelled')

    const page = await client.get(`/fixui/items/${id}`).loginAs(user)
    assert.match(page.text(), /data-status="cancelled"[^>]*>\s*<span[^>]*><\/span>Cancelled/)
    assert.notInclude(page.text(), 'data-test="cancel-item"')
  })
})
