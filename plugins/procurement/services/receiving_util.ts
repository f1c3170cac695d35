/*
 * Small shared pieces of receiving: the error every receiving rule refuses
 * with (a HookVeto with an i18n key of procurement_receiving.json and the
 * form field it belongs to), day strings and exact-number helpers.
 */
import { HookVeto } from '#kernel/plugins/document_hooks'
import { Money, Quantity } from '#kernel/numbers/index'

export class ReceivingError extends HookVeto {
  constructor(
    key: string,
    data: Record<string, unknown> = {},
    /** The form field the message belongs to, e.g. `lines.0.quantity`. */
    public field: string | null = null
  ) {
    super(`procurement_receiving.errors.${key}`, data, 'procurement')
  }
}

/** A `date` column as 'YYYY-MM-DD' (pg returns a Date at local midnight, SQLite the text). */
export function dayString(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null
  if (value instanceof Date) {
    const pad = (n: number) => String(n).padStart(2, '0')
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`
  }
  return String(value).slice(0, 10)
}

export function today(): string {
  return dayString(new Date())!
}

export const qty = (micros: unknown) => Quantity.fromMicros(String(micros ?? 0))
export const money = (micros: unknown, currency = 'CNY') => Money.fromMicros(String(micros ?? 0), currency)
export const micros = (value: Quantity | Money) => value.toMicros().toString()
export const minQty = (a: Quantity, b: Quantity) => (a.lessThan(b) ? a : b)
export const maxQty = (a: Quantity, b: Quantity) => (a.greaterThan(b) ? a : b)

/** The id an insert returned, on both databases. */
export const insertedId = (row: any) => Number(typeof row === 'object' ? row.id : row)

/** Percent in micros (5% → 5000000) as a Quantity fraction (0.05). */
export const percentFraction = (pctMicros: unknown) => qty(pctMicros).dividedBy(100)
