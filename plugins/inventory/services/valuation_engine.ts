/*
 * The valuation of one item as a pure fold over its moves in valuation order
 * (posted_at, id): moving average or FIFO layers. Posting applies it to one
 * new move; a back-dated move replays the item's later moves through it in
 * memory; `inventory:verify` replays the whole history to check the stored
 * figures. Everything is BigInt micros (no floats).
 */

export const MICRO = 1_000_000n
/** Values are rounded to the currency's 2 places: a multiple of 10^4 micros. */
const CENT = 10_000n

export type CostingMethod = 'moving_average' | 'fifo'

export interface Layer {
  moveId: number
  postedAt: unknown
  quantity: bigint
  remaining: bigint
  unitCost: bigint
}

export interface ValuationState {
  qty: bigint
  value: bigint
  avg: bigint
  /** Open FIFO layers, oldest first (null for moving average). */
  layers: Layer[] | null
}

export interface ValuedMove {
  id: number
  postedAt: unknown
  quantity: bigint
  /** +1 enters valued stock, −1 leaves it, 2 moves inside it (a transfer: keeps value), 0 none of these. */
  effect: number
  fixed: boolean
  reversalOfId: number | null
  unitCost: bigint
  value: bigint
  runningQty: bigint
  runningValue: bigint
  avgCost: bigint
}

/** Divides with half-up rounding away from zero (signed). */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new Error('division by zero')
  const negative = numerator < 0n !== denominator < 0n
  const n = numerator < 0n ? -numerator : numerator
  const d = denominator < 0n ? -denominator : denominator
  const q = (n + d / 2n) / d
  return negative ? -q : q
}

/** quantity × unit cost (both micros) as a value in micros rounded to 2 places, half-up. */
export function valueOf(quantity: bigint, unitCost: bigint): bigint {
  return divRound(quantity * unitCost, MICRO * CENT) * CENT
}

/** value / quantity as a unit cost in micros. */
export function unitCostOf(value: bigint, quantity: bigint): bigint {
  return quantity === 0n ? 0n : divRound(value * MICRO, quantity)
}

export function emptyState(method: CostingMethod): ValuationState {
  return { qty: 0n, value: 0n, avg: 0n, layers: method === 'fifo' ? [] : null }
}

export function cloneState(state: ValuationState): ValuationState {
  return { ...state, layers: state.layers ? state.layers.map((l) => ({ ...l })) : null }
}

/**
 * Applies one move to the state and sets the move's cost and running figures.
 * `costOfOriginal` gives the (possibly restated) unit cost of the move a
 * reversal reverses, when known. Returns true when the move's figures changed.
 */
export function applyMove(state: ValuationState, move: ValuedMove, costOfOriginal: (id: number) => bigint | undefined): boolean {
  const before = [move.unitCost, move.value, move.runningQty, move.runningValue, move.avgCost]
  const q = move.quantity
  const fixedCost = move.reversalOfId !== null ? (costOfOriginal(move.reversalOfId) ?? move.unitCost) : move.unitCost

  if (move.effect === 1) {
    let cost: bigint
    if (move.fixed) cost = fixedCost
    else if (state.qty > 0n) cost = state.avg
    else cost = move.unitCost
    const value = valueOf(q, cost)
    if (state.layers) {
      // Stock below zero (allowed negative) is filled first: only the rest stays as a layer.
      const fill = state.qty < 0n ? (q < -state.qty ? q : -state.qty) : 0n
      if (q - fill > 0n) state.layers.push({ moveId: move.id, postedAt: move.postedAt, quantity: q, remaining: q - fill, unitCost: cost })
    }
    state.qty += q
    state.value += value
    move.unitCost = cost
    move.value = value
  } else if (move.effect === -1) {
    let value: bigint
    let cost: bigint
    if (move.fixed) {
      cost = fixedCost
      value = valueOf(q, cost)
      if (state.layers) takeLayers(state, q, move.reversalOfId)
    } else if (state.layers) {
      const taken = takeLayers(state, q, null)
      const rest = q - taken.quantity
      const restCost = state.avg !== 0n ? state.avg : move.unitCost
      value = divRound(taken.product + rest * restCost, MICRO * CENT) * CENT
      // The last units take the rest of the value (no rounding residue left behind).
      if (state.qty > 0n && q === state.qty && rest === 0n) value = state.value
      cost = unitCostOf(value, q)
    } else {
      cost = state.avg !== 0n ? state.avg : move.unitCost
      if (state.qty > 0n && q === state.qty) value = state.value
      else if (state.qty > 0n && q > state.qty) value = state.value + valueOf(q - state.qty, cost)
      else value = valueOf(q, cost)
    }
    state.qty -= q
    state.value -= value
    move.unitCost = cost
    move.value = value
  } else if (move.effect === 2) {
    move.unitCost = state.avg !== 0n ? state.avg : move.unitCost
    move.value = valueOf(q, move.unitCost)
  } else {
    move.unitCost = 0n
    move.value = 0n
  }
  if (state.qty > 0n) state.avg = unitCostOf(state.value, state.qty)
  else if (state.qty === 0n && state.layers) state.layers.length = 0
  move.runningQty = state.qty
  move.runningValue = state.value
  move.avgCost = state.avg
  const after = [move.unitCost, move.value, move.runningQty, move.runningValue, move.avgCost]
  return before.some((v, i) => v !== after[i])
}

/** Takes `quantity` from the FIFO layers (first from the layer of `preferMoveId`); returns what was covered. */
function takeLayers(state: ValuationState, quantity: bigint, preferMoveId: number | null) {
  const layers = state.layers!
  let left = quantity
  let product = 0n
  const take = (layer: Layer) => {
    const n = layer.remaining < left ? layer.remaining : left
    layer.remaining -= n
    left -= n
    product += n * layer.unitCost
  }
  if (preferMoveId !== null) {
    const own = layers.find((l) => l.moveId === preferMoveId)
    if (own) take(own)
  }
  for (const layer of layers) {
    if (left === 0n) break
    if (layer.remaining > 0n) take(layer)
  }
  state.layers = layers.filter((l) => l.remaining > 0n)
  return { quantity: quantity - left, product }
}
