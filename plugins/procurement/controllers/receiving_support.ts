/*
 * What the receiving pages share: answering a refused action on the field it
 * belongs to, lines of a receipt with item names, locations of a warehouse.
 */
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { HookVeto } from '#kernel/plugins/document_hooks'
import { respondToDocumentError } from '#kernel/documents/document_responses'
import { renderInvalid } from '#services/forms'
import { qty, money, dayString } from '../services/receiving_util.js'

/** A refusal with a field (ReceivingError, StockError) → 422 form with the message on that field; else the documents' answer. */
export async function answerRefusal(ctx: HttpContext, view: string, data: Record<string, any>, error: unknown) {
  if (error instanceof HookVeto) {
    const field = (error as any).field ?? 'form'
    const message = error.translate(ctx.i18n)
    // A line's message also heads the form: the line may be on a part of the form the user does not see.
    const errors: Record<string, string> = { [field]: message }
    if (field.startsWith('lines.')) errors.form = message
    return renderInvalid(ctx, view, data, errors)
  }
  return respondToDocumentError(ctx, error)
}

export const fmtQty = (micros: unknown, precision = 6) => {
  const text = qty(micros).toFixed(precision)
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text
}
export const fmtMoney = (micros: unknown, locale = 'zh-CN', currency = 'CNY') => money(micros, currency).format(locale)

export async function receiptLines(receiptId: number) {
  const rows = await db
    .from('procurement_receipt_lines as l')
    .join('inventory_items as i', 'i.id', 'l.item_id')
    .join('inventory_units as u', 'u.id', 'l.unit_id')
    .join('inventory_units as bu', 'bu.id', 'i.base_unit_id')
    .leftJoin('inventory_locations as loc', 'loc.id', 'l.location_id')
    .leftJoin('inventory_locations as rloc', 'rloc.id', 'l.received_location_id')
    .where('l.receipt_id', receiptId)
    .select('l.*', 'i.code as item_code', 'i.name as item_name', 'u.code as unit_code', 'bu.code as base_unit_code', 'bu.precision as precision',
      'loc.full_code as location_code', 'rloc.full_code as received_location_code')
    .orderBy('l.line_no')
  return rows.map((row: any) => ({
    ...row,
    precision: Number(row.precision),
    pending: qty(row.quantity_base).minus(qty(row.inspected_qty)),
    atQuarantine: qty(row.rejected_qty),
  }))
}

export async function warehouseLocations(warehouseId: number) {
  const rows = await db.from('inventory_locations').where({ warehouse_id: warehouseId, kind: 'internal', active: true }).orderBy('full_code')
  return rows.map((r: any) => ({ value: String(r.id), label: `${r.full_code} · ${r.name}` }))
}

export { dayString }

/** Formatting helpers every receiving view gets as `h`. */
export function viewHelpers(ctx: HttpContext) {
  const locale = ctx.i18n.locale
  return {
    day: (value: unknown) => dayString(value) ?? '',
    qty: (micros: unknown, precision = 6) => fmtQty(micros, precision),
    money: (micros: unknown, currency = 'CNY') => fmtMoney(micros, locale, currency),
    pct: (micros: unknown) => fmtQty(micros, 4),
  }
}
