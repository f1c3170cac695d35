/*
 * Idempotency-Key on POST (create, state actions). The first request with a
 * key claims it (a row with a unique (user, key)); its answer is stored, and
 * a repeat gets that answer again with `Idempotent-Replayed: true` instead of
 * a second record. The same key with a different request is refused (422);
 * a repeat arriving while the first still runs gets 409 (retry later).
 *
 * Claiming is one INSERT … ON CONFLICT DO NOTHING, so of two concurrent
 * requests exactly one runs, on SQLite and PostgreSQL alike (and without
 * aborting an enclosing PostgreSQL transaction).
 */
import { createHash, randomBytes } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import type User from '#models/user'
import { simpleError, type ApiResponse } from './api_errors.js'

export const IDEMPOTENCY_HEADER = 'idempotency-key'
/** Keys are kept this long; older ones may be reused. */
export const KEEP_KEYS_MS = 24 * 60 * 60 * 1000

function requestHash(ctx: HttpContext): string {
  const body = ctx.request.raw() ?? JSON.stringify(ctx.request.body() ?? {})
  return createHash('sha256').update(`${ctx.request.method()} ${ctx.request.url()}\n${body}`).digest('hex')
}

/**
 * Runs `handler` once per (user, Idempotency-Key). Without the header it
 * simply runs. `handler` returns the response to send (and to store);
 * unexpected errors release the key so the client may retry.
 */
export async function idempotent(ctx: HttpContext, user: User, handler: () => Promise<ApiResponse>): Promise<ApiResponse> {
  const key = ctx.request.header(IDEMPOTENCY_HEADER)?.trim()
  if (!key) return handler()
  if (key.length > 255) return simpleError(ctx.i18n, 422, 'invalid', 'api.errors.idempotency_key', {}, 'Idempotency-Key')

  const hash = requestHash(ctx)
  const owner = randomBytes(16).toString('hex')
  // Forget expired keys of this user so they can be used again.
  await db.from('api_idempotency_keys').where('user_id', user.id).where('idem_key', key).where('created_at', '<', new Date(Date.now() - KEEP_KEYS_MS)).delete()
  await db
    .knexQuery()
    .table('api_idempotency_keys')
    .insert({
      user_id: user.id,
      idem_key: key,
      method: ctx.request.method(),
      path: ctx.request.url().slice(0, 500),
      request_hash: hash,
      owner_token: owner,
      status: 'pending',
      created_at: new Date(),
    })
    .onConflict(['user_id', 'idem_key'])
    .ignore()
  const claim = await db.from('api_idempotency_keys').where('user_id', user.id).where('idem_key', key).first()

  if (claim.owner_token !== owner) {
    if (claim.request_hash !== hash) return simpleError(ctx.i18n, 422, 'idempotency_mismatch', 'api.errors.idempotency_mismatch', {}, 'Idempotency-Key')
    if (claim.status !== 'done') return simpleError(ctx.i18n, 409, 'idempotency_in_progress', 'api.errors.idempotency_in_progress', {}, 'Idempotency-Key')
    ctx.response.header('Idempotent-Replayed', 'true')
    return { status: Number(claim.response_status), body: JSON.parse(claim.response_body) }
  }

  let response: ApiResponse
  try {
    response = await handler()
  } catch (error) {
    await db.from('api_idempotency_keys').where('id', claim.id).delete()
    throw error
  }
  await db
    .from('api_idempotency_keys')
    .where('id', claim.id)
    .update({ status: 'done', response_status: response.status, response_body: JSON.stringify(response.body) })
  return response
}
