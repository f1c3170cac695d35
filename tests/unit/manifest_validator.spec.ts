import { test } from '@japa/runner'
import vine from '@vinejs/vine'
import { validateManifest } from '#kernel/plugins/manifest_validator'

const valid = () => ({
  id: 'shop',
  version: '1.0.0',
  name: { 'zh-CN': '商店', 'en': 'Shop' },
  depends: { kernel: '^1.0.0' },
})

test.group('Manifest validation', () => {
  test('a complete manifest has no problems', ({ assert }) => {
    assert.deepEqual(
      validateManifest(
        {
          ...valid(),
          permissions: [{ code: 'shop.order.view', label: { 'zh-CN': '看', 'en': 'View' }, scoped: true }],
          menu: [{ key: 'orders', label: 'shop.menu.orders', route: 'shop.orders.index' }],
          documents: [{ type: 'shop.order', label: { 'zh-CN': '订单', 'en': 'Order' } }],
          jobs: [{ name: 'nightly', file: 'jobs/nightly.ts', cron: '0 2 * * *' }],
          listeners: { 'sales:order.confirmed': () => {} },
          hooks: { 'shop.order': { beforeSubmit: () => {} } },
          slots: { 'workbench.widgets': [{ view: 'shop::widgets/x' }] },
          settings: vine.object({ a: vine.string() }),
          printTemplates: { 'shop.order': 'shop::print/order' },
        },
        'shop'
      ),
      []
    )
  })

  test('each malformed field is named in its own message', ({ assert }) => {
    const problems = validateManifest(
      {
        ...valid(),
        depends: { kernel: 'not a range', shop: '*' },
        permissions: [
          { code: 'shop.order.view', label: { 'zh-CN': '看', 'en': 'View' } },
          { code: 'shop.order.view', label: { 'zh-CN': '看', 'en': '' } },
        ],
        menu: [{ key: 'orders', label: '', route: 'shop.orders.index' }],
        documents: [{ type: 'sales.order', label: { 'zh-CN': '订单', 'en': 'Order' } }],
        listeners: { orderConfirmed: () => {}, 'sales:order.confirmed': 'nope' },
        hooks: { 'shop.order': { beforeShip: () => {}, afterPost: 42 } },
        slots: { 'workbench.widgets': [{ title: 'x' }], 'crm.customer.tabs': 'nope' },
        settings: { a: 'string' },
        printTemplates: { 'shop.order': 'print/order' },
      } as any,
      'shop'
    )
    for (const expected of [
      '"depends.kernel" is not a valid version range',
      '"depends" lists the plugin itself',
      '"permissions[1].code" (shop.order.view) is declared twice',
      '"permissions[1].label" needs "zh-CN" and "en" texts',
      '"menu[0].label" is required',
      '"documents[0].type" must start with "shop."',
      '"listeners" key "orderConfirmed" must look like "plugin:entity.verb"',
      '"listeners.sales:order.confirmed" must be a function or a list of functions',
      '"hooks.shop.order.beforeShip" is not a known document hook',
      '"hooks.shop.order.afterPost" must be a function',
      '"slots.workbench.widgets[0].view" is required',
      '"slots.crm.customer.tabs" must be a list of contributions',
      '"settings" must be a VineJS object schema',
      '"printTemplates.shop.order" must name an Edge view on the plugin\'s disk',
    ]) {
      assert.isTrue(problems.some((p) => p.includes(expected)), `missing: ${expected}\n${problems.join('\n')}`)
    }
  })

  test('the id must match the folder, be well formed and not reserved', ({ assert }) => {
    assert.include(validateManifest({ ...valid() }, 'store').join(), '"id" is "shop" but the folder is named "store"')
    assert.include(validateManifest({ ...valid(), id: 'Shop' }).join(), '"id" must be 2–40 lowercase letters')
    assert.include(validateManifest({ ...valid(), id: 'kernel' }).join(), '"id" may not be "kernel"')
    assert.deepEqual(validateManifest(null), ['the manifest must be an object exported by default from plugin.ts (use definePlugin)'])
  })
})
