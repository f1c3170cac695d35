import { test } from '@japa/runner'
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ace from '@adonisjs/core/services/ace'
import db from '@adonisjs/lucid/services/db'
import Department from '#models/department'
import User from '#models/user'
import { backupDatabase, restoreDatabase, BackupError, currentDialect } from '#services/backup'
import { getSetting, setSettings } from '#services/settings'
import BackupCommand from '#kernel/commands/backup'
import RestoreCommand from '#kernel/commands/restore'

const dir = mkdtempSync(join(tmpdir(), 'loom-backup-test-'))

test.group('Backup and restore', (group) => {
  group.setup(async () => {
    await db.from('settings').where('key', 'like', 'fixjob.%').delete()
  })

  test('round trip: create data, back up, change data, restore, the data is as before', async ({ assert }) => {
    const department = await Department.create({ code: 'BKP', name: '备份部', path: '/' })
    await setSettings('fixjob', { greeting: 'before backup', batch_size: 7 })
    const usersBefore = Number((await db.from('users').count('* as n').first()).n)

    const file = await backupDatabase(join(dir, currentDialect() === 'pg' ? 'round.dump' : 'round.sqlite'))
    assert.isTrue(existsSync(file))

    department.name = 'changed after backup'
    await department.save()
    await setSettings('fixjob', { greeting: 'after backup' })
    await User.create({ username: 'after_backup', name: 'After', password: 'secret-pass', locale: 'en', isActive: true })
    await db.from('settings').where('key', 'fixjob.batch_size').delete()

    await restoreDatabase(file)

    const restored = await Department.findByOrFail('code', 'BKP')
    assert.equal(restored.name, '备份部')
    assert.equal(restored.id, department.id)
    assert.equal(await getSetting('fixjob', 'greeting'), 'before backup')
    assert.equal(await getSetting('fixjob', 'batch_size'), 7)
    assert.isNull(await User.findBy('username', 'after_backup'))
    assert.equal(Number((await db.from('users').count('* as n').first()).n), usersBefore)
    // The restored database keeps working: ids continue after the restored rows, no duplicates.
    const next = await Department.create({ code: 'BKP2', name: 'next', path: '/' })
    assert.isAbove(next.id, restored.id)
  })

  test('the portable JSON dump round-trips on PostgreSQL (the fallback without pg_dump) and is refused on SQLite', async ({ assert }) => {
    if (currentDialect() === 'sqlite') {
      await assert.rejects(() => backupDatabase(join(dir, 'x.json.gz'), { format: 'json' }), /JSON format is for PostgreSQL/)
      return
    }
    const department = await Department.create({ code: 'JSN', name: 'JSON 部', path: '/' })
    await setSettings('fixjob', { greeting: 'json before', batch_size: 9 })
    const file = await backupDatabase(join(dir, 'round.json.gz'), { format: 'json' })

    department.name = 'changed'
    await department.save()
    await setSettings('fixjob', { greeting: 'json after' })
    await User.create({ username: 'after_json', name: 'After', password: 'secret-pass', locale: 'en', isActive: true })

    await restoreDatabase(file)
    assert.equal((await Department.findByOrFail('code', 'JSN')).name, 'JSON 部')
    assert.equal(await getSetting('fixjob', 'greeting'), 'json before')
    assert.isNull(await User.findBy('username', 'after_json'))
    const next = await Department.create({ code: 'JSN2', name: 'next', path: '/' })
    assert.isAbove(next.id, department.id)

    // A damaged gzip is refused before anything changes.
    const bytes = readFileSync(file)
    const cut = join(dir, 'cut.json.gz')
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)))
    await assert.rejects(() => restoreDatabase(cut), /damaged JSON backup/)
    assert.equal(await getSetting('fixjob', 'greeting'), 'json before')
  })

  test('a missing file is refused with a clear message and nothing changes', async ({ assert }) => {
    await setSettings('fixjob', { greeting: 'still here' })
    await assert.rejects(() => restoreDatabase(join(dir, 'nope.sqlite')), /Backup file not found: .*nope\.sqlite/)
    assert.equal(await getSetting('fixjob', 'greeting'), 'still here')
  })

  test('a corrupt or foreign file is refused with a clear message and nothing changes', async ({ assert }) => {
    await setSettings('fixjob', { greeting: 'untouched' })
    const junk = join(dir, 'junk.bin')
    writeFileSync(junk, 'this is not a backup at all')
    await assert.rejects(() => restoreDatabase(junk), BackupError)
    await assert.rejects(() => restoreDatabase(junk), /not a (SQLite backup|pg_dump archive)/)

    // A real backup cut in half.
    const good = await backupDatabase(join(dir, currentDialect() === 'pg' ? 'cut.dump' : 'cut.sqlite'))
    const bytes = readFileSync(good)
    const cut = join(dir, 'cut-half.bak')
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)))
    await setSettings('fixjob', { greeting: 'after the good backup' })
    await assert.rejects(() => restoreDatabase(cut), BackupError)
    assert.equal(await getSetting('fixjob', 'greeting'), 'after the good backup')
  })

  test('node ace backup --output writes the file; node ace restore refuses a missing file', async ({ assert }) => {
    ace.ui.switchMode('raw')
    const output = join(dir, currentDialect() === 'pg' ? 'ace.dump' : 'ace.sqlite')
    const backup = await ace.create(BackupCommand, ['--output', output])
    await backup.exec()
    backup.assertSucceeded()
    assert.isTrue(existsSync(output))

    const restore = await ace.create(RestoreCommand, [join(dir, 'missing.dump'), '--force'])
    await restore.exec()
    restore.assertFailed()
    restore.assertLogMatches(/Backup file not found/)
    ace.ui.switchMode('normal')
  })
})
