import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import plugins from '#services/plugins'
import { refreshPluginStatesIfStale } from '#kernel/plugins/plugin_states'

/** A disabled or uninstalled plugin's routes answer 404, without a restart. */
export default class PluginEnabledMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { plugin: string }) {
    await refreshPluginStatesIfStale()
    if (!plugins.isEnabled(options.plugin)) return ctx.response.notFound(ctx.i18n.t('errors.not_found'))
    return next()
  }
}
