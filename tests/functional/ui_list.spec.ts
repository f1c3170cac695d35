/*
 * The list component over fixui's items: one URL answers the page or the
 * table fragment, search/filters/sort/pages narrow the rows, bulk actions and
 * the CSV export act on what the user sees.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { createUserWith } from '#tests/helpers/ui_users'

async function seedItems(count: number, extra: Array<Record<string, any>> = []) {
  const rows = []
  for (let i = 1; i <= count; i++) {
    rows.push({
      code: `IT-${String(i).padStart(3, '0')}`,
      name: `Bolt ${i}`,
      category: i % 3 === 0 ? 'product' : i % 3 === 1 ? 'raw' : 'part',
      status: 'draft',
      price_micros: i * 1_000_000 + 500_000,
      qty_micros: i * 1_000_000,
      active: true,
      created_at: '2026-01-01 08:00:00',
    })
  }
  for (const row of extra) rows.push({ status: 'draft', active: true, created_at: '2026-01-01 08:00:00', qty_micros: 1_000_000, price_micros: 0, category: 'raw', ...row })
  await db.table('fixui_items').multiInsert(rows)
}

/** Item codes of the table rows, in order. */
function codes(html: string): string[] {
  return [...html.matchAll(/data-row="([^"]+)"/g)].map((m) => m[1])
}

test.group('List component', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the list URL answers the full page, or only the table fragment for htmx, varying on HX-Request', async ({ client, assert }) => {
    await seedItems(3)
    const user = await createUserWith({ permissions: ['fixui.item.view'] })

    const page = await client.get('/fixui/items').loginAs(user)
    page.assertStatus(200)
    assert.include(page.header('vary'), 'HX-Request')
    assert.include(page.text(), '<html')
    assert.include(page.text(), 'id="list-search"')
    assert.deepEqual(codes(page.text()), ['IT-001', 'IT-002', 'IT-003'])

    const fragment = await client.get('/fixui/items').header('HX-Request', 'true').loginAs(user)
    fragment.assertStatus(200)
    assert.include(fragment.header('vary'), 'HX-Request')
    assert.notInclude(fragment.text(), '<html')
    assert.notInclude(fragment.text(), 'id="list-search"')
    assert.include(fragment.text(), 'data-list-table')
    assert.deepEqual(codes(fragment.text()), ['IT-001', 'IT-002', 'IT-003'])

    // A boosted navigation or a history restore needs the whole page again.
    const restore = await client.get('/fixui/items').header('HX-Request', 'true').header('HX-History-Restore-Request', 'true').loginAs(user)
    assert.include(restore.text(), '<html')
  })

  test('active search matches code or name case-insensitively and treats % and _ literally', async ({ client, assert }) => {
    await seedItems(12, [
      { code: 'PCT-1', name: 'Discount 50% off' },
      { code: 'PCT-2', name: 'Discount 50 percent' },
      { code: 'UND-1', name: 'snake_case part' },
      { code: 'ZH-1', name: '不锈钢螺栓' },
    ])
    const user = await createUserWith({ permissions: ['fixui.item.view'] })
    const get = (q: string) => client.get('/fixui/items').qs({ q }).header('HX-Request', 'true').loginAs(user)

    assert.deepEqual(codes((await get('bolt 1')).text()), ['IT-001', 'IT-010', 'IT-011', 'IT-012'])
    assert.deepEqual(codes((await get('it-00')).text()), ['IT-001', 'IT-002', 'IT-003', 'IT-004', 'IT-005', 'IT-006', 'IT-007', 'IT-008', 'IT-009'])
    assert.deepEqual(codes((await get('50%')).text()), ['PCT-1'])
    assert.deepEqual(codes((await get('e_c')).text()), ['UND-1'])
    assert.deepEqual(codes((await get('螺栓')).text()), ['ZH-1'])

    const none = await get('nothing-like-this')
    assert.deepEqual(codes(none.text()), [])
    assert.include(none.text(), 'Nothing matches your search or filters.')
  })

  test('filters narrow the rows, and a value outside the whitelist is ignored', async ({ client, assert }) => {
    await seedItems(9)
    const user = await createUserWith({ permissions: ['fixui.item.view'] })
    const products = await client.get('/fixui/items').qs({ category: 'product' }).header('HX-Request', 'true').loginAs(user)
    assert.deepEqual(codes(products.text()), ['IT-003', 'IT-006', 'IT-009'])

    const combined = await client.get('/fixui/items').qs({ category: 'product', q: 'bolt 6' }).header('HX-Request', 'true').loginAs(user)
    assert.deepEqual(codes(combined.text()), ['IT-006'])

    const bogus = await client.get('/fixui/items').qs({ category: "x' OR 1=1 --" }).header('HX-Request', 'true').loginAs(user)
    assert.lengthOf(codes(bogus.text()), 9)
  })

  test('sorting uses whitelisted columns only, flips direction, and keeps the search in its links', async ({ client, assert }) => {
    await seedItems(5)
    const user = await createUserWith({ permissions: ['fixui.item.view'] })
    const desc = await client.get('/fixui/items').qs({ sort: 'price', direction: 'desc' }).header('HX-Request', 'true').loginAs(user)
    assert.deepEqual(codes(desc.text()), ['IT-005', 'IT-004', 'IT-003', 'IT-002', 'IT-001'])
    // The price header now offers ascending order.
    assert.match(desc.text(), /href="\/fixui\/items\?sort=price&amp;direction=asc"/)

    const searched = await client.get('/fixui/items').qs({ q: 'bolt', sort: 'name' }).header('HX-Request', 'true').loginAs(user)
    assert.match(searched.text(), /href="\/fixui\/items\?q=bolt&amp;sort=price&amp;direction=asc"/)

    // Not a sortable key (and not an identifier that reaches SQL): default order, no error.
    const evil = await client.get('/fixui/items').qs({ sort: 'name; DROP TABLE fixui_items', direction: 'sideways' }).header('HX-Request', 'true').loginAs(user)
    evil.assertStatus(200)
    assert.deepEqual(codes(evil.text()), ['IT-001', 'IT-002', 'IT-003', 'IT-004', 'IT-005'])
    const unsorted = await client.get('/fixui/items').qs({ sort: 'notes', direction: 'desc' }).header('HX-Request', 'true').loginAs(user)
    assert.deepEqual(codes(unsorted.text()), ['IT-001', 'IT-002', 'IT-003', 'IT-004', 'IT-005'])
  })

  test('pages show ten rows each with a summary, and a page past the end shows the last one', async ({ client, assert }) => {
    await seedItems(25)
    const user = await createUserWith({ permissions: ['fixui.item.view'] })
    const first = await client.get('/fixui/items').header('HX-Request', 'true').loginAs(user)
    assert.lengthOf(codes(first.text()), 10)
    assert.include(first.text(), '1–10 of 25')
    assert.include(first.text(), 'href="/fixui/items?page=2"')

    const third = await client.get('/fixui/items').qs({ page: 3 }).header('HX-Request', 'true').loginAs(user)
    assert.deepEqual(codes(third.text()), ['IT-021', 'IT-022', 'IT-023', 'IT-024', 'IT-025'])
    assert.include(third.text(), '21–25 of 25')

    const beyond = await client.get('/fixui/items').qs({ page: 99 }).header('HX-Request', 'true').loginAs(user)
    assert.deepEqual(codes(beyond.text()), codes(third.text()))
    const nonsense = await client.get('/fixui/items').qs({ page: '-4' }).header('HX-Request', 'true').loginAs(user)
    assert.deepEqual(codes(nonsense.text()), codes(first.text()))
  })

  test('a bulk action over htmx changes the selected rows, then asks the list to refresh with a toast', async ({ client, assert }) => {
    await seedItems(4)
    const user = await createUserWith({ permissions: ['fixui.item.view', 'fixui.item.manage'] })
    const ids = (await db.from('fixui_items').whereIn('code', ['IT-001', 'IT-003']).select('id')).map((r) => r.id)

    const response = await client.post('/fixui/items/bulk/archive').header('HX-Request', 'true').form({ ids }).withCsrfToken().loginAs(user)
    response.assertStatus(204)
    const events = JSON.parse(response.header('hx-trigger')!)
    assert.property(events, 'loom:list-refresh')
    assert.deepEqual(events['loom:toast'], { kind: 'success', message: '2 items archived' })

    const archived = await db.from('fixui_items').where('active', false).orderBy('code').select('code')
    assert.deepEqual(archived.map((r) => r.code), ['IT-001', 'IT-003'])
  })

  test('a bulk action without a selection changes nothing and says why, in the user language', async ({ client, assert }) => {
    await seedItems(2)
    const user = await createUserWith({ permissions: ['fixui.item.view', 'fixui.item.manage'], locale: 'zh-CN' })
    const response = await client.post('/fixui/items/bulk/archive').header('HX-Request', 'true').form({}).withCsrfToken().loginAs(user)
    response.assertStatus(204)
    assert.deepEqual(JSON.parse(response.header('hx-trigger')!)['loom:toast'], { kind: 'error', message: '请先选择至少一行' })
    assert.equal(Number((await db.from('fixui_items').where('active', false).count('* as n'))[0].n), 0)

    // Without JavaScript the same form redirects back with a flash message.
    const ids = (await db.from('fixui_items').select('id')).map((r) => r.id)
    const plain = await client.post('/fixui/items/bulk/archive').header('Referer', '/fixui/items').form({ ids }).withCsrfToken().loginAs(user).redirects(0)
    plain.assertStatus(302)
    assert.equal(plain.header('location'), '/fixui/items')
    assert.equal(plain.flashMessages().success, '已归档 2 条物料')
  })

  test('bulk actions and the list need their permissions', async ({ client }) => {
    await seedItems(1)
    const viewer = await createUserWith({ permissions: ['fixui.item.view'] })
    const nobody = await createUserWith()
    ;(await client.get('/fixui/items').loginAs(nobody)).assertStatus(403)
    ;(await client.get('/fixui/items/export').loginAs(nobody)).assertStatus(403)
    const ids = (await db.from('fixui_items').select('id')).map((r) => r.id)
    ;(await client.post('/fixui/items/bulk/archive').form({ ids }).withCsrfToken().loginAs(viewer)).assertStatus(403)
  })

  test('the CSV export holds every row of the current search, exact amounts and headers in the user language', async ({ client, assert }) => {
    await seedItems(25, [{ code: 'EVIL-1', name: '=HYPERLINK("http://x")', price_micros: 1_234_500_000, qty_micros: 100_000 }])
    const user = await createUserWith({ permissions: ['fixui.item.view'], locale: 'zh-CN' })

    const page = await client.get('/fixui/items').qs({ q: 'bolt', sort: 'price', direction: 'desc' }).loginAs(user)
    assert.include(page.text(), 'href="/fixui/items/export?q=bolt&amp;sort=price&amp;direction=desc"')

    const csv = await client.get('/fixui/items/export').qs({ q: 'bolt', sort: 'price', direction: 'desc' }).loginAs(user)
    csv.assertStatus(200)
    assert.include(csv.header('content-type'), 'text/csv')
    assert.include(csv.header('content-disposition'), 'attachment; filename="items.csv"')
    const lines = csv.text().replace(/^\uFEFF/, '').trim().split('\r\n')
    assert.equal(lines[0], '编码,名称,类别,状态,单价,数量')
    assert.lengthOf(lines, 26) // header + all 25 bolts, not one page
    assert.equal(lines[1], 'IT-025,Bolt 25,原材料,草稿,25.50,25.000')

    const evil = await client.get('/fixui/items/export').qs({ q: 'evil' }).loginAs(user)
    const row = evil.text().replace(/^\uFEFF/, '').trim().split('\r\n')[1]
    assert.equal(row, `EVIL-1,"'=HYPERLINK(""http://x"")",原材料,草稿,1234.50,0.100`)
  })
})
