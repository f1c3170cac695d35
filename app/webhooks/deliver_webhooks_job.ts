/*
 * Job loom_kernel.deliver_webhooks (every minute): sends webhook deliveries
 * that are due (first attempts that could not be sent at once, retries), and
 * forgets API idempotency keys older than a day.
 */
import db from '@adonisjs/lucid/services/db'
import type { JobContext } from '#services/jobs'
import { KEEP_KEYS_MS } from '#kernel/api/idempotency'
import { deliverDue } from './webhooks.js'

export default async function (ctx: JobContext) {
  const sent = await deliverDue()
  await db.from('api_idempotency_keys').where('created_at', '<', new Date(Date.now() - KEEP_KEYS_MS)).delete()
  await ctx.progress(100, `${sent} sent`)
}
