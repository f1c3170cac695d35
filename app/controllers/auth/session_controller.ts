import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'
import { DateTime } from 'luxon'
import User from '#models/user'
import { localeValidator, loginValidator } from '#validators/session_validator'

/** Log in (rate-limited per username and IP), log out, switch language. */
export default class SessionController {
  async create({ view }: HttpContext) {
    return view.render('pages/auth/login')
  }

  async store(ctx: HttpContext) {
    const { request, response, auth, session, i18n } = ctx
    const { username, password } = await request.validateUsing(loginValidator)

    const throttle = limiter.use({ requests: 5, duration: '1 min', blockDuration: '5 mins' })
    const key = `login_${username.toLowerCase()}_${request.ip()}`
    let result: Awaited<ReturnType<typeof throttle.penalize<User>>>
    try {
      // A wrong password throws, which is what makes penalize() count the attempt.
      result = await throttle.penalize(key, () => User.verifyCredentials(username, password))
    } catch (error) {
      if ((error as any).code !== 'E_INVALID_CREDENTIALS') throw error
      result = [null, null as any]
    }
    const [error, user] = result

    if (error) {
      // Throttled: 429 with the login form and the message, and Retry-After for clients.
      const seconds = error.response.availableIn
      const message = i18n.t('auth.too_many_attempts', { seconds })
      response.header('Retry-After', String(seconds))
      const html = await ctx.view.render('pages/auth/login', { errors: { username: [message] }, username })
      return response.status(429).send(html)
    }
    if (!user) {
      session.flashExcept(['password'])
      session.flash('errors', { username: i18n.t('auth.invalid_credentials') })
      return response.redirect().toRoute('auth.login')
    }
    if (!user.isActive) {
      session.flashExcept(['password'])
      session.flash('errors', { username: i18n.t('auth.inactive') })
      return response.redirect().toRoute('auth.login')
    }

    await auth.use('web').login(user)
    user.lastLoginAt = DateTime.now()
    await user.save()
    session.put('locale', user.locale)
    return response.redirect('/')
  }

  async destroy({ auth, response, session }: HttpContext) {
    await auth.use('web').logout()
    session.forget('locale')
    return response.redirect().toRoute('auth.login')
  }

  async locale({ request, response, session, auth }: HttpContext) {
    const { locale } = await request.validateUsing(localeValidator)
    session.put('locale', locale)
    if (await auth.check()) {
      auth.user!.locale = locale
      await auth.user!.save()
    }
    if (request.header('HX-Request') === 'true') {
      response.header('HX-Refresh', 'true')
      return response.noContent()
    }
    return response.redirect().back()
  }
}
