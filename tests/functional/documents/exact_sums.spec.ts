import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { Money, Quantity, sumMoney, sumQuantity } from '#kernel/numbers/index'
import FixdocOrder from '#tests/fixtures/plugins/fixdoc/models/fixdoc_order'
import FixdocOrderLine from '#tests/fixtures/plugins/fixdoc/models/fixdoc_order_line'

test.group('Exact sums in the database', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('10,000 lines of 0.10 sum to exactly 1000.00', async ({ assert }) => {
    const order = await FixdocOrder.create({ customer: 'Sum Co', total: Money.zero() })
    const tenCents = Money.parse('0.10').toMicros().toString()
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      order_id: order.id,
      description: `line ${i}`,
      qty: Quantity.of(1).toMicros().toString(),
      price: tenCents,
      amount: tenCents,
    }))
    for (let i = 0; i < rows.length; i += 500) await db.insertQuery().table('fixdoc_order_lines').multiInsert(rows.slice(i, i + 500))

    const total = await sumMoney(db.from('fixdoc_order_lines').where('order_id', order.id), 'amount')
    assert.equal(total.toFixed(), '1000.00')
    assert.isTrue(total.equals(Money.of('1000')))
    // The float way gets it wrong, which is why no amount ever becomes a JS number.
    assert.notEqual(Array.from({ length: 10_000 }, () => 0.1).reduce((a, b) => a + b, 0), 1000)

    const viaModel = await sumQuantity(FixdocOrderLine.query().where('order_id', order.id), 'qty')
    assert.equal(viaModel.toFixed(), '10000')
  })

  test('money columns store micros and read back Money, beyond 2^53 micros on the way in and in sums', async ({ assert }) => {
    const order = await FixdocOrder.create({ customer: 'Big Co', total: Money.parse('1,234.56') })
    const raw = await db.from('fixdoc_orders').where('id', order.id).first()
    assert.equal(String(raw.total), '1234560000')
    const loaded = await FixdocOrder.findOrFail(order.id)
    assert.isTrue(loaded.total instanceof Money)
    assert.equal(loaded.total.toFixed(), '1234.56')
    assert.equal(JSON.stringify(loaded.serialize().total), '"1234.56"')

    // Two amounts of 5 billion each: their micros sum (10^16) is past 2^53, still exact.
    const five = Money.of('5000000000.01').toMicros().toString()
    await db.insertQuery().table('fixdoc_order_lines').multiInsert([
      { order_id: order.id, description: 'a', qty: '1000000', price: five, amount: five },
      { order_id: order.id, description: 'b', qty: '1000000', price: five, amount: five },
    ])
    const sum = await sumMoney(db.from('fixdoc_order_lines').where('order_id', order.id), 'amount')
    assert.equal(sum.toFixed(), '10000000000.02')
  })

  test('an empty set sums to zero', async ({ assert }) => {
    const sum = await sumMoney(db.from('fixdoc_order_lines').where('order_id', -1), 'amount')
    assert.isTrue(sum.isZero())
  })
})
