import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import plugins from '#services/plugins'
import { PluginLifecycle, PluginLifecycleError } from '#kernel/plugins/plugin_lifecycle'
import { restorePlugins, tableExists } from '#tests/helpers/plugins'
import app from '@adonisjs/core/services/app'
import { PluginRegistry } from '#kernel/plugins/plugin_registry'
import { loadPluginStates } from '#kernel/plugins/plugin_states'

test.group('Plugin lifecycle', (group) => {
  group.each.teardown(() => restorePlugins())

  test('fixture plugins are discovered, ordered dependencies first, and installed in the test database', async ({ assert }) => {
    const order = plugins.loadable().map((p) => p.id)
    assert.includeMembers(order, ['fixbase', 'fixdep'])
    assert.isBelow(order.indexOf('fixbase'), order.indexOf('fixdep'))
    assert.equal(plugins.stateOf('fixbase'), 'enabled')
    assert.equal(plugins.stateOf('fixdep'), 'enabled')
    const rows = await db.from('kernel_plugins').whereIn('id', ['fixbase', 'fixdep']).orderBy('id')
    assert.deepEqual(rows.map((r) => [r.id, r.state, r.version]), [['fixbase', 'enabled', '1.2.0'], ['fixdep', 'enabled', '1.0.0']])
    assert.isTrue(await tableExists('fixbase_notes'))
    assert.isTrue(await tableExists('fixdep_tallies'))
  })

  test('uninstall refuses while a dependant is installed and names it', async ({ assert }) => {
    const lifecycle = new PluginLifecycle()
    const error = await lifecycle.uninstall('fixbase').catch((e) => e)
    assert.instanceOf(error, PluginLifecycleError)
    assert.equal(error.code, 'has_dependants')
    assert.include(error.message, 'fixdep')
    assert.isTrue(await tableExists('fixbase_notes'))
    assert.equal(plugins.stateOf('fixbase'), 'enabled')
  })

  test('uninstall rolls back the migrations: the tables disappear and only installed plugins migrate', async ({ assert }) => {
    const lifecycle = new PluginLifecycle()
    await lifecycle.uninstall('fixdep')
    await lifecycle.uninstall('fixbase')
    assert.isFalse(await tableExists('fixdep_tallies'))
    assert.isFalse(await tableExists('fixbase_notes'))
    assert.isFalse(await tableExists('fixbase_events'))
    assert.equal(plugins.stateOf('fixbase'), 'discovered')
    assert.isNull(await db.from('kernel_plugins').where('id', 'fixbase').first())
    const migrations = await db.from('adonis_schema').where('name', 'like', '%fixbase%')
    assert.lengthOf(migrations, 0)

    // Running the migrations again (as `node ace migration:run` would) leaves uninstalled plugins alone.
    await lifecycle.migrate()
    assert.isFalse(await tableExists('fixbase_notes'))
    assert.isTrue(await tableExists('kernel_plugins'))
  })

  test('installing a plugin pulls in the plugins it depends on', async ({ assert }) => {
    const lifecycle = new PluginLifecycle()
    await lifecycle.uninstall('fixdep')
    await lifecycle.uninstall('fixbase')

    const installed = await lifecycle.install('fixdep')
    assert.deepEqual(installed, ['fixbase', 'fixdep'])
    assert.equal(plugins.stateOf('fixbase'), 'enabled')
    assert.equal(plugins.stateOf('fixdep'), 'enabled')
    assert.isTrue(await tableExists('fixbase_notes'))
    assert.isTrue(await tableExists('fixdep_tallies'))
  })

  test('disable refuses while an enabled dependant exists; enable pulls in disabled dependencies', async ({ assert }) => {
    const lifecycle = new PluginLifecycle()
    const error = await lifecycle.disable('fixbase').catch((e) => e)
    assert.instanceOf(error, PluginLifecycleError)
    assert.equal(error.code, 'has_enabled_dependants')
    assert.include(error.message, 'fixdep')
    assert.equal(plugins.stateOf('fixbase'), 'enabled')

    await lifecycle.disable('fixdep')
    await lifecycle.disable('fixbase')
    assert.equal(plugins.stateOf('fixbase'), 'disabled')
    assert.equal((await db.from('kernel_plugins').where('id', 'fixbase').first()).state, 'disabled')
    // Disabling keeps the data.
    assert.isTrue(await tableExists('fixbase_notes'))

    const enabled = await lifecycle.enable('fixdep')
    assert.deepEqual(enabled, ['fixbase', 'fixdep'])
    assert.equal(plugins.stateOf('fixbase'), 'enabled')
    assert.equal(plugins.stateOf('fixdep'), 'enabled')
  })

  test('an unknown plugin id is refused with a message naming it', async ({ assert }) => {
    const error = await new PluginLifecycle().install('nosuchplugin').catch((e) => e)
    assert.instanceOf(error, PluginLifecycleError)
    assert.equal(error.code, 'unknown')
    assert.include(error.message, '"nosuchplugin"')
  })

  test('a plugin declares seeders that load its demo data', async ({ assert }) => {
    await new PluginLifecycle().seed('fixbase')
    await new PluginLifecycle().seed('fixbase')
    const rows = await db.from('fixbase_notes').where('title', 'Seeded note')
    assert.lengthOf(rows, 1)
    await db.from('fixbase_notes').delete()
  })

  test('a migration that fails leaves nothing behind: no table, no lifecycle row, dependencies rolled back too', async ({ assert }) => {
    const registry = new PluginRegistry()
    await registry.discover({ appRoot: app.appRoot.pathname, directories: ['tests/fixtures/broken_plugins/bad_migration'], packages: [] })
    await loadPluginStates(registry)
    const lifecycle = new PluginLifecycle(registry)

    const error = await lifecycle.install('badmig').catch((e) => e)
    assert.instanceOf(error, PluginLifecycleError)
    assert.equal(error.code, 'migration_failed')
    assert.include(error.message, '"badmig"')
    assert.include(error.message, 'column "weight" cannot be added')

    assert.isFalse(await tableExists('badmig_things'))
    assert.isFalse(await tableExists('badbase_rows'))
    assert.lengthOf(await db.from('kernel_plugins').whereIn('id', ['badmig', 'badbase']), 0)
    assert.lengthOf(await db.from('adonis_schema').where('name', 'like', '%bad_migration%'), 0)
    assert.equal(registry.stateOf('badbase'), 'discovered')
    // The application's own plugins are untouched.
    assert.equal(plugins.stateOf('fixbase'), 'enabled')
  })

  test('a change made by another Loom process is picked up once the cached states are a few seconds old', async ({ assert }) => {
    // Another process disables fixdep: only the shared database changes.
    await db.from('kernel_plugins').where('id', 'fixdep').update({ state: 'disabled' })
    assert.equal(plugins.stateOf('fixdep'), 'enabled', 'fresh cache is trusted')

    plugins.expireStates()
    plugins.stateOf('fixdep') // a stale read starts a background refresh
    await plugins.settled()
    assert.equal(plugins.stateOf('fixdep'), 'disabled')
    assert.isFalse(plugins.isEnabled('fixdep'))
  })

  test('after a plugin is updated, migrating records its new version', async ({ assert }) => {
    // As if fixbase 1.0.0 had been installed and the code is now 1.2.0.
    await db.from('kernel_plugins').where('id', 'fixbase').update({ version: '1.0.0' })
    await loadPluginStates()
    assert.equal(plugins.installedVersion('fixbase'), '1.0.0')

    await new PluginLifecycle().migrate()
    assert.equal(plugins.installedVersion('fixbase'), '1.2.0')
    assert.equal((await db.from('kernel_plugins').where('id', 'fixbase').first()).version, '1.2.0')
  })
})
