/*
 * The ledger operations inventory's api.ts offers (posting, reversal,
 * reservations, expectations, stock figures). Contract in ../api.ts;
 * design in docs/decisions/014-stock-ledger.md.
 */
export { postMoves, reverseDocumentMoves } from './ledger_post.js'
export { reserve, releaseReservations, consumeReservation, setExpectation, clearExpectations, stockOf, availableToPromise } from './ledger_stock.js'
export { balanceAt, valueAt } from './valuation_report.js'
export type { BalanceAtRow, ValueAtResult } from './valuation_report.js'
