import { test } from '@japa/runner'
import { emitEvent, onEvent } from '#services/events'

declare module '#services/events' {
  interface LoomEvents {
    'testkit:probe.fired': { n: number }
  }
}

test.group('Typed events', () => {
  test('onEvent receives the typed payload; unsubscribing stops delivery', async ({ assert }) => {
    const seen: number[] = []
    const off = onEvent('testkit:probe.fired', (payload) => {
      seen.push(payload.n)
    })
    await emitEvent('testkit:probe.fired', { n: 1 })
    off()
    await emitEvent('testkit:probe.fired', { n: 2 })
    assert.deepEqual(seen, [1])
  })

  test('emitEvent waits for async listeners and rejects when one throws', async ({ assert }) => {
    let finished = false
    const offSlow = onEvent('testkit:probe.fired', async () => {
      await new Promise((r) => setTimeout(r, 20))
      finished = true
    })
    await emitEvent('testkit:probe.fired', { n: 3 })
    assert.isTrue(finished)
    offSlow()

    const offBad = onEvent('testkit:probe.fired', () => {
      throw new Error('listener failed')
    })
    try {
      await assert.rejects(() => emitEvent('testkit:probe.fired', { n: 4 }), 'listener failed')
    } finally {
      offBad()
    }
  })
})
