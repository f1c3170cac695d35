import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import router from '@adonisjs/core/services/router'
import i18nManager from '@adonisjs/i18n/services/main'
import plugins from '#services/plugins'
import { PluginLifecycle } from '#kernel/plugins/plugin_lifecycle'
import { HookVeto, runDocumentHooks } from '#kernel/plugins/document_hooks'
import { emitEvent } from '#services/events'
import { createNote } from '#tests/fixtures/plugins/fixbase/api'
import { restorePlugins, userWith } from '#tests/helpers/plugins'

async function clearNotes() {
  await db.from('fixbase_events').delete()
  await db.from('fixdep_tallies').delete()
  await db.from('fixbase_notes').delete()
}

test.group('Plugin extension points', (group) => {
  group.each.setup(async () => {
    await clearNotes()
    return async () => {
      await restorePlugins()
      await clearNotes()
    }
  })

  test('plugin routes are mounted under /<id> with names <id>.*', async ({ assert }) => {
    assert.equal(router.builder().make('fixbase.notes.index'), '/fixbase')
    assert.equal(router.builder().params({ id: 7 }).make('fixbase.notes.submit'), '/fixbase/notes/7/submit')
    assert.equal(router.builder().make('fixdep.tally.index'), '/fixdep')
  })

  test('a plugin page renders from its Edge disk with its language file, and answers 404 once disabled', async ({ client }) => {
    const user = await userWith(['fixbase.note.view', 'fixbase.note.create'])
    await createNote('Buy thread')

    const en = await client.get('/fixbase').loginAs(user).header('Accept-Language', 'en')
    en.assertStatus(200)
    en.assertTextIncludes('<h1 class="mb-4 text-xl font-semibold">Notes</h1>')
    en.assertTextIncludes('Buy thread')

    const zhUser = await userWith(['fixbase.note.view'], 'zh-CN')
    const zh = await client.get('/fixbase').loginAs(zhUser)
    zh.assertStatus(200)
    zh.assertTextIncludes('<h1 class="mb-4 text-xl font-semibold">便签</h1>')
    zh.assertTextIncludes('创建')

    await new PluginLifecycle().disable('fixdep')
    await new PluginLifecycle().disable('fixbase')
    const gone = await client.get('/fixbase').loginAs(user)
    gone.assertStatus(404)
    const goneDep = await client.get('/fixdep').loginAs(user)
    goneDep.assertStatus(404)

    await new PluginLifecycle().enable('fixbase')
    const back = await client.get('/fixbase').loginAs(user).header('Accept-Language', 'en')
    back.assertStatus(200)
  })

  test('plugin routes keep the kernel guards: login required, permission checked', async ({ client }) => {
    const anonymous = await client.get('/fixbase').redirects(0)
    anonymous.assertStatus(302)
    anonymous.assertHeader('location', '/login')

    const outsider = await userWith([])
    const forbidden = await client.get('/fixbase').loginAs(outsider)
    forbidden.assertStatus(403)
  })

  test('a plugin that depends on another uses its api.ts', async ({ client }) => {
    const user = await userWith([])
    await createNote('one')
    await createNote('two')
    const response = await client.get('/fixdep').loginAs(user).header('Accept-Language', 'en')
    response.assertStatus(200)
    response.assertTextIncludes('fixbase holds 2 notes')
  })

  test('a slot contribution renders on the workbench for users allowed to see it, and not once its plugin is disabled', async ({ client, assert }) => {
    await createNote('one')
    const viewer = await userWith(['fixbase.note.view'])
    const home = await client.get('/').loginAs(viewer).header('Accept-Language', 'en')
    home.assertStatus(200)
    home.assertTextIncludes('data-test="fixbase-widget"')
    home.assertTextIncludes('1 note<')

    const other = await userWith([])
    const otherHome = await client.get('/').loginAs(other).header('Accept-Language', 'en')
    otherHome.assertStatus(200)
    assert.notInclude(otherHome.text(), 'data-test="fixbase-widget"')

    await new PluginLifecycle().disable('fixdep')
    await new PluginLifecycle().disable('fixbase')
    const after = await client.get('/').loginAs(viewer).header('Accept-Language', 'en')
    assert.notInclude(after.text(), 'data-test="fixbase-widget"')
  })

  test('the menu shows an enabled plugin entry to users holding its permission', async ({ client, assert }) => {
    const viewer = await userWith(['fixbase.note.view'])
    const home = await client.get('/').loginAs(viewer).header('Accept-Language', 'en')
    home.assertTextIncludes('Fixture notes')
    home.assertTextIncludes('href="/fixbase"')

    await new PluginLifecycle().disable('fixdep')
    await new PluginLifecycle().disable('fixbase')
    const after = await client.get('/').loginAs(viewer).header('Accept-Language', 'en')
    assert.notInclude(after.text(), 'href="/fixbase"')
  })

  test('typed event listeners fire only while their plugin is enabled', async ({ assert }) => {
    const first = await createNote('first')
    assert.lengthOf(await db.from('fixbase_events').where('note_id', first.id), 1)
    assert.lengthOf(await db.from('fixdep_tallies').where('note_id', first.id), 1)

    await new PluginLifecycle().disable('fixdep')
    const second = await createNote('second')
    assert.lengthOf(await db.from('fixbase_events').where('note_id', second.id), 1)
    assert.lengthOf(await db.from('fixdep_tallies').where('note_id', second.id), 0)

    await new PluginLifecycle().enable('fixdep')
    await emitEvent('fixbase:note.created', { noteId: 999, title: 'direct' })
    assert.lengthOf(await db.from('fixdep_tallies').where('note_id', 999), 1)
  })

  test('emitEvent refuses an event name that does not follow <plugin>:<entity>.<verb>', async ({ assert }) => {
    await assert.rejects(() => emitEvent('noteCreated' as any, {} as any), /must look like "<plugin>:<entity>.<verb>"/)
  })

  test('a document hook vetoes a transition with a message in the user language, and nothing is written', async ({ client, assert }) => {
    const user = await userWith(['fixbase.note.view', 'fixbase.note.create'])
    const bad = await createNote('Please veto me')
    const good = await createNote('Fine note')

    const en = await client.post(`/fixbase/notes/${bad.id}/submit`).loginAs(user).header('Accept-Language', 'en').withCsrfToken()
    en.assertStatus(422)
    en.assertTextIncludes('The note &quot;Please veto me&quot; may not be submitted: its title says veto')
    const zhUser = await userWith(['fixbase.note.view', 'fixbase.note.create'], 'zh-CN')
    const zh = await client.post(`/fixbase/notes/${bad.id}/submit`).loginAs(zhUser).withCsrfToken()
    zh.assertStatus(422)
    zh.assertTextIncludes('便签“Please veto me”不能提交')
    assert.equal((await db.from('fixbase_notes').where('id', bad.id).first()).status, 'draft')

    const ok = await client.post(`/fixbase/notes/${good.id}/submit`).loginAs(user).withCsrfToken().redirects(0)
    ok.assertStatus(302)
    assert.equal((await db.from('fixbase_notes').where('id', good.id).first()).status, 'submitted')
  })

  test('runDocumentHooks names the vetoing plugin; a disabled plugin hooks do not run', async ({ assert }) => {
    const event = { type: 'fixbase.note', document: { title: 'veto' }, from: 'draft', to: 'submitted', trx: null, userId: null }
    const error = await runDocumentHooks('beforeSubmit', event).catch((e) => e)
    assert.instanceOf(error, HookVeto)
    assert.equal(error.plugin, 'fixbase')
    assert.equal(error.translate(i18nManager.locale('en')), 'The note "veto" may not be submitted: its title says veto')

    await new PluginLifecycle().disable('fixdep')
    await new PluginLifecycle().disable('fixbase')
    await runDocumentHooks('beforeSubmit', event)
  })

  test('manifest declarations are readable without running the plugin: permissions, jobs, settings, print templates, report sources', async ({ assert }) => {
    assert.deepInclude(plugins.permissions().map((p) => p.code), 'fixbase.note.view')
    const job = plugins.jobs().find((j) => j.id === 'fixbase.tidy_notes')
    assert.equal(job?.cron, '0 3 * * *')
    assert.equal(plugins.printTemplate('fixbase.note'), 'fixbase::print/note')
    assert.equal(plugins.reportSources().find((r) => r.id === 'fixbase.notes')?.plugin, 'fixbase')
    assert.equal(plugins.documentType('fixbase.note')?.numberPattern, 'FBN-{YYYY}-{####}')

    const vine = (await import('@vinejs/vine')).default
    const settings = plugins.get('fixbase')!.manifest!.settings!
    const validate = vine.compile(settings)
    assert.deepEqual(await validate.validate({ greeting: ' Hi ', notesPerPage: 10 }), { greeting: 'Hi', notesPerPage: 10 })
    await assert.rejects(() => validate.validate({ greeting: '', notesPerPage: 1 }))
  })

  test('validation messages name a plugin field in the user language (the plugin names it in its validator.json)', async ({ client, assert }) => {
    const zhUser = await userWith(['fixbase.note.view', 'fixbase.note.create'], 'zh-CN')
    const zh = await client.post('/fixbase/notes').loginAs(zhUser).header('Referer', '/fixbase').form({ title: 'x'.repeat(121) }).withCsrfToken().redirects(0)
    zh.assertStatus(302)
    // The wording of the rule is the kernel's (validator.json); the field's name is the plugin's.
    const zhMessage = (zh.flashMessages() as any).inputErrorsBag.title[0]
    assert.match(zhMessage, /^标题.*120/)

    const enUser = await userWith(['fixbase.note.view', 'fixbase.note.create'], 'en')
    const en = await client.post('/fixbase/notes').loginAs(enUser).header('Referer', '/fixbase').form({ title: 'x'.repeat(121) }).withCsrfToken().redirects(0)
    assert.match((en.flashMessages() as any).inputErrorsBag.title[0], /^Title .*120/)
    assert.lengthOf(await db.from('fixbase_notes'), 0)
  })
})
