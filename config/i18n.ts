import app from '@adonisjs/core/services/app'
import { defineConfig, formatters, loaders } from '@adonisjs/i18n'
import { pluginLanguageLoader } from '#kernel/plugins/language_loader'

/**
 * zh-CN is the default language; en is complete too. Kernel strings live in
 * resources/lang, each plugin's in plugins/<id>/resources/lang (loaded with
 * the plugin's files as key prefixes, e.g. `inventory.items.title`).
 */
const i18nConfig = defineConfig({
  defaultLocale: 'zh-CN',
  supportedLocales: ['zh-CN', 'en'],
  fallbackLocales: { en: 'zh-CN' },
  formatter: formatters.icu(),
  loaders: [
    loaders.fs({ location: app.languageFilesPath() }),
    pluginLanguageLoader(),
  ],
})

export default i18nConfig
