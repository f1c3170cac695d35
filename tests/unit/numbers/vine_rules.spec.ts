import { test } from '@japa/runner'
import vine, { errors } from '@vinejs/vine'
import i18nManager from '@adonisjs/i18n/services/main'
import { Money, Quantity, vineMoney, vineQuantity } from '#kernel/numbers/index'

const validator = vine.compile(
  vine.object({
    price: vineMoney({ maxDecimals: 4, positive: true }),
    discount: vineMoney({ notNegative: true }).optional(),
    qty: vineQuantity({ precision: 0, positive: true }),
  })
)

async function messagesFor(data: Record<string, unknown>, locale = 'en') {
  try {
    const i18n = i18nManager.locale(locale)
    await validator.validate(data, { messagesProvider: i18n.createMessagesProvider(), meta: { i18n } })
    return {}
  } catch (error) {
    if (!(error instanceof errors.E_VALIDATION_ERROR)) throw error
    return Object.fromEntries((error.messages as any[]).map((m) => [m.field, m.message]))
  }
}

test.group('Form fields for amounts and quantities', () => {
  test('typed text becomes Money and Quantity, never a float', async ({ assert }) => {
    const out = await validator.validate({ price: '1,234.5678', discount: '0', qty: '12' })
    assert.isTrue(out.price instanceof Money)
    assert.equal(out.price.amount.toFixed(), '1234.5678')
    assert.isTrue(out.discount!.isZero())
    assert.isTrue(out.qty instanceof Quantity)
    assert.equal(out.qty.toFixed(), '12')
  })

  test('garbage, too many decimals and wrong signs are refused with the field named', async ({ assert }) => {
    const en = await messagesFor({ price: '12,34', discount: '-1', qty: '1.5' })
    assert.equal(en.price, 'price must be a number such as 1,234.50')
    assert.equal(en.discount, 'discount must not be negative')
    assert.equal(en.qty, 'qty allows at most 0 decimal places')

    const zh = await messagesFor({ price: '0', qty: '-2' }, 'zh-CN')
    assert.equal(zh.price, 'price必须大于零')
    assert.equal(zh.qty, 'qty必须大于零')

    const decimals = await messagesFor({ price: '1.23456', qty: '1' })
    assert.equal(decimals.price, 'price allows at most 4 decimal places')
  })
})
