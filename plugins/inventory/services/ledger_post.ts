/*
 * Posting moves: checks, lots, the append-only move rows, balances and the
 * item's valuation, all in the caller's transaction
 * (docs/decisions/014-stock-ledger.md).
 *
 * Postings of one item are serialized by locking its inventory_item_costs row
 * (items in ascending id order, so two postings never deadlock); SQLite has
 * one writer at a time anyway. Under that lock the on-hand check and the
 * valuation read-modify-write cannot race.
 */
import { DateTime } from 'luxon'
import { Money, Quantity, NumberFormatError } from '#kernel/numbers/index'
import { dbTimestamp } from '#kernel/records/record_writer'
import { afterCommit } from '#kernel/records/after_commit'
import { emitEventAfterSave } from '#services/events'
import { STOCK_LOCATION_KINDS, VALUED_LOCATION_KINDS } from '../api.js'
import type { Trx, MoveInput, PostedMove, DocumentRef, LocationKind } from '../api.js'
import { StockError } from './stock_error.js'
import { applyMove, emptyState, type CostingMethod, type Layer, type ValuationState, type ValuedMove } from './valuation_engine.js'
import { restateFrom } from './valuation_restate.js'

export const big = (value: unknown): bigint => (value === null || value === undefined ? 0n : BigInt(typeof value === 'string' ? value.split('.')[0] : (value as any)))
export const str = (value: bigint) => value.toString()

/** A timestamp column as epoch ms (pg returns a Date, SQLite our 'yyyy-MM-dd HH:mm:ss.SSS' string). */
export function timeOf(value: unknown): number {
  if (value instanceof Date) return value.getTime()
  if (typeof value === 'number') return value
  return DateTime.fromSQL(String(value)).toMillis()
}

export interface ItemRow {
  id: number
  code: string
  precision: number
  lotTracked: boolean
  serialTracked: boolean
  itemType: string
  method: CostingMethod
  standardCost: bigint
}

export interface LocationRow {
  id: number
  code: string
  kind: LocationKind
  warehouseId: number | null
  active: boolean
  allowNegative: boolean
}

export const isStock = (kind: LocationKind) => STOCK_LOCATION_KINDS.includes(kind)
export const isValued = (kind: LocationKind) => VALUED_LOCATION_KINDS.includes(kind)

/** +1 into own valued stock, −1 out of it, 2 inside it, 0 outside it. */
export function valuationEffect(from: LocationKind, to: LocationKind): number {
  const f = isValued(from)
  const t = isValued(to)
  if (f && t) return 2
  if (t) return 1
  if (f) return -1
  return 0
}

export async function loadItems(trx: Trx, ids: number[]): Promise<Map<number, ItemRow>> {
  const rows = ids.length
    ? await trx
        .from('inventory_items as i')
        .join('inventory_units as u', 'u.id', 'i.base_unit_id')
        .whereIn('i.id', ids)
        .select('i.id', 'i.code', 'i.item_type', 'i.lot_tracked', 'i.serial_tracked', 'i.costing_method', 'i.standard_cost', 'u.precision')
    : []
  return new Map(
    rows.map((r: any) => [
      Number(r.id),
      {
        id: Number(r.id),
        code: r.code,
        precision: Number(r.precision),
        lotTracked: Boolean(r.lot_tracked),
        serialTracked: Boolean(r.serial_tracked),
        itemType: r.item_type,
        method: r.costing_method === 'fifo' ? 'fifo' : 'moving_average',
        standardCost: big(r.standard_cost),
      },
    ])
  )
}

export async function loadLocations(trx: Trx, ids: number[]): Promise<Map<number, LocationRow>> {
  const rows = ids.length
    ? await trx
        .from('inventory_locations as l')
        .leftJoin('inventory_warehouses as w', 'w.id', 'l.warehouse_id')
        .whereIn('l.id', ids)
        .select('l.id', 'l.full_code', 'l.kind', 'l.warehouse_id', 'l.active', 'w.allow_negative')
    : []
  return new Map(
    rows.map((r: any) => [
      Number(r.id),
      {
        id: Number(r.id),
        code: r.full_code,
        kind: r.kind,
        warehouseId: r.warehouse_id === null ? null : Number(r.warehouse_id),
        active: Boolean(r.active),
        allowNegative: Boolean(r.allow_negative),
      },
    ])
  )
}

export interface CostRow {
  itemId: number
  qty: bigint
  value: bigint
  avg: bigint
  lastPostedAt: number | null
  lastMoveId: number | null
}

/** Locks the items' valuation rows (creating them) in ascending id order; returns their figures. */
export async function lockItems(trx: Trx, itemIds: number[]): Promise<Map<number, CostRow>> {
  const ids = [...new Set(itemIds)].sort((a, b) => a - b)
  const result = new Map<number, CostRow>()
  if (!ids.length) return result
  const pg = trx.dialect.name === 'postgres'
  await trx.rawQuery(
    `INSERT INTO inventory_item_costs (item_id, quantity, value, avg_cost) VALUES ${ids.map(() => '(?, 0, 0, 0)').join(', ')} ON CONFLICT (item_id) DO NOTHING`,
    ids
  )
  // Rows are locked in the order they are read: ascending item id.
  let query = trx.from('inventory_item_costs').whereIn('item_id', ids).orderBy('item_id')
  if (pg) query = query.forUpdate()
  for (const row of (await query) as any[]) {
    const itemId = Number(row.item_id)
    result.set(itemId, {
      itemId,
      qty: big(row.quantity),
      value: big(row.value),
      avg: big(row.avg_cost),
      lastPostedAt: row.last_posted_at === null ? null : timeOf(row.last_posted_at),
      lastMoveId: row.last_move_id === null ? null : Number(row.last_move_id),
    })
  }
  return result
}

export async function saveCostRow(trx: Trx, row: CostRow) {
  await trx
    .from('inventory_item_costs')
    .where('item_id', row.itemId)
    .update({
      quantity: str(row.qty),
      value: str(row.value),
      avg_cost: str(row.avg),
      last_posted_at: row.lastPostedAt === null ? null : dbTimestamp(new Date(row.lastPostedAt), trx),
      last_move_id: row.lastMoveId,
      updated_at: dbTimestamp(new Date(), trx),
    })
}

export async function loadLayers(trx: Trx, itemId: number): Promise<Layer[]> {
  const rows = await trx.from('inventory_cost_layers').where('item_id', itemId).orderBy([{ column: 'posted_at' }, { column: 'move_id' }])
  return rows.map((r: any) => ({ moveId: Number(r.move_id), postedAt: r.posted_at, quantity: big(r.quantity), remaining: big(r.remaining), unitCost: big(r.unit_cost) }))
}

export async function saveLayers(trx: Trx, itemId: number, layers: Layer[]) {
  await trx.from('inventory_cost_layers').where('item_id', itemId).delete()
  for (const l of layers) {
    await trx.table('inventory_cost_layers').insert({
      item_id: itemId, move_id: l.moveId, posted_at: l.postedAt,
      quantity: str(l.quantity), remaining: str(l.remaining), unit_cost: str(l.unitCost),
    })
  }
}

/** Adds `delta` to a balance column of item × location × lot (creating the row). Returns the new figure. */
export async function addToBalance(
  trx: Trx,
  key: { itemId: number; locationId: number; warehouseId: number | null; lotId: number },
  column: 'on_hand' | 'reserved' | 'on_order' | 'planned_in' | 'planned_out',
  delta: bigint
): Promise<bigint> {
  const where = { item_id: key.itemId, location_id: key.locationId, lot_id: key.lotId }
  const now = dbTimestamp(new Date(), trx)
  const result = await trx.rawQuery(
    `UPDATE inventory_balances SET ${column} = ${column} + CAST(? AS BIGINT), updated_at = ? WHERE item_id = ? AND location_id = ? AND lot_id = ? RETURNING ${column}`,
    [str(delta), now as any, key.itemId, key.locationId, key.lotId]
  )
  const rows: any[] = Array.isArray(result) ? result : result.rows
  if (!rows.length) {
    await trx.table('inventory_balances').insert({ ...where, warehouse_id: key.warehouseId, [column]: str(delta), updated_at: now })
    return delta
  }
  return big(rows[0][column])
}

function parseQuantity(input: Quantity | string, item: ItemRow, field: string | null): bigint {
  let quantity: Quantity
  try {
    quantity = Quantity.of(input as any)
  } catch (error) {
    if (error instanceof NumberFormatError || error instanceof Error) throw new StockError('inventory.errors.quantity_invalid', {}, field)
    throw error
  }
  if (!quantity.isPositive()) throw new StockError('inventory.errors.quantity_positive', {}, field)
  if (!quantity.equals(quantity.round(item.precision, 'down'))) throw new StockError('inventory.errors.precision', { precision: item.precision }, field)
  return quantity.toMicros()
}

function parseCost(input: Money | string | null | undefined, field: string | null): bigint | null {
  if (input === null || input === undefined || input === '') return null
  let cost: Money
  try {
    cost = Money.of(input as any)
  } catch {
    throw new StockError('inventory.errors.cost_invalid', {}, field)
  }
  if (cost.isNegative()) throw new StockError('inventory.errors.cost_invalid', {}, field)
  return cost.toMicros()
}

async function resolveLot(trx: Trx, item: ItemRow, move: MoveInput, field: string | null): Promise<number | null> {
  if (!item.lotTracked && !item.serialTracked) return null
  if (move.lotId) {
    const lot = await trx.from('inventory_lots').where({ id: move.lotId, item_id: item.id }).first()
    if (!lot) throw new StockError('inventory.errors.lot_not_of_item', { item: item.code }, field)
    return Number(lot.id)
  }
  const code = (move.lotCode ?? '').trim()
  if (!code) throw new StockError(item.serialTracked ? 'inventory.errors.serial_required' : 'inventory.errors.lot_required', { item: item.code }, field)
  await trx.rawQuery('INSERT INTO inventory_lots (item_id, code, kind, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (item_id, code) DO NOTHING', [
    item.id, code, item.serialTracked ? 'serial' : 'lot', dbTimestamp(new Date(), trx) as any,
  ])
  const lot: any = await trx.from('inventory_lots').where({ item_id: item.id, code }).first()
  return Number(lot.id)
}

/** Extra, internal move fields (reversals). */
export interface InternalMoveInput extends MoveInput {
  reversalOfId?: number
}

/** Posts moves: checks them, updates balances and valuation. Refuses with a StockError. */
export async function postMoves(trx: Trx, moves: InternalMoveInput[], options: { userId?: number | null } = {}): Promise<PostedMove[]> {
  if (!moves.length) return []
  // In a savepoint: a refusal undoes this call's writes even when the caller catches it and goes on.
  const posted = await trx.transaction((savepoint) => postInSavepoint(savepoint, moves, options))
  announce(trx, moves)
  return posted
}

async function postInSavepoint(trx: Trx, moves: InternalMoveInput[], options: { userId?: number | null }): Promise<PostedMove[]> {
  const items = await loadItems(trx, [...new Set(moves.map((m) => m.itemId))])
  const locations = await loadLocations(trx, [...new Set(moves.flatMap((m) => [m.fromLocationId, m.toLocationId]))])

  // Check everything that needs no stock figures before writing anything.
  const checked = moves.map((move) => {
    const field = move.field ?? null
    const item = items.get(move.itemId)
    if (!item) throw new StockError('inventory.errors.item_missing', {}, field)
    if (item.itemType === 'service' || item.itemType === 'non_stock') throw new StockError('inventory.errors.item_not_stocked', { item: item.code }, field)
    const from = locations.get(move.fromLocationId)
    const to = locations.get(move.toLocationId)
    if (!from || !to) throw new StockError('inventory.errors.location_missing', {}, field)
    for (const location of [from, to]) {
      if (!location.active) throw new StockError('inventory.errors.location_inactive', { location: location.code }, field)
      if (location.kind === 'view') throw new StockError('inventory.errors.location_view', { location: location.code }, field)
    }
    if (from.id === to.id) throw new StockError('inventory.errors.same_location', { location: from.code }, field)
    const quantity = parseQuantity(move.quantity, item, field)
    if (item.serialTracked && quantity !== 1_000_000n) throw new StockError('inventory.errors.serial_quantity_one', { item: item.code }, field)
    const unitCost = parseCost(move.unitCost, field)
    return { move, field, item, from, to, quantity, unitCost }
  })

  const costs = await lockItems(trx, [...items.keys()])
  const now = new Date()
  const createdAt = dbTimestamp(now, trx)
  const posted: PostedMove[] = []
  const restate = new Map<number, { id: number; postedAt: number }>()
  const layersOf = new Map<number, Layer[]>()

  for (const { move, field, item, from, to, quantity, unitCost } of checked) {
    const lotId = await resolveLot(trx, item, move, field)
    const postedAt = move.postedAt ? move.postedAt.toJSDate() : now
    const postedMs = postedAt.getTime()
    const cost = costs.get(item.id)!
    const effect = valuationEffect(from.kind, to.kind)
    const backDated = cost.lastPostedAt !== null && postedMs < cost.lastPostedAt
    let fixed = unitCost !== null && effect === 1
    let startCost = unitCost ?? (cost.avg !== 0n ? cost.avg : item.standardCost)
    if (move.reversalOfId) {
      fixed = true
      startCost = unitCost ?? 0n
    }
    const valued: ValuedMove = {
      id: 0, postedAt: dbTimestamp(postedAt, trx), quantity, effect, fixed, reversalOfId: move.reversalOfId ?? null,
      unitCost: startCost, value: 0n, runningQty: 0n, runningValue: 0n, avgCost: 0n,
    }
    if (!backDated) {
      let layers: Layer[] | null = null
      if (item.method === 'fifo') {
        if (!layersOf.has(item.id)) layersOf.set(item.id, await loadLayers(trx, item.id))
        layers = layersOf.get(item.id)!
      }
      const state: ValuationState = { ...emptyState(item.method), qty: cost.qty, value: cost.value, avg: cost.avg, layers }
      applyMove(state, valued, () => undefined)
      cost.qty = state.qty
      cost.value = state.value
      cost.avg = state.avg
      if (layers) layersOf.set(item.id, state.layers!)
    }
    const [row] = await trx
      .table('inventory_moves')
      .insert({
        item_id: item.id, lot_id: lotId, from_location_id: from.id, to_location_id: to.id, quantity: str(quantity),
        unit_cost: str(valued.unitCost), value: str(valued.value), posted_at: dbTimestamp(postedAt, trx),
        document_type: move.documentType, document_id: move.documentId, document_number: move.documentNumber ?? null,
        document_line_id: move.documentLineId ?? null, reversal_of_id: move.reversalOfId ?? null, note: move.note ?? null,
        created_by: options.userId ?? null, created_at: createdAt,
        valuation_effect: effect, cost_fixed: fixed, running_qty: str(valued.runningQty), running_value: str(valued.runningValue), avg_cost: str(valued.avgCost),
      })
      .returning('id')
    const id = Number(typeof row === 'object' ? row.id : row)
    if (!backDated) {
      const layers = layersOf.get(item.id)
      if (layers) for (const l of layers) if (l.moveId === 0) l.moveId = id
      cost.lastPostedAt = postedMs
      cost.lastMoveId = id
    } else if (!restate.has(item.id) || postedMs < restate.get(item.id)!.postedAt) {
      restate.set(item.id, { id, postedAt: postedMs })
    }

    // Balances: only of stock locations.
    const lot = lotId ?? 0
    if (isStock(from.kind)) {
      const left = await addToBalance(trx, { itemId: item.id, locationId: from.id, warehouseId: from.warehouseId, lotId: lot }, 'on_hand', -quantity)
      if (left < 0n && !from.allowNegative) {
        throw new StockError('inventory.errors.insufficient_stock', { item: item.code, location: from.code, available: Quantity.fromMicros(left + quantity).toString() }, field)
      }
    }
    if (isStock(to.kind)) {
      await addToBalance(trx, { itemId: item.id, locationId: to.id, warehouseId: to.warehouseId, lotId: lot }, 'on_hand', quantity)
      if (item.serialTracked) {
        const held: any = await trx
          .from('inventory_balances as b')
          .join('inventory_locations as l', 'l.id', 'b.location_id')
          .where({ 'b.item_id': item.id, 'b.lot_id': lot })
          .whereIn('l.kind', STOCK_LOCATION_KINDS as string[])
          .sum('b.on_hand as total')
          .first()
        if (big(held?.total ?? 0) > 1_000_000n) throw new StockError('inventory.errors.serial_elsewhere', { item: item.code, serial: move.lotCode ?? '' }, field)
      }
    }
    posted.push({
      id, itemId: item.id, lotId, fromLocationId: from.id, toLocationId: to.id, quantity: Quantity.fromMicros(quantity),
      unitCost: Money.fromMicros(valued.unitCost), value: Money.fromMicros(valued.value),
    })
  }

  for (const [itemId, cost] of costs) {
    const item = items.get(itemId)!
    const from = restate.get(itemId)
    if (from) {
      const result = await restateFrom(trx, item.method, itemId, from.id)
      cost.qty = result.cost.qty
      cost.value = result.cost.value
      cost.avg = result.cost.avg
      cost.lastMoveId = result.cost.lastMoveId
      // What the caller gets back reflects the restated cost of its own moves.
      for (const p of posted) {
        const changed = result.moves.get(p.id)
        if (changed) {
          p.unitCost = Money.fromMicros(changed.unitCost)
          p.value = Money.fromMicros(changed.value)
        }
      }
    } else {
      const layers = layersOf.get(itemId)
      if (layers) await saveLayers(trx, itemId, layers)
    }
    await saveCostRow(trx, cost)
  }

  return posted
}

function announce(trx: Trx, moves: MoveInput[]) {
  const byDocument = new Map<string, { documentType: string; documentId: number; itemIds: Set<number> }>()
  for (const m of moves) {
    const key = `${m.documentType}:${m.documentId}`
    if (!byDocument.has(key)) byDocument.set(key, { documentType: m.documentType, documentId: m.documentId, itemIds: new Set() })
    byDocument.get(key)!.itemIds.add(m.itemId)
  }
  for (const d of byDocument.values()) {
    const payload = { documentType: d.documentType, documentId: d.documentId, itemIds: [...d.itemIds] }
    afterCommit(trx, () => emitEventAfterSave('inventory:moves.posted', payload, payload))
  }
}

/** Appends the reversal of every not-yet-reversed move of a document (cancellation). */
export async function reverseDocumentMoves(
  trx: Trx,
  ref: DocumentRef,
  options: { userId?: number | null; postedAt?: DateTime } = {}
): Promise<PostedMove[]> {
  let query = trx
    .from('inventory_moves as m')
    .where({ 'm.document_type': ref.documentType, 'm.document_id': ref.documentId })
    .whereNull('m.reversal_of_id')
    .whereNotExists((sub) => sub.from('inventory_moves as r').whereRaw('r.reversal_of_id = m.id'))
    .orderBy('m.id', 'desc')
    .select('m.*')
  if (ref.documentLineId !== undefined && ref.documentLineId !== null) query = query.where('m.document_line_id', ref.documentLineId)
  const originals: any[] = await query
  // Reverse later moves first (a two-step chain unwinds from its end).
  return postMoves(
    trx,
    originals.map((m) => ({
      itemId: Number(m.item_id),
      lotId: m.lot_id === null ? null : Number(m.lot_id),
      fromLocationId: Number(m.to_location_id),
      toLocationId: Number(m.from_location_id),
      quantity: Quantity.fromMicros(m.quantity),
      unitCost: Money.fromMicros(m.unit_cost),
      postedAt: options.postedAt,
      documentType: m.document_type,
      documentId: Number(m.document_id),
      documentNumber: m.document_number,
      documentLineId: m.document_line_id === null ? null : Number(m.document_line_id),
      note: m.note,
      reversalOfId: Number(m.id),
    })),
    { userId: options.userId }
  )
}
