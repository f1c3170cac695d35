/*
 * Money: an exact amount in one currency. Arithmetic keeps full precision;
 * `round()` brings a total to the currency's precision (2 places for CNY)
 * with an explicit rounding mode; storage is BIGINT micros (see moneyColumn).
 */
import type { Decimal as DecimalJs } from 'decimal.js'
import {
  Decimal,
  decimalToMicros,
  formatDecimal,
  microsToDecimal,
  parseUserNumber,
  roundingOf,
  toDecimal,
  type ExactInput,
  type RoundingMode,
} from './fixed_point.js'
import { Quantity } from './quantity.js'

export const DEFAULT_CURRENCY = 'CNY'
const precisionCache = new Map<string, number>()

/** Minor-unit places of a currency (CNY 2, JPY 0), from the ICU data Node ships. */
export function currencyPrecision(currency: string): number {
  let places = precisionCache.get(currency)
  if (places === undefined) {
    places = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
    precisionCache.set(currency, places)
  }
  return places
}

export class CurrencyMismatchError extends Error {
  constructor(a: string, b: string) {
    super(`Cannot combine amounts in ${a} and ${b}`)
  }
}

export class Money {
  private constructor(
    readonly amount: DecimalJs,
    readonly currency: string
  ) {}

  /** From exact program input: '12.30', 1230n, 12 (integers only), a Decimal or another Money. */
  static of(value: ExactInput | Money, currency: string = DEFAULT_CURRENCY): Money {
    if (value instanceof Money) return value
    return new Money(toDecimal(value), currency.toUpperCase())
  }

  static zero(currency: string = DEFAULT_CURRENCY): Money {
    return new Money(new Decimal(0), currency)
  }

  /** From the BIGINT column (string from pg, number or bigint from SQLite). */
  static fromMicros(micros: string | number | bigint, currency: string = DEFAULT_CURRENCY): Money {
    return new Money(microsToDecimal(micros), currency)
  }

  /**
   * From what a person typed ("1,234.50", "¥12", "-3.5"): at most the currency's
   * decimal places unless `maxDecimals` says otherwise (unit prices may need 4–6).
   * Throws NumberFormatError (with an i18n key) on anything else.
   */
  static parse(input: unknown, options: { currency?: string; maxDecimals?: number } = {}): Money {
    const currency = (options.currency ?? DEFAULT_CURRENCY).toUpperCase()
    return new Money(parseUserNumber(input, options.maxDecimals ?? currencyPrecision(currency)), currency)
  }

  /** Sum of many amounts of one currency (zero for an empty list). */
  static sum(values: Money[], currency: string = values[0]?.currency ?? DEFAULT_CURRENCY): Money {
    return values.reduce((total, m) => total.plus(m), Money.zero(currency))
  }

  #check(other: Money) {
    if (other.currency !== this.currency) throw new CurrencyMismatchError(this.currency, other.currency)
  }

  plus(other: Money): Money {
    this.#check(other)
    return new Money(this.amount.plus(other.amount), this.currency)
  }

  minus(other: Money): Money {
    this.#check(other)
    return new Money(this.amount.minus(other.amount), this.currency)
  }

  /** Price × quantity, amount × rate … (unrounded: round the total, not every step). */
  times(factor: ExactInput | Quantity): Money {
    const f = factor instanceof Quantity ? factor.value : toDecimal(factor)
    return new Money(this.amount.times(f), this.currency)
  }

  dividedBy(divisor: ExactInput | Quantity): Money {
    const d = divisor instanceof Quantity ? divisor.value : toDecimal(divisor)
    return new Money(this.amount.dividedBy(d), this.currency)
  }

  negated(): Money {
    return new Money(this.amount.negated(), this.currency)
  }

  abs(): Money {
    return new Money(this.amount.abs(), this.currency)
  }

  /** Rounds to `places` (default: the currency's precision) with an explicit mode (default half-up, 四舍五入). */
  round(places: number = currencyPrecision(this.currency), mode: RoundingMode = 'half_up'): Money {
    return new Money(this.amount.toDecimalPlaces(places, roundingOf(mode)), this.currency)
  }

  /**
   * Splits the amount into parts proportional to `weights`, each rounded to the
   * currency's precision, the parts summing exactly to the rounded amount
   * (the remainder goes to the largest parts first).
   */
  allocate(weights: ExactInput[]): Money[] {
    const places = currencyPrecision(this.currency)
    const total = this.round(places).amount
    const ws = weights.map(toDecimal)
    const sumW = ws.reduce((a, w) => a.plus(w), new Decimal(0))
    if (sumW.isZero()) throw new Error('allocate() needs weights that do not sum to zero')
    const raw = ws.map((w) => total.times(w).dividedBy(sumW))
    const parts = raw.map((r) => r.toDecimalPlaces(places, Decimal.ROUND_DOWN))
    const unit = new Decimal(10).pow(-places)
    let rest = total.minus(parts.reduce((a, p) => a.plus(p), new Decimal(0)))
    const order = raw.map((r, i) => ({ i, frac: r.minus(parts[i]) })).sort((a, b) => b.frac.comparedTo(a.frac))
    for (let k = 0; rest.abs().gte(unit) && k < order.length * 2; k++) {
      const { i } = order[k % order.length]
      const step = rest.isNegative() ? unit.negated() : unit
      parts[i] = parts[i].plus(step)
      rest = rest.minus(step)
    }
    return parts.map((p) => new Money(p, this.currency))
  }

  isZero() {
    return this.amount.isZero()
  }
  isNegative() {
    return this.amount.isNegative() && !this.amount.isZero()
  }
  isPositive() {
    return this.amount.isPositive() && !this.amount.isZero()
  }
  compare(other: Money): -1 | 0 | 1 {
    this.#check(other)
    return this.amount.comparedTo(other.amount) as -1 | 0 | 1
  }
  equals(other: Money): boolean {
    return other.currency === this.currency && this.amount.equals(other.amount)
  }
  lessThan(other: Money) {
    return this.compare(other) < 0
  }
  greaterThan(other: Money) {
    return this.compare(other) > 0
  }

  /** What the BIGINT column stores: value × 10^6, rounded half-up to a whole micro. */
  toMicros(): bigint {
    return decimalToMicros(this.amount)
  }

  /** Plain text with exactly `places` decimals (default: the currency's), rounded half-up: "1234.50". */
  toFixed(places: number = currencyPrecision(this.currency)): string {
    return this.amount.toFixed(places, Decimal.ROUND_HALF_UP)
  }

  /** For people: "¥1,234.50" (en) / "¥1,234.50" (zh-CN), rounded to the currency's precision. */
  format(locale: string = 'zh-CN', options: { symbol?: boolean; places?: number } = {}): string {
    const places = options.places ?? currencyPrecision(this.currency)
    const rounded = this.amount.toDecimalPlaces(places, Decimal.ROUND_HALF_UP)
    return formatDecimal(rounded, locale, {
      ...(options.symbol === false ? {} : { style: 'currency', currency: this.currency, currencyDisplay: 'narrowSymbol' }),
      minimumFractionDigits: places,
      maximumFractionDigits: places,
    })
  }

  toString(): string {
    return this.toFixed()
  }

  /** JSON carries exact text, never a number: { "amount": "12.30", "currency": "CNY" } would be ambiguous to sum in JS. */
  toJSON(): string {
    return this.amount.toFixed()
  }
}
