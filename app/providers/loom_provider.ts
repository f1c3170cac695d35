/*
 * The Loom provider: discovers plugins (before i18n loads their language
 * files), mounts their Edge disks, wires their listeners, and reads each
 * plugin's lifecycle state once the database is reachable.
 */
import { join } from 'node:path'
import { existsSync } from 'node:fs'
import type { ApplicationService } from '@adonisjs/core/types'
import plugins from '#services/plugins'
import kernelManifest from '#kernel/kernel_manifest'
import { loadPluginStates } from '#kernel/plugins/plugin_states'
import type { ListenerFn } from '#kernel/plugins/define_plugin'

export default class LoomProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    const { default: config } = await import('#config/plugins')
    plugins.setKernelManifest(kernelManifest)
    await plugins.discover({
      appRoot: this.app.appRoot.pathname,
      directories: config.directories,
      packages: config.packages,
    })

    const edge = (await import('edge.js')).default
    for (const plugin of plugins.loadable()) {
      const views = join(plugin.root, 'views')
      if (existsSync(views)) edge.mount(plugin.id, views)
    }

    const emitter = await this.app.container.make('emitter')
    for (const plugin of plugins.loadable()) {
      for (const [event, fns] of Object.entries(plugin.manifest!.listeners ?? {})) {
        for (const fn of (Array.isArray(fns) ? fns : [fns]) as ListenerFn[]) {
          // A disabled plugin's listeners stay registered but do nothing.
          emitter.on(event as any, async (payload: unknown) => {
            if (plugins.isEnabled(plugin.id)) await fn(payload)
          })
        }
      }
    }

    const { registerViewGlobals } = await import('#services/view_globals')
    registerViewGlobals(edge)
  }

  async start() {
    await loadPluginStates()
    // `node ace migration:*` and the lifecycle see the kernel's and installed plugins' migrations.
    const { PluginLifecycle } = await import('#kernel/plugins/plugin_lifecycle')
    const lifecycle = new PluginLifecycle()
    lifecycle.useMigrationPaths(lifecycle.migrationPaths(plugins.installed().map((p) => p.id)))
  }

  async shutdown() {
    const { shutdownKernelServices } = await import('#services/shutdown')
    await shutdownKernelServices()
  }
}
