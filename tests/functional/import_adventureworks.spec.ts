/*
 * The kernel's dataset-importer registry and the import:dataset /
 * import:adventureworks commands, on the fixture dataset "tinyset"
 * (tests/fixtures/datasets) imported by the fixture plugins fixbase and fixdep.
 * The real AdventureWorks data is tested by the plugins (plugins/*\/tests/functional/aw_import.spec.ts).
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import plugins from '#services/plugins'
import ImportDataset from '#kernel/commands/import_dataset'
import ImportAdventureworks from '#kernel/commands/import_adventureworks'
import { PluginLifecycle } from '#kernel/plugins/plugin_lifecycle'
import { validateManifest } from '#kernel/plugins/manifest_validator'
import { joinManifestParts } from '#kernel/plugins/manifest_parts'
import { cellBool, cellDate, cellDateTime, cellInt, cellMicros, cellText, runDatasetImport, DatasetImportError } from '#kernel/impex/datasets'
import { restorePlugins } from '#tests/helpers/plugins'

const TINY = 'tests/fixtures/datasets/tinyset'
const TINY_BAD = 'tests/fixtures/datasets/tinyset_bad'

async function ace() {
  const kernel = await app.container.make('ace')
  kernel.ui.switchMode('raw')
  return kernel
}

const logsOf = (cmd: any) => [...cmd.logger.getLogs(), ...cmd.ui.logger.getLogs()].map((l: any) => l.message).join('\n')

async function counts() {
  const notes = await db.from('fixbase_notes').where('title', 'like', 'TINY-%').count('* as n').first()
  const tallies = await db.from('fixdep_tallies').count('* as n').first()
  return { notes: Number(notes.n), tallies: Number(tallies.n) }
}

test.group('Dataset importers: registry and import:dataset', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => restorePlugins())

  test('the registry lists a dataset’s importers of enabled plugins, dependencies first', ({ assert }) => {
    const tiny = plugins.datasetImporters('tinyset')
    assert.deepEqual(
      tiny.map((d) => [d.plugin, d.file]),
      [
        ['fixbase', 'importers/tinyset.ts'],
        ['fixdep', 'importers/tinyset.ts'],
      ]
    )
    const aw = plugins.datasetImporters('adventureworks').map((d) => d.plugin)
    assert.deepEqual(aw, ['inventory', 'procurement'])
  })

  test('import:dataset runs the importers in order, prints counts per table, and a second run creates nothing', async ({ assert }) => {
    const before = await counts()
    const kernel = await ace()
    const first = await kernel.create(ImportDataset, ['tinyset', TINY])
    await first.exec()
    first.assertSucceeded()
    const after = await counts()
    // fixdep's importer found the notes fixbase's had just written: it ran after it
    assert.equal(after.notes - before.notes, 2)
    assert.equal(after.tallies - before.tallies, 2)
    const out = logsOf(first)
    assert.match(out, /fixbase — Notes/)
    assert.match(out, /fixbase_notes\s*\|\s*3\s*\|\s*2\s*\|\s*0\s*\|\s*1\s*\|\s*no title/)
    assert.match(out, /fixdep_tallies\s*\|\s*2\s*\|\s*2\s*\|\s*0\s*\|\s*0/)
    assert.include(out, '4 row(s) created')

    const second = await kernel.create(ImportDataset, ['tinyset', TINY])
    await second.exec()
    second.assertSucceeded()
    assert.deepEqual(await counts(), after)
    const again = logsOf(second)
    assert.match(again, /fixbase_notes\s*\|\s*3\s*\|\s*0\s*\|\s*2\s*\|\s*1/)
    assert.match(again, /fixdep_tallies\s*\|\s*2\s*\|\s*0\s*\|\s*2\s*\|\s*0/)
    assert.include(again, 'everything was already there')
  })

  test('a failing importer writes nothing of its own, stops the run and exits 1; earlier plugins keep theirs', async ({ assert }) => {
    const before = await counts()
    const kernel = await ace()
    const cmd = await kernel.create(ImportDataset, ['tinyset', TINY_BAD])
    await cmd.exec()
    cmd.assertFailed()
    assert.equal(cmd.exitCode, 1)
    assert.include(logsOf(cmd), 'fixdep: failed, nothing of it was written: Tallies: note 9 was not imported')
    const after = await counts()
    assert.equal(after.notes - before.notes, 2)
    // tally 1 was inserted before the failing row: rolled back with it
    assert.equal(after.tallies, before.tallies)
  })

  test('a missing folder, a folder without the dataset’s tables and an unknown dataset are refused with exit 1, writing nothing', async ({ assert }) => {
    const before = await counts()
    const kernel = await ace()
    const missing = await kernel.create(ImportAdventureworks, ['/no/such/adventureworks'])
    await missing.exec()
    missing.assertFailed()
    assert.equal(missing.exitCode, 1)
    assert.include(logsOf(missing), 'The dataset folder /no/such/adventureworks does not exist')

    const wrong = await kernel.create(ImportAdventureworks, [TINY])
    await wrong.exec()
    assert.equal(wrong.exitCode, 1)
    assert.match(logsOf(wrong), /is not the "adventureworks" dataset: missing Production\.UnitMeasure\.csv\.gz \(inventory\)/)

    const file = await kernel.create(ImportDataset, ['tinyset', `${TINY}/Notes.csv`])
    await file.exec()
    assert.equal(file.exitCode, 1)
    assert.include(logsOf(file), 'is not a folder')

    const unknown = await kernel.create(ImportDataset, ['nosuchset', TINY])
    await unknown.exec()
    assert.equal(unknown.exitCode, 1)
    assert.match(logsOf(unknown), /No enabled plugin imports the dataset "nosuchset" \(datasets: [a-z, ]*tinyset/)
    assert.match(logsOf(unknown), /\(datasets: [a-z, ]*adventureworks/)
    assert.deepEqual(await counts(), before)
  })

  test('a disabled plugin’s importer does not run', async ({ assert }) => {
    await new PluginLifecycle().disable('fixdep')
    assert.deepEqual(plugins.datasetImporters('tinyset').map((d) => d.plugin), ['fixbase'])
    const before = await counts()
    const results = await runDatasetImport('tinyset', TINY, { registry: plugins, appRoot: app.appRoot.pathname })
    assert.deepEqual(results.map((r) => [r.plugin, r.status]), [['fixbase', 'imported']])
    const after = await counts()
    assert.equal(after.tallies, before.tallies)
  })

  test('the runner refuses a bad folder with a DatasetImportError before anything is written', async ({ assert }) => {
    await assert.rejects(
      () => runDatasetImport('tinyset', 'no/such/folder', { registry: plugins, appRoot: app.appRoot.pathname }),
      DatasetImportError as any
    )
  })
})

test.group('Dataset importers: cells and manifest', () => {
  test('cells are read exactly: decimals to micros without floats, 0/1, NULL as empty, dates', ({ assert }) => {
    assert.equal(cellMicros('.00'), 0n)
    assert.equal(cellMicros('27.0585'), 27_058_500n)
    assert.equal(cellMicros('0.1'), 100_000n)
    assert.equal(cellMicros(''), null)
    assert.equal(cellText('EA '), 'EA')
    assert.equal(cellText('  '), null)
    assert.isTrue(cellBool('1'))
    assert.isFalse(cellBool('0'))
    assert.equal(cellInt('17'), 17)
    assert.equal(cellDate('2011-04-16 00:00:00'), '2011-04-16')
    assert.equal(cellDateTime('2014-02-08 10:01:36.827000000')!.toISOString(), '2014-02-08T10:01:36.827Z')
    assert.throws(() => cellInt('abc'))
  })

  test('the manifest validator checks datasetImporters; manifest parts join them', ({ assert }) => {
    const base = { id: 'shop', version: '1.0.0', name: { 'zh-CN': '商店', 'en': 'Shop' } }
    assert.deepEqual(validateManifest({ ...base, datasetImporters: [{ dataset: 'adventureworks', file: 'importers/aw.ts', tables: ['Purchasing.Vendor'] }] }, 'shop'), [])
    const problems = validateManifest(
      {
        ...base,
        datasetImporters: [
          { dataset: 'Bad Name', file: 'x.ts' },
          { dataset: 'aw', file: '../outside.ts' },
          { dataset: 'aw', file: 'importers/aw.ts', label: { en: 'only English' }, tables: ['a b'] },
        ],
      },
      'shop'
    ).join('\n')
    assert.include(problems, '"datasetImporters[0].dataset" must be a dataset id')
    assert.include(problems, '"datasetImporters[1].file" must be a .ts or .js module inside the plugin folder')
    assert.include(problems, 'the dataset "aw" has two importers')
    assert.include(problems, '"datasetImporters[2].label" needs "zh-CN" and "en" texts')
    assert.include(problems, '"datasetImporters[2].tables" must list file names')

    const joined = joinManifestParts({ datasetImporters: [{ dataset: 'a', file: 'a.ts' }] }, { datasetImporters: [{ dataset: 'b', file: 'b.ts' }] })
    assert.deepEqual(joined.datasetImporters!.map((d) => d.dataset), ['a', 'b'])
  })
})
