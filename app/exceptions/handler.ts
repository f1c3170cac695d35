import app from '@adonisjs/core/services/app'
import { HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'

/**
 * Errors in the user's language: status pages for browsers, JSON for the API
 * and for clients that ask for it. Validation errors keep AdonisJS's
 * behaviour (422 JSON, or redirect back with messages for forms).
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = !app.inProduction
  protected renderStatusPages = true

  protected statusPages: Record<StatusPageRange, StatusPageRenderer> = {
    '403': (error, { view }) => view.render('pages/errors/forbidden', { error }),
    '404': (error, { view }) => view.render('pages/errors/not_found', { error }),
    '500..599': (error, { view }) => view.render('pages/errors/server_error', { error }),
  }

  async handle(error: unknown, ctx: HttpContext) {
    const status = (error as any)?.status
    const wantsJson = ctx.request.url().startsWith('/api/') || ctx.request.accepts(['html', 'json']) === 'json'
    if ((error as any)?.code === 'E_BAD_CSRF_TOKEN') {
      // An expired page or a forged form: say so in the user's language, change nothing.
      const message = ctx.i18n?.t('errors.csrf') ?? 'errors.csrf'
      if (wantsJson) return ctx.response.status(419).send({ errors: [{ message }] })
      if (ctx.request.header('HX-Request') === 'true') return ctx.response.status(419).send(message)
      ctx.session?.flash('error', message)
      return ctx.response.redirect().back()
    }
    if (wantsJson && (status === 403 || status === 404)) {
      const key = status === 403 ? 'errors.forbidden' : 'errors.not_found'
      return ctx.response.status(status).send({ errors: [{ message: ctx.i18n?.t(key) ?? key }] })
    }
    if (ctx.isHtmx && (status === 403 || status === 404)) {
      const key = status === 403 ? 'errors.forbidden' : 'errors.not_found'
      return ctx.response.status(status).send(ctx.i18n?.t(key) ?? key)
    }
    return super.handle(error, ctx)
  }

  async report(error: unknown, ctx: HttpContext) {
    return super.report(error, ctx)
  }
}
