import { test } from '@japa/runner'
import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import { validateManifest } from '#kernel/plugins/manifest_validator'
import { dateMatches } from '#kernel/rules/rule_timers'
import { webhookSignature } from '#kernel/rules/actions/webhook_action'

const L = { 'zh-CN': '事', 'en': 'Thing' }
const base = { id: 'shop', version: '1.0.0', name: { 'zh-CN': '商店', 'en': 'Shop' } }

test.group('Automation in plugin manifests', () => {
  test('events and actions a plugin adds are accepted when well formed', ({ assert }) => {
    assert.deepEqual(
      validateManifest({
        ...base,
        automation: {
          events: [{ id: 'shop:order.paid', label: L, recordType: 'shop.order' }],
          actions: [{ id: 'shop.send_sms', label: L, options: vine.object({ text: vine.string() }), run: () => 'sent' }],
        },
      }),
      []
    )
  })

  test('bad ids, labels, options and run functions are each named', ({ assert }) => {
    const problems = validateManifest({
      ...base,
      automation: {
        events: [{ id: 'other:order.paid', label: L, recordType: 'shop.order' }, { id: 'shop:paid', label: { en: 'x' } }],
        actions: [{ id: 'send_sms', label: L, run: () => null }, { id: 'shop.x', label: L, options: { text: 1 }, run: 'no' }],
      },
    } as any).join('\n')
    assert.include(problems, '"automation.events[0].id" must look like "shop:entity.verb"')
    assert.include(problems, '"automation.events[1].id"')
    assert.include(problems, '"automation.events[1].label"')
    assert.include(problems, '"automation.events[1].recordType"')
    assert.include(problems, '"automation.actions[0].id" must look like "shop.action"')
    assert.include(problems, '"automation.actions[1].run" must be a function')
    assert.include(problems, '"automation.actions[1].options" must be a VineJS object schema')
  })
})

test.group('Automation helpers', () => {
  test('a yearly date matches month and day; 29 February falls on 28 February in other years', ({ assert }) => {
    const day = (iso: string) => DateTime.fromISO(iso)
    assert.isTrue(dateMatches('1990-03-17', day('2026-03-17'), true))
    assert.isFalse(dateMatches('1990-03-17', day('2026-03-17'), false))
    assert.isTrue(dateMatches('2026-03-17', day('2026-03-17'), false))
    assert.isTrue(dateMatches('2000-02-29', day('2027-02-28'), true))
    assert.isFalse(dateMatches('2000-02-29', day('2028-02-28'), true))
    assert.isTrue(dateMatches('2000-02-29', day('2028-02-29'), true))
  })

  test('the webhook signature is the hex HMAC-SHA256 of the raw body', ({ assert }) => {
    // echo -n '{"a":1}' | openssl dgst -sha256 -hmac key
    assert.equal(webhookSignature('key', '{"a":1}'), 'sha256=88a67f24bbcdaed0e6c997404bb79a743baf44c6bab2f4c27328e3009d22e342')
  })
})
