/*
 * What buying's controllers share: reading item lines typed by code (a
 * scanner types the code and presses Enter), and turning a refusal into 422
 * with the message on its field.
 */
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { renderInvalid, type FieldErrors } from '#services/forms'
import { documentErrorMessage } from '#kernel/documents/document_errors'
import { findItemByCode } from '#plugins/inventory/api'
import { fieldOf } from '../services/buying_error.js'

export interface FormLine {
  index: number
  itemId: number
  unitId: number | null
  quantity: string
  unitPrice: string | null
  date: string | null
  supplierId: number | null
  note: string | null
}

/** The non-empty rows of `lines[i][…]`; unknown item or unit codes are field errors. */
export async function readLines(ctx: HttpContext): Promise<{ lines: FormLine[]; errors: FieldErrors }> {
  const raw = ctx.request.input('lines') ?? []
  const entries: Array<[string, any]> = Array.isArray(raw) ? raw.map((r, i) => [String(i), r]) : Object.entries(raw)
  const lines: FormLine[] = []
  const errors: FieldErrors = {}
  for (const [key, row] of entries) {
    if (!row || typeof row !== 'object') continue
    const code = String(row.item_code ?? '').trim()
    if (!code) continue
    const index = Number(key)
    const item = await findItemByCode(code)
    if (!item) {
      errors[`lines.${index}.item_code`] = ctx.i18n.t('procurement_buying.errors.item_code_unknown', { code })
      continue
    }
    let unitId: number | null = null
    const unitCode = String(row.unit_code ?? '').trim()
    if (unitCode) {
      const unit = await db.from('inventory_units').where('code', unitCode).first()
      if (!unit) {
        errors[`lines.${index}.unit_code`] = ctx.i18n.t('procurement_buying.errors.unit_unknown', { code: unitCode })
        continue
      }
      unitId = Number(unit.id)
    }
    const supplier = row.supplier_id ? Number(row.supplier_id) : null
    lines.push({
      index,
      itemId: item.id,
      unitId,
      quantity: String(row.quantity ?? '').trim(),
      unitPrice: row.unit_price === undefined || String(row.unit_price).trim() === '' ? null : String(row.unit_price).trim(),
      date: row.date ? String(row.date) : null,
      supplierId: supplier && Number.isInteger(supplier) ? supplier : null,
      note: row.note ? String(row.note).slice(0, 255) : null,
    })
  }
  if (!lines.length && !Object.keys(errors).length) errors.lines = ctx.i18n.t('procurement_buying.errors.no_lines')
  return { lines, errors }
}

/** Services number lines by their position; the form by its row key. */
export function formField(field: string, lines: FormLine[]): string {
  const match = /^lines\.(\d+)\.(.+)$/.exec(field)
  if (!match) return field
  const row = lines[Number(match[1])]
  const name = match[2] === 'item_id' ? 'item_code' : match[2] === 'unit_id' ? 'unit_code' : match[2] === 'needed_by' || match[2] === 'expected_date' ? 'date' : match[2]
  return `lines.${row ? row.index : match[1]}.${name}`
}

/**
 * A refusal of a save: on its field (422 with the form) when it names one,
 * else on the form as a whole ("_form"). Anything else is rethrown.
 */
export async function refuse(ctx: HttpContext, error: unknown, view: string, data: Record<string, any>, lines: FormLine[] = []) {
  const message = documentErrorMessage(error, ctx.i18n)
  if (message === null) throw error
  const field = fieldOf(error)
  return renderInvalid(ctx, view, data, { [field ? formField(field, lines) : '_form']: message })
}

export const blankRows = (count: number) => Array.from({ length: count }, () => ({}))

const PERMISSIONS = [
  'procurement.supplier.create', 'procurement.supplier.edit', 'procurement.requisition.create', 'procurement.requisition.edit',
  'procurement.plan.manage', 'procurement.rfq.create', 'procurement.rfq.edit', 'procurement.order.create', 'procurement.order.edit', 'procurement.order.close',
]

/** Shares `perms` (code → held) with the views, so pages offer only the buttons the user may use. */
export async function sharePerms(ctx: HttpContext) {
  const { userCan } = await import('#services/authorization')
  const user = ctx.auth.user!
  const perms: Record<string, boolean> = {}
  for (const code of PERMISSIONS) perms[code] = await userCan(user, code)
  ctx.view.share({ perms })
}
