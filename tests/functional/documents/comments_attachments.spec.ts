import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import drive from '@adonisjs/drive/services/main'
import app from '@adonisjs/core/services/app'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import User from '#models/user'
import Role from '#models/role'
import Department from '#models/department'
import { Money } from '#kernel/numbers/index'
import { transition } from '#kernel/documents/transition_document'
import FixdocOrder from '#tests/fixtures/plugins/fixdoc/models/fixdoc_order'

async function userWith(username: string, grants: Array<[string, string]>, values: { locale?: string; departmentId?: number | null } = {}) {
  const user = await User.create({ username, name: username.toUpperCase(), password: 'x-secret-1', locale: values.locale ?? 'en', isActive: true, departmentId: values.departmentId ?? null })
  if (grants.length) {
    const role = await Role.create({ code: `role_${username}`, name: `Role ${username}`, isSuperuser: false })
    await db.table('role_permissions').multiInsert(grants.map(([permission, scope]) => ({ role_id: role.id, permission, scope })))
    await db.table('user_roles').insert({ user_id: user.id, role_id: role.id })
  }
  return user
}

function tmpFile(name: string, content: string | Buffer) {
  const dir = app.makePath('tmp', 'upload-fixtures')
  mkdirSync(dir, { recursive: true })
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')

test.group('Comments and timeline', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a user who may view the document posts a comment with htmx and sees it on the timeline with the changes', async ({ client, assert }) => {
    const owner = await userWith('tl_owner', [['fixdoc.order.view', 'own']])
    const order = await FixdocOrder.create({ customer: 'ACME', total: Money.of('5'), ownerId: owner.id, createdBy: owner.id })
    order.customer = 'Globex'
    await order.save()
    await transition(order, 'submitted', { user: owner })

    const response = await client
      .post(`/documents/fixdoc.order/${order.id}/comments`)
      .loginAs(owner)
      .header('HX-Request', 'true')
      .form({ body: 'Customer asked for delivery on Friday <b>please</b>' })
      .withCsrfToken()
    response.assertStatus(200)
    const html = response.text()
    assert.notInclude(html, '<html')
    assert.include(html, 'Customer asked for delivery on Friday &lt;b&gt;please&lt;/b&gt;')
    assert.include(html, 'moved it from Draft to Submitted')
    assert.include(html, 'TL_OWNER')
    assert.match(html, /TL_OWNER<\/span>\s+created this/)
    assert.include(html, 'changed customer')
    assert.include(html, 'changed number')
    assert.match(html, /ACME<\/span> → <span class="text-slate-800">Globex/)
    const stored = await db.from('comments').where({ record_type: 'fixdoc.order', record_id: String(order.id) })
    assert.lengthOf(stored, 1)

    const page = await client.get(`/fixdoc/orders/${order.id}`).loginAs(owner)
    page.assertStatus(200)
    assert.include(page.text(), 'data-test="timeline"')
    assert.include(page.text(), 'Customer asked for delivery on Friday')
  })

  test('an empty comment is refused in place with a message naming the field', async ({ client, assert }) => {
    const owner = await userWith('tl_empty', [['fixdoc.order.view', 'all']], { locale: 'zh-CN' })
    const order = await FixdocOrder.create({ customer: 'ACME', total: Money.of('5'), ownerId: owner.id })
    const response = await client.post(`/documents/fixdoc.order/${order.id}/comments`).loginAs(owner).header('HX-Request', 'true').form({ body: '   ' }).withCsrfToken()
    response.assertStatus(422)
    assert.include(response.text(), 'data-test="error-body"')
    assert.include(response.text(), '评论')
    const tooLong = await client.post(`/documents/fixdoc.order/${order.id}/comments`).loginAs(owner).header('HX-Request', 'true').form({ body: 'x'.repeat(5001) }).withCsrfToken()
    tooLong.assertStatus(422)
    assert.lengthOf(await db.from('comments').where('record_id', String(order.id)), 0)
  })

  test('without the view permission: 403; outside the data scope: 404; unknown type: 404', async ({ client }) => {
    const sales = await Department.create({ code: 'tl_sales', name: 'Sales', path: '/' })
    const other = await Department.create({ code: 'tl_other', name: 'Other', path: '/' })
    const owner = await userWith('tl_dept_owner', [['fixdoc.order.view', 'own']], { departmentId: sales.id })
    const stranger = await userWith('tl_stranger', [])
    const colleague = await userWith('tl_colleague', [['fixdoc.order.view', 'department']], { departmentId: sales.id })
    const outsider = await userWith('tl_outsider', [['fixdoc.order.view', 'department']], { departmentId: other.id })
    const order = await FixdocOrder.create({ customer: 'ACME', total: Money.of('5'), ownerId: owner.id, departmentId: sales.id })

    ;(await client.post(`/documents/fixdoc.order/${order.id}/comments`).loginAs(stranger).form({ body: 'hi' }).withCsrfToken()).assertStatus(403)
    ;(await client.post(`/documents/fixdoc.order/${order.id}/comments`).loginAs(outsider).form({ body: 'hi' }).withCsrfToken()).assertStatus(404)
    ;(await client.get(`/documents/fixdoc.order/${order.id}/timeline`).loginAs(outsider)).assertStatus(404)
    ;(await client.get(`/documents/fixdoc.order/${order.id}/timeline`).loginAs(colleague)).assertStatus(200)
    ;(await client.get(`/documents/nope.thing/${order.id}/timeline`).loginAs(colleague)).assertStatus(404)
    ;(await client.get(`/documents/fixdoc.order/${order.id}/timeline`).redirects(0)).assertStatus(302)
  })
})

test.group('Attachments', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an upload is stored through Drive, listed, and downloaded intact by users who may view the document', async ({ client, assert }) => {
    const owner = await userWith('att_owner', [['fixdoc.order.view', 'own']])
    const order = await FixdocOrder.create({ customer: 'ACME', total: Money.of('5'), ownerId: owner.id })

    const upload = await client
      .post(`/documents/fixdoc.order/${order.id}/attachments`)
      .loginAs(owner)
      .header('HX-Request', 'true')
      .file('file', tmpFile('送货单.pdf', PDF))
      .withCsrfToken()
    upload.assertStatus(200)
    assert.include(upload.text(), '送货单.pdf')

    const row = await db.from('attachments').where({ record_type: 'fixdoc.order', record_id: String(order.id) }).firstOrFail()
    assert.equal(row.mime_type, 'application/pdf')
    assert.equal(Number(row.size), PDF.length)
    assert.isTrue(await drive.use().exists(row.disk_key))

    const download = await client.get(`/attachments/${row.id}/download`).loginAs(owner)
    download.assertStatus(200)
    assert.equal(download.header('content-type'), 'application/pdf')
    assert.include(download.header('content-disposition'), "filename*=UTF-8''%E9%80%81%E8%B4%A7%E5%8D%95.pdf")
    assert.equal(download.header('x-content-type-options'), 'nosniff')
    assert.equal(download.header('content-length'), String(PDF.length))
  })

  test('downloads are refused to users who may not view the document', async ({ client, assert }) => {
    const owner = await userWith('att_owner2', [['fixdoc.order.view', 'own']])
    const otherOwner = await userWith('att_other', [['fixdoc.order.view', 'own']])
    const noPermission = await userWith('att_none', [])
    const order = await FixdocOrder.create({ customer: 'ACME', total: Money.of('5'), ownerId: owner.id })
    await client.post(`/documents/fixdoc.order/${order.id}/attachments`).loginAs(owner).file('file', tmpFile('note.txt', 'secret terms')).withCsrfToken()
    const row = await db.from('attachments').where({ record_id: String(order.id) }).firstOrFail()

    const mine = await client.get(`/attachments/${row.id}/download`).loginAs(owner)
    mine.assertStatus(200)
    assert.equal(mine.text(), 'secret terms')
    ;(await client.get(`/attachments/${row.id}/download`).loginAs(noPermission)).assertStatus(403)
    ;(await client.get(`/attachments/${row.id}/download`).loginAs(otherOwner)).assertStatus(404)
    ;(await client.get(`/attachments/999999/download`).loginAs(owner)).assertStatus(404)
    ;(await client.get(`/attachments/${row.id}/download`).redirects(0)).assertStatus(302)
  })

  test('files of a forbidden type or over the size limit are refused with a message, nothing stored', async ({ client, assert }) => {
    const owner = await userWith('att_limits', [['fixdoc.order.view', 'all']])
    const order = await FixdocOrder.create({ customer: 'ACME', total: Money.of('5'), ownerId: owner.id })
    const exe = await client
      .post(`/documents/fixdoc.order/${order.id}/attachments`)
      .loginAs(owner)
      .header('HX-Request', 'true')
      .file('file', tmpFile('setup.exe', Buffer.from('MZ\x90\x00\x03\x00\x00\x00')))
      .withCsrfToken()
    exe.assertStatus(422)
    assert.include(exe.text(), 'data-test="error-file"')
    assert.include(exe.text(), 'File must be one of')

    const big = await client
      .post(`/documents/fixdoc.order/${order.id}/attachments`)
      .loginAs(owner)
      .header('HX-Request', 'true')
      .file('file', tmpFile('big.txt', Buffer.alloc(10 * 1024 * 1024 + 10, 'a')))
      .withCsrfToken()
    big.assertStatus(422)
    assert.include(big.text(), 'File must be at most 10MB')

    const missing = await client.post(`/documents/fixdoc.order/${order.id}/attachments`).loginAs(owner).header('HX-Request', 'true').withCsrfToken()
    missing.assertStatus(422)
    assert.lengthOf(await db.from('attachments').where('record_id', String(order.id)), 0)
  })
})
