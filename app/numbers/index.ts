/* Exact numbers for every plugin: `import { Money, Quantity, moneyColumn, sumMoney } from '#kernel/numbers/index'`. */
export { Money, currencyPrecision, DEFAULT_CURRENCY, CurrencyMismatchError } from './money.js'
export { Quantity } from './quantity.js'
export { NumberFormatError, MICRO_SCALE, type RoundingMode } from './fixed_point.js'
export { moneyColumn, quantityColumn } from './columns.js'
export { sumMoney, sumQuantity, sumMicros } from './sql_sum.js'
export { vineMoney, vineQuantity } from './vine_rules.js'
