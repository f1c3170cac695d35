/*
 * The pages of tasks and notifications: the bell, /notifications, /tasks and
 * the workbench cards. Each user sees and changes only their own (404 else).
 */
import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Notification from '#models/notification'
import Task from '#models/task'
import { notify } from '#kernel/notifications/notify'
import { createTask } from '#kernel/notifications/tasks'
import { companyZone } from '#services/settings'
import { makeUser } from '#tests/helpers/access'

const T = (zh: string, en: string) => ({ 'zh-CN': zh, 'en': en })

test.group('Notifications: bell and page', () => {
  test('the bell shows the unread count (none at zero) and the latest ten in the reader’s language', async ({ client, assert }) => {
    const user = await makeUser({ locale: 'zh-CN' })
    const quiet = await makeUser({ locale: 'zh-CN' })
    for (let i = 1; i <= 12; i++) await notify({ userIds: [user.id], title: T(`通知 ${i}`, `Notice ${i}`) })

    const page = await client.get('/').loginAs(user)
    page.assertStatus(200)
    assert.match(page.text(), /data-test="notifications-unread">12</)
    assert.include(page.text(), 'hx-trigger="load, every 60s')

    const badge = await client.get('/notifications/badge').header('HX-Request', 'true').loginAs(user)
    assert.match(badge.text(), /data-test="notifications-unread">12</)
    const none = await client.get('/notifications/badge').header('HX-Request', 'true').loginAs(quiet)
    none.assertStatus(200)
    assert.notInclude(none.text(), 'notifications-unread')
    assert.notInclude((await client.get('/').loginAs(quiet)).text(), 'data-test="notifications-unread"')

    const menu = await client.get('/notifications/menu').header('HX-Request', 'true').loginAs(user)
    const items = menu.text().match(/data-test="bell-item"/g) ?? []
    assert.lengthOf(items, 10)
    assert.include(menu.text(), '通知 12')
    assert.notInclude(menu.text(), '通知 2<')
    assert.notInclude(menu.text(), 'Notice 12')
    assert.include(menu.text(), '全部标为已读')
  })

  test('opening a notification marks it read and follows its link; another user’s is a 404', async ({ client, assert }) => {
    const user = await makeUser()
    const other = await makeUser()
    await notify({ userIds: [user.id], title: T('链接', 'Link'), url: '/tasks' })
    await notify({ userIds: [user.id], title: T('外部', 'Elsewhere'), url: 'https://evil.example/x' })
    const [mine, external] = await Notification.query().where('user_id', user.id).orderBy('id')

    const stranger = await client.post(`/notifications/${mine.id}/open`).withCsrfToken().loginAs(other).redirects(0)
    stranger.assertStatus(404)
    await mine.refresh()
    assert.isNull(mine.readAt)

    const opened = await client.post(`/notifications/${mine.id}/open`).withCsrfToken().loginAs(user).redirects(0)
    opened.assertStatus(302)
    assert.equal(opened.header('location'), '/tasks')
    await mine.refresh()
    assert.isNotNull(mine.readAt)

    // Only links within Loom are followed.
    const safe = await client.post(`/notifications/${external.id}/open`).withCsrfToken().loginAs(user).redirects(0)
    assert.equal(safe.header('location'), '/notifications')

    const readOther = await client.post(`/notifications/${mine.id}/read`).withCsrfToken().loginAs(other).redirects(0)
    readOther.assertStatus(404)
  })

  test('/notifications lists the user’s unread ones by default, all on request; mark read in place; mark all read', async ({ client, assert }) => {
    const user = await makeUser()
    const other = await makeUser()
    await notify({ userIds: [user.id], title: T('甲', 'Alpha'), body: T('正文', 'Body text') })
    await notify({ userIds: [user.id], title: T('乙', 'Beta') })
    await notify({ userIds: [other.id], title: T('别人的', 'Someone else’s') })
    const [alpha, beta] = await Notification.query().where('user_id', user.id).orderBy('id')
    await db.from('notifications').where('id', alpha.id).update({ read_at: '2026-01-01 00:00:00' })

    const table = (html: string) => html.slice(html.indexOf('id="notifications-table"'))
    const unread = table((await client.get('/notifications').loginAs(user)).text())
    assert.include(unread, 'Beta')
    assert.notInclude(unread, 'Alpha')
    assert.notInclude(unread, 'Someone else')

    const all = table((await client.get('/notifications?show=all').loginAs(user)).text())
    assert.include(all, 'Alpha')
    assert.include(all, 'Body text')
    assert.include(all, 'Beta')

    const row = await client.post(`/notifications/${beta.id}/read`).header('HX-Request', 'true').withCsrfToken().loginAs(user)
    row.assertStatus(200)
    assert.include(row.text(), `id="notification-${beta.id}"`)
    assert.notInclude(row.text(), 'data-test="notification-read"')
    assert.include(row.header('hx-trigger'), 'loom:notifications-changed')

    await notify({ userIds: [user.id], title: T('丙', 'Gamma') })
    await notify({ userIds: [other.id], title: T('丁', 'Delta') })
    const readAll = await client.post('/notifications/read-all').header('HX-Request', 'true').withCsrfToken().loginAs(user)
    readAll.assertStatus(204)
    assert.equal(Number((await db.from('notifications').where('user_id', user.id).whereNull('read_at').count('* as n').first()).n), 0)
    // The other user's stay unread.
    assert.isAbove(Number((await db.from('notifications').where('user_id', other.id).whereNull('read_at').count('* as n').first()).n), 0)
    const empty = (await client.get('/notifications').loginAs(user)).text()
    assert.include(empty, 'No unread notifications.')
  })

  test('a guest is sent to sign in', async ({ client }) => {
    const response = await client.get('/notifications').redirects(0)
    response.assertStatus(302)
  })
})

test.group('Tasks page', () => {
  test('create a task for someone else: saved on the company clock, assignee notified, listed for both', async ({ client, assert }) => {
    const boss = await makeUser({ name: 'Boss' })
    const worker = await makeUser({ name: 'Worker' })
    const response = await client
      .post('/tasks')
      .form({ title: 'Count the stock', description: 'Aisle 3', assignee_id: worker.id, due_at: '2030-05-01T09:30' })
      .withCsrfToken()
      .loginAs(boss)
      .redirects(0)
    response.assertStatus(302)
    const task = await Task.query().where('assignee_id', worker.id).where('title', 'Count the stock').firstOrFail()
    assert.equal(task.createdBy, boss.id)
    const zone = await companyZone()
    assert.equal(task.dueAt!.toMillis(), DateTime.fromISO('2030-05-01T09:30', { zone }).toMillis())
    assert.equal(response.header('location'), `/tasks/${task.id}`)
    assert.lengthOf(await Notification.query().where('user_id', worker.id).where('kind', 'task'), 1)

    const mine = (await client.get('/tasks').loginAs(worker)).text()
    assert.include(mine, 'Count the stock')
    assert.include(mine, '2030-05-01 09:30')
    const delegated = (await client.get('/tasks?who=created').loginAs(boss)).text()
    assert.include(delegated, 'Count the stock')
    assert.include(delegated, 'Assigned to Worker')
    assert.notInclude((await client.get('/tasks').loginAs(boss)).text(), 'Count the stock')
  })

  test('bad input is answered in place, naming the field, in zh-CN and en, and writes nothing', async ({ client, assert }) => {
    const zh = await makeUser({ locale: 'zh-CN' })
    const en = await makeUser({ locale: 'en' })
    const inactive = await makeUser({ isActive: false })
    const before = Number((await db.from('tasks').count('* as n').first()).n)

    const empty = await client.post('/tasks').header('HX-Request', 'true').form({ title: '', assignee_id: zh.id }).withCsrfToken().loginAs(zh)
    empty.assertStatus(422)
    assert.match(empty.text(), /data-test="error-title">[^<]*标题/)

    const badAssignee = await client.post('/tasks').header('HX-Request', 'true').form({ title: 'X', assignee_id: inactive.id }).withCsrfToken().loginAs(en)
    badAssignee.assertStatus(422)
    assert.include(badAssignee.text(), 'Choose an active user as the assignee.')

    const badDue = await client.post('/tasks').header('HX-Request', 'true').form({ title: 'X', assignee_id: en.id, due_at: 'tomorrow' }).withCsrfToken().loginAs(en)
    badDue.assertStatus(422)
    assert.match(badDue.text(), /data-test="error-due_at">[^<]*Due/)

    const badLink = await client
      .post('/tasks')
      .header('HX-Request', 'true')
      .form({ title: 'X', assignee_id: en.id, record_type: 'fixrec.contact', record_id: '1' })
      .withCsrfToken()
      .loginAs(en)
    badLink.assertStatus(422)
    assert.include(badLink.text(), 'There is no such record you may see.')
    assert.equal(Number((await db.from('tasks').count('* as n').first()).n), before)
  })

  test('a task links to a record the user may see', async ({ client, assert }) => {
    const user = await makeUser({ permissions: { 'fixrec.contact.view': 'own' } })
    const [contact] = await db.table('fixrec_contacts').insert({ name: 'Mine', owner_id: user.id, created_at: '2026-01-01 00:00:00' }).returning('id')
    const [foreign] = await db.table('fixrec_contacts').insert({ name: 'Not mine', created_at: '2026-01-01 00:00:00' }).returning('id')
    const id = (r: any) => Number(typeof r === 'object' ? r.id : r)

    const outside = await client
      .post('/tasks')
      .header('HX-Request', 'true')
      .form({ title: 'Call', assignee_id: user.id, record_type: 'fixrec.contact', record_id: String(id(foreign)) })
      .withCsrfToken()
      .loginAs(user)
    outside.assertStatus(422)
    assert.include(outside.text(), 'data-test="error-record_id"')

    const ok = await client
      .post('/tasks')
      .header('HX-Request', 'true')
      .form({ title: 'Call Mine', assignee_id: user.id, record_type: 'fixrec.contact', record_id: String(id(contact)) })
      .withCsrfToken()
      .loginAs(user)
    ok.assertStatus(204)
    assert.equal(ok.header('hx-redirect'), '/tasks')
    const task = await Task.query().where('title', 'Call Mine').firstOrFail()
    assert.equal(task.recordType, 'fixrec.contact')
    assert.equal(task.recordId, String(id(contact)))
    assert.include((await client.get('/tasks').loginAs(user)).text(), `Contact #${id(contact)}`)
  })

  test('open / overdue / done filters, sorted by due time with undated last', async ({ client, assert }) => {
    const user = await makeUser()
    const other = await makeUser()
    const past = DateTime.now().minus({ days: 2 })
    const soon = DateTime.now().plus({ days: 1 })
    const later = DateTime.now().plus({ days: 5 })
    await createTask({ title: 'Undated', assigneeId: user.id, createdBy: user.id })
    await createTask({ title: 'Later', assigneeId: user.id, createdBy: user.id, dueAt: later })
    await createTask({ title: 'Late one', assigneeId: user.id, createdBy: user.id, dueAt: past })
    await createTask({ title: 'Soon', assigneeId: user.id, createdBy: user.id, dueAt: soon })
    const finished = await createTask({ title: 'Finished', assigneeId: user.id, createdBy: user.id, dueAt: past })
    await createTask({ title: 'Not yours', assigneeId: other.id, createdBy: other.id })
    await db.from('tasks').where('id', finished.id).update({ done_at: '2026-01-01 00:00:00', done_by: user.id })

    const titles = (html: string) => [...html.matchAll(/data-test="task-title">([^<]+)</g)].map((m) => m[1])
    const open = (await client.get('/tasks').loginAs(user)).text()
    assert.deepEqual(titles(open), ['Late one', 'Soon', 'Later', 'Undated'])
    assert.include(open, 'data-test="task-overdue"')
    const desc = (await client.get('/tasks?sort=due&direction=desc').loginAs(user)).text()
    assert.deepEqual(titles(desc), ['Later', 'Soon', 'Late one', 'Undated'])
    assert.deepEqual(titles((await client.get('/tasks?status=overdue').loginAs(user)).text()), ['Late one'])
    assert.deepEqual(titles((await client.get('/tasks?status=done').loginAs(user)).text()), ['Finished'])
    const fragment = await client.get('/tasks?status=all').header('HX-Request', 'true').loginAs(user)
    assert.notInclude(fragment.text(), '<html')
    assert.lengthOf(titles(fragment.text()), 5)
    assert.include(fragment.header('vary') ?? '', 'HX-Request')
  })

  test('done ↔ open in place; a stranger gets 404; two toggles at once leave one state', async ({ client, assert }) => {
    const boss = await makeUser()
    const worker = await makeUser()
    const stranger = await makeUser()
    const { id } = await createTask({ title: 'Pack', assigneeId: worker.id, createdBy: boss.id })

    const denied = await client.post(`/tasks/${id}/done`).header('HX-Request', 'true').form({ done: '1' }).withCsrfToken().loginAs(stranger)
    denied.assertStatus(404)
    assert.isNull((await Task.findOrFail(id)).doneAt)
    ;(await client.get(`/tasks/${id}`).loginAs(stranger)).assertStatus(404)

    const [a, b] = await Promise.all([
      client.post(`/tasks/${id}/done`).header('HX-Request', 'true').form({ done: '1' }).withCsrfToken().loginAs(worker),
      client.post(`/tasks/${id}/done`).header('HX-Request', 'true').form({ done: '1' }).withCsrfToken().loginAs(worker),
    ])
    a.assertStatus(200)
    b.assertStatus(200)
    assert.include(a.text(), 'data-done="yes"')
    const task = await Task.findOrFail(id)
    assert.isNotNull(task.doneAt)
    assert.equal(task.doneBy, worker.id)

    const reopened = await client.post(`/tasks/${id}/done`).header('HX-Request', 'true').form({ done: '0' }).withCsrfToken().loginAs(boss)
    assert.include(reopened.text(), 'data-done="no"')
    assert.isNull((await Task.findOrFail(id)).doneAt)
  })

  test('only the creator edits or deletes; the assignee sees the task without those controls', async ({ client, assert }) => {
    const boss = await makeUser()
    const worker = await makeUser()
    const { id } = await createTask({ title: 'Draft report', assigneeId: worker.id, createdBy: boss.id })

    const seen = (await client.get(`/tasks/${id}`).loginAs(worker)).text()
    assert.include(seen, 'Draft report')
    assert.notInclude(seen, 'data-test="task-form"')
    assert.notInclude(seen, 'data-test="task-delete"')
    ;(await client.post(`/tasks/${id}`).form({ title: 'Hijack', assignee_id: worker.id }).withCsrfToken().loginAs(worker).redirects(0)).assertStatus(404)
    ;(await client.delete(`/tasks/${id}`).withCsrfToken().loginAs(worker).redirects(0)).assertStatus(404)

    const own = (await client.get(`/tasks/${id}`).loginAs(boss)).text()
    assert.include(own, 'data-test="task-form"')
    assert.include(own, 'data-test="task-delete"')
    const saved = await client.post(`/tasks/${id}`).form({ title: 'Final report', assignee_id: worker.id, due_at: '' }).withCsrfToken().loginAs(boss).redirects(0)
    saved.assertStatus(302)
    assert.equal((await Task.findOrFail(id)).title, 'Final report')
    // Handed over: the new assignee is told, and now sees it.
    const helper = await makeUser()
    await client.post(`/tasks/${id}`).form({ title: 'Final report', assignee_id: helper.id }).withCsrfToken().loginAs(boss).redirects(0)
    assert.lengthOf(await Notification.query().where('user_id', helper.id).where('kind', 'task'), 1)
    ;(await client.get(`/tasks/${id}`).loginAs(helper)).assertStatus(200)
    ;(await client.get(`/tasks/${id}`).loginAs(worker)).assertStatus(404)

    const removed = await client.delete(`/tasks/${id}`).withCsrfToken().loginAs(boss).redirects(0)
    removed.assertStatus(302)
    assert.isNull(await Task.find(id))
  })
})

test.group('Workbench cards', () => {
  test('my open tasks, overdue first, and unread notifications appear on the workbench', async ({ client, assert }) => {
    const user = await makeUser({ locale: 'en' })
    await createTask({ title: 'Due later', assigneeId: user.id, createdBy: user.id, dueAt: DateTime.now().plus({ days: 3 }) })
    await createTask({ title: 'Way overdue', assigneeId: user.id, createdBy: user.id, dueAt: DateTime.now().minus({ days: 3 }) })
    await notify({ userIds: [user.id], title: T('请看', 'Please look') })
    const html = (await client.get('/').loginAs(user)).text()
    assert.include(html, 'data-test="widget-tasks"')
    const order = [...html.matchAll(/data-test="widget-task">\s*<a[^>]*>([^<]+)</g)].map((m) => m[1])
    assert.deepEqual(order, ['Way overdue', 'Due later'])
    assert.include(html, 'data-test="widget-notifications"')
    assert.include(html, 'Please look')
    assert.notInclude(html, 'data-test="workbench-empty"')
  })
})
