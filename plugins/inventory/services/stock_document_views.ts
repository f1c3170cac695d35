/*
 * What the pages and print templates of stock documents show: a document
 * with its warehouse, lines (item, units, locations, quantities as text) and,
 * once posted, the moves it wrote and what is still in transit.
 */
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { Money, Quantity } from '#kernel/numbers/index'
import { findInScopeOrFail } from '#services/data_scope'
import { KINDS, type StockDocKind } from './stock_doc_kinds.js'

const qty = (micros: unknown) => (micros === null || micros === undefined ? null : Quantity.fromMicros(micros as string).toString())

export interface LineView {
  id: number
  lineNo: number
  itemId: number
  itemCode: string
  itemName: string
  specification: string | null
  unit: string
  baseUnit: string
  quantity: string
  baseQuantity: string
  lotCode: string | null
  location: string
  toLocation: string | null
  unitCost: string | null
  amount: string | null
  note: string | null
  inTransit: string | null
}

export async function loadLines(kind: StockDocKind, documentId: number, options: { transit?: boolean } = {}): Promise<LineView[]> {
  const info = KINDS[kind]
  const rows = await db
    .from(`${info.lineTable} as l`)
    .join('inventory_items as i', 'i.id', 'l.item_id')
    .join('inventory_units as bu', 'bu.id', 'i.base_unit_id')
    .leftJoin('inventory_units as u', 'u.id', 'l.unit_id')
    .join('inventory_locations as fl', 'fl.id', 'l.location_id')
    .leftJoin('inventory_locations as tl', 'tl.id', 'l.to_location_id')
    .where('l.document_id', documentId)
    .orderBy('l.line_no')
    .orderBy('l.id')
    .select('l.*', 'i.code as item_code', 'i.name as item_name', 'i.specification', 'bu.code as base_unit', 'u.code as unit_code', 'fl.full_code as location_code', 'tl.full_code as to_location_code')
  let transit: Map<number, Quantity> | null = null
  if (options.transit) {
    // In transit per line: what the shipping moves put into the transit location and no receipt/reversal took out yet.
    const moves = await db
      .from('inventory_moves as m')
      .join('inventory_locations as f', 'f.id', 'm.from_location_id')
      .join('inventory_locations as t', 't.id', 'm.to_location_id')
      .where({ 'm.document_type': info.type, 'm.document_id': documentId })
      .select('m.document_line_id', 'm.quantity', 'f.kind as from_kind', 't.kind as to_kind')
    transit = new Map()
    for (const m of moves) {
      const id = Number(m.document_line_id)
      const q = Quantity.fromMicros(m.quantity)
      const sign = m.to_kind === 'transit' ? 1 : m.from_kind === 'transit' ? -1 : 0
      transit.set(id, (transit.get(id) ?? Quantity.zero()).plus(sign === 1 ? q : sign === -1 ? q.negated() : Quantity.zero()))
    }
  }
  return rows.map((r: any) => {
    const cost = r.unit_cost === null || r.unit_cost === undefined ? null : Money.fromMicros(r.unit_cost)
    return {
      id: Number(r.id),
      lineNo: Number(r.line_no),
      itemId: Number(r.item_id),
      itemCode: r.item_code,
      itemName: r.item_name,
      specification: r.specification ?? null,
      unit: r.unit_code ?? r.base_unit,
      baseUnit: r.base_unit,
      quantity: qty(r.quantity)!,
      baseQuantity: qty(r.base_quantity)!,
      lotCode: r.lot_code ?? null,
      location: r.location_code,
      toLocation: r.to_location_code ?? null,
      unitCost: cost ? cost.toString() : null,
      amount: cost ? cost.times(Quantity.fromMicros(r.quantity)).round().toFixed() : null,
      note: r.note ?? null,
      inTransit: transit ? (transit.get(Number(r.id)) ?? Quantity.zero()).toString() : null,
    }
  })
}

/** Lines as the draft form edits them (codes, decimal text). */
export function formLines(lines: LineView[]) {
  return lines.map((l) => ({
    item: l.itemCode, item_name: l.itemName, unit: l.unit, quantity: l.quantity, lot_code: l.lotCode ?? '', location: l.location,
    to_location: l.toLocation ?? '', unit_cost: l.unitCost ?? '', note: l.note ?? '',
  }))
}

export async function warehouseNames(ids: (number | null)[]) {
  const rows = await db.from('inventory_warehouses').whereIn('id', ids.filter((v): v is number => v !== null))
  return new Map(rows.map((r: any) => [Number(r.id), `${r.code} · ${r.name}`]))
}

/** Print: the document as the caller may see it (scope → 404), its lines and labels. */
export async function loadForPrint(kind: StockDocKind, id: string, ctx: HttpContext) {
  if (!/^\d+$/.test(id)) return null
  const info = KINDS[kind]
  const row = await findInScopeOrFail(info.table, Number(id), ctx.auth.user!, `${info.type}.view`)
  const doc = await info.model.findOrFail(row.id)
  const names = await warehouseNames([doc.warehouseId, doc.destWarehouseId])
  const creator = doc.createdBy ? await db.from('users').where('id', doc.createdBy).select('name').first() : null
  return {
    kind,
    title: ctx.i18n.t(`inventory_docs.${kind}.title_one`),
    doc,
    warehouse: names.get(doc.warehouseId) ?? '',
    destWarehouse: doc.destWarehouseId ? names.get(doc.destWarehouseId) ?? '' : '',
    lines: await loadLines(kind, doc.id),
    creator: creator?.name ?? '',
  }
}
