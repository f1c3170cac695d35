/*
 * Stock counts (盘点单): preparing, starting (snapshot + freeze), counting,
 * variance, posting the adjustment and releasing the freeze.
 * Decisions: docs/decisions/017-stock-counts-alerts.md.
 *
 * Life of a count (document type `inventory.count`, a posting document):
 *   draft/setup     header editable (warehouse, scope, mode, date)
 *   draft/counting  started: lines hold the book quantities of the snapshot,
 *                   the item × location pairs are frozen; counters enter
 *                   counted quantities, recount lines, add found stock
 *   submitted       every line counted; variance computed; an approval flow
 *                   on variance_value / variance_lines may hold it here
 *   posted          adjustment moves to / from the 'adjustment' location,
 *                   freeze released
 *   cancelled       freeze released (a posted count's moves reversed)
 *
 * Moves of frozen items during the count are allowed: the variance is
 * counted − snapshot book quantity, so what moved in or out after the
 * snapshot stays in the book (book after posting = counted + net moves since
 * the snapshot).
 */
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { Money, Quantity } from '#kernel/numbers/index'
import { dbTimestamp } from '#kernel/records/record_writer'
import { recordAudit } from '#kernel/documents/audit'
import type { Trx, MoveInput } from '../api.js'
import { postMoves, reverseDocumentMoves } from './ledger_api.js'
import { getItem, toBaseQuantity, virtualLocation, findByBarcode } from './master_api.js'
import { currentUnitCost } from './cost_api.js'
import { StockError } from './stock_error.js'
import InventoryCount from '../models/inventory_count.js'

export const COUNT_TYPE = 'inventory.count'
/** Location kinds a count covers: where own (or customer-supplied) stock physically lies. */
export const COUNTED_KINDS = ['internal', 'quarantine', 'customer_supplied']

const insertedId = (row: any) => Number(typeof row === 'object' ? row.id : row)

export interface CountInput {
  warehouseId: number
  locationId?: number | null
  categoryId?: number | null
  itemIds?: number[]
  mode: 'open' | 'blind'
  countDate: string
  note?: string | null
}

/** How a count is named in messages: its number once it has one, else its id. */
export function countLabel(row: { number?: string | null; id: number | string }) {
  return row.number || `#${row.id}`
}

export async function loadCount(id: number, trx?: Trx) {
  return (trx ?? db.connection()).from('inventory_counts').where('id', id).first()
}

/** Checks the header's references; StockError on the field. */
async function checkHeader(client: Trx, input: CountInput) {
  const warehouse = await client.from('inventory_warehouses').where('id', input.warehouseId).first()
  if (!warehouse || !warehouse.active) throw new StockError('inventory_counts.errors.warehouse_missing', {}, 'warehouse_id')
  if (input.locationId) {
    const location = await client.from('inventory_locations').where('id', input.locationId).first()
    if (!location || Number(location.warehouse_id) !== Number(input.warehouseId)) {
      throw new StockError('inventory_counts.errors.location_other_warehouse', { warehouse: warehouse.code }, 'location_id')
    }
  }
  if (input.categoryId) {
    const category = await client.from('inventory_categories').where('id', input.categoryId).first()
    if (!category) throw new StockError('inventory_counts.errors.category_missing', {}, 'category_id')
  }
  for (const itemId of input.itemIds ?? []) {
    if (!(await getItem(itemId, client))) throw new StockError('inventory_counts.errors.item_missing', {}, 'item_codes')
  }
}

export async function createCount(input: CountInput, userId: number | null, trx?: Trx): Promise<number> {
  const run = async (client: Trx) => {
    await checkHeader(client, input)
    const user = userId ? await client.from('users').where('id', userId).select('department_id').first() : null
    const count = new InventoryCount()
    count.useTransaction(client)
    count.merge({
      warehouseId: input.warehouseId,
      locationId: input.locationId ?? null,
      categoryId: input.categoryId ?? null,
      itemIds: input.itemIds?.length ? JSON.stringify(input.itemIds) : null,
      mode: input.mode,
      countDate: input.countDate,
      phase: 'setup',
      note: input.note ?? null,
      ownerId: userId,
      createdBy: userId,
      departmentId: user?.department_id ?? null,
    } as any)
    await count.save()
    return count.id
  }
  return trx ? run(trx) : db.transaction(run)
}

/** Changes the header of a count not yet started. */
export async function updateCount(id: number, input: CountInput, trx?: Trx): Promise<void> {
  const run = async (client: Trx) => {
    const count = await InventoryCount.query({ client }).where('id', id).firstOrFail()
    if (count.state !== 'draft' || count.phase !== 'setup') throw new StockError('inventory_counts.errors.already_started', { count: countLabel(count) })
    await checkHeader(client, input)
    count.merge({
      warehouseId: input.warehouseId,
      locationId: input.locationId ?? null,
      categoryId: input.categoryId ?? null,
      itemIds: input.itemIds?.length ? JSON.stringify(input.itemIds) : null,
      mode: input.mode,
      countDate: input.countDate,
      note: input.note ?? null,
    })
    await count.save()
  }
  return trx ? run(trx) : db.transaction(run)
}

/** The locations a count covers (counted kinds, in the warehouse, under its scope location). */
export async function scopeLocations(client: Trx, count: any): Promise<any[]> {
  const query = client
    .from('inventory_locations')
    .where('warehouse_id', count.warehouse_id)
    .whereIn('kind', COUNTED_KINDS)
    .where('active', true)
    .orderBy('full_code')
  if (count.location_id) {
    const root = await client.from('inventory_locations').where('id', count.location_id).first()
    query.where((q) => q.where('id', count.location_id).orWhere('path', 'like', `${root.path}%`))
  }
  return query
}

/** Ids of a category and every category under it (paths hold the ids of the ancestors). */
function categorySubtree(client: Trx, categoryId: number) {
  return client.from('inventory_categories').where('id', categoryId).orWhere('path', 'like', `%/${categoryId}/%`).select('id')
}

/** Whether an item belongs to a count's category / item scope. */
async function itemInScope(client: Trx, count: any, itemId: number): Promise<boolean> {
  const ids: number[] = count.item_ids ? JSON.parse(count.item_ids) : []
  const category = count.category_id ? await client.from('inventory_categories').where('id', count.category_id).first() : null
  if (!category && !ids.length) return true
  if (ids.includes(itemId)) return true
  if (category) {
    const hit = await client
      .from('inventory_items')
      .where('id', itemId)
      .whereIn('category_id', categorySubtree(client, Number(category.id)))
      .first()
    if (hit) return true
  }
  return false
}

/** The other count holding item × location, for the message. */
async function frozenBy(client: Trx, countId: number, pairs: Array<{ itemId: number; locationId: number }>) {
  for (let i = 0; i < pairs.length; i += 200) {
    const chunk = pairs.slice(i, i + 200)
    const hit = await client
      .from('inventory_count_freezes as f')
      .join('inventory_counts as c', 'c.id', 'f.count_id')
      .join('inventory_items as i', 'i.id', 'f.item_id')
      .join('inventory_locations as l', 'l.id', 'f.location_id')
      .whereNot('f.count_id', countId)
      .where((q) => {
        for (const p of chunk) q.orWhere((w) => w.where('f.item_id', p.itemId).where('f.location_id', p.locationId))
      })
      .select('c.id', 'c.number', 'i.code as item_code', 'i.name as item_name', 'l.full_code as location')
      .first()
    if (hit) return hit
  }
  return null
}

/** Freezes pairs for a count; refuses, naming the item and the other count, when one is held elsewhere. */
async function freeze(client: Trx, countId: number, pairs: Array<{ itemId: number; locationId: number }>, field: string | null) {
  const fresh: typeof pairs = []
  const held = new Set(
    (await client.from('inventory_count_freezes').where('count_id', countId).select('item_id', 'location_id')).map(
      (r: any) => `${r.item_id}:${r.location_id}`
    )
  )
  for (const p of pairs) {
    const key = `${p.itemId}:${p.locationId}`
    if (!held.has(key)) {
      held.add(key)
      fresh.push(p)
    }
  }
  const hit = await frozenBy(client, countId, fresh)
  if (hit) {
    throw new StockError(
      'inventory_counts.errors.frozen',
      { item: `${hit.item_code} ${hit.item_name}`, location: hit.location, count: countLabel(hit) },
      field
    )
  }
  try {
    for (let i = 0; i < fresh.length; i += 200) {
      await client.insertQuery().table('inventory_count_freezes').multiInsert(
        fresh.slice(i, i + 200).map((p) => ({ count_id: countId, item_id: p.itemId, location_id: p.locationId }))
      )
    }
  } catch (error) {
    // Another count froze one of these pairs between our check and insert (the unique index decides).
    if (isUnique(error)) throw new StockError('inventory_counts.errors.frozen_race', {}, field)
    throw error
  }
}

function isUnique(error: any) {
  const code = String(error?.code ?? '')
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT') || /unique/i.test(String(error?.message ?? ''))
}

async function releaseFreeze(client: Trx, countId: number) {
  await client.from('inventory_count_freezes').where('count_id', countId).delete()
}

/**
 * Starts a count: snapshots the book quantity of every item × location × lot
 * in scope with stock into lines and freezes those item × location pairs.
 */
export async function startCount(id: number, userId: number | null, trx?: Trx): Promise<void> {
  const run = async (client: Trx) => {
    const query = client.from('inventory_counts').where('id', id)
    if (client.dialect.name === 'postgres') query.forUpdate()
    const count = await query.first()
    if (!count) throw new StockError('inventory_counts.errors.not_found')
    if (count.state !== 'draft' || count.phase !== 'setup') throw new StockError('inventory_counts.errors.already_started', { count: countLabel(count) })

    const locations = await scopeLocations(client, count)
    const locationIds = locations.map((l: any) => Number(l.id))
    let balances: any[] = []
    if (locationIds.length) {
      const q = client
        .from('inventory_balances as b')
        .join('inventory_items as i', 'i.id', 'b.item_id')
        .whereIn('b.location_id', locationIds)
        .whereNot('b.on_hand', 0)
        .whereNotIn('i.item_type', ['service', 'non_stock'])
        .select('b.item_id', 'b.location_id', 'b.lot_id', 'b.on_hand')
        .orderBy('b.location_id')
        .orderBy('i.code')
        .orderBy('b.lot_id')
      const ids: number[] = count.item_ids ? JSON.parse(count.item_ids) : []
      const category = count.category_id ? await client.from('inventory_categories').where('id', count.category_id).first() : null
      if (category || ids.length) {
        q.where((w) => {
          if (ids.length) w.orWhereIn('b.item_id', ids)
          if (category) {
            w.orWhereIn('i.category_id', categorySubtree(client, Number(category.id)))
          }
        })
      }
      balances = await q
    }
    if (!balances.length) throw new StockError('inventory_counts.errors.nothing_in_scope')

    const pairs = new Map<string, { itemId: number; locationId: number }>()
    for (const b of balances) pairs.set(`${b.item_id}:${b.location_id}`, { itemId: Number(b.item_id), locationId: Number(b.location_id) })
    await freeze(client, id, [...pairs.values()], null)

    const rows = balances.map((b) => ({
      count_id: id,
      item_id: Number(b.item_id),
      location_id: Number(b.location_id),
      lot_id: Number(b.lot_id) === 0 ? null : Number(b.lot_id),
      book_qty: String(b.on_hand),
      added: false,
      recounts: 0,
    }))
    for (let i = 0; i < rows.length; i += 200) await client.insertQuery().table('inventory_count_lines').multiInsert(rows.slice(i, i + 200))

    const now = dbTimestamp(new Date(), client)
    // Phase, start stamp and line count: counting columns of a draft, written like line entries.
    await client.from('inventory_counts').where('id', id).update({ phase: 'counting', started_at: now, started_by: userId, line_count: rows.length, updated_at: now })
    await recordAudit({ userId, recordType: COUNT_TYPE, recordId: id, action: 'count.start', newValue: String(rows.length) }, client)
  }
  return trx ? run(trx) : db.transaction(run)
}

/** Loads a count that is being counted (draft, started), locked on pg; else a StockError. */
async function countingCount(client: Trx, id: number) {
  const query = client.from('inventory_counts').where('id', id)
  if (client.dialect.name === 'postgres') query.forUpdate()
  const count = await query.first()
  if (!count) throw new StockError('inventory_counts.errors.not_found')
  if (count.state !== 'draft' || count.phase !== 'counting') throw new StockError('inventory_counts.errors.not_counting', { count: countLabel(count) })
  return count
}

/** Records the counted quantity of a line (≥ 0, within the unit's precision). */
export async function recordCount(countId: number, lineId: number, input: unknown, userId: number | null, options: { field?: string; trx?: Trx } = {}) {
  const run = async (client: Trx) => {
    await countingCount(client, countId)
    const line = await client.from('inventory_count_lines').where({ id: lineId, count_id: countId }).first()
    if (!line) throw new StockError('inventory_counts.errors.line_missing', {}, options.field ?? 'counted')
    const quantity = await toBaseQuantity(Number(line.item_id), null, input, { field: options.field ?? 'counted', allowZero: true, trx: client })
    const now = dbTimestamp(new Date(), client)
    await client.from('inventory_count_lines').where('id', lineId).update({
      counted_qty: quantity.toMicros().toString(),
      counted_by: userId,
      counted_at: now,
    })
    await recordAudit(
      { userId, recordType: COUNT_TYPE, recordId: countId, action: 'count.line', field: `line_${lineId}`, oldValue: line.counted_qty === null ? null : Quantity.fromMicros(line.counted_qty).toString(), newValue: quantity.toString() },
      client
    )
    return quantity
  }
  return options.trx ? run(options.trx) : db.transaction(run)
}

/** Sends a line back to be counted again (before submitting). */
export async function recountLine(countId: number, lineId: number, userId: number | null, trx?: Trx) {
  const run = async (client: Trx) => {
    await countingCount(client, countId)
    const line = await client.from('inventory_count_lines').where({ id: lineId, count_id: countId }).first()
    if (!line) throw new StockError('inventory_counts.errors.line_missing')
    await client
      .from('inventory_count_lines')
      .where('id', lineId)
      .update({ counted_qty: null, counted_by: null, counted_at: null, recounts: Number(line.recounts) + 1 })
    await recordAudit({ userId, recordType: COUNT_TYPE, recordId: countId, action: 'count.recount', field: `line_${lineId}` }, client)
  }
  return trx ? run(trx) : db.transaction(run)
}

export interface ScanInput {
  locationId: number
  /** What the scanner typed: an item barcode or code. */
  code: string
  lotCode?: string | null
  /** Counted quantity in base units (empty: only find the line). */
  quantity?: string | null
}

/**
 * A scan on a location's sheet: finds the item's line there (the lot's, when
 * given) and records the quantity; stock found where the book has none
 * becomes a new line (book 0), frozen like the others.
 * Returns the line id, and whether the quantity was recorded.
 */
export async function scanIntoLocation(countId: number, input: ScanInput, userId: number | null, trx?: Trx): Promise<{ lineId: number | null; itemId: number; recorded: boolean }> {
  const run = async (client: Trx) => {
    const count = await countingCount(client, countId)
    const locations = await scopeLocations(client, count)
    if (!locations.some((l: any) => Number(l.id) === input.locationId)) throw new StockError('inventory_counts.errors.location_not_in_scope', {}, 'location')
    const hit = await findByBarcode(input.code ?? '', client)
    if (!hit) throw new StockError('inventory_counts.errors.code_unknown', { code: String(input.code ?? '').trim() }, 'code')
    const item = hit.item
    const lotCode = (input.lotCode ?? '').trim() || null
    const lines = await client.from('inventory_count_lines as cl').leftJoin('inventory_lots as lo', 'lo.id', 'cl.lot_id')
      .where({ 'cl.count_id': countId, 'cl.location_id': input.locationId, 'cl.item_id': item.id })
      .select('cl.*', 'lo.code as lot')
    let line = lotCode ? lines.find((l: any) => l.lot === lotCode || l.lot_code === lotCode) : lines.length === 1 ? lines[0] : null
    const hasQuantity = input.quantity !== undefined && input.quantity !== null && String(input.quantity).trim() !== ''
    if (!line && lines.length > 1 && !lotCode) throw new StockError('inventory_counts.errors.lot_required', { item: item.code }, 'lot_code')
    if (!line) {
      if (!hasQuantity) return { lineId: null, itemId: item.id, recorded: false }
      if ((item.lotTracked || item.serialTracked) && !lotCode) throw new StockError('inventory_counts.errors.lot_required', { item: item.code }, 'lot_code')
      if (item.itemType === 'service' || item.itemType === 'non_stock') throw new StockError('inventory_counts.errors.not_stocked', { item: item.code }, 'code')
      if (!(await itemInScope(client, count, item.id))) throw new StockError('inventory_counts.errors.item_not_in_scope', { item: item.code }, 'code')
      await freeze(client, countId, [{ itemId: item.id, locationId: input.locationId }], 'code')
      const lot = lotCode ? await client.from('inventory_lots').where({ item_id: item.id, code: lotCode }).first() : null
      const [row] = await client.insertQuery().table('inventory_count_lines').insert({
        count_id: countId, item_id: item.id, location_id: input.locationId, lot_id: lot ? Number(lot.id) : null,
        lot_code: lot ? null : lotCode, book_qty: 0, added: true, recounts: 0,
      }).returning('id')
      line = { id: insertedId(row), item_id: item.id }
      await client.from('inventory_counts').where('id', countId).increment('line_count', 1)
    }
    if (!hasQuantity) return { lineId: Number(line.id), itemId: item.id, recorded: false }
    // A scanned packing-unit barcode (a box of 12) counts in that unit.
    const typed = await toBaseQuantity(item.id, null, input.quantity, { field: 'quantity', allowZero: true, trx: client })
    const base = typed.times(hit.factor)
    await recordCount(countId, Number(line.id), base.toString(), userId, { field: 'quantity', trx: client })
    return { lineId: Number(line.id), itemId: item.id, recorded: true }
  }
  return trx ? run(trx) : db.transaction(run)
}

export interface VarianceTotals {
  value: Money
  absValue: Money
  lines: number
}

/**
 * Variance of every line (counted − snapshot book) valued at the item's
 * current unit cost; writes it on the lines and returns the totals.
 */
export async function computeVariance(client: Trx, countId: number): Promise<VarianceTotals> {
  const lines = await client.from('inventory_count_lines').where('count_id', countId).orderBy('id')
  const costs = new Map<number, Money>()
  let value = Money.zero()
  let absValue = Money.zero()
  let varied = 0
  for (const line of lines) {
    if (line.counted_qty === null) continue
    const variance = Quantity.fromMicros(line.counted_qty).minus(Quantity.fromMicros(line.book_qty))
    const itemId = Number(line.item_id)
    if (!costs.has(itemId)) costs.set(itemId, await currentUnitCost(itemId, client))
    const cost = costs.get(itemId)!
    const lineValue = cost.times(variance).round(2)
    if (!variance.isZero()) varied++
    value = value.plus(lineValue)
    absValue = absValue.plus(lineValue.abs())
    await client.from('inventory_count_lines').where('id', line.id).update({
      variance_qty: variance.toMicros().toString(),
      unit_cost: cost.toMicros().toString(),
      variance_value: lineValue.toMicros().toString(),
    })
  }
  return { value, absValue, lines: varied }
}

/** beforeSubmit: every line counted; the variance on the header for approval conditions. */
export async function beforeSubmitCount(document: any, trx: Trx) {
  if (document.phase !== 'counting') throw new StockError('inventory_counts.errors.not_started')
  const open = await trx.from('inventory_count_lines').where('count_id', document.id).whereNull('counted_qty').count('* as n').first()
  const uncounted = Number(open?.n ?? 0)
  if (uncounted > 0) throw new StockError('inventory_counts.errors.uncounted', { count: uncounted })
  const totals = await computeVariance(trx, document.id)
  document.varianceValue = totals.value
  document.varianceAbsValue = totals.absValue
  document.varianceLines = Quantity.of(totals.lines).toMicros().toString()
}

/**
 * beforePost: the adjustment moves, counted − snapshot per line, at the
 * current cost (gains enter at it; losses leave at the ledger's cost).
 */
export async function postCountAdjustments(document: any, trx: Trx, userId: number | null) {
  await computeVariance(trx, document.id)
  const adjustment = await virtualLocation('adjustment', trx)
  const lines = await trx.from('inventory_count_lines').where('count_id', document.id).whereNotNull('variance_qty').whereNot('variance_qty', 0).orderBy('id')
  const moves: MoveInput[] = []
  const postedAt = DateTime.now()
  for (const line of lines) {
    const variance = Quantity.fromMicros(line.variance_qty)
    const gain = variance.isPositive()
    moves.push({
      itemId: Number(line.item_id),
      lotId: line.lot_id === null ? null : Number(line.lot_id),
      lotCode: line.lot_id === null ? line.lot_code : null,
      fromLocationId: gain ? adjustment : Number(line.location_id),
      toLocationId: gain ? Number(line.location_id) : adjustment,
      quantity: variance.abs(),
      unitCost: gain ? Money.fromMicros(line.unit_cost ?? 0) : undefined,
      postedAt,
      documentType: COUNT_TYPE,
      documentId: Number(document.id),
      documentNumber: document.number ?? null,
      documentLineId: Number(line.id),
      note: 'stock count',
    })
  }
  let value = Money.zero()
  let absValue = Money.zero()
  if (moves.length) {
    const posted = await postMoves(trx, moves, { userId })
    // The ledger's values (at its cost) are what the count finally posted.
    // postMoves answers the moves in the order given.
    for (const [index, move] of posted.entries()) {
      const lineId = moves[index]?.documentLineId
      const signed = move.toLocationId === adjustment ? move.value.negated() : move.value
      value = value.plus(signed)
      absValue = absValue.plus(move.value.abs())
      if (lineId) await trx.from('inventory_count_lines').where('id', lineId).update({ variance_value: signed.toMicros().toString(), unit_cost: move.unitCost.toMicros().toString() })
    }
  }
  document.varianceValue = value
  document.varianceAbsValue = absValue
  document.varianceLines = Quantity.of(lines.length).toMicros().toString()
  document.postedAt = postedAt
}

export async function afterPostCount(document: any, trx: Trx) {
  await releaseFreeze(trx, Number(document.id))
}

export async function afterCancelCount(document: any, from: string, trx: Trx, userId: number | null) {
  await releaseFreeze(trx, Number(document.id))
  if (from === 'posted') await reverseDocumentMoves(trx, { documentType: COUNT_TYPE, documentId: Number(document.id) }, { userId })
}
