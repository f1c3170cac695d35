import { test } from '@japa/runner'
import { Money, Quantity, NumberFormatError, currencyPrecision } from '#kernel/numbers/index'

test.group('Money arithmetic is exact', () => {
  test('ten times 0.10 is exactly 1.00, unlike floats', ({ assert }) => {
    let total = Money.zero()
    for (let i = 0; i < 10; i++) total = total.plus(Money.of('0.10'))
    assert.isTrue(total.equals(Money.of('1')))
    assert.equal(total.toFixed(), '1.00')
    assert.notEqual(0.1 * 3, 0.3) // the reason this type exists
    assert.equal(Money.of('0.1').times(3).toFixed(), '0.30')
  })

  test('price × quantity keeps full precision until rounded to the currency', ({ assert }) => {
    const line = Money.of('19.99').times(Quantity.of('3.333'))
    assert.equal(line.amount.toFixed(), '66.62667')
    assert.equal(line.round().toFixed(), '66.63')
    assert.equal(line.toMicros(), 66626670n)
  })

  test('rounding is explicit: half-up by default, banker’s rounding on request', ({ assert }) => {
    assert.equal(Money.of('2.345').round().toFixed(), '2.35')
    assert.equal(Money.of('2.345').round(2, 'half_even').toFixed(), '2.34')
    assert.equal(Money.of('-2.345').round().toFixed(), '-2.35')
    assert.equal(Money.of('2.349').round(2, 'down').toFixed(), '2.34')
    assert.equal(Money.of('100', 'JPY').dividedBy(3).round().toFixed(), '33')
    assert.equal(currencyPrecision('CNY'), 2)
    assert.equal(currencyPrecision('JPY'), 0)
  })

  test('micros round-trip as BIGINT text, including amounts beyond 2^53 micros', ({ assert }) => {
    const big = Money.of('9000000000000.123456')
    assert.equal(big.toMicros(), 9000000000000123456n)
    assert.equal(Money.fromMicros('9000000000000123456').amount.toFixed(), '9000000000000.123456')
    assert.equal(Money.fromMicros(-100000).toFixed(), '-0.10')
    // better-sqlite3 hands back numbers: beyond 2^53 they are no longer exact, so we refuse.
    assert.throws(() => Money.fromMicros(2 ** 60), /unsafe_integer/)
  })

  test('amounts in different currencies do not mix', ({ assert }) => {
    assert.throws(() => Money.of('1', 'CNY').plus(Money.of('1', 'USD')), /CNY and USD/)
  })

  test('fractional JS numbers are refused as input; integers are fine', ({ assert }) => {
    assert.throws(() => Money.of(0.1), NumberFormatError)
    assert.equal(Money.of(12).toFixed(), '12.00')
  })

  test('allocation splits an amount into parts that sum back exactly', ({ assert }) => {
    const parts = Money.of('100.00').allocate([1, 1, 1])
    assert.deepEqual(parts.map((p) => p.toFixed()), ['33.34', '33.33', '33.33'])
    assert.isTrue(Money.sum(parts).equals(Money.of('100')))
    const skewed = Money.of('0.05').allocate(['0.3', '0.7'])
    assert.equal(Money.sum(skewed).toFixed(), '0.05')
  })
})

test.group('Parsing what people type', () => {
  test('accepts thousands separators, currency signs, full-width commas and signs', ({ assert }) => {
    assert.equal(Money.parse('1,234.50').toFixed(), '1234.50')
    assert.equal(Money.parse(' ¥12 ').toFixed(), '12.00')
    assert.equal(Money.parse('-3.5').toFixed(), '-3.50')
    assert.equal(Money.parse('1，000').toFixed(), '1000.00')
    assert.equal(Money.parse('.5').toFixed(), '0.50')
    assert.equal(Quantity.parse('2.125', { precision: 3 }).toFixed(), '2.125')
  })

  test('rejects garbage with a reason and an i18n key', ({ assert }) => {
    for (const bad of ['', 'abc', '1.2.3', '12a', '1,23', '--1', '1e5', 'NaN', 'Infinity', '.', null, undefined, {}]) {
      assert.throws(() => Money.parse(bad as any), NumberFormatError)
    }
    try {
      Money.parse('1.234')
      assert.fail('accepted three decimals for CNY')
    } catch (error) {
      assert.instanceOf(error, NumberFormatError)
      assert.equal((error as NumberFormatError).key, 'documents.numbers.too_many_decimals')
      assert.equal((error as NumberFormatError).params.max, 2)
    }
    assert.equal(Money.parse('1.2345', { maxDecimals: 4 }).amount.toFixed(), '1.2345')
    assert.throws(() => Quantity.parse('1.5', { precision: 0 }), /too_many_decimals/)
    assert.throws(() => Money.parse('99999999999999'), /out_of_range/)
  })
})

test.group('Formatting per locale', () => {
  test('money shows the currency precision and grouping in both languages', ({ assert }) => {
    assert.equal(Money.of('1234567.5').format('en'), '¥1,234,567.50')
    assert.equal(Money.of('1234567.5').format('zh-CN'), '¥1,234,567.50')
    assert.equal(Money.of('-0.005').format('en'), '-¥0.01')
    assert.equal(Money.of('9000000000000.12').format('en', { symbol: false }), '9,000,000,000,000.12')
    assert.equal(Money.of('12.5', 'USD').format('en'), '$12.50')
  })

  test('quantities show the unit precision', ({ assert }) => {
    assert.equal(Quantity.of('1234.5').format('en'), '1,234.5')
    assert.equal(Quantity.of('2').format('zh-CN', 3), '2.000')
    assert.equal(Quantity.of('2.0005').round(3).toFixed(), '2.001')
    assert.equal(Quantity.of('10').dividedBy(3).round(2).toFixed(2), '3.33')
  })

  test('JSON carries exact text, never a float', ({ assert }) => {
    assert.equal(JSON.stringify({ total: Money.of('0.10'), qty: Quantity.of('3') }), '{"total":"0.1","qty":"3"}')
  })
})
