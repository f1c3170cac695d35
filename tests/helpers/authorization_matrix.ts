/*
 * The authorization matrix: one call proves that every listed route answers
 * the way access control promises, for four kinds of visitor:
 *
 *   guest                           pages → redirect to /login, API → 401
 *   signed in, without permission   403
 *   holding it with scope "own",    404 for a record that is not theirs
 *     on a record outside the scope (only for routes with `outOfScope`)
 *   holding the permission          `expect` (200 for GET, 302 otherwise)
 *
 * Usage in any spec file (kernel or plugin):
 *
 *   import { authorizationMatrix } from '#tests/helpers/authorization_matrix'
 *   authorizationMatrix('Sales orders', [
 *     { method: 'GET', url: '/sales/orders', permission: 'sales.order.view' },
 *     { method: 'GET', url: '/api/v1/sales/orders', permission: 'sales.order.view', api: true },
 *     { method: 'GET', permission: 'sales.order.view',
 *       url: async ({ actor }) => `/sales/orders/${(await makeOrder({ ownerId: actor!.id })).id}`,
 *       outOfScope: async () => `/sales/orders/${(await makeOrder({ ownerId: null })).id}` },
 *     { method: 'POST', url: '/sales/orders', permission: 'sales.order.create', form: { customer_id: 1 } },
 *   ])
 *
 * Each route becomes one test, run inside a global transaction, so routes
 * that write leave nothing behind.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import type User from '#models/user'
import type { DataScope } from '#kernel/plugins/define_plugin'
import { makeDepartment, makeUser } from '#tests/helpers/access'

export type Persona = 'guest' | 'denied' | 'allowed' | 'out_of_scope'

export interface MatrixContext {
  persona: Persona
  /** The signed-in user making the request (null for the guest). */
  actor: User | null
}

type Dynamic<T> = T | ((ctx: MatrixContext) => T | Promise<T>)

export interface MatrixRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** The URL, or a function building it (e.g. after creating the record it targets). */
  url: Dynamic<string>
  /** The permission the route requires. */
  permission: string
  /** An /api route authenticated by access token: guests get 401. */
  api?: boolean
  /** Form (pages) or JSON (api) body for writes. */
  body?: Dynamic<Record<string, any>>
  /** Status for a user holding the permission; default 200 for GET, 302 for others. */
  expect?: number
  /** Scope the "allowed" user holds; default "all". */
  scope?: DataScope
  /** Builds a record outside an "own"-scoped user's reach and returns its URL: must answer 404. */
  outOfScope?: (ctx: MatrixContext) => string | Promise<string>
  /** Extra permissions the allowed user needs (e.g. to reach the page at all). */
  alsoGrant?: Record<string, DataScope>
  /** A name for the test; defaults to "METHOD url". */
  label?: string
}

async function resolve<T>(value: Dynamic<T> | undefined, ctx: MatrixContext): Promise<T | undefined> {
  return typeof value === 'function' ? (value as (c: MatrixContext) => T | Promise<T>)(ctx) : value
}

async function call(client: any, route: MatrixRoute, url: string, ctx: MatrixContext) {
  const method = route.method.toLowerCase()
  let request = client[method](url).redirects(0)
  if (route.api) request = request.header('Accept', 'application/json')
  if (route.method !== 'GET') {
    const body = (await resolve(route.body, ctx)) ?? {}
    request = route.api ? request.json(body) : request.form(body).withCsrfToken()
  }
  if (ctx.actor) request = route.api ? request.withGuard('api').loginAs(ctx.actor) : request.loginAs(ctx.actor)
  return request
}

function expectedStatus(route: MatrixRoute) {
  return route.expect ?? (route.method === 'GET' ? 200 : 302)
}

/**
 * Runs the four visitors against one route and returns every way it breaks
 * the rules (empty when it behaves). `authorizationMatrix` asserts this list
 * is empty; it is exported so the helper itself can be tested on a bad route.
 */
export async function checkRoute(client: any, route: MatrixRoute, name = route.label ?? route.method): Promise<string[]> {
  const problems: string[] = []
  const department = await makeDepartment('Matrix')

  const guest: MatrixContext = { persona: 'guest', actor: null }
  const g = await call(client, route, (await resolve(route.url, guest))!, guest)
  if (route.api) {
    if (g.status() !== 401) problems.push(`guest on ${name}: expected 401, got ${g.status()}`)
  } else if (g.status() !== 302 || g.header('location') !== '/login') {
    problems.push(`guest on ${name}: expected a redirect to /login, got ${g.status()} ${g.header('location') ?? ''}`)
  }

  const deniedUser = await makeUser({ department, permissions: { ...(route.alsoGrant ?? {}) } })
  const denied: MatrixContext = { persona: 'denied', actor: deniedUser }
  const d = await call(client, route, (await resolve(route.url, denied))!, denied)
  if (d.status() !== 403) problems.push(`user without ${route.permission} on ${name}: expected 403, got ${d.status()}`)

  if (route.outOfScope) {
    const ownUser = await makeUser({ department, permissions: { ...(route.alsoGrant ?? {}), [route.permission]: 'own' } })
    const ctx: MatrixContext = { persona: 'out_of_scope', actor: ownUser }
    const o = await call(client, route, await route.outOfScope(ctx), ctx)
    if (o.status() !== 404) problems.push(`user with ${route.permission} (own) on a record outside the scope of ${name}: expected 404, got ${o.status()}`)
  }

  const allowedUser = await makeUser({ department, permissions: { ...(route.alsoGrant ?? {}), [route.permission]: route.scope ?? 'all' } })
  const allowed: MatrixContext = { persona: 'allowed', actor: allowedUser }
  const a = await call(client, route, (await resolve(route.url, allowed))!, allowed)
  const expected = expectedStatus(route)
  if (a.status() !== expected) {
    problems.push(`user with ${route.permission} on ${name}: expected ${expected}, got ${a.status()} ${a.status() >= 400 ? a.text().slice(0, 200) : ''}`)
  }
  return problems
}

export function authorizationMatrix(title: string, routes: MatrixRoute[]) {
  test.group(`Authorization matrix: ${title}`, (group) => {
    group.each.setup(() => testUtils.db().withGlobalTransaction())

    for (const route of routes) {
      const name = route.label ?? `${route.method} ${typeof route.url === 'string' ? route.url : route.permission}`
      const parts = ['guest → ' + (route.api ? '401' : 'login'), 'no permission → 403']
      if (route.outOfScope) parts.push('out of scope → 404')
      parts.push(`permitted → ${expectedStatus(route)}`)

      test(`${name}: ${parts.join(', ')}`, async ({ client, assert }) => {
        assert.deepEqual(await checkRoute(client, route, name), [])
      })
    }
  })
}
