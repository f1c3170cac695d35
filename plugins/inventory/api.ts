/*
 * What other plugins may use of inventory (docs/plugins.md, "api.ts and the
 * import rules"). Everything that changes stock goes through here, inside the
 * caller's transaction, so a document and its stock commit together or not
 * at all: moves, reservations and expectations update the balances in the
 * same transaction (docs/decisions/014-stock-ledger.md).
 *
 * Quantities are in the item's base unit; amounts are Money / Quantity
 * (BIGINT micros in the database, never floats).
 */
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { DateTime } from 'luxon'
import type { Money, Quantity } from '#kernel/numbers/index'

export { StockError } from './services/stock_error.js'
export { currentUnitCost } from './services/cost_api.js'

export type Trx = TransactionClientContract

export type LocationKind =
  | 'view'
  | 'internal'
  | 'quarantine'
  | 'transit'
  | 'customer_supplied'
  | 'subcontractor'
  | 'supplier'
  | 'customer'
  | 'production'
  | 'adjustment'
  | 'scrap'

/** Kinds whose balances are kept (stock that is somewhere of ours). */
export const STOCK_LOCATION_KINDS: readonly LocationKind[] = ['internal', 'quarantine', 'transit', 'customer_supplied', 'subcontractor']
/** Of those, the kinds whose stock is valued as our own (customer-supplied material is not). */
export const VALUED_LOCATION_KINDS: readonly LocationKind[] = ['internal', 'quarantine', 'transit', 'subcontractor']

export interface MoveInput {
  itemId: number
  /** An existing lot/serial, or a code to find-or-create for the item (receipts). Required for tracked items. */
  lotId?: number | null
  lotCode?: string | null
  fromLocationId: number
  toLocationId: number
  /** Base-unit quantity, > 0 and within the base unit's precision. */
  quantity: Quantity | string
  /**
   * Cost per base unit for stock entering valuation from outside (supplier,
   * production, adjustment, customer_supplied → own). Omitted: the item's
   * current cost (moving average / FIFO layers) or its standard cost.
   */
  unitCost?: Money | string | null
  /** When it happened; defaults to now. Earlier than the item's last move = back-dated (revalues later moves). */
  postedAt?: DateTime
  documentType: string
  documentId: number
  documentNumber?: string | null
  documentLineId?: number | null
  note?: string | null
  /** The form field a refusal of this move belongs to (e.g. 'lines.2.quantity'); StockError.field. */
  field?: string | null
}

export interface PostedMove {
  id: number
  itemId: number
  lotId: number | null
  fromLocationId: number
  toLocationId: number
  quantity: Quantity
  unitCost: Money
  value: Money
}

export interface ReserveInput {
  itemId: number
  /** Reserve in this warehouse (its internal locations, most stock first) or at this one location. */
  warehouseId?: number
  locationId?: number
  lotId?: number | null
  quantity: Quantity | string
  documentType: string
  documentId: number
  documentLineId?: number | null
  requiredDate?: string | null
  /** true: reserve what is available and return it; false (default): all or a StockError. */
  allowPartial?: boolean
}

export interface DocumentRef {
  documentType: string
  documentId: number
  documentLineId?: number | null
}

export type ExpectationKind = 'on_order' | 'planned_in' | 'planned_out'

export interface ExpectationInput extends DocumentRef {
  kind: ExpectationKind
  itemId: number
  locationId: number
  /** The open quantity still expected; 0 removes the expectation. */
  quantity: Quantity | string
  expectedDate?: string | null
}

export interface StockFigures {
  onHand: Quantity
  reserved: Quantity
  available: Quantity
  onOrder: Quantity
  plannedIn: Quantity
  plannedOut: Quantity
}

export interface ItemSummary {
  id: number
  code: string
  name: string
  model: string | null
  specification: string | null
  itemType: string
  baseUnitId: number
  baseUnitCode: string
  /** Decimal places of the base unit. */
  precision: number
  lotTracked: boolean
  serialTracked: boolean
  requiresInspection: boolean
  defaultWarehouseId: number | null
  standardCost: Money | null
  leadTimeDays: number | null
}

export interface BarcodeHit {
  item: ItemSummary
  /** The packing unit the barcode stands for (null = base unit) and how many base units one of it is. */
  unitId: number | null
  factor: Quantity
}

/** Payload of `inventory:stock.low`: available + on order fell below min / safety stock. */
export interface StockLowPayload {
  itemId: number
  warehouseId: number | null
  available: string
  onOrder: string
  threshold: string
  /** Quantity to bring it back to max (or reorder quantity), base-unit decimal string. */
  suggestedQuantity: string
  /** Set by a listener that created a requisition, so the alert can link to it. */
}

declare module '#services/events' {
  interface LoomEvents {
    /** After commit of a posting: which items moved for a document. */
    'inventory:moves.posted': { documentType: string; documentId: number; itemIds: number[] }
    /** The stock-alert job found an item below its minimum; procurement proposes a requisition. */
    'inventory:stock.low': StockLowPayload
  }
}

export {
  postMoves,
  reverseDocumentMoves,
  reserve,
  releaseReservations,
  consumeReservation,
  setExpectation,
  clearExpectations,
  stockOf,
  availableToPromise,
  balanceAt,
  valueAt,
} from './services/ledger_api.js'
export type { BalanceAtRow, ValueAtResult } from './services/ledger_api.js'

export {
  getItem,
  findItemByCode,
  itemIdsByCodes,
  findWarehouseByCode,
  findByBarcode,
  toBaseQuantity,
  virtualLocation,
  defaultLocation,
  quarantineLocation,
  subcontractorLocation,
  locationOf,
  findLocationByCode,
} from './services/master_api.js'
