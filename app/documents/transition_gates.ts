/*
 * Transition gates: kernel engines (approvals) that take part in every
 * document transition without the documents module knowing them. A gate's
 * `before` runs before the plugins' before-hooks and may refuse by throwing
 * (a DocumentStateError with a message key, or a HookVeto); its `after` runs
 * after the plugins' after-hooks, in the same transaction (`event.trx`).
 * Gates run for every transition, withdrawing to draft included.
 */
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { DocumentState } from './document_states.js'
import type { DocumentRow } from './document_model.js'

export interface TransitionGateEvent {
  type: string
  document: DocumentRow
  from: DocumentState
  to: DocumentState
  trx: TransactionClientContract
  userId: number | null
}

export interface TransitionGate {
  before?: (event: TransitionGateEvent) => unknown | Promise<unknown>
  after?: (event: TransitionGateEvent) => unknown | Promise<unknown>
}

const gates = new Map<string, TransitionGate>()

/** Registers (or replaces) the gate called `name`. */
export function registerTransitionGate(name: string, gate: TransitionGate) {
  gates.set(name, gate)
}

export async function runTransitionGates(phase: 'before' | 'after', event: TransitionGateEvent) {
  for (const gate of gates.values()) await gate[phase]?.(event)
}
