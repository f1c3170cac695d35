/*
 * Japa bootstrap: plugins, the test database (emptied, migrated, every
 * plugin in plugins/ installed and enabled), and the HTTP server for the
 * functional and browser suites.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { assert } from '@japa/assert'
import { apiClient } from '@japa/api-client'
import { browserClient } from '@japa/browser-client'
import { chromium } from 'playwright'
import app from '@adonisjs/core/services/app'
import type { Config } from '@japa/runner/types'
import { pluginAdonisJS } from '@japa/plugin-adonisjs'
import testUtils from '@adonisjs/core/services/test_utils'
import { sessionApiClient } from '@adonisjs/session/plugins/api_client'
import { shieldApiClient } from '@adonisjs/shield/plugins/api_client'
import { authApiClient } from '@adonisjs/auth/plugins/api_client'
import { resetTestDatabase } from '#tests/helpers/database'
import { assertPluginsConsistent } from '#tests/helpers/plugin_verifiers'
import { CHROMIUM_LAUNCH_ARGS } from '#services/chromium'

export const CHROMIUM_PATH = process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium'

export const plugins: Config['plugins'] = [
  assert(),
  apiClient(),
  pluginAdonisJS(app),
  sessionApiClient(app),
  shieldApiClient(),
  authApiClient(app),
  browserClient({
    runInSuites: ['browser'],
    contextOptions: { locale: 'zh-CN', viewport: { width: 1280, height: 800 } },
    launcher: async () => chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_LAUNCH_ARGS, headless: true }),
  }),
]

export const runnerHooks: Required<Pick<Config, 'setup' | 'teardown'>> = {
  setup: [
    async () => {
      for (const dir of ['tmp', 'tests/browser/screenshots']) if (!existsSync(app.makePath(dir))) mkdirSync(app.makePath(dir), { recursive: true })
      await resetTestDatabase()
    },
  ],
  teardown: [],
}

export const configureSuite: Config['configureSuite'] = (suite) => {
  if (['browser', 'functional'].includes(suite.name)) {
    // Plugins' derived figures (e.g. stock balances vs the ledger) must add up after the suite.
    suite.teardown(() => assertPluginsConsistent())
    return suite.setup(() => testUtils.httpServer().start())
  }
}
