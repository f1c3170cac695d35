/*
 * The files `node ace make:plugin <id>` writes: a working plugin with one
 * model, one migration, one page (list + create form), language files in
 * zh-CN and en, and one test that passes. See docs/plugins.md.
 */
export const PLUGIN_ID = /^[a-z][a-z0-9_]{1,39}$/

/** Problems with a proposed plugin id (empty when it is usable). */
export function checkPluginId(id: string, taken: string[]): string | null {
  if (typeof id !== 'string' || !PLUGIN_ID.test(id)) {
    return `The plugin id "${id ?? ''}" is invalid: use 2–40 lowercase letters, digits or underscores, starting with a letter (e.g. "quality_control")`
  }
  if (id === 'kernel' || id === 'loom_kernel' || id === 'api' || id === 'admin') {
    return `The plugin id "${id}" is reserved: choose another`
  }
  if (taken.includes(id)) return `A plugin with the id "${id}" already exists: choose another id`
  return null
}

function title(id: string) {
  return id
    .split('_')
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ')
}

/** Relative path → file content. */
export function scaffoldFiles(id: string): Record<string, string> {
  const name = title(id)
  const table = `${id}_items`
  return {
    'plugin.ts': `/*
 * ${name}: a Loom plugin. The manifest is read without running the plugin's
 * code: keep it declarative. See docs/plugins.md for every field.
 */
import { definePlugin } from '#kernel/plugins/define_plugin'

export default definePlugin({
  id: '${id}',
  version: '0.1.0',
  name: { 'zh-CN': '${name}', 'en': '${name}' },
  depends: { kernel: '^1.0.0' },
  permissions: [
    { code: '${id}.item.view', label: { 'zh-CN': '查看${name}条目', 'en': 'View ${name} items' }, scoped: true },
    { code: '${id}.item.create', label: { 'zh-CN': '新建${name}条目', 'en': 'Create ${name} items' } },
  ],
  menu: [{ key: 'items', label: '${id}.menu.items', route: '${id}.items.index', permission: '${id}.item.view', order: 500 }],
})
`,
    'api.ts': `/*
 * The public API of ${id}: the only file another plugin may import, and only
 * if its manifest depends on ${id}. Declare your typed events here too:
 *
 *   declare module '#services/events' {
 *     interface LoomEvents { '${id}:item.created': { itemId: number } }
 *   }
 */
import Item from './models/item.js'

export async function countItems(): Promise<number> {
  const row = await Item.query().count('* as total').first()
  return Number(row?.$extras.total ?? 0)
}
`,
    'routes.ts': `/*
 * Mounted by the kernel under /${id}, route names prefixed "${id}.", login
 * required, 404 while the plugin is not enabled.
 */
import type { Router } from '@adonisjs/core/http'
import { middleware } from '#start/kernel'

const ItemsController = () => import('./controllers/items_controller.js')

export default (router: Router) => {
  router.get('/', [ItemsController, 'index']).as('items.index').use(middleware.can({ permission: '${id}.item.view' }))
  router.post('/items', [ItemsController, 'store']).as('items.store').use(middleware.can({ permission: '${id}.item.create' }))
}
`,
    'controllers/items_controller.ts': `import type { HttpContext } from '@adonisjs/core/http'
import { errors } from '@vinejs/vine'
import Item from '../models/item.js'
import { createItemValidator } from '../validators/item_validator.js'

export default class ItemsController {
  async index({ view }: HttpContext) {
    const items = await Item.query().orderBy('id', 'desc').limit(100)
    return view.render('${id}::pages/items/index', { items, errors: {}, values: {} })
  }

  /** Creates an item; bad input re-renders the form with 422 and a message on the field. */
  async store(ctx: HttpContext) {
    const { request, response, view, session, i18n } = ctx
    try {
      const data = await request.validateUsing(createItemValidator)
      await Item.create(data)
    } catch (error) {
      if (!(error instanceof errors.E_VALIDATION_ERROR)) throw error
      const fieldErrors = Object.fromEntries(error.messages.map((m: any) => [m.field, m.message]))
      response.status(422)
      const items = await Item.query().orderBy('id', 'desc').limit(100)
      const page = ctx.isHtmx ? '${id}::pages/items/_form' : '${id}::pages/items/index'
      return view.render(page, { items, errors: fieldErrors, values: request.only(['name']) })
    }
    session.flash('success', i18n.t('${id}.items.created'))
    if (ctx.isHtmx) {
      response.header('HX-Redirect', '/${id}')
      return response.noContent()
    }
    return response.redirect().toRoute('${id}.items.index')
  }
}
`,
    'models/item.ts': `import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export default class Item extends BaseModel {
  static table = '${table}'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
`,
    'validators/item_validator.ts': `import vine from '@vinejs/vine'

export const createItemValidator = vine.compile(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(120),
  })
)
`,
    [`database/migrations/1_create_${table}.ts`]: `/*
 * Tables of ${id} are prefixed "${id}_". \`down\` runs when the plugin is
 * uninstalled: it must remove everything \`up\` created.
 */
import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = '${table}'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('name', 120).notNullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
`,
    'views/pages/items/index.edge': `@layout({ title: t('${id}.items.title') })
  <h1 class="mb-4 text-xl font-semibold">{{ t('${id}.items.title') }}</h1>
  @include('${id}::pages/items/_form')
  <ul class="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-test="${id}-items">
    @each(item in items)
      <li class="p-3">{{ item.name }}</li>
    @else
      <li class="p-3 text-slate-500">{{ t('${id}.items.empty') }}</li>
    @end
  </ul>
@end
`,
    'views/pages/items/_form.edge': `<form id="${id}-item-form" method="POST" action="{{ route('${id}.items.store') }}"
  hx-post="{{ route('${id}.items.store') }}" hx-target="this" hx-swap="outerHTML"
  class="mb-6 flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:flex-row sm:items-end">
  {{ csrfField() }}
  <div class="flex-1">
    @!field({ name: 'name', label: t('${id}.items.name'), required: true, value: values.name, errors })
  </div>
  <button type="submit" class="rounded-md bg-slate-800 px-4 py-2 text-sm text-white">{{ t('${id}.items.create') }}</button>
</form>
`,
    [`resources/lang/en/${id}.json`]: JSON.stringify(
      { menu: { items: name }, items: { title: name, empty: 'Nothing here yet', name: 'Name', create: 'Add', created: 'Added' } },
      null,
      2
    ) + '\n',
    [`resources/lang/zh-CN/${id}.json`]: JSON.stringify(
      { menu: { items: name }, items: { title: name, empty: '暂无记录', name: '名称', create: '添加', created: '已添加' } },
      null,
      2
    ) + '\n',
    'tests/functional/items.spec.ts': `import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { userWith } from '#tests/helpers/plugins'

test.group('${id}: items page', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('lists items, adds one, and refuses an empty name with a message on the field', async ({ client, assert }) => {
    const user = await userWith(['${id}.item.view', '${id}.item.create'])

    const empty = await client.get('/${id}').loginAs(user)
    empty.assertStatus(200)
    empty.assertTextIncludes('Nothing here yet')

    const created = await client.post('/${id}/items').loginAs(user).form({ name: 'First item' }).withCsrfToken().redirects(0)
    created.assertStatus(302)
    const list = await client.get('/${id}').loginAs(user)
    list.assertTextIncludes('First item')

    const bad = await client.post('/${id}/items').loginAs(user).header('HX-Request', 'true').form({ name: '' }).withCsrfToken()
    bad.assertStatus(422)
    assert.include(bad.text(), 'data-test="error-name"')

    const outsider = await userWith([])
    const forbidden = await client.get('/${id}').loginAs(outsider)
    forbidden.assertStatus(403)
  })
})
`,
  }
}
