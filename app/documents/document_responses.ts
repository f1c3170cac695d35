/*
 * What a controller answers when a document action fails with a message for
 * the user (a hook's veto, a wrong state, a locked document): htmx gets 422
 * and the message, a plain form a redirect back with the message flashed.
 * Any other error is rethrown.
 */
import type { HttpContext } from '@adonisjs/core/http'
import { documentErrorMessage } from './document_errors.js'

export function respondToDocumentError(ctx: HttpContext, error: unknown) {
  const message = documentErrorMessage(error, ctx.i18n)
  if (message === null) throw error
  if (ctx.request.header('HX-Request') === 'true' || ctx.request.accepts(['html', 'json']) === 'json') {
    return ctx.response.status(422).send(ctx.request.accepts(['html', 'json']) === 'json' ? { errors: [{ message }] } : message)
  }
  ctx.session.flash('error', message)
  return ctx.response.redirect().back()
}
