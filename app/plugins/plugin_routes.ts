/*
 * Mounts each loadable plugin's routes.ts under /<id> (names <id>.*), behind
 * login and a gate that answers 404 while the plugin is not enabled. Routes
 * are registered for installed and uninstalled plugins alike so that
 * installing or enabling one from the admin page needs no restart.
 *
 * routes.ts exports `default (router) => { ... }` for pages and optionally
 * `api (router) => { ... }`, mounted under /api/v1/<id> with token auth.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import router from '@adonisjs/core/services/router'
import plugins from '#services/plugins'
import { middleware } from '#start/kernel'

export async function registerPluginRoutes() {
  for (const plugin of plugins.loadable()) {
    const file = ['routes.ts', 'routes.js'].map((f) => join(plugin.root, f)).find((f) => existsSync(f))
    if (!file) continue
    try {
      const mod = await import(pathToFileURL(file).href)
      if (typeof mod.default === 'function') {
        router
          .group(() => mod.default(router))
          .prefix(`/${plugin.id}`)
          .as(plugin.id)
          .use([middleware.pluginEnabled({ plugin: plugin.id }), middleware.auth()])
      }
      if (typeof mod.api === 'function') {
        router
          .group(() => mod.api(router))
          .prefix(`/api/v1/${plugin.id}`)
          .as(`api.${plugin.id}`)
          .use([middleware.pluginEnabled({ plugin: plugin.id }), middleware.auth({ guards: ['api'] })])
      }
    } catch (error) {
      plugins.markFailed(plugin.id, new Error(`routes.ts threw while loading: ${(error as Error).message}`))
    }
  }
}
