import { test } from '@japa/runner'
import { resolveGraph } from '#kernel/plugins/dependency_graph'

test.group('Plugin dependency graph', () => {
  test('orders plugins so dependencies load first', ({ assert }) => {
    const { order, problems } = resolveGraph([
      { id: 'sales_stock', version: '1.0.0', depends: { sales: '^1.0.0', inventory: '^1.0.0' } },
      { id: 'sales', version: '1.2.0', depends: { kernel: '^1.0.0' } },
      { id: 'inventory', version: '1.0.0', depends: {} },
    ])
    assert.equal(problems.size, 0)
    assert.isBelow(order.indexOf('sales'), order.indexOf('sales_stock'))
    assert.isBelow(order.indexOf('inventory'), order.indexOf('sales_stock'))
  })

  test('names the plugins of a missing dependency, a version out of range and a cycle', ({ assert }) => {
    const { order, problems } = resolveGraph([
      { id: 'a', version: '1.0.0', depends: { ghost: '^1.0.0' } },
      { id: 'b', version: '1.0.0', depends: { c: '^2.0.0' } },
      { id: 'c', version: '1.5.0', depends: {} },
      { id: 'x', version: '1.0.0', depends: { y: '*' } },
      { id: 'y', version: '1.0.0', depends: { x: '*' } },
      { id: 'z', version: '1.0.0', depends: { a: '*' } },
    ])
    assert.deepEqual(order, ['c'])
    assert.include(problems.get('a')!, '"ghost"')
    assert.include(problems.get('b')!, 'needs "c" ^2.0.0, but "c" is version 1.5.0')
    assert.include(problems.get('x')!, 'dependency cycle')
    assert.include(problems.get('y')!, '"x" → "y"')
    assert.include(problems.get('z')!, 'depends on "a", which cannot load')
  })
})
