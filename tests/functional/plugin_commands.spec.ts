import { test } from '@japa/runner'
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import plugins from '#services/plugins'
import PluginList from '#kernel/commands/plugin_list'
import PluginInstall from '#kernel/commands/plugin_install'
import PluginEnable from '#kernel/commands/plugin_enable'
import PluginDisable from '#kernel/commands/plugin_disable'
import PluginUninstall from '#kernel/commands/plugin_uninstall'
import { restorePlugins, tableExists } from '#tests/helpers/plugins'

async function ace() {
  const kernel = await app.container.make('ace')
  kernel.ui.switchMode('raw')
  return kernel
}

/** Runs `node ace <args>` in a fresh process with extra env, on a throw-away SQLite file. */
function runProcess(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: app.appRoot.pathname,
      env: { ...process.env, NODE_ENV: 'development', DB_CONNECTION: 'sqlite', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    const collect = (chunk: Buffer) => (out += chunk.toString())
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    child.on('close', (code) => resolve({ code, out }))
  })
}

test.group('plugin:* ace commands', (group) => {
  group.each.teardown(() => restorePlugins())

  test('plugin:list shows every plugin with version, state and dependencies', async ({ assert }) => {
    const kernel = await ace()
    const cmd = await kernel.create(PluginList, ['--json'])
    await cmd.exec()
    cmd.assertSucceeded()
    const rows = JSON.parse(cmd.logger.getLogs()[0].message)
    const fixdep = rows.find((r: any) => r.id === 'fixdep')
    assert.deepInclude(fixdep, { version: '1.0.0', state: 'enabled', depends: 'fixbase ^1.0.0', error: null })

    const table = await kernel.create(PluginList, [])
    await table.exec()
    table.assertSucceeded()
    assert.include(table.ui.logger.getLogs().map((l) => l.message).join('\n'), 'fixbase')
  })

  test('an unknown plugin id is refused by every command, naming the argument, with exit code 1', async ({ assert }) => {
    const kernel = await ace()
    for (const Command of [PluginInstall, PluginEnable, PluginDisable, PluginUninstall]) {
      const cmd = await kernel.create(Command, ['nosuch', ...(Command === PluginUninstall ? ['--force'] : [])])
      await cmd.exec()
      cmd.assertFailed()
      assert.equal(cmd.exitCode, 1)
      const logs = cmd.logger.getLogs().map((l) => l.message).join('\n')
      assert.include(logs, 'There is no plugin "nosuch"')
      assert.include(logs, 'fixbase')
    }
  })

  test('plugin:disable refuses while a dependant is enabled; plugin:enable pulls in its dependencies', async ({ assert }) => {
    const kernel = await ace()
    const refused = await kernel.create(PluginDisable, ['fixbase'])
    await refused.exec()
    refused.assertFailed()
    assert.include(refused.logger.getLogs()[0].message, 'fixdep')
    assert.equal(plugins.stateOf('fixbase'), 'enabled')

    for (const id of ['fixdep', 'fixbase']) {
      const cmd = await kernel.create(PluginDisable, [id])
      await cmd.exec()
      cmd.assertSucceeded()
    }
    assert.equal(plugins.stateOf('fixbase'), 'disabled')

    const enable = await kernel.create(PluginEnable, ['fixdep'])
    await enable.exec()
    enable.assertSucceeded()
    assert.equal(plugins.stateOf('fixbase'), 'enabled')
    assert.equal(plugins.stateOf('fixdep'), 'enabled')
  })

  test('plugin:uninstall asks first, refuses while a dependant is installed, and rolls back migrations', async ({ assert }) => {
    const kernel = await ace()
    const refused = await kernel.create(PluginUninstall, ['fixbase', '--force'])
    await refused.exec()
    refused.assertFailed()
    assert.include(refused.logger.getLogs()[0].message, 'fixdep')

    const declined = await kernel.create(PluginUninstall, ['fixdep'])
    declined.prompt.trap('Uninstall "fixdep"? Its tables and all their data will be deleted').reject()
    await declined.exec()
    declined.assertSucceeded()
    assert.isTrue(await tableExists('fixdep_tallies'))

    const confirmed = await kernel.create(PluginUninstall, ['fixdep'])
    confirmed.prompt.trap('Uninstall "fixdep"? Its tables and all their data will be deleted').accept()
    await confirmed.exec()
    confirmed.assertSucceeded()
    assert.isFalse(await tableExists('fixdep_tallies'))
    assert.equal(plugins.stateOf('fixdep'), 'discovered')
  })

  test('plugin:install installs the dependencies first and enables the plugin', async ({ assert }) => {
    const kernel = await ace()
    for (const id of ['fixdep', 'fixbase']) await (await kernel.create(PluginUninstall, [id, '--force'])).exec()
    assert.isFalse(await tableExists('fixbase_notes'))

    const cmd = await kernel.create(PluginInstall, ['fixdep'])
    await cmd.exec()
    cmd.assertSucceeded()
    cmd.assertLog('[ green(success) ] Installed plugin "fixbase"')
    cmd.assertLog('[ green(success) ] Installed plugin "fixdep"')
    assert.isTrue(await tableExists('fixbase_notes'))
    assert.equal(plugins.stateOf('fixdep'), 'enabled')

    const disabled = await kernel.create(PluginUninstall, ['fixdep', '--force'])
    await disabled.exec()
    const again = await kernel.create(PluginInstall, ['fixdep', '--disabled'])
    await again.exec()
    again.assertSucceeded()
    assert.equal(plugins.stateOf('fixdep'), 'installed')
  })

  test('Loom boots and serves with a plugin that throws while loading; plugin:list says why', async ({ assert }) => {
    const sqlite = app.tmpPath('plugins-boot-test.sqlite')
    const env = { LOOM_PLUGIN_DIRS: 'tests/fixtures/broken_plugins/throws', SQLITE_PATH: sqlite }
    try {
      const list = await runProcess(['ace', 'plugin:list', '--json'], env)
      assert.equal(list.code, 0, list.out)
      const rows = JSON.parse(list.out.slice(list.out.indexOf('[')))
      assert.deepInclude(rows, { id: 'boom', version: '', state: 'failed', source: 'folder', depends: '', error: 'plugin.ts threw while loading: boom: the database driver this plugin needs is missing' })
      assert.equal(rows.find((r: any) => r.id === 'calm').state, 'discovered')
      // A plugin whose routes.ts throws is marked failed when the routes load.
      assert.deepInclude(rows.find((r: any) => r.id === 'badroutes'), { state: 'failed', error: 'routes.ts threw while loading: cannot read the route table of badroutes' })

      // The web server starts and answers requests.
      const port = 3400 + Math.floor(Math.random() * 90)
      const server = spawn(process.execPath, ['--import=ts-node-maintained/register/esm', 'bin/server.ts'], {
        cwd: app.appRoot.pathname,
        env: { ...process.env, NODE_ENV: 'development', DB_CONNECTION: 'sqlite', ...env, PORT: String(port), HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      try {
        let out = ''
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 45000)
          const collect = (chunk: Buffer) => {
            out += chunk.toString()
            if (out.includes('started HTTP server')) {
              clearTimeout(timer)
              resolve()
            }
          }
          server.stdout.on('data', collect)
          server.stderr.on('data', collect)
          server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)))
        })
        const response = await fetch(`http://127.0.0.1:${port}/api/v1/nothing-here`, { headers: { Accept: 'application/json' } })
        assert.equal(response.status, 404)
      } finally {
        server.kill('SIGTERM')
      }
    } finally {
      rmSync(sqlite, { force: true })
    }
  }).timeout(60000)
})
