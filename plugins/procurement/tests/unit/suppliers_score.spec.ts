/* The supplier score formula and the pricing rules, as pure functions. */
import { test } from '@japa/runner'
import { Money, Quantity } from '#kernel/numbers/index'
import { computeScore, gradeOf, type ReceiptFact } from '../../services/scores.js'
import { priceForQuantity, roundUpToMoq } from '../../services/pricing.js'
import { lineProgress, receiptStatusOf } from '../../services/order_progress.js'

const fact = (over: Partial<ReceiptFact> = {}): ReceiptFact => ({
  quantity: Quantity.of('100'), accepted: Quantity.of('100'), receivedOn: '2026-05-01', expectedOn: '2026-05-01',
  paidPrice: Money.of('10'), referencePrice: Money.of('10'), ...over,
})

test.group('Supplier score', () => {
  test('no receipts: no score and no grade', ({ assert }) => {
    assert.deepEqual(computeScore([]), { receiptCount: 0, onTimeRate: null, qualityRate: null, priceIndex: null, score: null, grade: null })
  })

  test('on-time counts receipts on or before the expected date; quality is accepted over received', ({ assert }) => {
    const result = computeScore([fact(), fact({ receivedOn: '2026-05-02' }), fact({ accepted: Quantity.of('70') }), fact({ expectedOn: null })])
    assert.equal(result.onTimeRate!.toString(), '75')
    assert.equal(result.qualityRate!.toString(), '92.5')
    assert.equal(result.priceIndex!.toString(), '100')
    // (75×40 + 92.5×40 + 100×20) / 100 = 87
    assert.equal(result.score!.toString(), '87')
    assert.equal(result.grade, 'A')
  })

  test('paying above the agreement lowers the price part; weights and thresholds come from the settings', ({ assert }) => {
    const dear = computeScore([fact({ paidPrice: Money.of('11.5') })])
    assert.equal(dear.priceIndex!.toString(), '115')
    // (100×40 + 100×40 + 85×20) / 100 = 97
    assert.equal(dear.score!.toString(), '97')
    const priceOnly = computeScore([fact({ paidPrice: Money.of('13') })], { onTime: 0, quality: 0, price: 100, gradeA: 90, gradeB: 60 })
    assert.equal(priceOnly.score!.toString(), '70')
    assert.equal(priceOnly.grade, 'B')
  })

  test('grades at the thresholds', ({ assert }) => {
    assert.equal(gradeOf(Quantity.of('85')), 'A')
    assert.equal(gradeOf(Quantity.of('84.99')), 'B')
    assert.equal(gradeOf(Quantity.of('70')), 'B')
    assert.equal(gradeOf(Quantity.of('69.99')), 'C')
  })
})

test.group('Pricing and order progress', () => {
  test('the highest break not above the quantity wins; MOQ rounds up', ({ assert }) => {
    const breaks = [{ minQuantity: Quantity.of('100'), unitPrice: Money.of('9.5') }, { minQuantity: Quantity.of('500'), unitPrice: Money.of('9') }]
    assert.equal(priceForQuantity(Money.of('10'), breaks, Quantity.of('99.999')).toString(), '10.00')
    assert.equal(priceForQuantity(Money.of('10'), breaks, Quantity.of('100')).toString(), '9.50')
    assert.equal(priceForQuantity(Money.of('10'), breaks, Quantity.of('1000')).toString(), '9.00')
    assert.equal(roundUpToMoq(Quantity.of('320'), Quantity.of('500')).toString(), '500')
    assert.equal(roundUpToMoq(Quantity.of('520'), Quantity.of('500')).toString(), '520')
    assert.equal(roundUpToMoq(Quantity.of('3'), null).toString(), '3')
  })

  test('open = ordered − (received − returned), never negative; the receipt status follows', ({ assert }) => {
    const line = (q: string, r: string, ret = '0') => ({ quantityBase: Quantity.of(q), receivedQty: Quantity.of(r), returnedQty: Quantity.of(ret) })
    assert.equal(lineProgress(line('100', '60')).open.toString(), '40')
    assert.equal(lineProgress(line('100', '105')).open.toString(), '0')
    assert.equal(lineProgress(line('100', '100', '30')).open.toString(), '30')
    assert.equal(receiptStatusOf([line('10', '0'), line('5', '0')]), 'open')
    assert.equal(receiptStatusOf([line('10', '10'), line('5', '0')]), 'partially_received')
    assert.equal(receiptStatusOf([line('10', '10'), line('5', '6')]), 'received')
    assert.equal(receiptStatusOf([line('10', '10'), line('5', '2')], { closedShort: true }), 'closed_short')
  })
})
