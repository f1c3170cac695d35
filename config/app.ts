import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { Secret } from '@adonisjs/core/helpers'
import { defineConfig } from '@adonisjs/core/http'

/**
 * APP_KEY signs cookies and encrypts sessions. A demo install without one
 * gets a fixed development key; production must set its own (the README says so).
 */
export const appKey = new Secret(env.get('APP_KEY') || 'loom-dev-key-change-me-in-production-0123456789')

export const http = defineConfig({
  generateRequestId: true,
  allowMethodSpoofing: true,
  // Lets services (audit trail, data scopes) read the current user without threading ctx through.
  useAsyncLocalStorage: true,
  cookie: {
    domain: '',
    path: '/',
    maxAge: '2h',
    httpOnly: true,
    secure: app.inProduction && (env.get('APP_URL') || '').startsWith('https'),
    sameSite: 'lax',
  },
})
