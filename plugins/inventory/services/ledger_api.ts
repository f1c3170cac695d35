/*
 * The ledger operations inventory's api.ts offers (posting, reversal,
 * reservations, expectations, stock figures). Contract in ../api.ts.
 * TODO(inv-core): implemented by the stock ledger work (issue 4).
 */
import type { Trx, MoveInput, PostedMove, ReserveInput, DocumentRef, ExpectationInput, StockFigures } from '../api.js'
import type { Quantity } from '#kernel/numbers/index'

const pending = (name: string) => new Error(`inventory: ${name} is not built yet`)

/** Posts moves: checks them, updates balances and valuation. Refuses with a StockError. */
export async function postMoves(_trx: Trx, _moves: MoveInput[], _options: { userId?: number | null } = {}): Promise<PostedMove[]> {
  throw pending('postMoves')
}

/** Appends the reversal of every not-yet-reversed move of a document (cancellation). */
export async function reverseDocumentMoves(_trx: Trx, _ref: DocumentRef, _options: { userId?: number | null; postedAt?: import('luxon').DateTime } = {}): Promise<PostedMove[]> {
  throw pending('reverseDocumentMoves')
}

/** Reserves available stock for a document line; returns the quantity reserved. */
export async function reserve(_trx: Trx, _input: ReserveInput): Promise<Quantity> {
  throw pending('reserve')
}

/** Releases the open reservations of a document (or one of its lines). */
export async function releaseReservations(_trx: Trx, _ref: DocumentRef): Promise<void> {
  throw pending('releaseReservations')
}

/** Turns reserved quantity of a line into consumed (call when issuing against it). */
export async function consumeReservation(_trx: Trx, _ref: DocumentRef & { quantity: Quantity | string }): Promise<void> {
  throw pending('consumeReservation')
}

/** Sets the open expected quantity of a document line (on order, planned in/out). */
export async function setExpectation(_trx: Trx, _input: ExpectationInput): Promise<void> {
  throw pending('setExpectation')
}

/** Removes every expectation of a document (or one line). */
export async function clearExpectations(_trx: Trx, _ref: DocumentRef): Promise<void> {
  throw pending('clearExpectations')
}

/** Stock figures of an item, in a warehouse / location / lot or everywhere. */
export async function stockOf(_itemId: number, _where: { warehouseId?: number; locationId?: number; lotId?: number } = {}, _trx?: Trx): Promise<StockFigures> {
  throw pending('stockOf')
}

/** On-hand − reserved + expected receipts up to the date − planned issues up to the date. */
export async function availableToPromise(_itemId: number, _options: { warehouseId?: number; date: string }, _trx?: Trx): Promise<Quantity> {
  throw pending('availableToPromise')
}
