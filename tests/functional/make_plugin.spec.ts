import { test } from '@japa/runner'
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import MakePlugin from '#kernel/commands/make_plugin'
import { validateManifest } from '#kernel/plugins/manifest_validator'
import { tableExists } from '#tests/helpers/plugins'

const ID = 'zz_scaffold_test'
const ROOT = app.makePath('plugins', ID)

async function make(id: string) {
  const kernel = await app.container.make('ace')
  kernel.ui.switchMode('raw')
  const cmd = await kernel.create(MakePlugin, [id])
  await cmd.exec()
  return cmd
}

function flatKeys(value: any, prefix = ''): string[] {
  return Object.entries(value).flatMap(([k, v]) => (v && typeof v === 'object' ? flatKeys(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
}

test.group('make:plugin', (group) => {
  group.each.teardown(() => rmSync(ROOT, { recursive: true, force: true }))

  test('refuses an invalid or taken id with a message naming it, writing nothing', async ({ assert }) => {
    for (const [id, expected] of [
      ['Sales', 'The plugin id "Sales" is invalid'],
      ['my-plugin', 'The plugin id "my-plugin" is invalid'],
      ['9lives', 'The plugin id "9lives" is invalid'],
      ['x', 'The plugin id "x" is invalid'],
      ['kernel', 'The plugin id "kernel" is reserved'],
      ['fixbase', 'A plugin with the id "fixbase" already exists'],
    ]) {
      const cmd = await make(id)
      cmd.assertFailed()
      assert.include(cmd.logger.getLogs().map((l) => l.message).join('\n'), expected)
      if (id !== 'fixbase') assert.isFalse(existsSync(app.makePath('plugins', id)), `plugins/${id} was created`)
    }
  })

  test('scaffolds a plugin whose manifest validates, whose migration runs and whose own test passes', async ({ assert }) => {
    const cmd = await make(ID)
    cmd.assertSucceeded()

    for (const file of [
      'plugin.ts',
      'api.ts',
      'routes.ts',
      'models/item.ts',
      `database/migrations/1_create_${ID}_items.ts`,
      'views/pages/items/index.edge',
      'views/pages/items/_form.edge',
      `resources/lang/en/${ID}.json`,
      `resources/lang/zh-CN/${ID}.json`,
      'tests/functional/items.spec.ts',
    ]) {
      assert.isTrue(existsSync(join(ROOT, file)), `${file} is missing`)
    }

    // The manifest is valid and declares what the page uses.
    const { default: manifest } = await import(pathToFileURL(join(ROOT, 'plugin.ts')).href)
    assert.deepEqual(validateManifest(manifest, ID), [])
    assert.equal(manifest.menu[0].route, `${ID}.items.index`)

    // Both languages carry the same keys.
    const en = JSON.parse(readFileSync(join(ROOT, `resources/lang/en/${ID}.json`), 'utf8'))
    const zh = JSON.parse(readFileSync(join(ROOT, `resources/lang/zh-CN/${ID}.json`), 'utf8'))
    assert.deepEqual(flatKeys(zh).sort(), flatKeys(en).sort())

    // Its migration creates a table prefixed with the id, and its down removes it.
    const name = `plugins/${ID}/database/migrations/1_create_${ID}_items`
    const { default: Migration } = await import(pathToFileURL(join(app.appRoot.pathname, `${name}.ts`)).href)
    await new Migration(db.connection(), name, false).execUp()
    assert.isTrue(await tableExists(`${ID}_items`))
    await new Migration(db.connection(), name, false).execDown()
    assert.isFalse(await tableExists(`${ID}_items`))

    // Its own test, run by a fresh Loom (which installs it, serves its page at /<id>) on a throw-away SQLite file.
    const sqlite = app.tmpPath(`${ID}.sqlite`)
    const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['bin/run_tests.js', 'functional', `--files=plugins/${ID}/tests/functional/items.spec.ts`], {
        cwd: app.appRoot.pathname,
        env: { ...process.env, DB_CONNECTION: 'sqlite', SQLITE_PATH: sqlite, TEST_PORT: '3741' },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let out = ''
      child.stdout.on('data', (c) => (out += c))
      child.stderr.on('data', (c) => (out += c))
      child.on('close', (code) => resolve({ code, out }))
    })
    rmSync(sqlite, { force: true })
    for (const suffix of ['-wal', '-shm']) rmSync(sqlite + suffix, { force: true })
    assert.equal(result.code, 0, result.out)
    assert.match(result.out, /\n1 passed, 0 failed\s*$/)
  }).timeout(180000)
})
