/*
 * Fixed-point "micros": every amount and quantity is stored as a BIGINT holding
 * value × 10^6 (ARCHITECTURE.md, Exact numbers). This module is the one place
 * that converts between micros, Decimal and user text; Money and Quantity
 * build on it. No value here ever passes through a binary float.
 */
import { Decimal as DecimalJs } from 'decimal.js'

/** A Decimal constructor of our own, so no other code's global config affects ours. */
export const Decimal = DecimalJs.clone({ precision: 60, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 })
export type Decimal = DecimalJs

export const MICRO_SCALE = 6
const MICROS_PER_UNIT = new Decimal(10).pow(MICRO_SCALE)
/** The range of a signed 64-bit BIGINT column. */
const INT64_MAX = new Decimal('9223372036854775807')
const INT64_MIN = new Decimal('-9223372036854775808')

export type RoundingMode = 'half_up' | 'half_even' | 'down' | 'up' | 'floor' | 'ceil'
const ROUNDING: Record<RoundingMode, DecimalJs.Rounding> = {
  half_up: DecimalJs.ROUND_HALF_UP,
  half_even: DecimalJs.ROUND_HALF_EVEN,
  down: DecimalJs.ROUND_DOWN,
  up: DecimalJs.ROUND_UP,
  floor: DecimalJs.ROUND_FLOOR,
  ceil: DecimalJs.ROUND_CEIL,
}
export function roundingOf(mode: RoundingMode): DecimalJs.Rounding {
  return ROUNDING[mode]
}

/** Input a value object accepts: exact decimal text, a bigint, an integer number, or a Decimal. */
export type ExactInput = string | bigint | number | DecimalJs

/**
 * Why a text is not a number. `key` is an i18n key of documents.json (`documents.numbers.<code>`)
 * so forms can show the reason in the user's language.
 */
export class NumberFormatError extends Error {
  constructor(
    public code: 'invalid' | 'too_many_decimals' | 'out_of_range' | 'not_integer' | 'unsafe_integer',
    public input: unknown,
    public params: Record<string, string | number> = {}
  ) {
    super(`${code}: ${String(input)}`)
  }

  get key() {
    return `documents.numbers.${this.code}`
  }
}

/** Converts trusted program input (never a fractional JS number) to a Decimal. */
export function toDecimal(value: ExactInput): DecimalJs {
  if (DecimalJs.isDecimal(value)) return new Decimal(value as DecimalJs)
  if (typeof value === 'bigint') return new Decimal(value.toString())
  if (typeof value === 'number') {
    // A fractional number has already lost exactness (0.1 is not 1/10): refuse it.
    if (!Number.isInteger(value)) throw new NumberFormatError('not_integer', value)
    if (!Number.isSafeInteger(value)) throw new NumberFormatError('unsafe_integer', value)
    return new Decimal(value)
  }
  if (typeof value === 'string') {
    const text = value.trim()
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) throw new NumberFormatError('invalid', value)
    return new Decimal(text)
  }
  throw new NumberFormatError('invalid', value)
}

/**
 * Parses what a person typed: optional sign, digits with optional thousands
 * separators ("," or spaces, also the full-width "，"), an optional decimal
 * point, and an optional currency sign (¥ ￥ $ €). At most `maxDecimals` places.
 */
export function parseUserNumber(input: unknown, maxDecimals: number): DecimalJs {
  if (typeof input !== 'string' && typeof input !== 'number') throw new NumberFormatError('invalid', input)
  let text = String(input).trim().replace(/[\s\u00a0]/g, '').replace(/，/g, ',').replace(/．/g, '.')
  let sign = ''
  if (/^[+-]/.test(text)) {
    sign = text[0] === '-' ? '-' : ''
    text = text.slice(1)
  }
  text = text.replace(/^[¥￥$€]/, '')
  if (!/^(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$/.test(text) || text === '' || text === '.') {
    throw new NumberFormatError('invalid', input)
  }
  const plain = text.replace(/,/g, '')
  const decimals = plain.includes('.') ? plain.split('.')[1].length : 0
  if (decimals > maxDecimals) throw new NumberFormatError('too_many_decimals', input, { max: maxDecimals })
  const value = new Decimal(sign + plain)
  assertInRange(value, input)
  return value
}

function assertInRange(value: DecimalJs, input: unknown) {
  const micros = value.times(MICROS_PER_UNIT)
  if (micros.gt(INT64_MAX) || micros.lt(INT64_MIN)) throw new NumberFormatError('out_of_range', input)
}

/** value × 10^6 rounded half-up to a whole micro, as a bigint (what the BIGINT column holds). */
export function decimalToMicros(value: DecimalJs): bigint {
  const micros = value.times(MICROS_PER_UNIT).toDecimalPlaces(0, DecimalJs.ROUND_HALF_UP)
  if (micros.gt(INT64_MAX) || micros.lt(INT64_MIN)) throw new NumberFormatError('out_of_range', value.toString())
  return BigInt(micros.toFixed(0))
}

/**
 * A BIGINT as the drivers return it: pg gives a string, better-sqlite3 a
 * number (exact only up to 2^53, i.e. ±9,007,199,254.740991 units: beyond
 * that we refuse rather than return a wrong value), or a bigint.
 */
export function microsToDecimal(micros: string | number | bigint): DecimalJs {
  if (typeof micros === 'number') {
    if (!Number.isSafeInteger(micros)) throw new NumberFormatError('unsafe_integer', micros)
    return new Decimal(micros).div(MICROS_PER_UNIT)
  }
  const text = typeof micros === 'bigint' ? micros.toString() : String(micros).trim()
  if (!/^[+-]?\d+$/.test(text)) throw new NumberFormatError('invalid', micros)
  return new Decimal(text).div(MICROS_PER_UNIT)
}

/** Formats a Decimal for a locale without going through a float (Intl accepts exact decimal strings). */
export function formatDecimal(value: DecimalJs, locale: string, options: Intl.NumberFormatOptions): string {
  const formatter = new Intl.NumberFormat(locale, options)
  return formatter.format(value.toFixed() as unknown as number)
}
