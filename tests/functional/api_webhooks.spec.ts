import { test } from '@japa/runner'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHmac } from 'node:crypto'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import { makeUser } from '#tests/helpers/access'
import { deliverDue, FIRST_RETRY_MS, idle, MAX_ATTEMPTS } from '#kernel/webhooks/webhooks'
import { jobs } from '#services/jobs'
import deliverJob from '#kernel/webhooks/deliver_webhooks_job'

interface Received {
  headers: IncomingHttpHeaders
  body: string
}

/** An HTTP receiver on 127.0.0.1 answering with the given status codes in turn (the last one repeats). */
async function receiver(statuses: number[]) {
  const received: Received[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)]
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status >= 400 ? `boom ${status}` : 'thanks')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  return { url, received, close: () => new Promise((r) => server.close(r)) }
}

async function admin(locale = 'en') {
  return makeUser({ permissions: ['admin.webhooks.manage'], locale })
}

async function subscribe(client: any, user: User, url: string, events: string[] = ['kernel:record.created']) {
  const response = await client.post('/admin/webhooks').form({ name: 'CRM sync', url, events }).withCsrfToken().loginAs(user)
  response.assertStatus(201)
  return response.text().match(/data-test="secret-value">([^<]+)</)![1]
}

async function createContact(client: any, name = 'Acme') {
  const user = await makeUser({ permissions: ['fixrec.contact.view', 'fixrec.contact.create', 'fixrec.contact.edit'] })
  const token = await User.accessTokens.create(user, ['*'], { name: 't' })
  const response = await client.post('/api/v1/records/fixrec.contact').json({ name, credit_limit: '99.5' }).bearerToken(token.value!.release())
  response.assertStatus(201)
  return response.body().data
}

test.group('Webhooks', (group) => {
  group.each.setup(() => {
    process.env.LOOM_WEBHOOKS_ALLOW_PRIVATE = 'true'
    return testUtils.db().withGlobalTransaction()
  })
  group.each.teardown(async () => {
    await idle()
    delete process.env.LOOM_WEBHOOKS_ALLOW_PRIVATE
  })

  test('the admin page needs admin.webhooks.manage; the secret is shown once', async ({ client, assert }) => {
    const nobody = await makeUser()
    ;(await client.get('/admin/webhooks').loginAs(nobody)).assertStatus(403)
    const user = await admin()
    const empty = await client.get('/admin/webhooks').loginAs(user)
    empty.assertStatus(200)
    assert.include(empty.text(), 'No webhooks yet')
    const secret = await subscribe(client, user, 'http://127.0.0.1:9/hook')
    assert.match(secret, /^whsec_/)
    const page = await client.get('/admin/webhooks').loginAs(user)
    assert.include(page.text(), 'CRM sync')
    assert.notInclude(page.text(), secret)
  })

  test('bad URL, no events, unknown event names: 422 naming the field, nothing saved', async ({ client, assert }) => {
    const user = await admin('zh-CN')
    const response = await client.post('/admin/webhooks').form({ name: 'X', url: 'ftp://x', other_events: 'Not An Event' }).withCsrfToken().loginAs(user)
    response.assertStatus(422)
    assert.include(response.text(), '请输入 http(s) 网址')
    assert.include(response.text(), '未知事件“Not”')
    const none = await client.post('/admin/webhooks').form({ name: 'X', url: 'https://example.com/h' }).withCsrfToken().loginAs(user)
    none.assertStatus(422)
    assert.include(none.text(), '请至少选择一个事件')
    assert.lengthOf(await db.from('webhooks'), 0)
  })

  test('private and loopback addresses are refused unless LOOM_WEBHOOKS_ALLOW_PRIVATE=true', async ({ client, assert }) => {
    delete process.env.LOOM_WEBHOOKS_ALLOW_PRIVATE
    const user = await admin()
    for (const url of ['http://127.0.0.1:8080/x', 'http://10.1.2.3/x', 'http://[::1]/x', 'http://169.254.169.254/latest', 'http://localhost/x']) {
      const response = await client.post('/admin/webhooks').form({ name: 'X', url, events: ['kernel:record.created'] }).withCsrfToken().loginAs(user)
      response.assertStatus(422)
      assert.include(response.text(), 'private or local', url)
    }
    assert.lengthOf(await db.from('webhooks'), 0)
  })

  test('a record created through the API is delivered signed (HMAC of timestamp.body) with exact money', async ({ client, assert }) => {
    const hook = await receiver([200])
    try {
      const user = await admin()
      const secret = await subscribe(client, user, hook.url)
      const contact = await createContact(client)
      await idle()
      assert.lengthOf(hook.received, 1)
      const { headers, body } = hook.received[0]
      const expected = 'sha256=' + createHmac('sha256', secret).update(`${headers['x-loom-timestamp']}.${body}`).digest('hex')
      assert.equal(headers['x-loom-signature'], expected)
      assert.equal(headers['x-loom-event'], 'kernel:record.created')
      const payload = JSON.parse(body)
      assert.equal(payload.event, 'kernel:record.created')
      assert.equal(payload.data.type, 'fixrec.contact')
      assert.equal(payload.data.after.id, contact.id)
      assert.strictEqual(payload.data.after.credit_limit, '99.5')
      assert.equal(String(headers['x-loom-delivery']), String(payload.id))

      const delivery = await db.from('webhook_deliveries').where('id', payload.id).first()
      assert.equal(delivery.status, 'delivered')
      assert.equal(delivery.response_status, 200)
      assert.equal(Number(delivery.attempts), 1)
      const log = await client.get(`/admin/webhooks/${delivery.webhook_id}`).loginAs(user)
      assert.include(log.text(), 'Delivered')
    } finally {
      await hook.close()
    }
  })

  test('500 then 200: retried by the job after the back-off, every attempt logged; the same body and signature scheme', async ({ client, assert }) => {
    const hook = await receiver([500, 200])
    try {
      const user = await admin()
      await subscribe(client, user, hook.url)
      await createContact(client)
      await idle()
      assert.lengthOf(hook.received, 1)
      let delivery = await db.from('webhook_deliveries').first()
      assert.equal(delivery.status, 'pending')
      assert.equal(delivery.response_status, 500)
      assert.equal(delivery.response_excerpt, 'boom 500')
      assert.equal(Number(delivery.attempts), 1)
      const retryAt = Number(delivery.next_attempt_at)
      assert.isAtLeast(retryAt, Date.now() + FIRST_RETRY_MS - 5000)

      // Not due yet: the job sends nothing.
      assert.equal(await deliverDue(Date.now()), 0)
      assert.lengthOf(hook.received, 1)
      // Due: sent again, delivered.
      assert.equal(await deliverDue(retryAt + 1), 1)
      assert.lengthOf(hook.received, 2)
      assert.equal(hook.received[1].body, hook.received[0].body)
      delivery = await db.from('webhook_deliveries').first()
      assert.equal(delivery.status, 'delivered')
      assert.equal(delivery.response_status, 200)
      assert.equal(Number(delivery.attempts), 2)
      assert.isNull(delivery.next_attempt_at)

      const log = await client.get(`/admin/webhooks/${delivery.webhook_id}`).loginAs(user)
      assert.include(log.text(), 'data-test="delivery-code">200')
    } finally {
      await hook.close()
    }
  })

  test('a receiver that keeps failing is given up after the last attempt, with growing pauses', async ({ client, assert }) => {
    const hook = await receiver([503])
    try {
      await subscribe(client, await admin(), hook.url)
      await createContact(client)
      await idle()
      let now = Date.now()
      const pauses: number[] = []
      for (let i = 1; i < MAX_ATTEMPTS; i++) {
        const row = await db.from('webhook_deliveries').first()
        pauses.push(Number(row.next_attempt_at) - now)
        now = Number(row.next_attempt_at) + 1
        await deliverDue(now)
      }
      const row = await db.from('webhook_deliveries').first()
      assert.equal(row.status, 'failed')
      assert.equal(Number(row.attempts), MAX_ATTEMPTS)
      assert.lengthOf(hook.received, MAX_ATTEMPTS)
      for (let i = 1; i < pauses.length; i++) assert.isAbove(pauses[i], pauses[i - 1])
    } finally {
      await hook.close()
    }
  })

  test('an inactive webhook or one for other events gets nothing; deleting asks first and removes its log', async ({ client, assert }) => {
    const hook = await receiver([200])
    try {
      const user = await admin()
      await subscribe(client, user, hook.url, ['kernel:record.updated'])
      await createContact(client)
      await idle()
      assert.lengthOf(hook.received, 0)
      const row = await db.from('webhooks').first()
      await client.post(`/admin/webhooks/${row.id}/toggle`).withCsrfToken().loginAs(user).redirects(0)
      assert.isFalse(!!(await db.from('webhooks').first()).active)
      const page = await client.get('/admin/webhooks').loginAs(user)
      assert.include(page.text(), 'data-test="delete-webhook"')
      ;(await client.post(`/admin/webhooks/${row.id}/delete`).withCsrfToken().loginAs(user).redirects(0)).assertStatus(302)
      assert.lengthOf(await db.from('webhooks'), 0)
    } finally {
      await hook.close()
    }
  })

  test('the kernel job sends due retries and forgets day-old idempotency keys', async ({ client, assert }) => {
    const hook = await receiver([500, 200])
    try {
      await subscribe(client, await admin(), hook.url)
      const contactMaker = await makeUser()
      await db.table('api_idempotency_keys').insert({
        user_id: contactMaker.id, idem_key: 'old', method: 'POST', path: '/x', request_hash: 'h', owner_token: 'o', status: 'done',
        response_status: 201, response_body: '{}', created_at: new Date(Date.now() - 25 * 3600 * 1000),
      })
      await createContact(client)
      await idle()
      await db.from('webhook_deliveries').update({ next_attempt_at: Date.now() - 1 })
      // The scheduler runs it every minute (runJob's lock cannot run inside the test's global transaction).
      const job = jobs().find((j) => j.id === 'loom_kernel.deliver_webhooks')
      assert.equal(job?.interval, '1m')
      await deliverJob({ progress: async () => {} } as any)
      assert.lengthOf(hook.received, 2)
      assert.equal((await db.from('webhook_deliveries').first()).status, 'delivered')
      assert.lengthOf(await db.from('api_idempotency_keys').where('idem_key', 'old'), 0)
    } finally {
      await hook.close()
    }
  })
})
