/*
 * API errors as JSON, in the token user's language:
 *
 *   { errors: [{ field: 'credit_limit', code: 'invalid', message: 'Credit limit: Enter a number such as 1,200.50' }] }
 *
 * `field` is null for errors about the whole request. Known errors of the
 * writer, the documents engine and the data scope become their status code
 * (422, 403, 404, 409); anything else is rethrown (a 500, logged).
 */
import type { HttpContext } from '@adonisjs/core/http'
import { HookVeto } from '#kernel/plugins/document_hooks'
import { DocumentError, documentErrorMessage } from '#kernel/documents/document_errors'
import { NumberSeriesError } from '#kernel/documents/number_series'
import NotFoundException from '#exceptions/not_found_exception'
import type { RecordFieldDeclaration } from '#kernel/plugins/define_plugin'
import { RecordForbiddenError, RecordInputError, RecordVersionError } from '#kernel/records/record_writer'
import { UnknownActionError } from '#kernel/records/record_transitions'

export interface ApiError {
  field: string | null
  code: string
  message: string
}

export interface ApiResponse {
  status: number
  body: unknown
}

type Translator = HttpContext['i18n']

export function errorBody(errors: ApiError[]) {
  return { errors }
}

export function simpleError(i18n: Translator, status: number, code: string, key: string, params: Record<string, unknown> = {}, field: string | null = null): ApiResponse {
  return { status, body: errorBody([{ field, code, message: i18n.t(key, params as any) }]) }
}

function labelOf(field: string | null, fields: RecordFieldDeclaration[], locale: string): string | null {
  if (!field) return null
  const bare = field.replace(/^filter\[([^\]]+)\].*$/, '$1')
  const declared = fields.find((f) => f.name === bare)
  if (!declared) return null
  return locale === 'en' ? declared.label.en : declared.label['zh-CN']
}

/** The response for a known error, or null when it is not one of ours. */
export function apiErrorResponse(error: unknown, i18n: Translator, fields: RecordFieldDeclaration[] = []): ApiResponse | null {
  if (error instanceof RecordInputError) {
    return {
      status: 422,
      body: errorBody(
        error.problems.map((p) => {
          const text = i18n.t(p.key, (p.params ?? {}) as any)
          const label = p.code === 'unknown_field' || p.code === 'readonly' ? null : labelOf(p.field, fields, i18n.locale)
          return { field: p.field, code: p.code, message: label ? `${label}: ${text}` : text }
        })
      ),
    }
  }
  if (error instanceof RecordForbiddenError) return simpleError(i18n, 403, 'forbidden', 'api.errors.forbidden', { permission: error.permission })
  if (error instanceof RecordVersionError) {
    const code = error.key.split('.').pop()!
    return { status: 409, body: { ...errorBody([{ field: 'version', code, message: i18n.t(error.key, error.params as any) }]), current_version: error.params.version ?? null } }
  }
  if (error instanceof NotFoundException || (error as any)?.code === 'E_ROW_NOT_FOUND') return simpleError(i18n, 404, 'not_found', 'errors.not_found')
  if (error instanceof UnknownActionError) return simpleError(i18n, 404, 'unknown_action', 'api.errors.unknown_action', { action: error.action })
  if (error instanceof HookVeto || error instanceof DocumentError || error instanceof NumberSeriesError) {
    const code = error instanceof HookVeto ? 'vetoed' : 'state'
    return { status: 422, body: errorBody([{ field: null, code, message: documentErrorMessage(error, i18n) ?? String(error) }]) }
  }
  return null
}
