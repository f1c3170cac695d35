import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { userCan } from '#services/authorization'
import ForbiddenException from '#exceptions/forbidden_exception'

/** Route guard: `.use(middleware.can({ permission: 'admin.users.manage' }))` answers 403 without it. */
export default class CanMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { permission: string }) {
    const user = ctx.auth.user
    if (!user || !(await userCan(user, options.permission))) throw new ForbiddenException(options.permission)
    return next()
  }
}
