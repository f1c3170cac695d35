import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { PluginRegistry } from '#kernel/plugins/plugin_registry'

async function registryOver(directories: string[], packages: string[] = [], appRoot = app.appRoot.pathname) {
  const registry = new PluginRegistry()
  await registry.discover({ appRoot, directories, packages })
  return registry
}

test.group('Plugin discovery', () => {
  test('finds plugin folders and orders them dependencies first', async ({ assert }) => {
    const registry = await registryOver(['tests/fixtures/plugins'])
    const ids = registry.loadable().map((p) => p.id)
    assert.includeMembers(ids, ['fixbase', 'fixdep'])
    assert.isBelow(ids.indexOf('fixbase'), ids.indexOf('fixdep'))
    assert.equal(registry.get('fixbase')!.source, 'folder')
    assert.equal(registry.get('fixbase')!.manifest!.version, '1.2.0')
    assert.isNull(registry.get('fixdep')!.error)
  })

  test('finds plugins published as npm packages listed in config', async ({ assert }) => {
    const registry = await registryOver([], ['loom-plugin-fixpkg'], app.makePath('tests/fixtures/npm_app'))
    const plugin = registry.get('fixpkg')!
    assert.equal(plugin.source, 'package')
    assert.isNull(plugin.error)
    assert.equal(plugin.manifest!.version, '2.1.0')
    assert.match(plugin.root, /node_modules[\\/]loom-plugin-fixpkg$/)
    assert.deepEqual(registry.loadable().map((p) => p.id), ['fixpkg'])
  })

  test('a package listed in config but not installed is reported, naming the package', async ({ assert }) => {
    const registry = await registryOver([], ['loom-plugin-absent'], app.makePath('tests/fixtures/npm_app'))
    assert.equal(registry.stateOf('loom-plugin-absent'), 'failed')
    assert.include(registry.get('loom-plugin-absent')!.error!, 'package "loom-plugin-absent" is listed in config/plugins.ts but is not installed')
  })

  test('a malformed manifest fails with every problem named', async ({ assert }) => {
    const registry = await registryOver(['tests/fixtures/broken_plugins/bad_manifest'])
    const error = registry.get('badman')!.error!
    assert.equal(registry.stateOf('badman'), 'failed')
    assert.include(error, 'invalid manifest')
    assert.include(error, '"version" must be a semantic version')
    assert.include(error, '"name" needs non-empty "zh-CN" and "en"')
    assert.include(error, '"permissions[0].code" (other.thing.view) must start with "badman."')
    assert.include(error, '"jobs[0].name"')
    assert.include(error, '"jobs[0]" needs a "cron" or an "interval"')
    assert.lengthOf(registry.loadable(), 0)
  })

  test('a missing dependency fails the plugin that needs it, naming both; the others load', async ({ assert }) => {
    const registry = await registryOver(['tests/fixtures/broken_plugins/missing_dep'])
    assert.equal(registry.get('needy')!.error, 'plugin "needy" depends on "ghost" (^1.0.0), which is not present')
    assert.deepEqual(registry.loadable().map((p) => p.id), ['solo'])
  })

  test('a dependency out of the required version range fails, naming both plugins and versions', async ({ assert }) => {
    const registry = await registryOver(['tests/fixtures/broken_plugins/out_of_range'])
    assert.equal(registry.get('wantsnew')!.error, 'plugin "wantsnew" needs "oldbase" ^1.0.0, but "oldbase" is version 0.9.0')
    assert.deepEqual(registry.loadable().map((p) => p.id), ['oldbase'])
  })

  test('a dependency cycle fails every plugin in it, naming the cycle', async ({ assert }) => {
    const registry = await registryOver(['tests/fixtures/broken_plugins/cycle'])
    assert.include(registry.get('cyca')!.error!, 'dependency cycle: "cyca" → "cycb" → "cyca"')
    assert.include(registry.get('cycb')!.error!, 'dependency cycle')
    assert.lengthOf(registry.loadable(), 0)
  })

  test('a plugin that throws while loading is marked failed with the reason; the rest load', async ({ assert }) => {
    const registry = await registryOver(['tests/fixtures/broken_plugins/throws'])
    assert.equal(registry.stateOf('boom'), 'failed')
    assert.equal(registry.get('boom')!.error, 'plugin.ts threw while loading: boom: the database driver this plugin needs is missing')
    assert.deepEqual(registry.loadable().map((p) => p.id), ['badroutes', 'calm'])
    assert.deepEqual(registry.all().map((p) => p.id), ['badroutes', 'calm', 'boom'])
  })
})
