import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { nextNumber, ensureSeries, updateSeries, patternProblems, formatNumber, NumberSeriesError } from '#kernel/documents/number_series'

const TYPE = 'fixdoc.order'

async function resetSeries() {
  await db.from('fixdoc_orders').delete()
  await db.from('number_series').where('document_type', TYPE).delete()
}

test.group('Number series patterns', () => {
  test('a pattern needs exactly one counter, known tokens and the year when it resets yearly', ({ assert }) => {
    assert.deepEqual(patternProblems('SO-{YYYY}-{#####}', true), [])
    assert.deepEqual(patternProblems('INV{YY}{MM}-{###}', true), [])
    assert.deepEqual(patternProblems('PO-{####}', false), [])
    assert.include(patternProblems('SO-{YYYY}', true), 'documents.series.errors.no_counter')
    assert.include(patternProblems('SO-{##}-{##}', false), 'documents.series.errors.two_counters')
    assert.include(patternProblems('SO-{YEAR}-{##}', false), 'documents.series.errors.unknown_token')
    assert.include(patternProblems('SO {##}', false), 'documents.series.errors.characters')
    assert.deepEqual(patternProblems('记-{#####}', false), [])
    assert.include(patternProblems('SO-{#####}', true), 'documents.series.errors.reset_needs_year')
    assert.include(patternProblems('', false), 'documents.series.errors.length')
  })

  test('numbers are formatted with the date and a zero-padded counter', ({ assert }) => {
    const date = DateTime.fromISO('2026-03-07')
    assert.equal(formatNumber('SO-{YYYY}-{#####}', 42, date), 'SO-2026-00042')
    assert.equal(formatNumber('INV{YY}{MM}{DD}-{###}', 7, date), 'INV260307-007')
    assert.equal(formatNumber('X-{##}', 123, date), 'X-123')
  })
})

test.group('Allocating numbers', (group) => {
  group.each.setup(resetSeries)
  group.teardown(resetSeries)

  test('numbers follow each other, and a rolled-back transaction gives its number back', async ({ assert }) => {
    const year = DateTime.now().setZone('Asia/Shanghai').toFormat('yyyy') // the default company time zone
    const first = await db.transaction((trx) => nextNumber(TYPE, trx))
    assert.equal(first, `FX-${year}-0001`)
    await assert.rejects(() =>
      db.transaction(async (trx) => {
        assert.equal(await nextNumber(TYPE, trx), `FX-${year}-0002`)
        throw new Error('the document failed to save')
      })
    )
    assert.equal(await db.transaction((trx) => nextNumber(TYPE, trx)), `FX-${year}-0002`)
  })

  test('the date in a number is the company time zone, not the server clock', async ({ assert }) => {
    await ensureSeries(TYPE)
    await updateSeries(TYPE, { pattern: 'D{YYYY}{MM}{DD}-{####}', resetYearly: true })
    await db.table('settings').insert({ key: 'kernel.timezone', value: JSON.stringify('Pacific/Kiritimati'), updated_at: new Date() })
    try {
      const number = await db.transaction((trx) => nextNumber(TYPE, trx))
      // UTC+14: from 10:00 UTC on, Kiritimati is already tomorrow.
      assert.equal(number, `D${DateTime.now().setZone('Pacific/Kiritimati').toFormat('yyyyLLdd')}-0001`)
    } finally {
      await db.from('settings').where('key', 'kernel.timezone').delete()
    }
  })

  test('a yearly series starts again at 1 in a new year; a continuous one does not', async ({ assert }) => {
    const thisYear = DateTime.now()
    const lastYear = thisYear.minus({ years: 1 })
    await db.transaction((trx) => nextNumber(TYPE, trx, { date: lastYear }))
    assert.equal(await db.transaction((trx) => nextNumber(TYPE, trx, { date: lastYear })), `FX-${lastYear.toFormat('yyyy')}-0002`)
    assert.equal(await db.transaction((trx) => nextNumber(TYPE, trx, { date: thisYear })), `FX-${thisYear.toFormat('yyyy')}-0001`)

    // A continuous series counts on from this year's counter (1 so far), whatever the date.
    await updateSeries(TYPE, { pattern: 'FXC-{#####}', resetYearly: false })
    assert.equal(await db.transaction((trx) => nextNumber(TYPE, trx, { date: lastYear })), 'FXC-00002')
    assert.equal(await db.transaction((trx) => nextNumber(TYPE, trx, { date: thisYear })), 'FXC-00003')
  })

  test('switching the yearly reset off and on again never repeats a number', async ({ assert }) => {
    const year = DateTime.now().toFormat('yyyy')
    await db.transaction((trx) => nextNumber(TYPE, trx))
    await db.transaction((trx) => nextNumber(TYPE, trx))
    await updateSeries(TYPE, { pattern: 'FX-{YYYY}-{####}', resetYearly: false })
    assert.equal(await db.transaction((trx) => nextNumber(TYPE, trx)), `FX-${year}-0003`)
    await updateSeries(TYPE, { pattern: 'FX-{YYYY}-{####}', resetYearly: true })
    assert.equal(await db.transaction((trx) => nextNumber(TYPE, trx)), `FX-${year}-0004`)
  })

  test('a number can only be taken inside a transaction', async ({ assert }) => {
    await assert.rejects(() => nextNumber(TYPE, db.connection() as any), NumberSeriesError as any)
  })

  test('a type without a declared pattern gets a default series', async ({ assert }) => {
    await db.from('number_series').where('document_type', 'fixdoc.undeclared').delete()
    const series = await ensureSeries('fixdoc.undeclared')
    assert.equal(series.pattern, 'UNDECLARED-{YYYY}-{#####}')
    assert.isTrue(series.reset_yearly)
    await db.from('number_series').where('document_type', 'fixdoc.undeclared').delete()
  })

  test('40 concurrent transactions, some rolled back, get gapless numbers without duplicates', async ({ assert }) => {
    const year = DateTime.now().toFormat('yyyy')
    await ensureSeries(TYPE)
    const attempts = Array.from({ length: 40 }, (_, i) =>
      db
        .transaction(async (trx) => {
          const number = await nextNumber(TYPE, trx)
          // Hold the transaction open a little so others pile up behind it.
          await new Promise((resolve) => setTimeout(resolve, 2 + (i % 5)))
          await trx.insertQuery().table('fixdoc_orders').insert({ number, state: 'draft', customer: `c${i}`, total: 0, created_at: new Date() })
          if (i % 4 === 3) throw new Error('rolled back on purpose')
          return number
        })
        .then(
          (number) => ({ ok: true, number }),
          () => ({ ok: false, number: null })
        )
    )
    const results = await Promise.all(attempts)
    const committed = results.filter((r) => r.ok).map((r) => r.number!)
    assert.lengthOf(committed, 30)

    const stored = (await db.from('fixdoc_orders').select('number').orderBy('number')).map((r) => r.number)
    const expected = Array.from({ length: 30 }, (_, i) => `FX-${year}-${String(i + 1).padStart(4, '0')}`)
    assert.deepEqual(stored, expected)
    assert.deepEqual([...committed].sort(), expected)
  }).timeout(60000)
})

test.group('Number series inside a test transaction', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('nested document transactions take numbers too', async ({ assert }) => {
    const n = await db.transaction((trx) => nextNumber(TYPE, trx))
    assert.match(n, /^FX-\d{4}-\d{4}$/)
  })
})
