/*
 * Work that must wait until a write is committed (record change events,
 * automation rules), and how deep in a chain of automated changes the
 * current code runs.
 *
 * `afterCommit(client, fn)` runs fn once the transaction commits (never when
 * it rolls back), or at once when the write was not in a transaction. The
 * work runs in the background of the save — a slow webhook never holds up a
 * user — and `settleAfterCommitWork()` waits for it (tests, shutdown).
 *
 * `automationDepth()` is 0 for a person's change; automation rules run their
 * actions inside `withAutomationDepth(depth + 1, …)`, so any record a rule
 * writes (through a model or the generic writer) announces depth + 1.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import logger from '@adonisjs/core/services/logger'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'

const depthStorage = new AsyncLocalStorage<number>()
const pending = new Set<Promise<unknown>>()

export function automationDepth(): number {
  return depthStorage.getStore() ?? 0
}

export function withAutomationDepth<T>(depth: number, fn: () => T): T {
  return depthStorage.run(depth, fn)
}

function start(fn: () => Promise<unknown>, depth: number) {
  const promise = withAutomationDepth(depth, fn)
    .catch((error) => logger.error({ err: error }, 'work after a commit failed'))
    .finally(() => pending.delete(promise))
  pending.add(promise)
}

/** Runs `fn` after `client`'s transaction commits, or now (in the background) outside a transaction. */
export function afterCommit(client: QueryClientContract | TransactionClientContract | null | undefined, fn: () => Promise<unknown>) {
  const depth = automationDepth()
  if (client && client.isTransaction) {
    ;(client as TransactionClientContract).after('commit', () => start(fn, depth))
  } else {
    start(fn, depth)
  }
}

/** Waits until every piece of after-commit work (and whatever it started) has finished. */
export async function settleAfterCommitWork(): Promise<void> {
  while (pending.size) await Promise.allSettled([...pending])
}
