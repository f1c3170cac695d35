import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * htmx conventions: one URL serves the full page or just the fragment, so
 * every answer varies on HX-Request; `ctx.isHtmx` tells controllers which.
 */
export default class HtmxMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    ctx.isHtmx = ctx.request.header('HX-Request') === 'true'
    ctx.response.header('Vary', 'HX-Request')
    if ('view' in ctx) ctx.view.share({ isHtmx: ctx.isHtmx, currentUrl: ctx.request.url(), request: ctx.request })
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    isHtmx: boolean
  }
}
