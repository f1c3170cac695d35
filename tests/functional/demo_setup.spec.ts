import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import LoomSetup from '#kernel/commands/loom_setup'
import User from '#models/user'
import { DEMO_PASSWORD, DEMO_USERS } from '#database/seeders/demo_seeder'

test.group('Demo setup (node ace loom:setup --demo)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('loads the demo company, its department tree and one login per role', async ({ assert, client }) => {
    await db.from('users').delete()
    const ace = await app.container.make('ace')
    const command = await ace.create(LoomSetup, ['--demo'])
    await command.exec()
    command.assertSucceeded()

    const users = await User.query().preload('roles').preload('department').orderBy('id')
    assert.deepEqual(users.map((u) => u.username), DEMO_USERS.map((u) => u.username))
    const director = users.find((u) => u.username === 'director')!
    assert.equal(director.department.name, '销售部')
    assert.equal(director.roles[0].code, 'sales_director')

    const departments = await db.from('departments').orderBy('id')
    const hq = departments.find((d) => d.code === 'HQ')
    assert.deepEqual(
      departments.filter((d) => d.parent_id === hq.id).map((d) => d.name),
      ['销售部', '生产部', '采购部', '仓库', '财务部', '售后服务部']
    )
    const sales = departments.find((d) => d.code === 'SALES')
    assert.equal(sales.path, `/${hq.id}/${sales.id}/`)
    assert.equal(sales.head_user_id, director.id)

    const login = await client.post('/login').form({ username: 'sales1', password: DEMO_PASSWORD }).withCsrfToken().redirects(0)
    login.assertStatus(302)
    login.assertHeader('location', '/')
  })

  test('running setup again on a populated database changes nothing', async ({ assert }) => {
    await db.from('users').delete()
    const ace = await app.container.make('ace')
    await (await ace.create(LoomSetup, ['--demo'])).exec()
    const before = await db.from('users').count('* as total').first()
    const again = await ace.create(LoomSetup, ['--demo'])
    await again.exec()
    again.assertSucceeded()
    const after = await db.from('users').count('* as total').first()
    assert.equal(Number(after.total), Number(before.total))
  })
})
