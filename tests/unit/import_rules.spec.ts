import { test } from '@japa/runner'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import { importsOf, kernelViolations, pluginDirs, pluginViolations } from '#tests/helpers/import_rules'

const ROOT = app.appRoot.pathname.replace(/\/$/, '')
const SAMPLE = join(ROOT, 'tests/fixtures/import_rules')

test.group('Import rules', () => {
  test('the kernel imports no plugin', async ({ assert }) => {
    const plugins = await pluginDirs([join(ROOT, 'plugins'), join(ROOT, 'tests/fixtures/plugins')])
    assert.isAbove(plugins.length, 1)
    assert.deepEqual(kernelViolations(ROOT, join(ROOT, 'app'), plugins), [])
  })

  test('plugins import another plugin only when they depend on it, and only its api.ts', async ({ assert }) => {
    const plugins = await pluginDirs([join(ROOT, 'plugins'), join(ROOT, 'tests/fixtures/plugins')])
    assert.deepEqual(pluginViolations(ROOT, plugins), [])
    // The check looks at real cross-plugin imports: fixdep uses fixbase's api.ts.
    assert.deepEqual(plugins.find((p) => p.id === 'fixdep')?.depends, ['fixbase'])
  })

  test('finds static, re-export, side-effect and dynamic imports, and ignores comments', ({ assert }) => {
    const source = `
      import a from 'one'
      import type { B } from "two"
      export * from './three.js'
      export { c } from '#plugins/four/api'
      import 'five'
      const later = await import('six')
      // import x from 'not-me'
      /* import y from 'nor-me' */
      const url = 'http://example.com' // import z from 'neither'
    `
    assert.deepEqual(importsOf(source).sort(), ['#plugins/four/api', './three.js', 'five', 'one', 'six', 'two'])
  })

  test('the checker catches a kernel file importing plugins (sample that violates the rule)', async ({ assert }) => {
    const plugins = await pluginDirs([join(SAMPLE, 'plugins')])
    const violations = kernelViolations(SAMPLE, join(SAMPLE, 'app'), plugins)
    assert.deepEqual(
      violations.map((v) => [v.file, v.specifier]),
      [
        ['app/services/leaky.ts', '#plugins/alpha/api'],
        ['app/services/leaky.ts', '../../plugins/beta/plugin.js'],
        ['app/services/leaky.ts', 'loom-plugin-extra'],
      ]
    )
    assert.isTrue(violations.every((v) => v.reason === 'the kernel must not import a plugin'))
  })

  test('the checker catches plugins importing a plugin they do not depend on, or past its api.ts (samples)', async ({ assert }) => {
    const plugins = await pluginDirs([join(SAMPLE, 'plugins')])
    assert.deepEqual(plugins.find((p) => p.id === 'beta')?.depends, ['alpha'])
    const violations = pluginViolations(SAMPLE, plugins)
    assert.deepEqual(
      violations.map((v) => [v.file, v.specifier, v.reason]).sort(),
      [
        ['plugins/beta/bad.ts', '#plugins/alpha/models/thing', '"beta" may import only the api.ts of "alpha", not models/thing'],
        ['plugins/beta/bad.ts', '../alpha/models/thing.js', '"beta" may import only the api.ts of "alpha", not models/thing.js'],
        ['plugins/gamma/index.ts', '#plugins/alpha/api', '"gamma" imports "alpha" but does not depend on it'],
        ['plugins/gamma/index.ts', '../alpha/api.js', '"gamma" imports "alpha" but does not depend on it'],
      ].sort()
    )
  })
})
