import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Role from '#models/role'
import User from '#models/user'
import Notification from '#models/notification'
import Task from '#models/task'
import { notify, unreadCount } from '#kernel/notifications/notify'
import { createTask, setTaskDone, TaskInputError } from '#kernel/notifications/tasks'
import { flushNotificationMail } from '#kernel/notifications/mail'
import { onEvent } from '#services/events'
import { makeUser } from '#tests/helpers/access'
import { captureMail } from '#tests/helpers/smtp_capture'

const T = (zh: string, en: string) => ({ 'zh-CN': zh, 'en': en })

async function giveRole(user: User, code: string) {
  let role = await Role.findBy('code', code)
  if (!role) role = await Role.create({ code, name: code, isSuperuser: false })
  await db.table('user_roles').insert({ user_id: user.id, role_id: role.id })
}

async function notificationsOf(userId: number) {
  return Notification.query().where('user_id', userId).orderBy('id')
}

test.group('notify()', () => {
  test('named users and role holders get one notification each; inactive and excluded users none', async ({ assert }) => {
    const a = await makeUser()
    const b = await makeUser()
    const inactive = await makeUser({ isActive: false })
    const actor = await makeUser()
    const code = `notify_role_${Date.now()}`
    await giveRole(a, code)
    await giveRole(b, code)
    await giveRole(inactive, code)
    await giveRole(actor, code)
    const other = `${code}_2`
    await giveRole(a, other)

    const created = await notify({
      userIds: [a.id, a.id, inactive.id],
      roleCodes: [code, other],
      title: T('请审批', 'Please approve'),
      kind: 'approval',
      excludeUserId: actor.id,
    })
    assert.equal(created, 2)
    assert.lengthOf(await notificationsOf(a.id), 1)
    assert.lengthOf(await notificationsOf(b.id), 1)
    assert.lengthOf(await notificationsOf(inactive.id), 0)
    assert.lengthOf(await notificationsOf(actor.id), 0)
    const [row] = await notificationsOf(a.id)
    assert.equal(row.kind, 'approval')
    assert.equal(row.title('zh-CN'), '请审批')
    assert.equal(row.title('en'), 'Please approve')
    assert.isNull(row.readAt)
    assert.equal(await unreadCount(a.id), 1)
  })

  test('nobody to notify creates nothing; a missing title is refused', async ({ assert }) => {
    assert.equal(await notify({ userIds: [], roleCodes: ['no_such_role'], title: T('x', 'x') }), 0)
    await assert.rejects(() => notify({ userIds: [1], title: T('', '') }), /title/)
  })

  test('inside a transaction: rolled back with it', async ({ assert }) => {
    const user = await makeUser()
    await assert.rejects(() =>
      db.transaction(async (trx) => {
        assert.equal(await notify({ userIds: [user.id], title: T('回滚', 'Rolled back') }, trx), 1)
        throw new Error('boom')
      })
    )
    assert.lengthOf(await notificationsOf(user.id), 0)
  })

  test('an explicit url is kept; a record link stores type and id', async ({ assert }) => {
    const user = await makeUser()
    await notify({ userIds: [user.id], title: T('链接', 'Link'), url: '/documents/42' })
    await notify({ userIds: [user.id], title: T('记录', 'Record'), recordType: 'fixrec.contact', recordId: 7 })
    const [first, second] = await notificationsOf(user.id)
    assert.equal(first.url, '/documents/42')
    assert.equal(second.recordType, 'fixrec.contact')
    assert.equal(second.recordId, '7')
  })
})

test.group('notify() e-mail', () => {
  test('with SMTP configured, each recipient with an address gets a mail in their language, after commit', async ({ assert }) => {
    const mail = await captureMail()
    try {
      const en = await makeUser({ locale: 'en' })
      en.email = 'en-user@example.test'
      await en.save()
      const zh = await makeUser({ locale: 'zh-CN' })
      zh.email = 'zh-user@example.test'
      await zh.save()
      const noAddress = await makeUser()

      await db.transaction(async (trx) => {
        await notify(
          { userIds: [en.id, zh.id, noAddress.id], title: T('订单待审批', 'Order awaiting approval'), body: T('请尽快处理', 'Please act soon'), url: '/x/1' },
          trx
        )
        await flushNotificationMail()
        // Nothing leaves before the transaction commits.
        assert.lengthOf(mail.capture.messages, 0)
      })
      await flushNotificationMail()
      const byRecipient = Object.fromEntries(mail.capture.messages.map((m) => [m.to[0], m]))
      assert.sameMembers(Object.keys(byRecipient), ['en-user@example.test', 'zh-user@example.test'])
      assert.equal(byRecipient['en-user@example.test'].subject, 'Order awaiting approval')
      assert.include(byRecipient['en-user@example.test'].text, 'Please act soon')
      assert.include(byRecipient['en-user@example.test'].text, 'Open: /x/1')
      assert.equal(byRecipient['zh-user@example.test'].subject, '订单待审批')
      assert.include(byRecipient['zh-user@example.test'].text, '请尽快处理')
      assert.include(byRecipient['zh-user@example.test'].text, '打开：/x/1')
      assert.equal(byRecipient['zh-user@example.test'].from, 'loom@example.test')
    } finally {
      await mail.stop()
    }
  })

  test('a rolled-back notification sends no mail; an unreachable server is logged, not thrown', async ({ assert }) => {
    const mail = await captureMail()
    const user = await makeUser({ locale: 'en' })
    user.email = 'rollback@example.test'
    await user.save()
    try {
      await assert.rejects(() =>
        db.transaction(async (trx) => {
          await notify({ userIds: [user.id], title: T('回滚', 'Rolled back') }, trx)
          throw new Error('boom')
        })
      )
      await flushNotificationMail()
      assert.lengthOf(mail.capture.messages, 0)
    } finally {
      await mail.stop()
    }
    // The server is gone now: notify still succeeds.
    process.env.SMTP_HOST = '127.0.0.1'
    process.env.SMTP_PORT = String(mail.capture.port)
    try {
      assert.equal(await notify({ userIds: [user.id], title: T('无服务器', 'No server') }), 1)
      await flushNotificationMail()
    } finally {
      delete process.env.SMTP_HOST
      delete process.env.SMTP_PORT
    }
    assert.lengthOf(await notificationsOf(user.id), 1)
  })

  test('without SMTP configured nothing is sent', async ({ assert }) => {
    const mail = await captureMail()
    await mail.stop()
    const capture = mail.capture
    const user = await makeUser()
    user.email = 'nomail@example.test'
    await user.save()
    assert.equal(await notify({ userIds: [user.id], title: T('无邮件', 'No mail') }), 1)
    await flushNotificationMail()
    assert.lengthOf(capture.messages, 0)
  })
})

test.group('Tasks API', () => {
  test('createTask notifies the assignee when someone else created it, and announces kernel:task.created', async ({ assert }) => {
    const boss = await makeUser()
    const worker = await makeUser()
    const seen: number[] = []
    const off = onEvent('kernel:task.created', (p) => {
      seen.push(p.taskId)
    })
    try {
      const { id } = await createTask({ title: '  Call the supplier ', assigneeId: worker.id, createdBy: boss.id, recordType: 'fixrec.contact', recordId: 3 })
      const own = await createTask({ title: 'Note to self', assigneeId: boss.id, createdBy: boss.id })
      const task = await Task.findOrFail(id)
      assert.equal(task.title, 'Call the supplier')
      assert.equal(task.recordId, '3')
      assert.isFalse(task.done)
      const notes = await notificationsOf(worker.id)
      assert.lengthOf(notes, 1)
      assert.equal(notes[0].kind, 'task')
      assert.equal(notes[0].title('en'), 'New task: Call the supplier')
      assert.equal(notes[0].url, `/tasks/${id}`)
      assert.lengthOf(await notificationsOf(boss.id), 0)
      assert.includeMembers(seen, [id, own.id])
    } finally {
      off()
    }
  })

  test('a task from a rule (no creator) notifies its assignee; bad input names the field and writes nothing', async ({ assert }) => {
    const worker = await makeUser()
    const before = Number((await db.from('tasks').count('* as n').first()).n)
    const { id } = await createTask({ title: 'Follow up', assigneeId: worker.id, source: 'rule:1', dueAt: DateTime.now().plus({ days: 1 }) })
    assert.lengthOf(await notificationsOf(worker.id), 1)
    assert.equal((await Task.findOrFail(id)).source, 'rule:1')

    const inactive = await makeUser({ isActive: false })
    const fail = async (input: any, field: string) => {
      try {
        await createTask(input)
        assert.fail('expected a TaskInputError')
      } catch (error) {
        assert.instanceOf(error, TaskInputError)
        assert.equal((error as TaskInputError).field, field)
      }
    }
    await fail({ title: '   ', assigneeId: worker.id }, 'title')
    await fail({ title: 'x'.repeat(201), assigneeId: worker.id }, 'title')
    await fail({ title: 'ok', assigneeId: inactive.id }, 'assignee_id')
    await fail({ title: 'ok', assigneeId: 999999 }, 'assignee_id')
    const after = Number((await db.from('tasks').count('* as n').first()).n)
    assert.equal(after, before + 1)
  })

  test('inside a caller transaction: task and notification roll back together', async ({ assert }) => {
    const worker = await makeUser()
    await assert.rejects(() =>
      db.transaction(async (trx) => {
        await createTask({ title: 'Doomed', assigneeId: worker.id }, trx)
        throw new Error('boom')
      })
    )
    assert.lengthOf(await Task.query().where('assignee_id', worker.id), 0)
    assert.lengthOf(await notificationsOf(worker.id), 0)
  })

  test('setTaskDone: assignee and creator may toggle, anyone else gets 404; done is announced once', async ({ assert }) => {
    const boss = await makeUser()
    const worker = await makeUser()
    const stranger = await makeUser()
    const { id } = await createTask({ title: 'Ship it', assigneeId: worker.id, createdBy: boss.id })
    const done: number[] = []
    const off = onEvent('kernel:task.done', (p) => {
      done.push(p.userId!)
    })
    try {
      await assert.rejects(() => setTaskDone(id, true, stranger.id), /Not found/)
      assert.isNull((await Task.findOrFail(id)).doneAt)

      await setTaskDone(id, true, worker.id)
      await setTaskDone(id, true, worker.id)
      let task = await Task.findOrFail(id)
      assert.isTrue(task.done)
      assert.equal(task.doneBy, worker.id)
      assert.deepEqual(done, [worker.id])

      await setTaskDone(id, false, boss.id)
      task = await Task.findOrFail(id)
      assert.isFalse(task.done)
      assert.isNull(task.doneBy)
    } finally {
      off()
    }
  })

  test('toggling the same task twice at once leaves one consistent state and one event', async ({ assert }) => {
    const worker = await makeUser()
    const { id } = await createTask({ title: 'Race', assigneeId: worker.id, createdBy: worker.id })
    let events = 0
    const off = onEvent('kernel:task.done', (p) => {
      if (p.taskId === id) events++
    })
    try {
      await Promise.all([setTaskDone(id, true, worker.id), setTaskDone(id, true, worker.id), setTaskDone(id, true, worker.id)])
      const task = await Task.findOrFail(id)
      assert.isTrue(task.done)
      assert.equal(task.doneBy, worker.id)
      assert.equal(events, 1)
    } finally {
      off()
    }
  })
})
