/*
 * VineJS fields for amounts and quantities typed into forms. They validate
 * the text (garbage, too many decimals, sign) and hand the action a Money or
 * Quantity — never a float:
 *
 *   vine.object({ price: vineMoney({ maxDecimals: 4, positive: true }), qty: vineQuantity({ precision: 3, positive: true }) })
 *
 * Messages come from documents.json (`documents.numbers.rules.*`) in the
 * request's language, with the field's name filled in by the messages provider.
 */
import vine from '@vinejs/vine'
import { HttpContext } from '@adonisjs/core/http'
import type { FieldContext } from '@vinejs/vine/types'
import { Money, currencyPrecision, DEFAULT_CURRENCY } from './money.js'
import { Quantity } from './quantity.js'
import { NumberFormatError } from './fixed_point.js'

const ENGLISH: Record<string, string> = {
  invalid: '{{ field }} must be a number such as 1,234.50',
  too_many_decimals: '{{ field }} allows at most {max} decimal places',
  out_of_range: '{{ field }} is too large',
  positive: '{{ field }} must be greater than zero',
  not_negative: '{{ field }} must not be negative',
}

function report(field: FieldContext, code: string, params: Record<string, unknown> = {}) {
  // The request's language; outside a request, `validate(data, { meta: { i18n } })` says which.
  const i18n = (field.meta?.i18n as any) ?? HttpContext.get()?.i18n
  const key = `documents.numbers.rules.${code}`
  const text = i18n && (i18n.hasMessage(key) || i18n.hasFallbackMessage(key)) ? i18n.t(key, params as any) : (ENGLISH[code] ?? ENGLISH.invalid).replace('{max}', String(params.max ?? ''))
  field.report(text, `number.${code}`, field, params)
}

interface Sign {
  /** Greater than zero (quantities on a line, prices) */
  positive?: boolean
  /** Zero allowed, negative not */
  notNegative?: boolean
}

function checkSign(value: Money | Quantity, options: Sign, field: FieldContext) {
  if (options.positive && !value.isPositive()) report(field, 'positive')
  else if (options.notNegative && value.isNegative()) report(field, 'not_negative')
}

const moneyRule = vine.createRule((value: unknown, options: { currency: string; maxDecimals: number } & Sign, field) => {
  if (!field.isValid) return
  try {
    checkSign(Money.parse(value, options), options, field)
  } catch (error) {
    if (!(error instanceof NumberFormatError)) throw error
    report(field, error.code === 'too_many_decimals' || error.code === 'out_of_range' ? error.code : 'invalid', error.params)
  }
})

const quantityRule = vine.createRule((value: unknown, options: { precision: number } & Sign, field) => {
  if (!field.isValid) return
  try {
    checkSign(Quantity.parse(value, options), options, field)
  } catch (error) {
    if (!(error instanceof NumberFormatError)) throw error
    report(field, error.code === 'too_many_decimals' || error.code === 'out_of_range' ? error.code : 'invalid', error.params)
  }
})

/** A money amount typed by a person; the output is a Money. Default: the currency's decimals (2 for CNY). */
export function vineMoney(options: { currency?: string; maxDecimals?: number } & Sign = {}) {
  const currency = (options.currency ?? DEFAULT_CURRENCY).toUpperCase()
  const settings = { ...options, currency, maxDecimals: options.maxDecimals ?? currencyPrecision(currency) }
  return vine
    .string()
    .trim()
    .maxLength(40)
    .use(moneyRule(settings))
    .transform((value) => Money.parse(value, settings))
}

/** A quantity typed by a person; the output is a Quantity. `precision` is the unit's decimals (default 6). */
export function vineQuantity(options: { precision?: number } & Sign = {}) {
  const settings = { ...options, precision: options.precision ?? 6 }
  return vine
    .string()
    .trim()
    .maxLength(40)
    .use(quantityRule(settings))
    .transform((value) => Quantity.parse(value, settings))
}
