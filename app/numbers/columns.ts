/*
 * Lucid column decorators that convert at the edge: the model sees Money /
 * Quantity, the database a BIGINT of micros. Use with `table.bigInteger(...)`.
 *
 *   @moneyColumn() declare total: Money
 *   @quantityColumn() declare qty: Quantity
 */
import { column } from '@adonisjs/lucid/orm'
import type { ColumnOptions } from '@adonisjs/lucid/types/model'
import { Money, DEFAULT_CURRENCY } from './money.js'
import { Quantity } from './quantity.js'

type Options = Partial<Omit<ColumnOptions, 'prepare' | 'consume'>>

/** A string of the micros: pg takes it for BIGINT as is, SQLite stores it as INTEGER. */
function prepareWith(toValue: (v: any) => Money | Quantity) {
  return (value: unknown) => (value === null || value === undefined ? value : toValue(value).toMicros().toString())
}

export function moneyColumn(options: Options & { currency?: string } = {}) {
  const { currency = DEFAULT_CURRENCY, ...rest } = options
  return column({
    ...rest,
    prepare: prepareWith((v) => (v instanceof Money ? v : Money.of(v, currency))),
    consume: (value: unknown) =>
      value === null || value === undefined ? value : Money.fromMicros(value as string | number | bigint, currency),
    serialize: (value: Money | null) => (value ? value.toJSON() : value),
  })
}

export function quantityColumn(options: Options = {}) {
  return column({
    ...options,
    prepare: prepareWith((v) => Quantity.of(v)),
    consume: (value: unknown) =>
      value === null || value === undefined ? value : Quantity.fromMicros(value as string | number | bigint),
    serialize: (value: Quantity | null) => (value ? value.toJSON() : value),
  })
}
