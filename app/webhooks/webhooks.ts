/*
 * Outgoing webhooks. Admins subscribe a URL to events (/admin/webhooks).
 * When an event fires, one delivery row per subscribed webhook is queued
 * (webhook_deliveries) and sent once at once in the background; the job
 * `loom_kernel.deliver_webhooks` sends what is due (retries) every minute.
 *
 * A delivery is a POST of JSON:
 *   { "id": 17, "event": "kernel:record.created", "created_at": "…", "data": { … } }
 * with headers
 *   X-Loom-Event, X-Loom-Delivery (the id), X-Loom-Timestamp (unix seconds),
 *   X-Loom-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the webhook's secret>
 * A 2xx answer delivers it; anything else is retried after 30 s, 1, 2, 4, 8 …
 * minutes, up to MAX_ATTEMPTS, then marked failed. Every attempt's status
 * code and the start of the answer are logged on the delivery.
 *
 * URLs pointing at private, loopback or link-local addresses are refused
 * (SSRF) unless LOOM_WEBHOOKS_ALLOW_PRIVATE=true.
 */
import { createHmac, randomBytes } from 'node:crypto'
import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import plugins from '#services/plugins'
import type { RecordChange } from '#kernel/records/record_events'
import { fieldsOf } from '#kernel/records/fields'
import { recordJson } from '#kernel/api/record_json'
import { dbTimestamp } from '#kernel/records/record_writer'

export const RECORD_EVENTS = ['kernel:record.created', 'kernel:record.updated', 'kernel:record.deleted', 'kernel:record.state_changed'] as const
export const EVENT_NAME = /^[a-z][a-z0-9_]*:[a-z0-9_]+(\.[a-z0-9_]+)+$/
export const MAX_ATTEMPTS = 6
export const FIRST_RETRY_MS = 30_000
const TIMEOUT_MS = 10_000
const LOCK_MS = 60_000
const EXCERPT = 500

/** Events an admin can pick: record changes and the events plugins listen to. */
export function knownEvents(): string[] {
  const names = new Set<string>(RECORD_EVENTS)
  for (const p of plugins.enabled()) for (const name of Object.keys(p.manifest?.listeners ?? {})) if (EVENT_NAME.test(name)) names.add(name)
  return [...names].sort()
}

export function newSecret(): string {
  return `whsec_${randomBytes(24).toString('hex')}`
}

export function sign(secret: string, timestamp: number, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
}

export function allowPrivateTargets(): boolean {
  return process.env.LOOM_WEBHOOKS_ALLOW_PRIVATE === 'true'
}

function isPrivateAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address
  if (isIP(v4) === 4) {
    const [a, b] = v4.split('.').map(Number)
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)
  }
  const lower = address.toLowerCase()
  return lower === '::1' || lower === '::' || lower.startsWith('fc') || lower.startsWith('fd') || lower.startsWith('fe80')
}

/** Why a URL may not receive webhooks (an i18n key), or null when it may. */
export async function urlProblem(raw: string): Promise<string | null> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return 'api.webhooks.errors.url'
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'api.webhooks.errors.url'
  if (allowPrivateTargets()) return null
  const host = url.hostname.replace(/^\[|\]$/g, '')
  try {
    const addresses = isIP(host) ? [{ address: host }] : await lookup(host, { all: true })
    if (addresses.some((a) => isPrivateAddress(a.address))) return 'api.webhooks.errors.private'
  } catch {
    // A name that does not resolve now may later; sending will fail and be retried.
  }
  return null
}

function jsonSafe(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))
}

/** The `data` of a delivery: record changes as API JSON (money as decimal strings), other events as sent. */
async function eventData(event: string, payload: unknown): Promise<unknown> {
  if (!event.startsWith('kernel:record.')) return jsonSafe(payload ?? null)
  const change = payload as RecordChange
  const recordType = plugins.recordType(change.type)
  const fields = recordType ? await fieldsOf(recordType) : []
  const shape = (row: Record<string, unknown> | null) => (row ? (recordType ? recordJson(row, fields, new Set()) : jsonSafe(row)) : null)
  return { type: change.type, id: change.id, action: change.action, user_id: change.userId, before: shape(change.before), after: shape(change.after) }
}

const inFlight = new Set<Promise<unknown>>()

/** Resolves when the background sends started so far are done (tests, shutdown). */
export async function idle(): Promise<void> {
  while (inFlight.size) await Promise.all([...inFlight])
}

/** Runs work after the current request's code, remembered so idle() can wait for it. */
export function background(work: Promise<unknown>) {
  inFlight.add(work)
  void work.finally(() => inFlight.delete(work))
}

/** Queues one delivery per active webhook subscribed to `event`, then sends them in the background. */
export async function queueEvent(event: string, payload: unknown): Promise<number[]> {
  const hooks = await db.from('webhooks').where('active', true).select('id', 'events')
  const subscribed = hooks.filter((h) => {
    try {
      return (JSON.parse(h.events) as string[]).includes(event)
    } catch {
      return false
    }
  })
  if (!subscribed.length) return []
  const data = await eventData(event, payload)
  const ids: number[] = []
  const now = new Date()
  for (const hook of subscribed) {
    const [row] = await db
      .insertQuery()
      .table('webhook_deliveries')
      .returning('id')
      .insert({ webhook_id: hook.id, event, payload: '{}', status: 'pending', attempts: 0, next_attempt_at: now.getTime(), created_at: dbTimestamp(now, db.connection()) })
    const id = Number(typeof row === 'object' && row !== null ? (row as any).id : row)
    // The body carries its own id, so it is written once the id is known; it never changes after.
    const body = JSON.stringify({ id, event, created_at: now.toISOString(), data })
    await db.from('webhook_deliveries').where('id', id).update({ payload: body })
    ids.push(id)
  }
  background(Promise.all(ids.map((id) => attempt(id).catch((error) => logger.warn({ err: error, delivery: id }, 'webhook delivery failed')))))
  return ids
}

/** Sends one delivery if it is due and nobody else is sending it. Returns whether it was attempted. */
export async function attempt(id: number, now = Date.now()): Promise<boolean> {
  // Claim: only one sender per delivery, even with several Loom instances.
  const claimed = await db
    .from('webhook_deliveries')
    .where('id', id)
    .where('status', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((q) => q.whereNull('locked_until').orWhere('locked_until', '<', now))
    .update({ locked_until: now + LOCK_MS })
  if (!Number(Array.isArray(claimed) ? claimed[0] : claimed)) return false

  const delivery = await db.from('webhook_deliveries').where('id', id).first()
  const hook = await db.from('webhooks').where('id', delivery.webhook_id).first()
  const attempts = Number(delivery.attempts) + 1
  let status: number | null = null
  let excerpt: string | null = null
  let error: string | null = null

  const problem = hook ? await urlProblem(hook.url) : 'gone'
  if (!hook || !hook.active || problem) {
    error = !hook || !hook.active ? 'webhook inactive or deleted' : `refused URL (${problem})`
  } else {
    const timestamp = Math.floor(Date.now() / 1000)
    try {
      const response = await fetch(hook.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Loom-Webhooks/1',
          'X-Loom-Event': delivery.event,
          'X-Loom-Delivery': String(id),
          'X-Loom-Timestamp': String(timestamp),
          'X-Loom-Signature': sign(hook.secret, timestamp, delivery.payload),
        },
        body: delivery.payload,
      })
      status = response.status
      excerpt = (await response.text().catch(() => '')).slice(0, EXCERPT)
    } catch (e) {
      error = e instanceof Error ? e.message : String(e)
    }
  }

  const ok = status !== null && status >= 200 && status < 300
  const last = attempts >= MAX_ATTEMPTS || !hook
  await db
    .from('webhook_deliveries')
    .where('id', id)
    .update({
      attempts,
      response_status: status,
      response_excerpt: excerpt,
      error,
      status: ok ? 'delivered' : last ? 'failed' : 'pending',
      next_attempt_at: ok || last ? null : now + FIRST_RETRY_MS * 2 ** (attempts - 1),
      locked_until: null,
      delivered_at: ok ? dbTimestamp(new Date(), db.connection()) : null,
    })
  return true
}

/** Sends every delivery that is due (the job). Returns how many were attempted. */
export async function deliverDue(now = Date.now(), limit = 100): Promise<number> {
  const due = await db
    .from('webhook_deliveries')
    .where('status', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((q) => q.whereNull('locked_until').orWhere('locked_until', '<', now))
    .orderBy('id')
    .limit(limit)
    .select('id')
  let sent = 0
  for (const { id } of due) if (await attempt(Number(id), now)) sent++
  return sent
}
