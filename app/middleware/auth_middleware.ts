import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { Authenticators } from '@adonisjs/auth/types'

/** Pages redirect to the login page; the API answers 401 JSON. */
export default class AuthMiddleware {
  redirectTo = '/login'

  async handle(ctx: HttpContext, next: NextFn, options: { guards?: (keyof Authenticators)[] } = {}) {
    await ctx.auth.authenticateUsing(options.guards, { loginRoute: this.redirectTo })
    if (ctx.auth.user && !ctx.auth.user.isActive) {
      if (ctx.auth.authenticatedViaGuard === 'web') await ctx.auth.use('web').logout()
      return ctx.response.status(401).send(ctx.i18n?.t('auth.inactive') ?? 'Account disabled')
    }
    return next()
  }
}
