/*
 * Errors of the document engine that users read: each carries an i18n key
 * (documents.errors.*) and its data. `documentErrorMessage` also turns a
 * plugin's HookVeto into text in the user's language.
 */
import { HookVeto } from '#kernel/plugins/document_hooks'
import { NumberSeriesError } from './number_series.js'
import { NumberFormatError } from '#kernel/numbers/fixed_point'

export class DocumentError extends Error {
  status = 422
  constructor(
    public key: string,
    public data: Record<string, unknown> = {}
  ) {
    super(`${key} ${JSON.stringify(data)}`)
  }
}

/** Acting on a document in a state that does not allow it (confirming a cancelled order …). */
export class DocumentStateError extends DocumentError {}

/** Editing or deleting a document that is no longer a draft. */
export class DocumentLockedError extends DocumentError {}

type Translator = { locale: string; t: (key: string, data?: any) => string }

/** The message a user reads for an error of the documents engine, or null for any other error. */
export function documentErrorMessage(error: unknown, i18n: Translator): string | null {
  if (error instanceof HookVeto) return error.translate(i18n)
  if (error instanceof DocumentError) return i18n.t(error.key, translateStates(error.data, i18n))
  if (error instanceof NumberSeriesError) return i18n.t(error.key, error.params)
  if (error instanceof NumberFormatError) return i18n.t(error.key, error.params)
  return null
}

function translateStates(data: Record<string, unknown>, i18n: Translator) {
  const out: Record<string, unknown> = { ...data }
  for (const k of ['from', 'to', 'state']) {
    if (typeof out[k] === 'string') out[k] = i18n.t(`documents.states.${out[k]}`)
  }
  return out
}
