/*
 * i18n loader for plugin language files: every discovered plugin's
 * resources/lang/{zh-CN,en}/*.json, loaded with the file name as key prefix
 * exactly like the kernel's own resources/lang.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import { loaders } from '@adonisjs/i18n'
import type { TranslationsLoaderContract } from '@adonisjs/i18n/types'
import plugins from '#services/plugins'

export function pluginLanguageLoader() {
  return (): TranslationsLoaderContract => ({
    async load() {
      const merged: Record<string, Record<string, string>> = {}
      for (const plugin of plugins.all()) {
        if (!plugin.root) continue
        const location = join(plugin.root, 'resources', 'lang')
        if (!existsSync(location)) continue
        const factory = await loaders.fs({ location }).resolver(app)
        const messages = await (factory as any)().load()
        for (const [locale, entries] of Object.entries(messages)) {
          merged[locale] = Object.assign(merged[locale] ?? {}, entries)
        }
      }
      return merged
    },
  })
}
