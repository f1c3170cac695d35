import i18nManager from '@adonisjs/i18n/services/main'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Route middleware (after auth): the API answers in the token user's saved
 * language, else the request's Accept-Language (chosen by the locale middleware).
 */
export async function apiLocale(ctx: HttpContext, next: NextFn) {
  const locale = ctx.auth.user?.locale
  if (locale && i18nManager.supportedLocales().includes(locale)) ctx.i18n = i18nManager.locale(locale)
  return next()
}
