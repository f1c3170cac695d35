import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { hostname } from 'node:os'
import { test } from '@japa/runner'
import { ApiRequest } from '@japa/api-client'
import testUtils from '@adonisjs/core/services/test_utils'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import ExcelJS from 'exceljs'
import { makeDepartment, makeUser } from '#tests/helpers/access'
import { waitForImport } from '#kernel/impex/importer'
import { onEvent } from '#services/events'
import { numericCell, XLSX_MIME } from '#kernel/impex/xlsx'

// XLSX answers as Buffers.
ApiRequest.addParser(XLSX_MIME, (res: any, done: (e: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = []
  res.on('data', (c: Buffer) => chunks.push(c))
  res.on('end', () => done(null, Buffer.concat(chunks)))
})

const CREATE = ['fixrec.contact.create', 'fixrec.contact.view']
let files = 0

function tmpFile(name: string, content: string | Buffer) {
  const dir = app.makePath('tmp', 'impex-fixtures')
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${++files}-${name}`)
  writeFileSync(path, content)
  return path
}

async function xlsxBuffer(rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Contacts')
  for (const row of rows) sheet.addRow(row)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

async function readXlsx(body: Buffer) {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(body as any)
  return workbook
}

/** Uploads a file as `user` and returns the new import's row. */
async function upload(client: any, user: any, path: string, type = 'fixrec.contact') {
  const response = await client.post(`/imports?type=${type}`).file('file', path).withCsrfToken().loginAs(user).redirects(0)
  response.assertStatus(302)
  return db.from('imports').where('user_id', user.id).orderBy('id', 'desc').firstOrFail()
}

/** Posts the stored (automatic) mapping back, i.e. the user accepts the page as shown. */
async function check(client: any, user: any, row: any, mapping?: (string | null)[]) {
  const map = mapping ?? JSON.parse(row.mapping)
  const form: Record<string, string> = {}
  map.forEach((name: string | null, i: number) => (form[`map[${i}]`] = name ?? ''))
  return client.post(`/imports/${row.id}/check`).form(form).withCsrfToken().loginAs(user)
}

async function run(client: any, user: any, id: number) {
  const response = await client.post(`/imports/${id}/run`).withCsrfToken().loginAs(user).redirects(0)
  response.assertStatus(302)
  await waitForImport(id)
  return db.from('imports').where('id', id).firstOrFail()
}

const contacts = (name: string) => db.from('fixrec_contacts').where('name', 'like', `${name}%`).orderBy('id')

test.group('Imports (CSV/XLSX → records)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('Chinese headers are matched automatically and a good file imports every row, money exact', async ({ client, assert }) => {
    const department = await makeDepartment('华东销售部')
    const user = await makeUser({ permissions: CREATE, locale: 'zh-CN', department })
    const csv = '\uFEFF名称,邮箱,等级,信用额度 ,生日,重要客户,备注\r\n' +
      'IMP甲,a@x.cn,A级,"12,345,678,901.123456",2026/3/5,是,ignored\r\n' +
      'IMP乙,,B,0.1,,否,\r\n' +
      ',,,,,,\r\n' + // blank rows are skipped
      'IMP丙,c@x.cn,Grade C,-5,2026-12-31,yes,\r\n'
    const row = await upload(client, user, tmpFile('联系人.csv', csv))
    assert.deepEqual(JSON.parse(row.mapping), ['name', 'email', 'grade', 'credit_limit', 'birthday', 'vip', null])

    const page = await client.get(`/imports/${row.id}`).loginAs(user)
    page.assertStatus(200)
    assert.include(page.text(), '列对应关系')

    const checked = await check(client, user, row)
    checked.assertStatus(200)
    assert.include(checked.text(), '全部 3 行均有效')
    assert.lengthOf(await contacts('IMP'), 0, 'a dry run writes nothing')

    const created: any[] = []
    const off = onEvent('kernel:record.created', (change) => void created.push(change))
    const done = await run(client, user, row.id).finally(off)
    assert.equal(done.status, 'succeeded')
    assert.equal(Number(done.processed), 3)
    const rows = await contacts('IMP')
    assert.deepEqual(rows.map((r: any) => r.name), ['IMP甲', 'IMP乙', 'IMP丙'])
    assert.equal(String(rows[0].credit_limit), '12345678901123456')
    assert.equal(String(rows[1].credit_limit), '100000')
    assert.equal(rows[0].grade, 'A')
    assert.equal(rows[2].grade, 'C')
    assert.isTrue(Boolean(rows[0].vip))
    assert.equal(Number(rows[0].owner_id), user.id, 'the importing user owns the rows')
    assert.equal(Number(rows[0].department_id), department.id)
    assert.isNotNull(rows[0].created_at)
    // Announced once per row after the commit, like any other write (automation rules, webhooks).
    assert.deepEqual(created.map((c) => [c.type, Number(c.id), c.after.name, c.userId]), rows.map((r: any) => ['fixrec.contact', r.id, r.name, user.id]))
    assert.include((await client.get(`/imports/${row.id}`).loginAs(user)).text(), '已导入 3 条记录')
    assert.include((await client.get('/imports').loginAs(user)).text(), '联系人.csv')
  })

  test('bad rows are listed with row number, field and message, and nothing is written', async ({ client, assert }) => {
    const user = await makeUser({ permissions: CREATE })
    const csv = 'Name,E-mail,Grade,Credit limit,Birthday,VIP\n' +
      'BAD ok,a@x.cn,A,1,2026-01-01,no\n' +
      ',b@x.cn,A,1,,\n' + // row 3: name required
      'BAD two,c@x.cn,Z,1.1234567,2026-02-30,maybe\n' // row 4: grade, money, date, boolean
    const row = await upload(client, user, tmpFile('bad.csv', csv))
    const response = await check(client, user, row)
    response.assertStatus(200)
    const html = response.text()
    assert.include(html, 'data-row="3"')
    assert.include(html, 'data-row="4"')
    assert.include(html, 'Required')
    assert.include(html, 'Choose one of: A, B, C')
    assert.include(html, 'Enter a date such as 2026-03-31')
    assert.include(html, 'Enter yes or no')
    const stored = await db.from('imports').where('id', row.id).firstOrFail()
    assert.equal(stored.status, 'invalid')
    assert.equal(Number(stored.error_count), 5)
    // It cannot be started, and nothing was written.
    await client.post(`/imports/${row.id}/run`).withCsrfToken().loginAs(user).redirects(0)
    await waitForImport(row.id)
    assert.equal((await db.from('imports').where('id', row.id).firstOrFail()).status, 'invalid')
    assert.lengthOf(await contacts('BAD'), 0)

    // Messages in zh-CN for a Chinese-speaking user.
    const zh = await makeUser({ permissions: CREATE, locale: 'zh-CN' })
    const zhRow = await upload(client, zh, tmpFile('bad.csv', csv))
    const zhHtml = (await check(client, zh, zhRow)).text()
    assert.include(zhHtml, '必填')
    assert.include(zhHtml, '名称')
  })

  test('a CSV saved by a Chinese Excel (GB18030) is read correctly', async ({ client, assert }) => {
    const user = await makeUser({ permissions: CREATE })
    // "名称,信用额度\n张三,5\n" in GBK
    const gbk = Buffer.concat([
      Buffer.from([0xc3, 0xfb, 0xb3, 0xc6]), Buffer.from(','), Buffer.from([0xd0, 0xc5, 0xd3, 0xc3, 0xb6, 0xee, 0xb6, 0xc8]), Buffer.from('\r\nGBK'),
      Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]), Buffer.from(',5\r\n'),
    ])
    const row = await upload(client, user, tmpFile('gbk.csv', gbk))
    assert.deepEqual(JSON.parse(row.mapping), ['name', 'credit_limit'])
    await check(client, user, row)
    assert.equal((await run(client, user, row.id)).status, 'succeeded')
    assert.deepEqual((await contacts('GBK')).map((r: any) => r.name), ['GBK张三'])
  })

  test('a required field left unmapped is named, and the dry run does not start', async ({ client, assert }) => {
    const user = await makeUser({ permissions: CREATE })
    const row = await upload(client, user, tmpFile('nomap.csv', 'Nom,E-mail\nx,y\n'))
    assert.deepEqual(JSON.parse(row.mapping), [null, 'email'])
    const response = await check(client, user, row)
    response.assertStatus(422)
    assert.include(response.text(), 'The required field &quot;Name&quot; is not matched to any column.')
    // The user picks the field for the column by hand.
    const fixed = await check(client, user, row, ['name', 'email'])
    fixed.assertStatus(200)
    assert.equal((await db.from('imports').where('id', row.id).firstOrFail()).status, 'checked')

    // A field hidden from the user is not offered: its column is ignored.
    const restricted = await makeUser({ permissions: CREATE, fields: { 'fixrec.contact.credit_limit': 'hidden' } })
    const hidden = await upload(client, restricted, tmpFile('hidden.csv', 'Name,Credit limit\nx,5\n'))
    assert.deepEqual(JSON.parse(hidden.mapping), ['name', null])
    assert.notInclude((await client.get(`/imports/${hidden.id}`).loginAs(restricted)).text(), 'value="credit_limit"')
  })

  test('a database error in a later batch rolls back the whole file (thousands of rows, batches of 500)', async ({ client, assert }) => {
    const user = await makeUser({ permissions: CREATE })
    const lines = ['Name,Credit limit,Owner']
    for (let i = 1; i <= 2400; i++) lines.push(`BATCH ${i},${i}.25,${i === 2300 ? 99999999 : ''}`)
    const row = await upload(client, user, tmpFile('batch.csv', lines.join('\n')))
    ;(await check(client, user, row)).assertStatus(200)
    const failed = await run(client, user, row.id)
    assert.equal(failed.status, 'failed')
    assert.include(failed.message, 'rows 2002–2401')
    assert.lengthOf(await contacts('BATCH'), 0, 'the four batches already written were rolled back')
    assert.include((await client.get(`/imports/${row.id}`).loginAs(user)).text(), 'Nothing has been written')

    // Without the bad owner, all 2400 rows go in (five INSERTs).
    lines[2300] = 'BATCH 2300,2300.25,'
    const good = await upload(client, user, tmpFile('batch.csv', lines.join('\n')))
    await check(client, user, good)
    const done = await run(client, user, good.id)
    assert.equal(done.status, 'succeeded')
    assert.equal(Number(done.processed), 2400)
    const imported = await contacts('BATCH')
    assert.lengthOf(imported, 2400)
    assert.equal(String(imported[2399].credit_limit), '2400250000')
  })

  test('an XLSX file imports like a CSV (numbers, dates and booleans from typed cells)', async ({ client, assert }) => {
    const user = await makeUser({ permissions: CREATE })
    const buffer = await xlsxBuffer([
      ['name', 'CREDIT_LIMIT', 'birthday', 'vip', 'grade'],
      ['XLS one', 1200.5, new Date(Date.UTC(2026, 2, 5)), true, 'B'],
      ['XLS two', 0.1 + 0.2, '2026-04-01', false, null],
      [{ richText: [{ text: 'XLS ' }, { text: 'three' }] }, 7, null, 'no', 'Grade A'],
    ])
    const row = await upload(client, user, tmpFile('contacts.xlsx', buffer))
    assert.deepEqual(JSON.parse(row.mapping), ['name', 'credit_limit', 'birthday', 'vip', 'grade'])
    ;(await check(client, user, row)).assertStatus(200)
    const done = await run(client, user, row.id)
    assert.equal(done.status, 'succeeded')
    const rows = await contacts('XLS')
    assert.deepEqual(rows.map((r: any) => r.name), ['XLS one', 'XLS two', 'XLS three'])
    assert.deepEqual(rows.map((r: any) => String(r.credit_limit)), ['1200500000', '300000', '7000000'])
    assert.match(String(rows[0].birthday instanceof Date ? rows[0].birthday.toISOString() : rows[0].birthday), /^2026-03-0[45]/)
    assert.equal(rows[2].grade, 'A')
  })

  test('the template (XLSX and CSV) round-trips: fill it in, import it', async ({ client, assert }) => {
    const user = await makeUser({ permissions: CREATE, locale: 'zh-CN' })
    const csv = await client.get('/imports/template?type=fixrec.contact&format=csv').loginAs(user)
    csv.assertStatus(200)
    assert.equal(csv.text(), '\uFEFF名称 *,邮箱,等级,信用额度,生日,重要客户,负责人,部门\r\n')

    const response = await client.get('/imports/template?type=fixrec.contact&format=xlsx').loginAs(user)
    response.assertStatus(200)
    const workbook = await readXlsx(response.body())
    const sheet = workbook.worksheets[0]
    assert.deepEqual((sheet.getRow(1).values as any[]).slice(1), ['名称 *', '邮箱', '等级', '信用额度', '生日', '重要客户', '负责人', '部门'])
    const help = workbook.worksheets[1]
    assert.equal(help.name, '字段说明')
    assert.include(JSON.stringify(help.getSheetValues()), 'A级, B级, C级')
    sheet.addRow(['TPL 甲', 'x@y.cn', 'A级', 99.99, '2026-01-02', '是'])
    sheet.addRow(['TPL 乙'])
    const filled = Buffer.from(await workbook.xlsx.writeBuffer())
    const row = await upload(client, user, tmpFile('template.xlsx', filled))
    assert.deepEqual(JSON.parse(row.mapping), ['name', 'email', 'grade', 'credit_limit', 'birthday', 'vip', 'owner_id', 'department_id'])
    ;(await check(client, user, row)).assertStatus(200)
    const done = await run(client, user, row.id)
    assert.equal(done.status, 'succeeded', done.message)
    const rows = await contacts('TPL')
    assert.deepEqual(rows.map((r: any) => [r.name, String(r.credit_limit), r.grade]), [['TPL 甲', '99990000', 'A'], ['TPL 乙', 'null', null]])
  })

  test('without the create permission: 403 on every import step; documents are refused', async ({ client, assert }) => {
    const viewer = await makeUser({ permissions: ['fixrec.contact.view'] })
    ;(await client.get('/imports/new?type=fixrec.contact').loginAs(viewer)).assertStatus(403)
    ;(await client.get('/imports/template?type=fixrec.contact').loginAs(viewer)).assertStatus(403)
    const post = await client.post('/imports?type=fixrec.contact').file('file', tmpFile('x.csv', 'Name\nx\n')).withCsrfToken().loginAs(viewer)
    post.assertStatus(403)
    assert.isNull(await db.from('imports').where('user_id', viewer.id).first())
    ;(await client.get('/imports/new?type=nope.thing').loginAs(viewer)).assertStatus(404)
    // The "Import" button (components/import_button.edge) shows only to those who may create.
    assert.notInclude((await client.get('/imports').loginAs(viewer)).text(), 'data-test="import-button"')
    const creator = await makeUser({ permissions: CREATE })
    const html = (await client.get('/imports').loginAs(creator)).text()
    assert.include(html, 'data-test="import-button" data-type="fixrec.contact"', html.slice(html.indexOf('import-types'), html.indexOf('import-types') + 1500))

    // Another user's import is not found.
    const owner = await makeUser({ permissions: CREATE })
    const row = await upload(client, owner, tmpFile('mine.csv', 'Name\nx\n'))
    const other = await makeUser({ permissions: CREATE })
    ;(await client.get(`/imports/${row.id}`).loginAs(other)).assertStatus(404)

    const dealer = await makeUser({ permissions: ['fixrec.deal.create'] })
    const page = await client.get('/imports/new?type=fixrec.deal').loginAs(dealer)
    assert.include(page.text(), 'Documents cannot be imported yet')
    const refused = await client.post('/imports?type=fixrec.deal').file('file', tmpFile('d.csv', 'Title\nx\n')).withCsrfToken().loginAs(dealer)
    refused.assertStatus(422)
  })

  test('"Import" pressed twice starts one import; the progress answer tells the page to refresh when it is over', async ({ client, assert }) => {
    const user = await makeUser({ permissions: CREATE })
    const row = await upload(client, user, tmpFile('twice.csv', 'Name\nTWICE 1\nTWICE 2\n'))
    await check(client, user, row)
    const [a, b] = await Promise.all([
      client.post(`/imports/${row.id}/run`).withCsrfToken().loginAs(user).redirects(0),
      client.post(`/imports/${row.id}/run`).withCsrfToken().loginAs(user).redirects(0),
    ])
    a.assertStatus(302)
    b.assertStatus(302)
    await waitForImport(row.id)
    assert.lengthOf(await contacts('TWICE'), 2)
    const progress = await client.get(`/imports/${row.id}/progress`).loginAs(user)
    progress.assertStatus(200)
    assert.equal(progress.header('hx-refresh'), 'true')
    assert.include(progress.text(), 'data-status="succeeded"')
  })

  test('an import left running by a process that is gone is shown as failed, not polled forever', async ({ client, assert }) => {
    const user = await makeUser({ permissions: CREATE })
    const row = await upload(client, user, tmpFile('gone.csv', 'Name\nGONE\n'))
    await db.from('imports').where('id', row.id).update({ status: 'running', host: hostname(), pid: 999999 })
    const page = await client.get(`/imports/${row.id}`).loginAs(user)
    assert.include(page.text(), 'The import was interrupted')
    assert.equal((await db.from('imports').where('id', row.id).firstOrFail()).status, 'failed')
    // Another host's running import is left alone.
    await db.from('imports').where('id', row.id).update({ status: 'running', host: 'elsewhere', pid: 1 })
    await client.get(`/imports/${row.id}`).loginAs(user)
    assert.equal((await db.from('imports').where('id', row.id).firstOrFail()).status, 'running')
  })

  test('a wrong file type or an empty file gets a clear message', async ({ client, assert }) => {
    const user = await makeUser({ permissions: CREATE })
    const wrong = await client.post('/imports?type=fixrec.contact').file('file', tmpFile('x.txt', 'Name\nx')).withCsrfToken().loginAs(user)
    wrong.assertStatus(422)
    assert.include(wrong.text(), 'The file must be a .csv or .xlsx file.')
    // A broken quote half-way: the dry run names the place, nothing is written.
    const good = Array.from({ length: 4000 }, (_, i) => `BROKEN ${i},a${i}@example.cn`).join('\n')
    const broken = await upload(client, user, tmpFile('broken.csv', `Name,E-mail\n${good}\nBROKEN "2,x\n`))
    const page = await check(client, user, broken)
    assert.include(page.text(), 'The file cannot be read from here on')
    assert.equal((await db.from('imports').where('id', broken.id).firstOrFail()).status, 'invalid')
    assert.lengthOf(await contacts('BROKEN'), 0)
    const empty = await client.post('/imports?type=fixrec.contact').file('file', tmpFile('empty.csv', ',,\n')).withCsrfToken().loginAs(user)
    empty.assertStatus(422)
    assert.include(empty.text(), 'The first row of the file must hold the column headers.')
  })
})

test.group('Exports (CSV/XLSX of records)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function seed(ownerA: number, ownerB: number) {
    const now = '2026-03-01 10:00:00'
    await db.table('fixrec_contacts').multiInsert([
      { name: 'EXP mine', grade: 'A', credit_limit: '1234567890123456', vip: true, owner_id: ownerA, created_at: now },
      { name: 'EXP theirs', grade: 'B', credit_limit: '1000000', vip: false, owner_id: ownerB, created_at: now },
    ])
  }

  test('a user with the own scope exports only own rows; a hidden field is left out (CSV and XLSX)', async ({ client, assert }) => {
    const other = await makeUser()
    const user = await makeUser({ permissions: { 'fixrec.contact.view': 'own' }, fields: { 'fixrec.contact.credit_limit': 'hidden' } })
    await seed(user.id, other.id)
    const csv = await client.get('/exports/fixrec.contact?format=csv').loginAs(user)
    csv.assertStatus(200)
    const text = csv.text()
    assert.include(text, 'EXP mine')
    assert.notInclude(text, 'EXP theirs')
    assert.notInclude(text, 'Credit limit')
    assert.notInclude(text, '1234567890.123456')
    assert.isTrue(text.startsWith('\uFEFFName,E-mail,Grade,Birthday,VIP,Owner,Department,Created at\r\n'), text)

    const xlsx = await client.get('/exports/fixrec.contact?format=xlsx').loginAs(user)
    xlsx.assertStatus(200)
    const sheet = (await readXlsx(xlsx.body())).worksheets[0]
    assert.equal(sheet.rowCount, 2)
    assert.notInclude(JSON.stringify(sheet.getSheetValues()), 'Credit')
    assert.equal(sheet.getRow(2).getCell(1).value, 'EXP mine')

    ;(await client.get('/exports/fixrec.contact').loginAs(await makeUser())).assertStatus(403)
  })

  test('XLSX money: a number with a number format when exact, text beyond 15 digits; zh-CN headers', async ({ client, assert }) => {
    const other = await makeUser()
    const boss = await makeUser({ permissions: { 'fixrec.contact.view': 'all' }, locale: 'zh-CN' })
    await seed(boss.id, other.id)
    const response = await client.get('/exports/fixrec.contact?format=xlsx').loginAs(boss)
    response.assertStatus(200)
    const sheet = (await readXlsx(response.body())).worksheets[0]
    const header = (sheet.getRow(1).values as any[]).slice(1)
    assert.deepEqual(header.slice(0, 4), ['名称', '邮箱', '等级', '信用额度'])
    const rows = new Map<string, any>()
    sheet.eachRow((row, n) => n > 1 && rows.set(String(row.getCell(1).value), row))
    assert.equal(rows.get('EXP mine').getCell(4).value, '1234567890.123456', '16 digits: text, never rounded')
    assert.equal(rows.get('EXP theirs').getCell(4).value, 1)
    assert.equal(rows.get('EXP theirs').getCell(4).numFmt, '#,##0.00')
    assert.equal(rows.get('EXP mine').getCell(3).value, 'A级')

    assert.deepEqual(numericCell('1234.5', 'money'), { value: 1234.5, numFmt: '#,##0.00' })
    assert.deepEqual(numericCell('0.000001', 'quantity'), { value: 0.000001, numFmt: '#,##0.000000' })
    assert.deepEqual(numericCell('1234567890123456', 'number'), { value: '1234567890123456' })
  })

  test('list exports offer CSV and XLSX of what the list shows', async ({ client, assert }) => {
    const user = await makeUser({ superuser: true })
    const page = await client.get('/fixui/items?q=zz').loginAs(user)
    page.assertStatus(200)
    assert.match(page.text(), /data-test="list-export-xlsx"[^>]*|href="[^"]*format=xlsx/)
    const xlsx = await client.get('/fixui/items/export?format=xlsx').loginAs(user)
    xlsx.assertStatus(200)
    assert.equal(xlsx.header('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const sheet = (await readXlsx(xlsx.body())).worksheets[0]
    assert.isAtLeast(sheet.rowCount, 1)
  })
})
