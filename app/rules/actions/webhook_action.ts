/*
 * Automation action "call a webhook": POSTs the record as JSON to a URL, with
 * a timeout, signed with HMAC-SHA256 when a secret is set:
 *
 *   X-Loom-Signature: sha256=<hex of HMAC-SHA256(secret, raw body)>
 *
 * A response other than 2xx, a timeout or a refused connection is the run's
 * error (with the status code), never the user's.
 */
import { createHmac } from 'node:crypto'
import vine from '@vinejs/vine'
import type { BuiltinAction } from './builtin_action.js'

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5000

/** The signature header's value for a body. */
export function webhookSignature(secret: string, body: string) {
  return 'sha256=' + createHmac('sha256', secret).update(body).digest('hex')
}

export const webhookAction: BuiltinAction = {
  id: 'webhook',
  label: { 'zh-CN': '调用 Webhook', 'en': 'Call a webhook' },
  options: vine.object({
    url: vine.string().trim().maxLength(500).url({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }),
    secret: vine.string().trim().maxLength(200).optional(),
    timeout_ms: vine.number().withoutDecimals().min(100).max(30000).optional(),
  }),
  async run(context) {
    const body = JSON.stringify({
      rule: context.rule,
      event: context.event,
      recordType: context.recordType,
      recordId: context.recordId,
      record: context.record,
      before: context.before,
      sentAt: new Date().toISOString(),
    })
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Loom-Automation', 'x-loom-event': context.event }
    if (context.options.secret) headers['x-loom-signature'] = webhookSignature(context.options.secret, body)
    const timeout = context.options.timeout_ms ?? DEFAULT_WEBHOOK_TIMEOUT_MS
    let response: Response
    try {
      response = await fetch(context.options.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeout), redirect: 'manual' })
    } catch (error: any) {
      const reason = error?.name === 'TimeoutError' ? `no answer within ${timeout} ms` : (error?.cause?.code ?? error?.message ?? String(error))
      throw new Error(`POST ${context.options.url} failed: ${reason}`)
    }
    await response.arrayBuffer().catch(() => null)
    if (!response.ok) throw new Error(`POST ${context.options.url} answered HTTP ${response.status}`)
    return `HTTP ${response.status}`
  },
}
