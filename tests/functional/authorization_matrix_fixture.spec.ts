/*
 * The authorization matrix over the fixscope fixture plugin's page and API
 * routes — the example plugin authors copy (see docs/access.md).
 */
import db from '@adonisjs/lucid/services/db'
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { authorizationMatrix, checkRoute } from '#tests/helpers/authorization_matrix'

async function note(ownerId: number | null) {
  const [row] = await db.table('fixscope_notes').insert({ title: 'matrix note', owner_id: ownerId, department_id: null }).returning('id')
  return Number(typeof row === 'object' ? row.id : row)
}

authorizationMatrix('fixscope notes', [
  { method: 'GET', url: '/fixscope/notes', permission: 'fixscope.note.view' },
  {
    method: 'GET',
    permission: 'fixscope.note.view',
    label: 'GET /fixscope/notes/:id',
    url: async ({ actor }) => `/fixscope/notes/${await note(actor?.id ?? null)}`,
    outOfScope: async () => `/fixscope/notes/${await note(null)}`,
  },
  {
    method: 'POST',
    permission: 'fixscope.note.edit',
    label: 'POST /fixscope/notes/:id',
    url: async ({ actor }) => `/fixscope/notes/${await note(actor?.id ?? null)}`,
    body: { title: 'renamed' },
    outOfScope: async () => `/fixscope/notes/${await note(null)}`,
  },
  { method: 'GET', url: '/api/v1/fixscope/notes', permission: 'fixscope.note.view', api: true },
  {
    method: 'GET',
    permission: 'fixscope.note.view',
    api: true,
    label: 'GET /api/v1/fixscope/notes/:id',
    url: async ({ actor }) => `/api/v1/fixscope/notes/${await note(actor?.id ?? null)}`,
    outOfScope: async () => `/api/v1/fixscope/notes/${await note(null)}`,
  },
])

test.group('Authorization matrix helper catches broken routes', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a route without permission check or scope is reported for 403 and 404', async ({ client, assert }) => {
    const problems = await checkRoute(client, {
      method: 'GET',
      permission: 'fixscope.note.view',
      label: 'GET /fixscope/leaky/:id',
      url: async ({ actor }) => `/fixscope/leaky/${await note(actor?.id ?? null)}`,
      outOfScope: async () => `/fixscope/leaky/${await note(null)}`,
    })
    assert.lengthOf(problems, 2)
    assert.match(problems[0], /without fixscope.note.view .*expected 403, got 200/)
    assert.match(problems[1], /outside the scope .*expected 404, got 200/)
  })

  test('a well-guarded route yields no problems', async ({ client, assert }) => {
    assert.deepEqual(await checkRoute(client, { method: 'GET', url: '/fixscope/notes', permission: 'fixscope.note.view' }), [])
  })
})
