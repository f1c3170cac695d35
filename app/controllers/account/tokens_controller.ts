/*
 * "My API tokens": a signed-in user creates personal access tokens for the
 * /api/v1 endpoints (the secret is shown once, only its hash is stored),
 * lists them and revokes them. A revoked token answers 401 at once.
 */
import type { HttpContext } from '@adonisjs/core/http'
import User from '#models/user'
import NotFoundException from '#exceptions/not_found_exception'
import { accessWording, tokenValidator } from '#validators/access_validator'
import { FormInvalid, renderFormPage, validateFormOrThrow, type FieldErrors } from '#services/forms'

export default class TokensController {
  async #render(ctx: HttpContext, extra: { created?: string | null; errors?: FieldErrors } = {}, status = 200) {
    const tokens = await User.accessTokens.all(ctx.auth.user!)
    // The page may show a secret: never cache it.
    ctx.response.header('Cache-Control', 'no-store')
    return renderFormPage(ctx, 'pages/account/tokens', { tokens, created: extra.created ?? null }, extra.errors, status)
  }

  async index(ctx: HttpContext) {
    return this.#render(ctx)
  }

  async store(ctx: HttpContext) {
    try {
      const { name } = await validateFormOrThrow<{ name: string }>(ctx, tokenValidator, accessWording())
      const token = await User.accessTokens.create(ctx.auth.user!, ['*'], { name })
      return this.#render(ctx, { created: token.value!.release() }, 201)
    } catch (error) {
      if (error instanceof FormInvalid) return this.#render(ctx, { errors: error.fields }, 422)
      throw error
    }
  }

  async destroy(ctx: HttpContext) {
    const { auth, params, session, i18n, response } = ctx
    const deleted = await User.accessTokens.delete(auth.user!, Number(params.id) || 0)
    if (!deleted) throw new NotFoundException()
    session.flash('success', i18n.t('access.tokens.revoked'))
    return response.redirect().toRoute('account.tokens.index')
  }
}
