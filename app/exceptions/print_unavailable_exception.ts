import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'

/**
 * The PDF cannot be made on this server (no Chromium, or it fails to start):
 * 503 with a message in the user's language; the reason goes to the log
 * (and to admins through it), the .html preview keeps working.
 */
export default class PrintUnavailableException extends Exception {
  static status = 503
  static code = 'E_PRINT_UNAVAILABLE'

  constructor(cause: unknown) {
    super(`Printing is unavailable: ${(cause as Error)?.message ?? cause}`, { status: 503, code: 'E_PRINT_UNAVAILABLE', cause })
  }

  async handle(_error: this, ctx: HttpContext) {
    ctx.response.header('Retry-After', '60')
    ctx.response.status(503).send(ctx.i18n?.t('printing.unavailable') ?? 'Printing is unavailable')
  }

  async report(error: this, ctx: HttpContext) {
    ctx.logger.error({ err: error.cause }, error.message)
  }
}
