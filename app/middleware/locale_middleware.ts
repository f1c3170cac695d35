import i18nManager from '@adonisjs/i18n/services/main'
import type { I18n } from '@adonisjs/i18n'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { RequestValidator } from '@adonisjs/core/http'

// Validation messages in the request's language (resources/lang/*/validator.json).
RequestValidator.messagesProvider = (ctx) => ctx.i18n.createMessagesProvider()

/**
 * The user's language: their saved choice, else the session's (set by the
 * language switch), else the browser's Accept-Language, else zh-CN.
 */
export default class LocaleMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const supported = i18nManager.supportedLocales()
    const fromSession = ctx.session?.get('locale') as string | undefined
    let locale = fromSession && supported.includes(fromSession) ? fromSession : null
    if (!locale) {
      try {
        await ctx.auth.check()
        const userLocale = ctx.auth.user?.locale
        if (userLocale && supported.includes(userLocale)) locale = userLocale
      } catch {}
    }
    if (!locale) locale = i18nManager.getSupportedLocaleFor(ctx.request.languages()) ?? i18nManager.defaultLocale

    ctx.i18n = i18nManager.locale(locale)
    ctx.containerResolver.bindValue(i18nManager.locale(locale).constructor as any, ctx.i18n)
    if ('view' in ctx) ctx.view.share({ i18n: ctx.i18n, locale })
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    i18n: I18n
  }
}
