/*
 * Reservations, expectations and stock figures (contract in ../api.ts).
 *
 * reserve() checks available = on-hand − reserved (of internal locations) and
 * takes the item lock first, so two reservations for the last units cannot
 * both succeed. Issues (postMoves) check on-hand only: an issue that consumes
 * its own reservation must not be refused because of that very reservation,
 * and the document decides whether to respect other documents' reservations
 * (docs/decisions/014-stock-ledger.md).
 */
import db from '@adonisjs/lucid/services/db'
import { Quantity, NumberFormatError } from '#kernel/numbers/index'
import { dbTimestamp } from '#kernel/records/record_writer'
import type { Trx, ReserveInput, DocumentRef, ExpectationInput, StockFigures } from '../api.js'
import { StockError } from './stock_error.js'
import { addToBalance, big, lockItems, loadItems, loadLocations, str } from './ledger_post.js'

function quantityMicros(input: Quantity | string, options: { allowZero?: boolean; field?: string } = {}): bigint {
  let q: Quantity
  try {
    q = Quantity.of(input as any)
  } catch (error) {
    if (error instanceof NumberFormatError || error instanceof Error) throw new StockError('inventory.errors.quantity_invalid', {}, options.field ?? 'quantity')
    throw error
  }
  if (q.isNegative() || (q.isZero() && !options.allowZero)) throw new StockError('inventory.errors.quantity_positive', {}, options.field ?? 'quantity')
  return q.toMicros()
}

function refQuery(trx: Trx, table: string, ref: DocumentRef) {
  const q = trx.from(table).where({ document_type: ref.documentType, document_id: ref.documentId })
  if (ref.documentLineId !== undefined && ref.documentLineId !== null) q.where('document_line_id', ref.documentLineId)
  return q
}

/** Available (on-hand − reserved) per internal location of a warehouse, or at one location, most first. */
async function availableByLocation(trx: Trx, itemId: number, where: { warehouseId?: number; locationId?: number; lotId?: number | null }) {
  const q = trx
    .from('inventory_balances as b')
    .join('inventory_locations as l', 'l.id', 'b.location_id')
    .where('b.item_id', itemId)
    .groupBy('b.location_id', 'l.warehouse_id')
    .select('b.location_id', 'l.warehouse_id')
    .select(trx.raw('SUM(b.on_hand) - SUM(b.reserved) as available'))
  if (where.locationId) q.where('b.location_id', where.locationId)
  else q.where('l.kind', 'internal').where('l.active', true)
  if (where.warehouseId) q.where('l.warehouse_id', where.warehouseId)
  if (where.lotId) q.where('b.lot_id', where.lotId)
  const rows: any[] = await q
  return rows
    .map((r) => ({ locationId: Number(r.location_id), warehouseId: r.warehouse_id === null ? null : Number(r.warehouse_id), available: big(r.available) }))
    .sort((a, b) => (a.available === b.available ? a.locationId - b.locationId : a.available > b.available ? -1 : 1))
}

/** Reserves available stock for a document line; returns the quantity reserved. */
export async function reserve(trx: Trx, input: ReserveInput): Promise<Quantity> {
  const items = await loadItems(trx, [input.itemId])
  const item = items.get(input.itemId)
  if (!item) throw new StockError('inventory.errors.item_missing', {}, 'quantity')
  const wanted = quantityMicros(input.quantity)
  if (!Quantity.fromMicros(wanted).equals(Quantity.fromMicros(wanted).round(item.precision, 'down'))) {
    throw new StockError('inventory.errors.precision', { precision: item.precision }, 'quantity')
  }
  if (!input.locationId && !input.warehouseId) throw new Error('inventory.reserve: give warehouseId or locationId')
  if (input.locationId) {
    const location = (await loadLocations(trx, [input.locationId])).get(input.locationId)
    if (!location || location.kind === 'view') throw new StockError('inventory.errors.location_missing', {}, 'quantity')
  }
  await lockItems(trx, [item.id])
  const lotId = input.lotId ?? null
  const candidates = await availableByLocation(trx, item.id, { warehouseId: input.warehouseId, locationId: input.locationId, lotId })
  const total = candidates.reduce((sum, c) => sum + (c.available > 0n ? c.available : 0n), 0n)
  if (total < wanted && !input.allowPartial) {
    throw new StockError('inventory.errors.insufficient_available', { item: item.code, available: Quantity.fromMicros(total).toString() }, 'quantity')
  }
  let left = wanted
  const now = dbTimestamp(new Date(), trx)
  for (const c of candidates) {
    if (left === 0n) break
    if (c.available <= 0n) continue
    const take = c.available < left ? c.available : left
    left -= take
    await trx.table('inventory_reservations').insert({
      item_id: item.id, location_id: c.locationId, lot_id: lotId ?? 0, quantity: str(take), consumed: 0,
      document_type: input.documentType, document_id: input.documentId, document_line_id: input.documentLineId ?? null,
      required_date: input.requiredDate ?? null, state: 'active', created_at: now, updated_at: now,
    })
    await addToBalance(trx, { itemId: item.id, locationId: c.locationId, warehouseId: c.warehouseId, lotId: lotId ?? 0 }, 'reserved', take)
  }
  return Quantity.fromMicros(wanted - left)
}

async function balanceKey(trx: Trx, row: any) {
  const location: any = await trx.from('inventory_locations').where('id', row.location_id).select('warehouse_id').first()
  return { itemId: Number(row.item_id), locationId: Number(row.location_id), warehouseId: location?.warehouse_id === null || !location ? null : Number(location.warehouse_id), lotId: Number(row.lot_id ?? 0) }
}

/** Releases the open reservations of a document (or one of its lines). */
export async function releaseReservations(trx: Trx, ref: DocumentRef): Promise<void> {
  const rows: any[] = await refQuery(trx, 'inventory_reservations', ref).where('state', 'active').orderBy('id')
  if (!rows.length) return
  await lockItems(trx, rows.map((r) => Number(r.item_id)))
  const now = dbTimestamp(new Date(), trx)
  for (const row of rows) {
    await addToBalance(trx, await balanceKey(trx, row), 'reserved', -big(row.quantity))
    await trx.from('inventory_reservations').where('id', row.id).update({ state: 'released', updated_at: now })
  }
}

/** Turns reserved quantity of a line into consumed (call when issuing against it). Consumes at most what is reserved. */
export async function consumeReservation(trx: Trx, ref: DocumentRef & { quantity: Quantity | string }): Promise<void> {
  let left = quantityMicros(ref.quantity, { allowZero: true })
  const rows: any[] = await refQuery(trx, 'inventory_reservations', ref).where('state', 'active').orderBy('id')
  if (!rows.length || left === 0n) return
  await lockItems(trx, rows.map((r) => Number(r.item_id)))
  const now = dbTimestamp(new Date(), trx)
  for (const row of rows) {
    if (left === 0n) break
    const open = big(row.quantity)
    const take = open < left ? open : left
    left -= take
    await addToBalance(trx, await balanceKey(trx, row), 'reserved', -take)
    await trx
      .from('inventory_reservations')
      .where('id', row.id)
      .update({ quantity: str(open - take), consumed: str(big(row.consumed) + take), state: open - take === 0n ? 'consumed' : 'active', updated_at: now })
  }
}

/** Sets the open expected quantity of a document line (on order, planned in/out); 0 removes it. */
export async function setExpectation(trx: Trx, input: ExpectationInput): Promise<void> {
  const quantity = quantityMicros(input.quantity, { allowZero: true })
  const location = (await loadLocations(trx, [input.locationId])).get(input.locationId)
  if (!location) throw new StockError('inventory.errors.location_missing', {}, 'location_id')
  await lockItems(trx, [input.itemId])
  const q = trx.from('inventory_expectations').where({
    document_type: input.documentType, document_id: input.documentId, kind: input.kind, item_id: input.itemId, location_id: input.locationId,
  })
  if (input.documentLineId === undefined || input.documentLineId === null) q.whereNull('document_line_id')
  else q.where('document_line_id', input.documentLineId)
  const existing: any = await q.first()
  const old = existing ? big(existing.quantity) : 0n
  const now = dbTimestamp(new Date(), trx)
  if (quantity === 0n) {
    if (existing) await trx.from('inventory_expectations').where('id', existing.id).delete()
  } else if (existing) {
    await trx.from('inventory_expectations').where('id', existing.id).update({ quantity: str(quantity), expected_date: input.expectedDate ?? null, updated_at: now })
  } else {
    await trx.table('inventory_expectations').insert({
      item_id: input.itemId, location_id: input.locationId, kind: input.kind, quantity: str(quantity), expected_date: input.expectedDate ?? null,
      document_type: input.documentType, document_id: input.documentId, document_line_id: input.documentLineId ?? null, created_at: now, updated_at: now,
    })
  }
  if (quantity !== old) {
    await addToBalance(trx, { itemId: input.itemId, locationId: input.locationId, warehouseId: location.warehouseId, lotId: 0 }, input.kind, quantity - old)
  }
}

/** Removes every expectation of a document (or one line). */
export async function clearExpectations(trx: Trx, ref: DocumentRef): Promise<void> {
  const rows: any[] = await refQuery(trx, 'inventory_expectations', ref).orderBy('id')
  if (!rows.length) return
  await lockItems(trx, rows.map((r) => Number(r.item_id)))
  for (const row of rows) {
    await addToBalance(trx, await balanceKey(trx, { ...row, lot_id: 0 }), row.kind, -big(row.quantity))
    await trx.from('inventory_expectations').where('id', row.id).delete()
  }
}

/**
 * Stock figures of an item, in a warehouse / location / lot or everywhere.
 * onHand, reserved and the expectations sum every stock location matched;
 * available counts internal locations only (quarantine, transit,
 * customer-supplied and subcontractor stock cannot be promised).
 */
export async function stockOf(itemId: number, where: { warehouseId?: number; locationId?: number; lotId?: number } = {}, trx?: Trx): Promise<StockFigures> {
  const c = trx ?? db.connection()
  const q = c
    .from('inventory_balances as b')
    .join('inventory_locations as l', 'l.id', 'b.location_id')
    .where('b.item_id', itemId)
    .select(
      c.raw('COALESCE(SUM(b.on_hand), 0) as on_hand'),
      c.raw('COALESCE(SUM(b.reserved), 0) as reserved'),
      c.raw('COALESCE(SUM(b.on_order), 0) as on_order'),
      c.raw('COALESCE(SUM(b.planned_in), 0) as planned_in'),
      c.raw('COALESCE(SUM(b.planned_out), 0) as planned_out'),
      c.raw(`COALESCE(SUM(CASE WHEN l.kind = 'internal' THEN b.on_hand - b.reserved ELSE 0 END), 0) as available`)
    )
  if (where.warehouseId) q.where('b.warehouse_id', where.warehouseId)
  if (where.locationId) q.where('b.location_id', where.locationId)
  if (where.lotId) q.where('b.lot_id', where.lotId)
  const row: any = (await q.first()) ?? {}
  const f = (k: string) => Quantity.fromMicros(big(row[k] ?? 0))
  return {
    onHand: f('on_hand'),
    reserved: f('reserved'),
    available: f('available'),
    onOrder: f('on_order'),
    plannedIn: f('planned_in'),
    plannedOut: f('planned_out'),
  }
}

/**
 * Available now + receipts expected up to the date − issues planned up to the
 * date. An expectation without a date counts as due now (both directions).
 */
export async function availableToPromise(itemId: number, options: { warehouseId?: number; date: string }, trx?: Trx): Promise<Quantity> {
  const c = trx ?? db.connection()
  const figures = await stockOf(itemId, options.warehouseId ? { warehouseId: options.warehouseId } : {}, trx)
  const q = c
    .from('inventory_expectations as e')
    .join('inventory_locations as l', 'l.id', 'e.location_id')
    .where('e.item_id', itemId)
    .where((w) => w.whereNull('e.expected_date').orWhere('e.expected_date', '<=', options.date))
    .groupBy('e.kind')
    .select('e.kind', c.raw('SUM(e.quantity) as total'))
  if (options.warehouseId) q.where('l.warehouse_id', options.warehouseId)
  const rows: any[] = await q
  let result = figures.available.toMicros()
  for (const r of rows) result += r.kind === 'planned_out' ? -big(r.total) : big(r.total)
  return Quantity.fromMicros(result)
}
