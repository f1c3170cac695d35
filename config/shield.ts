import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/shield'

const shieldConfig = defineConfig({
  /**
   * Scripts and styles come only from Loom itself (Vite-built assets); no
   * inline handlers. Alpine needs 'unsafe-eval' for expression evaluation;
   * the Vite dev server (development and tests) runs same-origin as middleware, its HMR socket needs ws:.
   */
  csp: {
    enabled: true,
    directives: {
      defaultSrc: [`'self'`],
      scriptSrc: [`'self'`, `'unsafe-eval'`, '@nonce'],
      styleSrc: [`'self'`, `'unsafe-inline'`],
      imgSrc: [`'self'`, 'data:', 'blob:'],
      fontSrc: [`'self'`, 'data:'],
      connectSrc: [`'self'`, 'ws:'],
      objectSrc: [`'none'`],
      frameAncestors: [`'self'`],
      baseUri: [`'self'`],
      formAction: [`'self'`],
    },
    reportOnly: false,
  },
  csrf: {
    enabled: !app.inTest || process.env.LOOM_TEST_CSRF !== 'off',
    // The token API and public web forms (web-to-record) carry no CSRF token.
    exceptRoutes: (ctx) => ctx.request.url().startsWith('/api/') || ctx.request.url().startsWith('/public/forms/'),
    enableXsrfCookie: false,
    methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  },
  xFrame: { enabled: true, action: 'SAMEORIGIN' },
  hsts: { enabled: true, maxAge: '180 days' },
  contentTypeSniffing: { enabled: true },
})

export default shieldConfig
