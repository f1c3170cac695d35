/*
 * Moves a document through its state machine in one transaction: checks the
 * transition is allowed, runs the plugins' before-hooks (any may veto), gives
 * the document its number on submit, saves, audits, runs the after-hooks
 * (where plugins write ledger rows or reversals through `trx`). Anything that
 * throws rolls all of it back.
 */
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { DateTime } from 'luxon'
import plugins from '#services/plugins'
import { runDocumentHooks } from '#kernel/plugins/document_hooks'
import { nextNumber } from './number_series.js'
import { canTransition, hooksFor, STAMP_COLUMN, DOCUMENT_STATES, type DocumentState } from './document_states.js'
import { DocumentStateError } from './document_errors.js'
import { TRANSITIONING, type DocumentModel, type DocumentRow } from './document_model.js'
import { runTransitionGates } from './transition_gates.js'
import { AUDIT_ACTION, AUDIT_USER, rowColumns } from './audit.js'
import { emitRecordChange } from '#kernel/records/record_events'
import { afterCommit, automationDepth } from '#kernel/records/after_commit'

export interface TransitionOptions {
  /** Who acts (audit, hooks); null for the system */
  user: { id: number } | null
  /** Run inside the caller's transaction instead of a new one */
  trx?: TransactionClientContract
}

const STAMP_PROPERTY: Record<string, 'submittedAt' | 'confirmedAt' | 'cancelledAt'> = {
  submitted_at: 'submittedAt',
  confirmed_at: 'confirmedAt',
  cancelled_at: 'cancelledAt',
}

export async function transition<T extends DocumentRow>(doc: T, to: DocumentState, options: TransitionOptions): Promise<T> {
  const Model = doc.constructor as unknown as DocumentModel
  const type = Model.documentType
  const declared = plugins.documentType(type)
  const userId = options.user?.id ?? null
  let before: Record<string, unknown> = {}

  const run = async (trx: TransactionClientContract) => {
    const query = Model.query({ client: trx }).where(Model.primaryKey, doc.$primaryKeyValue as any)
    // PostgreSQL: lock the row so two users confirming at once queue up; SQLite serialises writers anyway.
    if (trx.dialect.name === 'postgres') query.forUpdate()
    const fresh = (await query.first()) as T | null
    if (!fresh) throw new DocumentStateError('documents.errors.not_found', { type })

    const from = fresh.state
    before = rowColumns(fresh, 'original')
    // The usual loser of a race: someone else just did the same thing.
    if (from === to) throw new DocumentStateError('documents.errors.already', { state: to, number: fresh.number ?? '' })
    if (!DOCUMENT_STATES.includes(to) || !canTransition(from, to, { posts: declared?.posts })) {
      throw new DocumentStateError('documents.errors.transition', { from, to, number: fresh.number ?? '' })
    }

    const hooks = hooksFor(to)
    const event = { type, document: fresh, from, to, trx, userId }
    await runTransitionGates('before', event)
    if (hooks) await runDocumentHooks(hooks.before, event)

    if (to === 'submitted' && !fresh.number) fresh.number = await nextNumber(type, trx)
    fresh.state = to
    const stamp = STAMP_COLUMN[to]
    if (stamp) fresh[STAMP_PROPERTY[stamp]] = DateTime.now()

    const marked = fresh as any
    marked[TRANSITIONING] = true
    marked[AUDIT_ACTION] = 'transition'
    marked[AUDIT_USER] = userId
    try {
      fresh.useTransaction(trx)
      await fresh.save()
    } finally {
      delete marked[TRANSITIONING]
      delete marked[AUDIT_ACTION]
      delete marked[AUDIT_USER]
    }

    if (hooks) await runDocumentHooks(hooks.after, event)
    await runTransitionGates('after', event)
    return fresh
  }

  const saved = options.trx ? await run(options.trx) : await db.transaction(run)
  // Announced once committed: automation rules and webhooks listen (app/records/record_events.ts).
  const change = { type, id: saved.$primaryKeyValue as any, action: 'state_changed' as const, before, after: rowColumns(saved), userId, depth: automationDepth() }
  afterCommit(options.trx ?? null, () => emitRecordChange(change))
  // The caller's instance reflects the committed row.
  doc.$attributes = { ...saved.$attributes }
  doc.$hydrateOriginals()
  return doc
}
