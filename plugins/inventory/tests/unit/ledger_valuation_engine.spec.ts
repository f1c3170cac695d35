/*
 * The valuation fold on its own: exact rounding, moving average, FIFO layers,
 * reversals and the ace loader that makes `inventory:verify` a command.
 */
import { test } from '@japa/runner'
import { applyMove, divRound, emptyState, valueOf, unitCostOf, type ValuedMove } from '#plugins/inventory/services/valuation_engine'

const U = 1_000_000n
function move(id: number, effect: number, qty: bigint, cost = 0n, extra: Partial<ValuedMove> = {}): ValuedMove {
  return { id, postedAt: null, quantity: qty * U, effect, fixed: effect === 1, reversalOfId: null, unitCost: cost, value: 0n, runningQty: 0n, runningValue: 0n, avgCost: 0n, ...extra }
}

test.group('Inventory valuation engine', () => {
  test('half-up rounding to the cent, both signs, in BigInt', ({ assert }) => {
    assert.equal(divRound(5n, 2n), 3n)
    assert.equal(divRound(-5n, 2n), -3n)
    // 3 × 3.333333 = 9.999999 → 10.00
    assert.equal(valueOf(3n * U, 3_333_333n), 10_000_000n)
    // 1 × 0.005 = 0.01 (half up), 1 × 0.004999 = 0.00
    assert.equal(valueOf(U, 5_000n), 10_000n)
    assert.equal(valueOf(U, 4_999n), 0n)
    assert.equal(unitCostOf(10_000_000n, 3n * U), 3_333_333n)
    // Beyond 2^53 micros stays exact.
    assert.equal(valueOf(9_000_000_000n * U, 1_230_000n), 11_070_000_000n * U)
  })

  test('moving average: receipts average, issues take the average, the last unit takes the rest', ({ assert }) => {
    const s = emptyState('moving_average')
    applyMove(s, move(1, 1, 10n, 5n * U), () => undefined)
    applyMove(s, move(2, 1, 10n, 8n * U), () => undefined)
    const issue = move(3, -1, 5n)
    applyMove(s, issue, () => undefined)
    assert.equal(issue.unitCost, 6_500_000n)
    assert.equal(issue.value, 32_500_000n)
    assert.equal(s.qty, 15n * U)
    assert.equal(s.value, 97_500_000n)
    const rest = move(4, -1, 15n)
    applyMove(s, rest, () => undefined)
    assert.equal(rest.value, 97_500_000n)
    assert.equal(s.value, 0n)
  })

  test('FIFO: oldest layers first; a reversal of a receipt takes its own layer', ({ assert }) => {
    const s = emptyState('fifo')
    applyMove(s, move(1, 1, 10n, 5n * U), () => undefined)
    applyMove(s, move(2, 1, 10n, 8n * U), () => undefined)
    const reversal = move(3, -1, 10n, 8n * U, { fixed: true, reversalOfId: 2 })
    applyMove(s, reversal, (id) => (id === 2 ? 8n * U : undefined))
    assert.equal(reversal.value, 80_000_000n)
    assert.deepEqual(s.layers!.map((l) => [l.moveId, l.remaining]), [[1, 10n * U]])
    const issue = move(4, -1, 4n)
    applyMove(s, issue, () => undefined)
    assert.equal(issue.value, 20_000_000n)
  })

  test('transfers report the average and change nothing; unvalued moves carry no cost', ({ assert }) => {
    const s = emptyState('moving_average')
    applyMove(s, move(1, 1, 4n, 2_500_000n), () => undefined)
    const transfer = move(2, 2, 4n)
    const changed = applyMove(s, transfer, () => undefined)
    assert.isTrue(changed)
    assert.equal(transfer.value, 10_000_000n)
    assert.equal(s.qty, 4n * U)
    const cs = move(3, 0, 7n, 9n * U)
    applyMove(s, cs, () => undefined)
    assert.equal(cs.value, 0n)
    assert.equal(s.value, 10_000_000n)
  })

  test('plugin commands are discovered from plugins/<id>/commands: inventory:verify is one', async ({ assert }) => {
    const { getMetaData } = await import('#kernel/plugins/plugin_commands')
    const names = (await getMetaData()).map((m: any) => m.commandName)
    assert.include(names, 'inventory:verify')
  })
})
