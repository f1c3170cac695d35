import { test } from '@japa/runner'
import { validateManifest } from '#kernel/plugins/manifest_validator'
import { PluginRegistry } from '#kernel/plugins/plugin_registry'

const base = { id: 'shop', version: '1.0.0', name: { 'zh-CN': '商店', 'en': 'Shop' } }

test.group('Print templates in a manifest', () => {
  test('the full form and the older view-only form both validate', ({ assert }) => {
    const problems = validateManifest({
      ...base,
      printTemplates: {
        'shop.order': { view: 'shop::print/order', load: async () => ({}), permission: 'shop.order.view', paper: 'A5', title: () => 'x' },
        'shop.slip': 'shop::print/slip',
      },
    })
    assert.deepEqual(problems, [])
  })

  test('each bad field is named', ({ assert }) => {
    const problems = validateManifest({
      ...base,
      printTemplates: {
        'shop.order': { view: 'print/order', load: 'nope', permission: 'Not A Code', paper: 'A3', title: 'x' } as any,
      },
    })
    assert.includeMembers(problems, [
      '"printTemplates.shop.order" must name an Edge view on the plugin\'s disk, e.g. "shop::print/shop.order"',
      '"printTemplates.shop.order.load" must be a function (id, ctx) => data that applies the caller\'s access',
      '"printTemplates.shop.order.permission" must be a permission code such as "shop.resource.view"',
      '"printTemplates.shop.order.paper" must be "A4" or "A5" (got "A3")',
      '"printTemplates.shop.order.title" must be a function (data, ctx) => string',
    ])
  })

  test('the registry reads both forms; only templates with a loader are printable', ({ assert }) => {
    const registry = new PluginRegistry()
    const load = async () => ({})
    registry.setKernelManifest({ ...base, id: 'loom_kernel', printTemplates: { 'kernel.report': { view: 'print/report', load }, 'kernel.old': 'print/old' } } as any)
    assert.equal(registry.printTemplate('kernel.old'), 'print/old')
    assert.equal(registry.printTemplate('kernel.report'), 'print/report')
    assert.strictEqual(registry.printTemplateDeclaration('kernel.report')!.load, load)
    assert.isUndefined(registry.printTemplateDeclaration('kernel.old')!.load)
    assert.isUndefined(registry.printTemplateDeclaration('kernel.none'))
    assert.deepEqual(
      registry.printTemplates().map((t) => [t.type, t.printable]),
      [
        ['kernel.report', true],
        ['kernel.old', false],
      ]
    )
  })
})
