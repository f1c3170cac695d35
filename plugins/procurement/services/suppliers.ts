/*
 * Supplier master data: the supplier (through the audited model), contacts,
 * qualifications and price agreements with their breaks.
 */
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { Money, Quantity } from '#kernel/numbers/index'
import { dbTimestamp } from '#kernel/records/record_writer'
import { toBaseQuantity, type Trx } from '#plugins/inventory/api'
import ProcurementSupplier from '../models/procurement_supplier.js'
import { BuyingError } from './buying_error.js'

export interface SupplierInput {
  code: string
  name: string
  shortName?: string | null
  taxNumber?: string | null
  phone?: string | null
  email?: string | null
  address?: string | null
  currency?: string | null
  paymentTermsDays?: number | null
  bankName?: string | null
  bankAccount?: string | null
  bankAccountName?: string | null
  isSubcontractor?: boolean
  active?: boolean
}

function columns(input: SupplierInput) {
  return {
    code: input.code.trim(),
    name: input.name.trim(),
    shortName: input.shortName || null,
    taxNumber: input.taxNumber || null,
    phone: input.phone || null,
    email: input.email || null,
    address: input.address || null,
    currency: input.currency || 'CNY',
    paymentTermsDays: input.paymentTermsDays ?? null,
    bankName: input.bankName || null,
    bankAccount: input.bankAccount ? input.bankAccount.replace(/\s+/g, '') : null,
    bankAccountName: input.bankAccountName || null,
    isSubcontractor: input.isSubcontractor ?? false,
    active: input.active ?? true,
  }
}

/** Saves a supplier (new or existing) with extra column values (custom fields); the code must be unused. */
export async function saveSupplier(input: SupplierInput, extra: Record<string, unknown>, user: { id: number; departmentId?: number | null } | null, id?: number) {
  return db.transaction(async (trx) => {
    const clash = await trx.from('procurement_suppliers').where('code', input.code.trim()).if(id, (q) => q.whereNot('id', id!)).first()
    if (clash) throw new BuyingError('supplier_code_taken', { code: input.code.trim() }, 'code')
    const supplier = id ? await ProcurementSupplier.query({ client: trx }).where('id', id).firstOrFail() : new ProcurementSupplier()
    supplier.useTransaction(trx)
    supplier.merge(columns(input))
    if (!id) {
      supplier.ownerId = user?.id ?? null
      supplier.departmentId = user?.departmentId ?? null
    }
    await supplier.save()
    if (Object.keys(extra).length) await trx.from('procurement_suppliers').where('id', supplier.id).update(extra)
    return supplier
  })
}

export async function addContact(supplierId: number, input: { name: string; title?: string | null; phone?: string | null; email?: string | null; isPrimary?: boolean }) {
  await db.transaction(async (trx) => {
    if (input.isPrimary) await trx.from('procurement_supplier_contacts').where('supplier_id', supplierId).update({ is_primary: false })
    await trx.table('procurement_supplier_contacts').insert({
      supplier_id: supplierId, name: input.name, title: input.title || null, phone: input.phone || null, email: input.email || null,
      is_primary: input.isPrimary ?? false, created_at: dbTimestamp(new Date(), trx),
    })
  })
}

export async function addQualification(supplierId: number, input: { name: string; certificateNo?: string | null; validFrom?: string | null; expiresOn?: string | null }) {
  if (input.validFrom && input.expiresOn && input.expiresOn < input.validFrom) throw new BuyingError('dates_order', {}, 'expires_on')
  await db.table('procurement_supplier_qualifications').insert({
    supplier_id: supplierId, name: input.name, certificate_no: input.certificateNo || null, valid_from: input.validFrom || null,
    expires_on: input.expiresOn || null, created_at: dbTimestamp(new Date(), db.connection()),
  })
}

export interface AgreementInput {
  itemId: number
  unitPrice: string
  supplierItemCode?: string | null
  minOrderQty?: string | null
  leadTimeDays?: number | null
  validFrom?: string | null
  validTo?: string | null
  preferred?: boolean
  /** "100:9.50, 500:9.00" or rows — minimum quantity (base units) : price per base unit */
  breaks?: Array<{ minQuantity: string; unitPrice: string }>
}

function money(raw: string, field: string): Money {
  let value: Money
  try {
    value = Money.parse(raw, { maxDecimals: 6 })
  } catch {
    throw new BuyingError('price_invalid', {}, field)
  }
  if (!value.isPositive()) throw new BuyingError('price_positive', {}, field)
  return value
}

/** "100:9.5, 500：9" → rows; a malformed part is a BuyingError on `breaks`. */
export function parseBreaks(text: string | null | undefined): Array<{ minQuantity: string; unitPrice: string }> {
  if (!text || !text.trim()) return []
  return text.split(/[,，;；\n]+/).filter((p) => p.trim()).map((part) => {
    const match = /^\s*([\d.]+)\s*[:：=]\s*([\d.]+)\s*$/.exec(part)
    if (!match) throw new BuyingError('breaks_invalid', { part: part.trim() }, 'breaks')
    return { minQuantity: match[1], unitPrice: match[2] }
  })
}

export async function addAgreement(supplierId: number, input: AgreementInput, trx?: Trx): Promise<number> {
  const run = async (t: Trx) => {
    const supplier = await t.from('procurement_suppliers').where('id', supplierId).first()
    const price = money(input.unitPrice, 'unit_price')
    const moq = input.minOrderQty && input.minOrderQty.trim() ? await toBaseQuantity(input.itemId, null, input.minOrderQty, { field: 'min_order_qty', trx: t }) : null
    if (input.validFrom && input.validTo && input.validTo < input.validFrom) throw new BuyingError('dates_order', {}, 'valid_to')
    if (input.leadTimeDays !== null && input.leadTimeDays !== undefined && (!Number.isInteger(input.leadTimeDays) || input.leadTimeDays < 0 || input.leadTimeDays > 3650)) {
      throw new BuyingError('lead_time_invalid', {}, 'lead_time_days')
    }
    const breaks = []
    const seen = new Set<string>()
    for (const b of input.breaks ?? []) {
      const min = await toBaseQuantity(input.itemId, null, b.minQuantity, { field: 'breaks', trx: t })
      if (seen.has(min.toString())) throw new BuyingError('breaks_duplicate', { quantity: min.toString() }, 'breaks')
      seen.add(min.toString())
      breaks.push({ min_quantity: min.toMicros().toString(), unit_price: money(b.unitPrice, 'breaks').toMicros().toString() })
    }
    const now = dbTimestamp(new Date(), t)
    if (input.preferred) await t.from('procurement_price_agreements').where('item_id', input.itemId).update({ preferred: false })
    const [row] = await t.table('procurement_price_agreements').insert({
      supplier_id: supplierId, item_id: input.itemId, supplier_item_code: input.supplierItemCode || null, currency: supplier?.currency ?? 'CNY',
      unit_price: price.toMicros().toString(), min_order_qty: moq ? moq.toMicros().toString() : null, lead_time_days: input.leadTimeDays ?? null,
      valid_from: input.validFrom || null, valid_to: input.validTo || null, preferred: input.preferred ?? false, created_at: now, updated_at: now,
    }).returning('id')
    const id = Number(typeof row === 'object' ? row.id : row)
    for (const b of breaks) await t.table('procurement_price_breaks').insert({ ...b, agreement_id: id })
    return id
  }
  return trx ? run(trx) : db.transaction(run)
}

/** expired | expiring (within 30 days) | valid | null (no expiry) */
export function qualificationStatus(expiresOn: string | null, on: DateTime = DateTime.now()): 'expired' | 'expiring' | 'valid' | null {
  if (!expiresOn) return null
  const today = on.toISODate()!
  if (expiresOn < today) return 'expired'
  if (expiresOn <= on.plus({ days: 30 }).toISODate()!) return 'expiring'
  return 'valid'
}

export const quantityText = (micros: unknown) => (micros === null || micros === undefined ? '' : Quantity.fromMicros(String(micros)).toString())
