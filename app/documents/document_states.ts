/*
 * The document state machine every business document shares:
 *   draft → submitted → confirmed (orders) | posted (ledger documents) → done
 *   draft | submitted | confirmed | posted → cancelled
 *   submitted → draft (withdrawn for changes)
 * Only draft documents may be edited or deleted.
 */
import type { DocumentHookName } from '#kernel/plugins/define_plugin'

export const DOCUMENT_STATES = ['draft', 'submitted', 'confirmed', 'posted', 'done', 'cancelled'] as const
export type DocumentState = (typeof DOCUMENT_STATES)[number]

const TRANSITIONS: Record<DocumentState, DocumentState[]> = {
  draft: ['submitted', 'cancelled'],
  submitted: ['confirmed', 'posted', 'draft', 'cancelled'],
  confirmed: ['done', 'cancelled'],
  posted: ['done', 'cancelled'],
  done: [],
  cancelled: [],
}

/**
 * Whether `from → to` is allowed. A posting type (declared `posts: true`)
 * goes submitted → posted, any other submitted → confirmed.
 */
export function canTransition(from: DocumentState, to: DocumentState, options: { posts?: boolean } = {}): boolean {
  if (!TRANSITIONS[from]?.includes(to)) return false
  if (from === 'submitted' && to === 'posted' && !options.posts) return false
  if (from === 'submitted' && to === 'confirmed' && options.posts) return false
  return true
}

export function nextStates(from: DocumentState, options: { posts?: boolean } = {}): DocumentState[] {
  return (TRANSITIONS[from] ?? []).filter((to) => canTransition(from, to, options))
}

/** The before/after hooks a transition runs (none for withdrawing to draft). */
export function hooksFor(to: DocumentState): { before: DocumentHookName; after: DocumentHookName } | null {
  switch (to) {
    case 'submitted':
      return { before: 'beforeSubmit', after: 'afterSubmit' }
    case 'confirmed':
      return { before: 'beforeConfirm', after: 'afterConfirm' }
    case 'posted':
      return { before: 'beforePost', after: 'afterPost' }
    case 'done':
      return { before: 'beforeComplete', after: 'afterComplete' }
    case 'cancelled':
      return { before: 'beforeCancel', after: 'afterCancel' }
    default:
      return null
  }
}

/** Column stamped with the time of entering a state. */
export const STAMP_COLUMN: Partial<Record<DocumentState, string>> = {
  submitted: 'submitted_at',
  confirmed: 'confirmed_at',
  posted: 'confirmed_at',
  cancelled: 'cancelled_at',
}

export function isEditable(state: string | null | undefined): boolean {
  return !state || state === 'draft'
}
