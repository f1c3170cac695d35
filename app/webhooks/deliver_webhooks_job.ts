/*
 * Job loom_kernel.deliver_webhooks (every minute): sends webhook deliveries
 * that are due, first attempts that could not be sent at once and retries.
 */
import type { JobContext } from '#services/jobs'
import { deliverDue } from './webhooks.js'

export default async function (ctx: JobContext) {
  const sent = await deliverDue()
  await ctx.progress(100, `${sent} sent`)
}
