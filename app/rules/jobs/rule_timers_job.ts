/*
 * Kernel job loom_kernel.rule_timers: the timed automation events (a date N
 * days away, no activity for N days). See app/rules/rule_timers.ts.
 */
import type { JobContext } from '#services/jobs'
import { runRuleTimers } from '../rule_timers.js'

export default async function (ctx: JobContext) {
  const { fired } = await runRuleTimers()
  await ctx.progress(100, `${fired} rule(s) fired`)
}
