import { test } from '@japa/runner'
import { ApiRequest } from '@japa/api-client'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import User from '#models/user'
import Role from '#models/role'
import Department from '#models/department'
import { inkPerPage, pdfInfo, pdfText } from '#tests/helpers/pdf'

// PDFs arrive as bytes.
ApiRequest.addParser('application/pdf', (res: any, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = []
  res.on('data', (chunk: Buffer) => chunks.push(chunk))
  res.on('end', () => done(null, Buffer.concat(chunks)))
})

async function department(code: string, name: string, parent?: Department) {
  const d = await Department.create({ code, name, parentId: parent?.id ?? null, path: '/' })
  d.path = `${parent ? parent.path : '/'}${d.id}/`
  await d.save()
  return d
}

async function role(code: string, name: string, grants: Record<string, string> = {}, isSuperuser = false) {
  const r = await Role.create({ code, name, isSuperuser })
  for (const [permission, scope] of Object.entries(grants)) await db.table('role_permissions').insert({ role_id: r.id, permission, scope })
  return r
}

async function user(username: string, name: string, options: { roles?: Role[]; department?: Department; locale?: string } = {}) {
  const u = await User.create({ username, name, password: 'secret-pass', locale: options.locale ?? 'zh-CN', isActive: true, departmentId: options.department?.id ?? null })
  for (const r of options.roles ?? []) await db.table('user_roles').insert({ user_id: u.id, role_id: r.id })
  return u
}

async function company() {
  await db.table('settings').insert({ key: 'kernel.company_name', value: JSON.stringify({ 'zh-CN': '示例制造有限公司', 'en': 'Demo Manufacturing Co.' }), updated_at: new Date() })
}

test.group('Printing: the user access report', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a user prints their own access report as a PDF with their roles, company, CJK text and page x / y', async ({ assert, client }) => {
    await company()
    const hq = await department('HQ', '示例制造有限公司')
    const sales = await department('SALES', '销售部', hq)
    const rep = await role('sales_rep', '销售代表', { 'admin.audit.view': 'all' })
    const wang = await user('wangfang', '王芳', { roles: [rep], department: sales })

    const response = await client.get(`/print/kernel.user_access/${wang.id}.pdf`).loginAs(wang)
    response.assertStatus(200)
    assert.equal(response.header('content-type'), 'application/pdf')
    const pdf = response.body() as Buffer
    assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF')

    const ink = inkPerPage(pdf)
    assert.isAbove(ink.length, 0)
    assert.isAbove(ink[0], 0.01, 'the first page is not blank')

    const text = pdfText(pdf)
    assert.include(text, '用户权限报告')
    assert.include(text, '王芳')
    assert.include(text, '销售代表')
    assert.include(text, '示例制造有限公司 / 销售部')
    assert.include(text, '查看审计日志')
    assert.match(text, /第 ?1 ?\/ ?1 ?页/)
    const info = pdfInfo(pdf)
    assert.closeTo(info.widthPt, 595.3, 1.5, 'A4 is 210 mm wide')
    assert.closeTo(info.heightPt, 841.9, 1.5, 'A4 is 297 mm high')
  })

  test('the .html preview shows the user roles in the user language', async ({ assert, client }) => {
    await company()
    const planner = await role('planner', 'Planner', { 'admin.jobs.view': 'all' })
    const buyer = await role('buyer', 'Buyer')
    const li = await user('liqiang', 'Li Qiang', { roles: [planner, buyer], locale: 'en' })

    const response = await client.get(`/print/kernel.user_access/${li.id}.html`).loginAs(li)
    response.assertStatus(200)
    assert.match(response.header('content-type') ?? '', /^text\/html/)
    const html = response.text()
    assert.include(html, 'User access report - Li Qiang')
    assert.include(html, '<td>Planner</td>')
    assert.include(html, '<td>Buyer</td>')
    assert.include(html, 'View job runs')
    assert.include(html, 'Demo Manufacturing Co.')
    assert.include(html, `href="/print/kernel.user_access/${li.id}.pdf"`)
    assert.include(html, '<svg', 'barcode and QR code are inline SVG')
    assert.notInclude(html, '<script')
    assert.notInclude(html, 'Superuser', 'neither role is a superuser')
    assert.notInclude(html, '@if', 'every Edge tag was compiled')
  })

  test('the print time is the company time zone, not the server clock', async ({ assert, client }) => {
    await company()
    await db.table('settings').insert({ key: 'kernel.timezone', value: JSON.stringify('Pacific/Kiritimati'), updated_at: new Date() })
    const me = await user('tz_user', 'TZ User', { locale: 'en' })
    const before = DateTime.now().setZone('Pacific/Kiritimati').toFormat('yyyy-MM-dd HH:mm')
    const html = (await client.get(`/print/kernel.user_access/${me.id}.html`).loginAs(me)).text()
    const after = DateTime.now().setZone('Pacific/Kiritimati').toFormat('yyyy-MM-dd HH:mm')
    // UTC+14: unless the server itself runs there, the text differs from the server's wall clock.
    assert.isTrue(html.includes(`<dd>${before}</dd>`) || html.includes(`<dd>${after}</dd>`), 'printed at Kiritimati time')
  })

  test('a superuser report lists every permission with scope "all"', async ({ assert, client }) => {
    const admin = await role('admin', 'Administrator', {}, true)
    const root = await user('root', 'Root', { roles: [admin], locale: 'en' })
    const html = (await client.get(`/print/kernel.user_access/${root.id}.html`).loginAs(root)).text()
    assert.include(html, 'Superuser')
    for (const label of ['Manage users', 'Manage plugins', 'View the audit log', 'View job runs']) assert.include(html, label)
  })

  test('the company logo prints from a data URL; a logo given as a URL is ignored', async ({ assert, client }) => {
    const pixel = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
    await db.table('settings').insert({ key: 'kernel.company_logo', value: JSON.stringify(pixel), updated_at: new Date() })
    const me = await user('me', 'Me', { locale: 'en' })
    const html = (await client.get(`/print/kernel.user_access/${me.id}.html`).loginAs(me)).text()
    assert.include(html, `<img src="${pixel}"`)
    assert.include(html, 'Loom', 'no company name set: the product name stands in')

    await db.from('settings').where('key', 'kernel.company_logo').update({ value: JSON.stringify('http://169.254.169.254/logo.png') })
    const other = (await client.get(`/print/kernel.user_access/${me.id}.html`).loginAs(me)).text()
    assert.notInclude(other, '169.254.169.254')
    ;(await client.get(`/print/kernel.user_access/${me.id}.pdf`).loginAs(me)).assertStatus(200)
  })

  test('several people printing at once each get their own report', async ({ assert, client }) => {
    const people = await Promise.all(['甲', '乙', '丙', '丁', '戊', '己'].map((n, i) => user(`p${i}`, `用户${n}`)))
    const responses = await Promise.all(people.map((p) => client.get(`/print/kernel.user_access/${p.id}.pdf`).loginAs(p)))
    responses.forEach((response, i) => {
      response.assertStatus(200)
      const text = pdfText(response.body())
      assert.include(text, people[i].name)
      for (const other of people) if (other !== people[i]) assert.notInclude(text, other.name)
    })
  })

  test('without a usable Chromium the PDF answers 503 with a clear message, the preview still works', async ({ assert, client, cleanup }) => {
    const { default: pdfService } = await import('#services/pdf_service')
    const saved = process.env.PUPPETEER_EXECUTABLE_PATH
    cleanup(async () => {
      if (saved === undefined) delete process.env.PUPPETEER_EXECUTABLE_PATH
      else process.env.PUPPETEER_EXECUTABLE_PATH = saved
      await pdfService.close()
    })
    const me = await user('me', 'Me', { locale: 'en' })
    await pdfService.close()
    process.env.PUPPETEER_EXECUTABLE_PATH = '/nowhere/chromium'

    const broken = await client.get(`/print/kernel.user_access/${me.id}.pdf`).loginAs(me)
    broken.assertStatus(503)
    assert.include(broken.text(), 'the print engine (Chromium) is not available')
    ;(await client.get(`/print/kernel.user_access/${me.id}.html`).loginAs(me)).assertStatus(200)

    // Fixed configuration: the next print starts the browser again.
    if (saved === undefined) delete process.env.PUPPETEER_EXECUTABLE_PATH
    else process.env.PUPPETEER_EXECUTABLE_PATH = saved
    const fixed = await client.get(`/print/kernel.user_access/${me.id}.pdf`).loginAs(me)
    fixed.assertStatus(200)
    assert.equal((fixed.body() as Buffer).subarray(0, 4).toString('latin1'), '%PDF')
  })

  test('an administrator may print anyone; others get 403 for someone else', async ({ client }) => {
    const manager = await role('user_admin', 'User admin', { 'admin.users.manage': 'all' })
    const admin = await user('useradmin', 'User Admin', { roles: [manager] })
    const alice = await user('alice', 'Alice')
    const bob = await user('bob', 'Bob')

    ;(await client.get(`/print/kernel.user_access/${alice.id}.html`).loginAs(admin)).assertStatus(200)
    ;(await client.get(`/print/kernel.user_access/${alice.id}.html`).loginAs(bob)).assertStatus(403)
    ;(await client.get(`/print/kernel.user_access/${alice.id}.pdf`).loginAs(bob)).assertStatus(403)
    // Even a user who does not exist answers 403 to a non-admin: no probing for ids.
    ;(await client.get(`/print/kernel.user_access/999999.pdf`).loginAs(bob)).assertStatus(403)
  })

  test('unknown type, unknown user and malformed ids are 404; guests are sent to the login page', async ({ client }) => {
    const manager = await role('user_admin', 'User admin', { 'admin.users.manage': 'all' })
    const admin = await user('useradmin', 'User Admin', { roles: [manager] })

    ;(await client.get(`/print/kernel.nothing/${admin.id}.pdf`).loginAs(admin)).assertStatus(404)
    ;(await client.get(`/print/kernel.user_access/999999.pdf`).loginAs(admin)).assertStatus(404)
    ;(await client.get(`/print/kernel.user_access/abc.html`).loginAs(admin)).assertStatus(404)
    ;(await client.get(`/print/kernel.user_access/${admin.id}.docx`).loginAs(admin)).assertStatus(404)

    const guest = await client.get(`/print/kernel.user_access/${admin.id}.pdf`).redirects(0)
    guest.assertStatus(302)
    guest.assertHeader('location', '/login')
  })
})

test.group('Printing: templates registered by plugins', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function fixture() {
    const own = await role('note_own', 'Own notes', { 'fixprint.note.view': 'own' })
    const all = await role('note_all', 'All notes', { 'fixprint.note.view': 'all' })
    const writer = await user('writer', 'Writer', { roles: [own], locale: 'en' })
    const other = await user('other', 'Other', { roles: [own], locale: 'en' })
    const boss = await user('boss', 'Boss', { roles: [all], locale: 'en' })
    const nobody = await user('nobody', 'Nobody', { locale: 'en' })
    const [noteId] = await db.table('fixprint_notes').insert({ number: 'NOTE-0001', body: '质检记录 inspection', cost: '123.45', line_count: 3, owner_id: writer.id }).returning('id')
    return { writer, other, boss, nobody, noteId: typeof noteId === 'object' ? noteId.id : noteId }
  }

  test('a plugin template prints on A5 through the same routes, within the caller data scope', async ({ assert, client }) => {
    const { writer, other, boss, noteId } = await fixture()

    const mine = await client.get(`/print/fixprint.note/${noteId}.pdf`).loginAs(writer)
    mine.assertStatus(200)
    const info = pdfInfo(mine.body())
    assert.closeTo(info.widthPt, 419.5, 1.5, 'A5 is 148 mm wide')
    assert.closeTo(info.heightPt, 595.3, 1.5, 'A5 is 210 mm high')
    assert.include(pdfText(mine.body()), '质检记录 inspection')
    assert.match(mine.header('content-disposition') ?? '', /filename="Note NOTE-0001\.pdf"/)

    // Own scope: someone else's note does not exist for them.
    ;(await client.get(`/print/fixprint.note/${noteId}.pdf`).loginAs(other)).assertStatus(404)
    ;(await client.get(`/print/fixprint.note/${noteId}.html`).loginAs(other)).assertStatus(404)
    // Scope "all" sees it.
    ;(await client.get(`/print/fixprint.note/${noteId}.html`).loginAs(boss)).assertStatus(200)
  })

  test('a field hidden from the user role never reaches the PDF', async ({ assert, client }) => {
    const { boss, noteId } = await fixture()
    const clerkRole = await role('note_clerk', 'Clerk', { 'fixprint.note.view': 'all' })
    await db.table('field_permissions').insert({ role_id: clerkRole.id, field: 'fixprint.note.cost', mode: 'hidden' })
    const clerk = await user('clerk', 'Clerk', { roles: [clerkRole], locale: 'en' })

    assert.include(pdfText((await client.get(`/print/fixprint.note/${noteId}.pdf`).loginAs(boss)).body()), 'Cost 123.45')
    const hidden = await client.get(`/print/fixprint.note/${noteId}.pdf`).loginAs(clerk)
    hidden.assertStatus(200)
    const text = pdfText(hidden.body())
    assert.include(text, 'NOTE-0001')
    assert.notInclude(text, '123.45')
  })

  test('without the template permission the answer is 403; a view-only (old form) template is not printable', async ({ client }) => {
    const { nobody, boss, noteId } = await fixture()
    ;(await client.get(`/print/fixprint.note/${noteId}.pdf`).loginAs(nobody)).assertStatus(403)
    ;(await client.get(`/print/fixprint.legacy/${noteId}.pdf`).loginAs(boss)).assertStatus(404)
  })

  test('a disabled plugin prints nothing: its templates answer 404 until it is enabled again', async ({ client, cleanup }) => {
    const { PluginLifecycle } = await import('#kernel/plugins/plugin_lifecycle')
    const { boss, noteId } = await fixture()
    const lifecycle = new PluginLifecycle()
    await lifecycle.disable('fixprint')
    cleanup(() => lifecycle.enable('fixprint').then(() => {}))
    ;(await client.get(`/print/fixprint.note/${noteId}.pdf`).loginAs(boss)).assertStatus(404)
    await lifecycle.enable('fixprint')
    ;(await client.get(`/print/fixprint.note/${noteId}.html`).loginAs(boss)).assertStatus(200)
  })

  test('a long document breaks across pages, each with its page x / y footer', async ({ assert, client }) => {
    const { boss, writer } = await fixture()
    const [id] = await db.table('fixprint_notes').insert({ number: 'NOTE-0002', body: 'Long', line_count: 60, owner_id: writer.id }).returning('id')
    const response = await client.get(`/print/fixprint.note/${typeof id === 'object' ? id.id : id}.pdf`).loginAs(boss)
    response.assertStatus(200)
    const pdf = response.body() as Buffer
    const pages = pdfInfo(pdf).pages
    assert.isAbove(pages, 1)
    const text = pdfText(pdf)
    for (let page = 1; page <= pages; page++) assert.include(text, `Page ${page} of ${pages}`)
    for (const ink of inkPerPage(pdf)) assert.isAbove(ink, 0.001, "no blank page")
  })
})
