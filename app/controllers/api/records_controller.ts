/*
 * /api/v1/records/<type>: list, get, create, update and (documents) state
 * actions for every registered record type, through the same writer,
 * document engine, data scopes and field permissions as the pages.
 * See docs/decisions/013-api-webhooks.md.
 */
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import plugins from '#services/plugins'
import { userCan } from '#services/authorization'
import { applyDataScope, findInScopeOrFail } from '#services/data_scope'
import { fieldModes } from '#services/field_permissions'
import { fieldsOf } from '#kernel/records/fields'
import { createRecord, permissionPrefixOf, updateRecord } from '#kernel/records/record_writer'
import { transitionRecord } from '#kernel/records/record_transitions'
import type { RegisteredRecordType } from '#kernel/plugins/plugin_registry'
import { apiErrorResponse, simpleError, type ApiResponse } from '#kernel/api/api_errors'
import { applyListParams, recordJson } from '#kernel/api/record_json'
import { idempotent } from '#kernel/api/idempotency'

async function hiddenFields(ctx: HttpContext, recordType: RegisteredRecordType) {
  const modes = await fieldModes(ctx.auth.user!, recordType.type)
  return new Set(Object.entries(modes).filter(([, m]) => m === 'hidden').map(([f]) => f))
}

export default class RecordsController {
  /** Runs an action and answers with its JSON, turning known errors into their status. */
  async #respond(ctx: HttpContext, run: (recordType: RegisteredRecordType) => Promise<ApiResponse>) {
    const recordType = plugins.recordType(String(ctx.params.type))
    let response: ApiResponse
    if (!recordType) {
      response = simpleError(ctx.i18n, 404, 'unknown_type', 'api.errors.unknown_type', { type: String(ctx.params.type) })
    } else {
      const fields = await fieldsOf(recordType)
      try {
        response = await run(recordType)
      } catch (error) {
        const known = apiErrorResponse(error, ctx.i18n, fields)
        if (!known) throw error
        response = known
      }
    }
    return ctx.response.status(response.status).send(response.body)
  }

  async #json(ctx: HttpContext, recordType: RegisteredRecordType, row: Record<string, any>) {
    return recordJson(row, await fieldsOf(recordType), await hiddenFields(ctx, recordType))
  }

  /** GET /api/v1/records: the record types this user may read. */
  async types(ctx: HttpContext) {
    const user = ctx.auth.user!
    const data = []
    for (const rt of plugins.recordTypes()) {
      if (!(await userCan(user, `${permissionPrefixOf(rt)}.view`))) continue
      data.push({ type: rt.type, label: ctx.i18n.locale === 'en' ? rt.label.en : rt.label['zh-CN'], document: rt.document, url: `/api/v1/records/${rt.type}` })
    }
    return { data }
  }

  async index(ctx: HttpContext) {
    return this.#respond(ctx, async (recordType) => {
      const user = ctx.auth.user!
      const permission = `${permissionPrefixOf(recordType)}.view`
      if (!(await userCan(user, permission))) return simpleError(ctx.i18n, 403, 'forbidden', 'api.errors.forbidden', { permission })
      const fields = await fieldsOf(recordType)
      const hidden = await hiddenFields(ctx, recordType)
      const query = db.from(recordType.table).select(`${recordType.table}.*`)
      await applyDataScope(query, user, permission, { ownerColumn: `${recordType.table}.owner_id`, departmentColumn: `${recordType.table}.department_id` })
      const qs = ctx.request.qs()
      const paginate = applyListParams(query, recordType, fields, hidden, { filter: qs.filter, sort: qs.sort, limit: qs.limit, cursor: qs.cursor })
      const { page, nextCursor, limit } = paginate(await query)
      return {
        status: 200,
        body: { data: page.map((row) => recordJson(row, fields, hidden)), meta: { limit, next_cursor: nextCursor } },
      }
    })
  }

  async show(ctx: HttpContext) {
    return this.#respond(ctx, async (recordType) => {
      const user = ctx.auth.user!
      const permission = `${permissionPrefixOf(recordType)}.view`
      if (!(await userCan(user, permission))) return simpleError(ctx.i18n, 403, 'forbidden', 'api.errors.forbidden', { permission })
      const row = await findInScopeOrFail(recordType.table, idParam(ctx), user, permission)
      return { status: 200, body: { data: await this.#json(ctx, recordType, row) } }
    })
  }

  async store(ctx: HttpContext) {
    return this.#respond(ctx, (recordType) =>
      idempotent(ctx, ctx.auth.user!, async () => {
        try {
          const row = await createRecord(recordType, ctx.request.body(), ctx.auth.user!, { locale: ctx.i18n.locale })
          return { status: 201, body: { data: await this.#json(ctx, recordType, row) } }
        } catch (error) {
          const known = apiErrorResponse(error, ctx.i18n, await fieldsOf(recordType))
          if (known) return known
          throw error
        }
      })
    )
  }

  async update(ctx: HttpContext) {
    return this.#respond(ctx, async (recordType) => {
      const { version, ...input } = ctx.request.body() as Record<string, unknown>
      const ifMatch = ctx.request.header('if-match')?.replace(/^W\//, '').replace(/"/g, '')
      const row = await updateRecord(recordType, idParam(ctx), input, ctx.auth.user!, {
        version: typeof version === 'string' ? version : (ifMatch ?? null),
        locale: ctx.i18n.locale,
      })
      return { status: 200, body: { data: await this.#json(ctx, recordType, row) } }
    })
  }

  async action(ctx: HttpContext) {
    return this.#respond(ctx, (recordType) =>
      idempotent(ctx, ctx.auth.user!, async () => {
        try {
          const row = await transitionRecord(recordType, idParam(ctx), String(ctx.params.action), ctx.auth.user!)
          return { status: 200, body: { data: await this.#json(ctx, recordType, row) } }
        } catch (error) {
          const known = apiErrorResponse(error, ctx.i18n, await fieldsOf(recordType))
          if (known) return known
          throw error
        }
      })
    )
  }
}

function idParam(ctx: HttpContext): number {
  const id = Number(ctx.params.id)
  return Number.isSafeInteger(id) && id > 0 ? id : 0
}
