/*
 * Recomputes everything the ledger keeps derived and reports each difference
 * (`node ace inventory:verify`, and the test run after the functional suite):
 *   balances.on_hand      from the moves (stock locations only)
 *   balances.reserved     from the active reservations
 *   balances.on_order / planned_in / planned_out   from the expectations
 *   moves' cost and running figures and inventory_item_costs
 *                         by replaying each item's valuation from its first move
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { STOCK_LOCATION_KINDS } from '../api.js'
import { applyMove, emptyState, type CostingMethod, type ValuedMove } from './valuation_engine.js'
import { toValued } from './valuation_restate.js'

export interface LedgerDifference {
  itemId: number
  itemCode: string
  locationId: number | null
  locationCode: string | null
  lotId: number | null
  /** e.g. 'on_hand', 'reserved', 'move 12 value', 'item quantity' */
  column: string
  stored: string
  recomputed: string
}

const big = (value: unknown): bigint => (value === null || value === undefined ? 0n : BigInt(String(value).split('.')[0]))

const BALANCE_COLUMNS = ['on_hand', 'reserved', 'on_order', 'planned_in', 'planned_out'] as const
type BalanceColumn = (typeof BALANCE_COLUMNS)[number]

export async function verifyLedger(options: { client?: QueryClientContract; itemIds?: number[] } = {}): Promise<LedgerDifference[]> {
  const c = options.client ?? db.connection()
  const only = (q: any, column: string) => (options.itemIds ? q.whereIn(column, options.itemIds) : q)
  const expected = new Map<string, Record<BalanceColumn, bigint>>()
  const key = (item: unknown, location: unknown, lot: unknown) => `${Number(item)}:${Number(location)}:${Number(lot ?? 0)}`
  const add = (k: string, column: BalanceColumn, delta: bigint) => {
    if (!expected.has(k)) expected.set(k, { on_hand: 0n, reserved: 0n, on_order: 0n, planned_in: 0n, planned_out: 0n })
    expected.get(k)![column] += delta
  }

  const stockKinds = STOCK_LOCATION_KINDS as string[]
  for (const side of ['to', 'from'] as const) {
    const rows: any[] = await only(
      c
        .from('inventory_moves as m')
        .join('inventory_locations as l', 'l.id', `m.${side}_location_id`)
        .whereIn('l.kind', stockKinds)
        .groupBy('m.item_id', `m.${side}_location_id`, 'm.lot_id')
        .select('m.item_id', `m.${side}_location_id as location_id`, 'm.lot_id', c.raw('SUM(m.quantity) as total')),
      'm.item_id'
    )
    for (const r of rows) add(key(r.item_id, r.location_id, r.lot_id), 'on_hand', side === 'to' ? big(r.total) : -big(r.total))
  }
  const reservations: any[] = await only(
    c.from('inventory_reservations').where('state', 'active').groupBy('item_id', 'location_id', 'lot_id').select('item_id', 'location_id', 'lot_id', c.raw('SUM(quantity) as total')),
    'item_id'
  )
  for (const r of reservations) add(key(r.item_id, r.location_id, r.lot_id), 'reserved', big(r.total))
  const expectations: any[] = await only(
    c.from('inventory_expectations').groupBy('item_id', 'location_id', 'kind').select('item_id', 'location_id', 'kind', c.raw('SUM(quantity) as total')),
    'item_id'
  )
  for (const r of expectations) add(key(r.item_id, r.location_id, 0), r.kind as BalanceColumn, big(r.total))

  const differences: LedgerDifference[] = []
  const balances: any[] = await only(c.from('inventory_balances'), 'item_id')
  const seen = new Set<string>()
  const report = (k: string, column: string, stored: bigint, recomputed: bigint) => {
    const [itemId, locationId, lotId] = k.split(':').map(Number)
    differences.push({ itemId, itemCode: '', locationId, locationCode: null, lotId: lotId || null, column, stored: stored.toString(), recomputed: recomputed.toString() })
  }
  for (const b of balances) {
    const k = key(b.item_id, b.location_id, b.lot_id)
    seen.add(k)
    const want = expected.get(k)
    for (const column of BALANCE_COLUMNS) {
      const stored = big(b[column])
      const recomputed = want ? want[column] : 0n
      if (stored !== recomputed) report(k, column, stored, recomputed)
    }
  }
  for (const [k, want] of expected) {
    if (seen.has(k)) continue
    for (const column of BALANCE_COLUMNS) if (want[column] !== 0n) report(k, column, 0n, want[column])
  }

  differences.push(...(await verifyValuation(c, options.itemIds)))

  // Name items and locations for people.
  const itemIds = [...new Set(differences.map((d) => d.itemId))]
  const locationIds = [...new Set(differences.map((d) => d.locationId).filter((id): id is number => id !== null))]
  const items = new Map((itemIds.length ? await c.from('inventory_items').whereIn('id', itemIds).select('id', 'code') : []).map((r: any) => [Number(r.id), r.code]))
  const locations = new Map((locationIds.length ? await c.from('inventory_locations').whereIn('id', locationIds).select('id', 'full_code') : []).map((r: any) => [Number(r.id), r.full_code]))
  for (const d of differences) {
    d.itemCode = items.get(d.itemId) ?? `#${d.itemId}`
    d.locationCode = d.locationId === null ? null : (locations.get(d.locationId) ?? `#${d.locationId}`)
  }
  return differences
}

async function verifyValuation(c: QueryClientContract, itemIds?: number[]): Promise<LedgerDifference[]> {
  const differences: LedgerDifference[] = []
  let itemsQuery = c.from('inventory_items').select('id', 'costing_method').orderBy('id')
  if (itemIds) itemsQuery = itemsQuery.whereIn('id', itemIds)
  const items: any[] = await itemsQuery
  const costRows = new Map(
    (await (itemIds ? c.from('inventory_item_costs').whereIn('item_id', itemIds) : c.from('inventory_item_costs'))).map((r: any) => [Number(r.item_id), r])
  )
  for (const item of items) {
    const itemId = Number(item.id)
    const method: CostingMethod = item.costing_method === 'fifo' ? 'fifo' : 'moving_average'
    const rows: any[] = await c
      .from('inventory_moves')
      .where('item_id', itemId)
      .orderBy([{ column: 'posted_at' }, { column: 'id' }])
      .select('id', 'posted_at', 'quantity', 'valuation_effect', 'cost_fixed', 'reversal_of_id', 'unit_cost', 'value', 'running_qty', 'running_value', 'avg_cost')
    const state = emptyState(method)
    const replayed = new Map<number, ValuedMove>()
    const move = (column: string, id: number, stored: bigint, recomputed: bigint) =>
      differences.push({ itemId, itemCode: '', locationId: null, locationCode: null, lotId: null, column: `move ${id} ${column}`, stored: stored.toString(), recomputed: recomputed.toString() })
    for (const row of rows) {
      const stored = toValued(row)
      const fresh = toValued(row)
      applyMove(state, fresh, (id) => replayed.get(id)?.unitCost)
      replayed.set(fresh.id, fresh)
      const pairs: Array<[string, bigint, bigint]> = [
        ['unit_cost', stored.unitCost, fresh.unitCost],
        ['value', stored.value, fresh.value],
        ['running_qty', stored.runningQty, fresh.runningQty],
        ['running_value', stored.runningValue, fresh.runningValue],
        ['avg_cost', stored.avgCost, fresh.avgCost],
      ]
      for (const [column, a, b] of pairs) if (a !== b) move(column, fresh.id, a, b)
    }
    const cost: any = costRows.get(itemId)
    if (!cost && rows.length === 0) continue
    const item_ = (column: string, stored: bigint, recomputed: bigint) =>
      stored !== recomputed &&
      differences.push({ itemId, itemCode: '', locationId: null, locationCode: null, lotId: null, column: `item ${column}`, stored: stored.toString(), recomputed: recomputed.toString() })
    item_('quantity', big(cost?.quantity), state.qty)
    item_('value', big(cost?.value), state.value)
    item_('avg_cost', big(cost?.avg_cost), state.avg)
    if (state.layers) {
      const layers: any[] = await c.from('inventory_cost_layers').where('item_id', itemId)
      const storedOpen = layers.reduce((sum, l) => sum + big(l.remaining), 0n)
      const open = state.layers.reduce((sum, l) => sum + l.remaining, 0n)
      item_('fifo layers remaining', storedOpen, open)
    }
  }
  return differences
}
