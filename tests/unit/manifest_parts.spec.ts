import { test } from '@japa/runner'
import { joinManifestParts } from '#kernel/plugins/manifest_parts'

test.group('Manifest parts', () => {
  test('lists are concatenated in part order and slots merged', ({ assert }) => {
    const joined = joinManifestParts(
      {
        permissions: [{ code: 'inv.item.view', label: { 'zh-CN': '看', en: 'View' } }],
        menu: [{ key: 'items', label: 'inv.menu.items', route: 'inv.items.index' }],
        slots: { 'workbench.widgets': [{ view: 'inv::a' }] },
      },
      {
        permissions: [{ code: 'inv.count.view', label: { 'zh-CN': '盘', en: 'Count' } }],
        slots: { 'workbench.widgets': [{ view: 'inv::b' }], 'inv.item.tabs': [{ view: 'inv::c' }] },
      }
    )
    assert.deepEqual(joined.permissions!.map((p) => p.code), ['inv.item.view', 'inv.count.view'])
    assert.lengthOf(joined.menu!, 1)
    assert.deepEqual(joined.slots!['workbench.widgets'].map((s) => s.view), ['inv::a', 'inv::b'])
    assert.lengthOf(joined.slots!['inv.item.tabs'], 1)
  })

  test('two listeners of one event and two hooks of one document hook both run, in part order', async ({ assert }) => {
    const calls: string[] = []
    const joined = joinManifestParts(
      {
        listeners: { 'kernel:record.created': async () => void calls.push('listener a') } as any,
        hooks: { 'inv.count': { afterPost: async () => void calls.push('hook a') } },
      },
      {
        listeners: { 'kernel:record.created': async () => void calls.push('listener b') } as any,
        hooks: { 'inv.count': { afterPost: async () => void calls.push('hook b'), beforePost: () => void calls.push('before') } },
      }
    )
    await (joined.listeners as any)['kernel:record.created']({})
    await joined.hooks!['inv.count'].afterPost!({} as any)
    await joined.hooks!['inv.count'].beforePost!({} as any)
    assert.deepEqual(calls, ['listener a', 'listener b', 'hook a', 'hook b', 'before'])
  })

  test('a print template declared by two parts is refused', ({ assert }) => {
    assert.throws(
      () => joinManifestParts({ printTemplates: { 'inv.receipt': 'inv::print/a' } }, { printTemplates: { 'inv.receipt': 'inv::print/b' } }),
      /print template "inv.receipt" is declared twice/
    )
  })
})
