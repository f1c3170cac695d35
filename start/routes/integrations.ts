/*
 * The REST API over every registered record type, its OpenAPI document and
 * reference page, and public web forms. See docs/decisions/013-api-webhooks.md.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const RecordsController = () => import('#controllers/api/records_controller')
const OpenApiController = () => import('#controllers/api/openapi_controller')
import { apiLocale as ApiLocale } from '#kernel/api/api_locale'

router
  .group(() => {
    router.get('/records', [RecordsController, 'types']).as('types')
    router.get('/records/:type', [RecordsController, 'index']).as('index')
    router.post('/records/:type', [RecordsController, 'store']).as('store')
    router.get('/records/:type/:id', [RecordsController, 'show']).as('show')
    router.patch('/records/:type/:id', [RecordsController, 'update']).as('update')
    router.post('/records/:type/:id/actions/:action', [RecordsController, 'action']).as('action')
  })
  .prefix('/api/v1')
  .as('api.records')
  .use([middleware.auth({ guards: ['api'] }), ApiLocale])

// The document itself: for a token or a signed-in user.
router
  .get('/api/v1/openapi.json', [OpenApiController, 'document'])
  .as('api.openapi')
  .use([middleware.auth({ guards: ['api', 'web'] }), ApiLocale])
router.get('/api/docs', [OpenApiController, 'reference']).as('api.docs').use(middleware.auth())

const WebhooksController = () => import('#controllers/admin/webhooks_controller')
const WebFormsAdminController = () => import('#controllers/admin/web_forms_controller')
const WebFormsController = () => import('#controllers/public/web_forms_controller')

router
  .group(() => {
    router.get('/webhooks', [WebhooksController, 'index']).as('webhooks.index')
    router.post('/webhooks', [WebhooksController, 'store']).as('webhooks.store')
    router.get('/webhooks/:id', [WebhooksController, 'show']).as('webhooks.show')
    router.post('/webhooks/:id/toggle', [WebhooksController, 'toggle']).as('webhooks.toggle')
    router.post('/webhooks/:id/delete', [WebhooksController, 'destroy']).as('webhooks.destroy')
  })
  .prefix('/admin')
  .as('admin')
  .use([middleware.auth(), middleware.can({ permission: 'admin.webhooks.manage' })])

router
  .group(() => {
    router.get('/web-forms', [WebFormsAdminController, 'index']).as('web_forms.index')
    router.post('/web-forms', [WebFormsAdminController, 'store']).as('web_forms.store')
    router.post('/web-forms/:id/toggle', [WebFormsAdminController, 'toggle']).as('web_forms.toggle')
  })
  .prefix('/admin')
  .as('admin')
  .use([middleware.auth(), middleware.can({ permission: 'admin.webforms.manage' })])

// Public: no session needed, no CSRF token (config/shield.ts), rate-limited per IP and form.
router.post('/public/forms/:token', [WebFormsController, 'submit']).as('public.forms.submit')
