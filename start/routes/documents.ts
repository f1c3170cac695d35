/*
 * Routes of the kernel's documents area: number series and audit log admin
 * pages, comments and attachments of any document.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const NumberSeriesController = () => import('#controllers/admin/number_series_controller')

router
  .group(() => {
    router.get('/series', [NumberSeriesController, 'index']).as('series.index')
    router.get('/series/preview', [NumberSeriesController, 'preview']).as('series.preview')
    router.get('/series/:type/edit', [NumberSeriesController, 'edit']).as('series.edit')
    router.put('/series/:type', [NumberSeriesController, 'update']).as('series.update')
  })
  .prefix('/admin')
  .as('admin')
  .use([middleware.auth(), middleware.can({ permission: 'admin.series.manage' })])

const AuditLogController = () => import('#controllers/admin/audit_log_controller')

router
  .get('/admin/audit', [AuditLogController, 'index'])
  .as('admin.audit.index')
  .use([middleware.auth(), middleware.can({ permission: 'admin.audit.view' })])

const CommentsController = () => import('#controllers/documents/comments_controller')
const AttachmentsController = () => import('#controllers/documents/attachments_controller')

// Comments and attachments of any declared document type; access = may view the document.
router
  .group(() => {
    router.get('/documents/:type/:id/timeline', [CommentsController, 'index']).as('timeline.index')
    router.post('/documents/:type/:id/comments', [CommentsController, 'store']).as('comments.store')
    router.get('/documents/:type/:id/attachments', [AttachmentsController, 'index']).as('attachments.index')
    router.post('/documents/:type/:id/attachments', [AttachmentsController, 'store']).as('attachments.store')
    router.get('/attachments/:id/download', [AttachmentsController, 'download']).as('attachments.download')
  })
  .as('documents')
  .use(middleware.auth())
