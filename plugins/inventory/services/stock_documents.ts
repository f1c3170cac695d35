/*
 * Stock documents: saving drafts (every line checked, nothing half-written),
 * and the document hooks that post them through the ledger (api.ts):
 *   receipt   counterpart → location            on post
 *   issue     location → counterpart            on post (consuming a reservation when the line names one)
 *   scrap     location → scrap                  on post
 *   transfer  one-step: from → to               on post
 *             two-step: from → in transit       on post (shipped)
 *                       in transit → to         on complete (posted → done = received)
 *   cancel of a posted document appends the reversal of its moves; the
 *   ledger refuses (StockError) when the stock is no longer there.
 * Decisions: docs/decisions/016-stock-documents.md.
 */
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { Money, Quantity, NumberFormatError } from '#kernel/numbers/index'
import { transition } from '#kernel/documents/transition_document'
import type { DocumentHookEvent } from '#kernel/plugins/define_plugin'
import type { Trx, MoveInput } from '../api.js'
import { StockError } from './stock_error.js'
import { postMoves, reverseDocumentMoves, consumeReservation } from './ledger_api.js'
import { findByBarcode, findItemByCode, getItem, toBaseQuantity, virtualLocation } from './master_api.js'
import { KINDS, kindOfType, type StockDocKind, type StockDocKindInfo } from './stock_doc_kinds.js'
import type { StockDocument } from '../models/stock_document.js'

const E = (key: string) => `inventory_docs.errors.${key}`

/** Thrown with every field message of a draft that cannot be saved (or a document that cannot post). */
export class StockDocInvalid extends Error {
  constructor(public errors: StockError[]) {
    super('stock document invalid')
  }
}

// ---------------------------------------------------------------- locations

/** A location by barcode, full code (WH/A-01) or — within `warehouseId` — its own code. */
async function findLocation(code: string, warehouseId: number | null, trx?: Trx) {
  const c = trx ?? db
  const byBarcode = await c.from('inventory_locations').where('barcode', code).first()
  if (byBarcode) return byBarcode
  const byFull = await c.from('inventory_locations').where('full_code', code).first()
  if (byFull) return byFull
  if (warehouseId) return c.from('inventory_locations').where({ warehouse_id: warehouseId, code }).orderBy('id').first()
  return null
}

// ---------------------------------------------------------------- drafts

export interface StockDocInput {
  warehouse_id?: unknown
  dest_warehouse_id?: unknown
  two_step?: unknown
  document_date?: unknown
  purpose?: unknown
  cost_centre?: unknown
  reference?: unknown
  note?: unknown
  lines?: unknown
}

export interface LineInput {
  item?: unknown
  unit?: unknown
  quantity?: unknown
  lot_code?: unknown
  location?: unknown
  to_location?: unknown
  unit_cost?: unknown
  note?: unknown
  reserved_document_type?: unknown
  reserved_document_id?: unknown
  reserved_line_id?: unknown
}

const text = (v: unknown, max: number) => {
  const s = v === undefined || v === null ? '' : String(v).trim()
  return s === '' ? null : s.slice(0, max)
}

/** Lines as the form sends them (`lines[3][item]`, gaps allowed) in their order, empty rows dropped. */
export function linesOf(input: unknown): LineInput[] {
  const list = Array.isArray(input) ? input : input && typeof input === 'object' ? Object.keys(input as object).sort((a, b) => Number(a) - Number(b)).map((k) => (input as any)[k]) : []
  return list.filter((l: any) => l && typeof l === 'object' && [l.item, l.quantity, l.location, l.lot_code].some((v) => v !== undefined && v !== null && String(v).trim() !== ''))
}

interface CheckedLine {
  itemId: number
  unitId: number | null
  quantity: Quantity
  baseQuantity: Quantity
  lotCode: string | null
  locationId: number
  toLocationId: number | null
  unitCost: Money | null
  note: string | null
  reservedDocumentType: string | null
  reservedDocumentId: number | null
  reservedLineId: number | null
}

interface CheckedHeader {
  warehouseId: number
  destWarehouseId: number | null
  twoStep: boolean
  documentDate: string
  purpose: string | null
  costCentre: string | null
  reference: string | null
  note: string | null
}

const positiveInt = (v: unknown) => (/^\d{1,9}$/.test(String(v ?? '').trim()) && Number(v) > 0 ? Number(v) : null)

async function checkWarehouse(value: unknown, field: string, errors: StockError[], trx?: Trx) {
  const id = positiveInt(value)
  const row = id ? await (trx ?? db).from('inventory_warehouses').where('id', id).first() : null
  if (!row) {
    errors.push(new StockError(E(value === undefined || value === null || value === '' ? 'warehouse_required' : 'warehouse_missing'), {}, field))
    return null
  }
  if (!row.active && !(row.active === 1)) {
    errors.push(new StockError(E('warehouse_inactive'), { code: row.code }, field))
    return null
  }
  return row
}

export function today() {
  return DateTime.now().toISODate()!
}

/** Checks a draft's header and lines; every problem is collected with its field. */
export async function checkDraft(info: StockDocKindInfo, input: StockDocInput, trx?: Trx): Promise<{ header: CheckedHeader; lines: CheckedLine[] }> {
  const errors: StockError[] = []
  const c = trx ?? db
  const warehouse = await checkWarehouse(input.warehouse_id, 'warehouse_id', errors, trx)
  let dest = warehouse
  const twoStep = info.kind === 'transfer' && ['1', 'true', 'on', true, 1].includes(input.two_step as any)
  if (info.kind === 'transfer') {
    dest = input.dest_warehouse_id === undefined || input.dest_warehouse_id === null || input.dest_warehouse_id === ''
      ? warehouse
      : await checkWarehouse(input.dest_warehouse_id, 'dest_warehouse_id', errors, trx)
  }
  const date = text(input.document_date, 10) ?? today()
  const parsed = DateTime.fromISO(date)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !parsed.isValid) errors.push(new StockError(E('date_invalid'), {}, 'document_date'))
  else if (date > today()) errors.push(new StockError(E('date_future'), {}, 'document_date'))
  let purpose: string | null = null
  if (info.defaultPurpose) {
    purpose = text(input.purpose, 30) ?? info.defaultPurpose
    if (!(purpose in info.purposes)) errors.push(new StockError(E('purpose_invalid'), {}, 'purpose'))
  }

  const raw = linesOf(input.lines)
  if (raw.length === 0) errors.push(new StockError(E('no_lines'), {}, 'lines'))
  if (raw.length > 500) errors.push(new StockError(E('too_many_lines'), { max: 500 }, 'lines'))
  const lines: CheckedLine[] = []
  for (const [i, line] of raw.slice(0, 500).entries()) {
    const f = (name: string) => `lines.${i}.${name}`
    const before = errors.length
    const code = text(line.item, 80)
    const item = code ? (await findItemByCode(code, trx)) ?? (await findByBarcode(code, trx))?.item ?? null : null
    if (!item) {
      errors.push(new StockError(E(code ? 'item_unknown' : 'item_required'), { code: code ?? '' }, f('item')))
      continue
    }
    const itemRow = await c.from('inventory_items').where('id', item.id).select('active', 'item_type').first()
    if (!itemRow.active && itemRow.active !== 1) errors.push(new StockError(E('item_inactive'), { code: item.code }, f('item')))
    if (['service', 'non_stock'].includes(itemRow.item_type)) errors.push(new StockError(E('item_not_stocked'), { code: item.code }, f('item')))

    let unitId: number | null = null
    const unitCode = text(line.unit, 20)
    if (unitCode && unitCode !== item.baseUnitCode) {
      const unit = await c.from('inventory_units').where('code', unitCode).first()
      if (!unit) errors.push(new StockError(E('unit_unknown'), { code: unitCode }, f('unit')))
      else unitId = Number(unit.id)
    }
    let quantity: Quantity | null = null
    let base: Quantity | null = null
    try {
      base = await toBaseQuantity(item.id, unitId, text(line.quantity, 40) ?? '', { field: f('quantity'), trx })
      quantity = Quantity.parse(text(line.quantity, 40), { precision: 6 })
    } catch (error) {
      if (!(error instanceof StockError)) throw error
      errors.push(new StockError(error.userMessage as string, error.data, f(error.field?.endsWith('quantity') ? 'quantity' : 'unit')))
    }

    const lotCode = text(line.lot_code, 80)
    if ((item.lotTracked || item.serialTracked) && !lotCode) errors.push(new StockError(E(item.serialTracked ? 'serial_required' : 'lot_required'), { code: item.code }, f('lot_code')))
    if (item.serialTracked && base && !base.equals(Quantity.of(1))) errors.push(new StockError(E('serial_one'), {}, f('quantity')))
    if (lotCode && info.kind !== 'receipt' && (item.lotTracked || item.serialTracked)) {
      const lot = await c.from('inventory_lots').where({ item_id: item.id, code: lotCode }).first()
      if (!lot) errors.push(new StockError(E('lot_unknown'), { lot: lotCode, code: item.code }, f('lot_code')))
    }

    const kindKey = info.kind === 'receipt' ? (purpose === 'customer_supplied' ? 'location_not_cs' : 'location_cs_own') : 'location_kind'
    const location = await checkLocation(line.location, warehouse, info.locationKinds(purpose), f('location'), errors, trx, kindKey)
    let toLocation: any = null
    if (info.kind === 'transfer') {
      toLocation = await checkLocation(line.to_location, dest, info.locationKinds(null), f('to_location'), errors, trx)
      if (location && toLocation && Number(location.id) === Number(toLocation.id)) errors.push(new StockError(E('same_location'), {}, f('to_location')))
    }

    let unitCost: Money | null = null
    const costText = info.kind === 'receipt' ? text(line.unit_cost, 40) : null
    if (costText) {
      try {
        unitCost = Money.parse(costText, { maxDecimals: 6 })
        if (unitCost.isNegative()) errors.push(new StockError(E('cost_negative'), {}, f('unit_cost')))
      } catch (error) {
        if (!(error instanceof NumberFormatError)) throw error
        errors.push(new StockError(E('cost_invalid'), {}, f('unit_cost')))
      }
    }
    const reservedType = info.kind === 'issue' ? text(line.reserved_document_type, 60) : null
    const reservedId = reservedType ? positiveInt(line.reserved_document_id) : null
    if (reservedType && !reservedId) errors.push(new StockError(E('reservation_invalid'), {}, f('quantity')))

    if (errors.length === before && quantity && base && location) {
      lines.push({
        itemId: item.id, unitId, quantity, baseQuantity: base, lotCode: lotCode, locationId: Number(location.id),
        toLocationId: toLocation ? Number(toLocation.id) : null, unitCost: purpose === 'customer_supplied' ? null : unitCost,
        note: text(line.note, 255), reservedDocumentType: reservedType, reservedDocumentId: reservedId,
        reservedLineId: reservedType ? positiveInt(line.reserved_line_id) : null,
      })
    }
  }
  if (errors.length) throw new StockDocInvalid(errors)
  return {
    header: {
      warehouseId: Number(warehouse.id), destWarehouseId: info.kind === 'transfer' ? Number(dest.id) : null, twoStep, documentDate: date, purpose,
      costCentre: info.kind === 'issue' ? text(input.cost_centre, 60) : null, reference: text(input.reference, 80), note: text(input.note, 500),
    },
    lines,
  }
}

async function checkLocation(value: unknown, warehouse: any, kinds: string[], field: string, errors: StockError[], trx?: Trx, kindKey = 'location_kind') {
  const code = text(value, 90)
  if (!code) {
    errors.push(new StockError(E('location_required'), {}, field))
    return null
  }
  const row = await findLocation(code, warehouse ? Number(warehouse.id) : null, trx)
  if (!row) {
    errors.push(new StockError(E('location_unknown'), { code }, field))
    return null
  }
  if (row.kind === 'view') {
    errors.push(new StockError(E('location_view'), { code: row.full_code }, field))
    return null
  }
  if (warehouse && Number(row.warehouse_id) !== Number(warehouse.id)) {
    errors.push(new StockError(E('location_other_warehouse'), { code: row.full_code, warehouse: warehouse.code }, field))
    return null
  }
  if (!kinds.includes(row.kind)) {
    errors.push(new StockError(E(kindKey), { code: row.full_code, kind: row.kind }, field))
    return null
  }
  if (!row.active && row.active !== 1) {
    errors.push(new StockError(E('location_inactive'), { code: row.full_code }, field))
    return null
  }
  return row
}

/** Creates a draft (or replaces an existing draft's header and lines) in one transaction. */
export async function saveDraft(kind: StockDocKind, existing: StockDocument | null, input: StockDocInput, user: { id: number; departmentId?: number | null } | null): Promise<StockDocument> {
  const info = KINDS[kind]
  return db.transaction(async (trx) => {
    const { header, lines } = await checkDraft(info, input, trx)
    const doc: StockDocument = existing ?? new (info.model as any)()
    doc.useTransaction(trx)
    doc.merge(header as any)
    if (!existing) {
      doc.ownerId = user?.id ?? null
      doc.createdBy = user?.id ?? null
      doc.departmentId = user?.departmentId ?? null
    }
    await doc.save()
    if (existing) {
      const old = await (info.lineModel as any).query({ client: trx }).where('document_id', doc.id)
      for (const row of old) await row.delete()
    }
    for (const [i, line] of lines.entries()) {
      const row = new (info.lineModel as any)()
      row.useTransaction(trx)
      row.merge({ ...line, documentId: doc.id, lineNo: i + 1 })
      await row.save()
    }
    return doc
  })
}

/** Deletes a draft (the model refuses anything else). */
export async function deleteDraft(doc: StockDocument) {
  await db.transaction(async (trx) => {
    doc.useTransaction(trx)
    await doc.delete()
  })
}

/** Post: draft → submitted → posted in one transaction (the afterPost hook writes the moves). */
export async function postDocument(doc: StockDocument, user: { id: number } | null) {
  await db.transaction(async (trx) => {
    if (doc.state === 'draft') await transition(doc, 'submitted', { user, trx })
    await transition(doc, 'posted', { user, trx })
  })
  return doc
}

// ---------------------------------------------------------------- hooks

function postedAtOf(documentDate: string): DateTime {
  // Today: now. An earlier date: the end of that day (a back-dated move; the ledger revalues later moves).
  if (!documentDate || documentDate >= today()) return DateTime.now()
  return DateTime.fromISO(documentDate).endOf('day').set({ millisecond: 0 })
}

async function linesFor(info: StockDocKindInfo, documentId: number, trx: Trx) {
  return trx.from(info.lineTable).where('document_id', documentId).orderBy('line_no').orderBy('id')
}

async function lotIdOf(trx: Trx, itemId: number, code: string | null) {
  if (!code) return null
  const lot = await trx.from('inventory_lots').where({ item_id: itemId, code }).first()
  return lot ? Number(lot.id) : null
}

/** A ledger refusal about line `i` carried onto that line's field. */
function onLine(error: unknown, i: number): unknown {
  if (!(error instanceof StockError)) return error
  if (error.field?.startsWith('lines.')) return error
  const field = error.field && /lot/.test(error.field) ? 'lot_code' : error.field && /location/.test(error.field) ? 'location' : 'quantity'
  return new StockError(error.userMessage as any, error.data, `lines.${i}.${field}`)
}

async function postLines(event: DocumentHookEvent, leg: 'all' | 'ship' | 'receive') {
  const info = kindOfType(event.type)
  const doc = event.document as StockDocument
  const trx = event.trx as Trx
  const lines = await linesFor(info, doc.id, trx)
  const postedAt = leg === 'receive' ? DateTime.now() : postedAtOf(doc.documentDate)
  const counterpart = info.defaultPurpose ? await virtualLocation(info.purposes[doc.purpose ?? info.defaultPurpose] as any, trx) : null
  const transit = info.kind === 'transfer' && doc.twoStep ? await virtualLocation('transit', trx) : null
  const moves: MoveInput[] = []
  for (const [i, line] of lines.entries()) {
    const itemId = Number(line.item_id)
    const quantity = Quantity.fromMicros(line.base_quantity)
    let from: number
    let to: number
    let unitCost: Money | null = null
    if (info.kind === 'receipt') {
      from = counterpart!
      to = Number(line.location_id)
      if (line.unit_cost !== null && line.unit_cost !== undefined) {
        // Cost per entered unit → per base unit, exact to the micro.
        const entered = Quantity.fromMicros(line.quantity)
        unitCost = Money.fromMicros(line.unit_cost).times(entered).dividedBy(quantity).round(6)
      }
    } else if (info.kind === 'transfer') {
      from = leg === 'receive' ? transit! : Number(line.location_id)
      to = leg === 'ship' ? transit! : Number(line.to_location_id)
    } else {
      from = Number(line.location_id)
      to = counterpart!
    }
    moves.push({
      itemId, lotId: info.kind === 'receipt' ? null : await lotIdOf(trx, itemId, line.lot_code), lotCode: line.lot_code ?? null,
      fromLocationId: from, toLocationId: to, quantity, unitCost, postedAt,
      documentType: info.type, documentId: doc.id, documentNumber: doc.number, documentLineId: Number(line.id), note: line.note ?? null,
      field: `lines.${i}.quantity`,
    })
  }
  // One call: the ledger locks the items in order (no deadlock between two documents) and checks all lines.
  await postMoves(trx, moves, { userId: event.userId })
  if (info.kind === 'issue' && leg === 'all') {
    for (const [i, line] of lines.entries()) {
      if (!line.reserved_document_type) continue
      try {
        await consumeReservation(trx, {
          documentType: line.reserved_document_type, documentId: Number(line.reserved_document_id),
          documentLineId: line.reserved_line_id === null ? null : Number(line.reserved_line_id), quantity: Quantity.fromMicros(line.base_quantity),
        })
      } catch (error) {
        throw onLine(error, i)
      }
    }
  }
}

async function checkStillPostable(event: DocumentHookEvent) {
  // Master data may have changed since the draft was saved: check it again.
  const info = kindOfType(event.type)
  const doc = event.document as StockDocument
  const trx = event.trx as Trx
  const lines = await linesFor(info, doc.id, trx)
  const locations = await trx.from('inventory_locations').whereIn('id', lines.flatMap((l: any) => [l.location_id, l.to_location_id].filter((v) => v !== null)))
  const errors: StockError[] = []
  for (const [i, line] of lines.entries()) {
    for (const [column, field] of [['location_id', 'location'], ['to_location_id', 'to_location']] as const) {
      const loc = locations.find((l: any) => Number(l.id) === Number(line[column]))
      if (loc && !loc.active && loc.active !== 1) errors.push(new StockError(E('location_inactive'), { code: loc.full_code }, `lines.${i}.${field}`))
    }
    const item = await getItem(Number(line.item_id), trx)
    if (item && (item.lotTracked || item.serialTracked) && !line.lot_code) errors.push(new StockError(E('lot_required'), { code: item.code }, `lines.${i}.lot_code`))
  }
  if (errors.length) throw errors[0]
}

async function reverse(event: DocumentHookEvent) {
  const info = kindOfType(event.type)
  if (event.from !== 'posted') return
  // The ledger refuses (StockError, a veto) when the stock has moved on since.
  await reverseDocumentMoves(event.trx, { documentType: info.type, documentId: event.document.id }, { userId: event.userId })
}

function hooksFor(kind: StockDocKind) {
  return {
    beforePost: checkStillPostable,
    afterPost: (event: DocumentHookEvent) => postLines(event, kind === 'transfer' && event.document.twoStep ? 'ship' : 'all'),
    beforeComplete: (event: DocumentHookEvent) => {
      if (kind !== 'transfer' || !event.document.twoStep) throw new StockError(E('complete_only_two_step'))
    },
    afterComplete: (event: DocumentHookEvent) => postLines(event, 'receive'),
    afterCancel: reverse,
  }
}

export const stockDocumentHooks = {
  'inventory.receipt': hooksFor('receipt'),
  'inventory.issue': hooksFor('issue'),
  'inventory.transfer': hooksFor('transfer'),
  'inventory.scrap': hooksFor('scrap'),
}

/** Receive a two-step transfer: posted (in transit) → done. */
export async function receiveTransfer(doc: StockDocument, user: { id: number } | null) {
  await transition(doc, 'done', { user })
  return doc
}

/** Cancel: a draft is simply cancelled, a posted document is reversed (the ledger may refuse). */
export async function cancelDocument(doc: StockDocument, user: { id: number } | null) {
  await transition(doc, 'cancelled', { user })
  return doc
}
