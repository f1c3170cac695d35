/*
 * Supplier score (docs/decisions/019-procurement-buying.md): over the last 12
 * months of receipts,
 *   on-time rate  = receipt lines received on or before their order line's expected date / all receipt lines
 *   quality rate  = accepted quantity / received quantity
 *   price index   = Σ paid price × qty / Σ reference price × qty × 100   (100 = as agreed; > 100 paid more)
 *   price score   = clamp(200 − price index, 0, 100)
 *   score         = weighted mean of the measured parts (weights from the settings) → A ≥ gradeA, B ≥ gradeB, else C.
 * Receipts come from slice 7's procurement_receipt(_lines) when the table
 * exists; until then from order lines (received_qty > 0, dated by the order's
 * confirmation) — the same formula on coarser data.
 */
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { Decimal } from '#kernel/numbers/fixed_point'
import { Money, Quantity } from '#kernel/numbers/index'
import { dbTimestamp } from '#kernel/records/record_writer'
import { parseDate } from '#kernel/records/values'
import { notify } from '#kernel/notifications/notify'

export interface ScoreWeights {
  onTime: number
  quality: number
  price: number
}

export interface ScoreSettings extends ScoreWeights {
  gradeA: number
  gradeB: number
}

export const DEFAULT_SCORE_SETTINGS: ScoreSettings = { onTime: 40, quality: 40, price: 20, gradeA: 85, gradeB: 70 }

export interface ReceiptFact {
  /** base units received on this receipt line */
  quantity: Quantity
  /** of which accepted (quantity when no inspection) */
  accepted: Quantity
  receivedOn: string
  expectedOn: string | null
  /** per base unit */
  paidPrice: Money | null
  referencePrice: Money | null
}

export interface ScoreResult {
  receiptCount: number
  onTimeRate: Quantity | null
  qualityRate: Quantity | null
  priceIndex: Quantity | null
  score: Quantity | null
  grade: 'A' | 'B' | 'C' | null
}

const hundred = new Decimal(100)
const pct = (part: Decimal, whole: Decimal) => Quantity.of(part.div(whole).times(hundred).toDecimalPlaces(4))

/** The score of one supplier from its receipt facts (pure). */
export function computeScore(facts: ReceiptFact[], settings: ScoreSettings = DEFAULT_SCORE_SETTINGS): ScoreResult {
  if (!facts.length) return { receiptCount: 0, onTimeRate: null, qualityRate: null, priceIndex: null, score: null, grade: null }
  const onTime = facts.filter((f) => !f.expectedOn || f.receivedOn <= f.expectedOn).length
  const onTimeRate = pct(new Decimal(onTime), new Decimal(facts.length))
  const received = facts.reduce((s, f) => s.plus(f.quantity.value), new Decimal(0))
  const accepted = facts.reduce((s, f) => s.plus(f.accepted.value), new Decimal(0))
  const qualityRate = received.isZero() ? null : pct(accepted, received)
  const priced = facts.filter((f) => f.paidPrice && f.referencePrice && f.referencePrice.isPositive())
  const paid = priced.reduce((s, f) => s.plus(f.paidPrice!.amount.times(f.quantity.value)), new Decimal(0))
  const reference = priced.reduce((s, f) => s.plus(f.referencePrice!.amount.times(f.quantity.value)), new Decimal(0))
  const priceIndex = reference.isZero() ? null : pct(paid, reference)
  const parts: Array<[Decimal, number]> = [[onTimeRate.value, settings.onTime]]
  if (qualityRate) parts.push([qualityRate.value, settings.quality])
  if (priceIndex) parts.push([Decimal.max(0, Decimal.min(100, new Decimal(200).minus(priceIndex.value))), settings.price])
  const weight = parts.reduce((s, [, w]) => s + w, 0)
  const score = weight === 0 ? null : Quantity.of(parts.reduce((s, [v, w]) => s.plus(v.times(w)), new Decimal(0)).div(weight).toDecimalPlaces(2))
  return { receiptCount: facts.length, onTimeRate, qualityRate, priceIndex, score, grade: score ? gradeOf(score, settings) : null }
}

export function gradeOf(score: Quantity, settings: ScoreSettings = DEFAULT_SCORE_SETTINGS): 'A' | 'B' | 'C' {
  if (!score.lessThan(settings.gradeA)) return 'A'
  if (!score.lessThan(settings.gradeB)) return 'B'
  return 'C'
}

async function referencePrice(supplierId: number, itemId: number, on: string, client: any): Promise<Money | null> {
  const agreement = await client
    .from('procurement_price_agreements')
    .where({ supplier_id: supplierId, item_id: itemId })
    .where((q: any) => q.whereNull('valid_from').orWhere('valid_from', '<=', on))
    .orderBy('id', 'desc')
    .first()
  if (agreement) return Money.fromMicros(agreement.unit_price)
  return null
}

/** The receipt facts of a supplier between two dates (inclusive). */
export async function receiptFacts(supplierId: number, from: string, to: string, client: any = db.connection()): Promise<ReceiptFact[]> {
  const facts: ReceiptFact[] = []
  const averages = new Map<number, Money | null>()
  const reference = async (itemId: number, on: string, paid: Money) => {
    const agreed = await referencePrice(supplierId, itemId, on, client)
    if (agreed) return agreed
    if (!averages.has(itemId)) {
      // no agreement: the average price all suppliers were paid for the item
      const row = await client.from('procurement_order_lines as l').join('procurement_orders as o', 'o.id', 'l.order_id')
        .where('l.item_id', itemId).whereIn('o.state', ['confirmed', 'done']).sum('l.amount as amount').sum('l.quantity_base as qty').first()
      const qty = row?.qty ? Quantity.fromMicros(String(row.qty)) : null
      averages.set(itemId, qty && qty.isPositive() ? Money.of(Money.fromMicros(String(row.amount)).amount.div(qty.value)) : null)
    }
    return averages.get(itemId) ?? paid
  }
  const useReceipts = await db.connection().schema.hasTable('procurement_receipt_lines')
  if (useReceipts) {
    const rows = await client
      .from('procurement_receipt_lines as rl')
      .join('procurement_receipts as r', 'r.id', 'rl.receipt_id')
      .join('procurement_order_lines as l', 'l.id', 'rl.order_line_id')
      .join('procurement_orders as o', 'o.id', 'l.order_id')
      .where('r.supplier_id', supplierId)
      .whereIn('r.state', ['posted', 'done'])
      .whereBetween('r.receipt_date', [from, to])
      .select('rl.quantity_base', 'rl.inspection_status', 'rl.accepted_qty', 'rl.rejected_qty', 'r.receipt_date', 'l.expected_date', 'o.expected_date as order_expected', 'l.unit_price', 'l.quantity', 'l.quantity_base as line_base', 'l.item_id')
    for (const row of rows) {
      const quantity = Quantity.fromMicros(row.quantity_base)
      const inspected = row.inspection_status && row.inspection_status !== 'none'
      const accepted = inspected ? quantity.minus(Quantity.fromMicros(row.rejected_qty)) : quantity
      const paid = perBase(row)
      const receivedOn = parseDate(row.receipt_date)!
      facts.push({ quantity, accepted, receivedOn, expectedOn: parseDate(row.expected_date ?? row.order_expected ?? null), paidPrice: paid, referencePrice: await reference(Number(row.item_id), receivedOn, paid) })
    }
    if (rows.length) return facts
  }
  // coarser: order lines with something received, dated by the order's last change
  const rows = await client
    .from('procurement_order_lines as l')
    .join('procurement_orders as o', 'o.id', 'l.order_id')
    .where('o.supplier_id', supplierId)
    .where('l.received_qty', '>', 0)
    .whereBetween('o.order_date', [from, to])
    .select('l.*', 'o.expected_date as order_expected', 'o.updated_at as order_updated', 'o.order_date')
  for (const row of rows) {
    const quantity = Quantity.fromMicros(row.received_qty)
    const paid = perBase(row)
    const receivedOn = parseDate(row.order_updated) ?? parseDate(row.order_date)!
    facts.push({
      quantity, accepted: quantity.minus(Quantity.fromMicros(row.rejected_qty)), receivedOn,
      expectedOn: parseDate(row.expected_date ?? row.order_expected ?? null), paidPrice: paid, referencePrice: await reference(Number(row.item_id), receivedOn, paid),
    })
  }
  return facts
}

function perBase(row: any): Money {
  const base = Quantity.fromMicros(row.line_base ?? row.quantity_base)
  const qty = Quantity.fromMicros(row.quantity)
  return Money.of(Money.fromMicros(row.unit_price).amount.times(qty.value).div(base.value))
}

const micros = (q: Quantity | null) => (q ? q.toMicros().toString() : null)

/** Scores every active supplier, stores the result on it and in the history; returns how many were scored. */
export async function scoreSuppliers(settings: ScoreSettings = DEFAULT_SCORE_SETTINGS, on: DateTime = DateTime.now()): Promise<number> {
  const to = on.toISODate()!
  const from = on.minus({ months: 12 }).toISODate()!
  const suppliers = await db.from('procurement_suppliers').where('active', true).select('id')
  for (const { id } of suppliers) {
    const result = computeScore(await receiptFacts(Number(id), from, to), settings)
    await db.transaction(async (trx) => {
      const now = dbTimestamp(new Date(), trx)
      const values = { on_time_rate: micros(result.onTimeRate), quality_rate: micros(result.qualityRate), price_index: micros(result.priceIndex), score: micros(result.score), grade: result.grade }
      await trx.from('procurement_suppliers').where('id', id).update({ ...values, scored_at: now })
      await trx.table('procurement_supplier_scores').insert({ ...values, supplier_id: id, period_from: from, period_to: to, receipt_count: result.receiptCount, created_at: now })
    })
  }
  return suppliers.length
}

/** Tells buyers about qualifications expired or expiring within `days`; returns how many. */
export async function notifyExpiringQualifications(days = 30, on: DateTime = DateTime.now()): Promise<number> {
  const until = on.plus({ days }).toISODate()!
  const rows = await db
    .from('procurement_supplier_qualifications as q')
    .join('procurement_suppliers as s', 's.id', 'q.supplier_id')
    .where('s.active', true)
    .whereNotNull('q.expires_on')
    .where('q.expires_on', '<=', until)
    .select('q.name', 'q.expires_on', 's.id as supplier_id', 's.name as supplier_name')
  for (const row of rows) {
    const date = parseDate(row.expires_on)
    await notify({
      roleCodes: ['buyer'],
      title: { 'zh-CN': `供应商资质即将到期：${row.supplier_name} ${row.name}（${date}）`, 'en': `Supplier qualification expiring: ${row.supplier_name} ${row.name} (${date})` },
      recordType: 'procurement.supplier',
      recordId: row.supplier_id,
      kind: 'system',
    })
  }
  return rows.length
}
