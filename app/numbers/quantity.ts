/*
 * Quantity: an exact count or measure. Rounds to the unit of measure's
 * precision (0 for pieces, 3 for kg …) when told; storage is BIGINT micros,
 * so at most 6 decimal places survive a save.
 */
import type { Decimal as DecimalJs } from 'decimal.js'
import {
  Decimal,
  MICRO_SCALE,
  decimalToMicros,
  formatDecimal,
  microsToDecimal,
  parseUserNumber,
  roundingOf,
  toDecimal,
  type ExactInput,
  type RoundingMode,
} from './fixed_point.js'

export class Quantity {
  private constructor(readonly value: DecimalJs) {}

  static of(value: ExactInput | Quantity): Quantity {
    if (value instanceof Quantity) return value
    return new Quantity(toDecimal(value))
  }

  static zero(): Quantity {
    return new Quantity(new Decimal(0))
  }

  static fromMicros(micros: string | number | bigint): Quantity {
    return new Quantity(microsToDecimal(micros))
  }

  /** From what a person typed, with at most `precision` decimals (default 6, the storage scale). */
  static parse(input: unknown, options: { precision?: number } = {}): Quantity {
    return new Quantity(parseUserNumber(input, options.precision ?? MICRO_SCALE))
  }

  static sum(values: Quantity[]): Quantity {
    return values.reduce((total, q) => total.plus(q), Quantity.zero())
  }

  plus(other: Quantity | ExactInput): Quantity {
    return new Quantity(this.value.plus(Quantity.of(other).value))
  }
  minus(other: Quantity | ExactInput): Quantity {
    return new Quantity(this.value.minus(Quantity.of(other).value))
  }
  times(factor: Quantity | ExactInput): Quantity {
    return new Quantity(this.value.times(Quantity.of(factor).value))
  }
  dividedBy(divisor: Quantity | ExactInput): Quantity {
    return new Quantity(this.value.dividedBy(Quantity.of(divisor).value))
  }
  negated(): Quantity {
    return new Quantity(this.value.negated())
  }
  abs(): Quantity {
    return new Quantity(this.value.abs())
  }

  /** Rounds to the unit's precision with an explicit mode (default half-up). */
  round(precision: number, mode: RoundingMode = 'half_up'): Quantity {
    return new Quantity(this.value.toDecimalPlaces(precision, roundingOf(mode)))
  }

  isZero() {
    return this.value.isZero()
  }
  isNegative() {
    return this.value.isNegative() && !this.value.isZero()
  }
  isPositive() {
    return this.value.isPositive() && !this.value.isZero()
  }
  compare(other: Quantity | ExactInput): -1 | 0 | 1 {
    return this.value.comparedTo(Quantity.of(other).value) as -1 | 0 | 1
  }
  equals(other: Quantity | ExactInput): boolean {
    return this.compare(other) === 0
  }
  lessThan(other: Quantity | ExactInput) {
    return this.compare(other) < 0
  }
  greaterThan(other: Quantity | ExactInput) {
    return this.compare(other) > 0
  }

  toMicros(): bigint {
    return decimalToMicros(this.value)
  }

  /** Plain text; with `precision`, exactly that many decimals (rounded half-up). */
  toFixed(precision?: number): string {
    return precision === undefined ? this.value.toFixed() : this.value.toFixed(precision, Decimal.ROUND_HALF_UP)
  }

  /** For people, with grouping: "1,234.5" — `precision` fixes the decimals shown. */
  format(locale: string = 'zh-CN', precision?: number): string {
    const value = precision === undefined ? this.value : this.value.toDecimalPlaces(precision, Decimal.ROUND_HALF_UP)
    return formatDecimal(value, locale, {
      minimumFractionDigits: precision ?? 0,
      maximumFractionDigits: precision ?? MICRO_SCALE,
    })
  }

  toString(): string {
    return this.toFixed()
  }

  toJSON(): string {
    return this.value.toFixed()
  }
}
