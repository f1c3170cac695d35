/*
 * Routes of the kernel's printing area: every document type that registers
 * a print template (kernel_manifest.ts or a plugin manifest) prints at
 * /print/<type>/<id>.pdf and previews at /print/<type>/<id>.html.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const PrintController = () => import('#controllers/print_controller')

router
  .get('/print/:type/:file', [PrintController, 'show'])
  .where('type', /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/)
  .where('file', /^[A-Za-z0-9_-]{1,64}\.(pdf|html)$/)
  .as('print.show')
  .use(middleware.auth())
