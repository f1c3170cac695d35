/*
 * Routes of the approvals engine: admin flows, the approver's inbox, one's
 * delegation, and the approver API (docs/decisions/011-approvals.md).
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const FlowsController = () => import('#controllers/admin/approval_flows_controller')
const InboxController = () => import('#controllers/approvals/inbox_controller')
const DelegationController = () => import('#controllers/approvals/delegation_controller')
const ApprovalsApiController = () => import('#controllers/api/approvals_controller')

const id = router.matchers.number()

router
  .group(() => {
    router.get('/', [FlowsController, 'index']).as('index')
    router.get('/create', [FlowsController, 'create']).as('create')
    router.post('/', [FlowsController, 'store']).as('store')
    router.get('/:id/edit', [FlowsController, 'edit']).as('edit').where('id', id)
    router.post('/:id', [FlowsController, 'update']).as('update').where('id', id)
    router.post('/:id/delete', [FlowsController, 'destroy']).as('destroy').where('id', id)
  })
  .prefix('/admin/approvals')
  .as('admin.approvals')
  .use([middleware.auth(), middleware.can({ permission: 'admin.approvals.manage' })])

router
  .group(() => {
    router.get('/', [InboxController, 'index']).as('index')
    router.post('/:id/decide', [InboxController, 'decide']).as('decide').where('id', id)
  })
  .prefix('/approvals')
  .as('approvals')
  .use(middleware.auth())

router
  .group(() => {
    router.get('/', [DelegationController, 'index']).as('index')
    router.post('/', [DelegationController, 'store']).as('store')
    router.post('/:id/delete', [DelegationController, 'destroy']).as('destroy').where('id', id)
  })
  .prefix('/account/delegation')
  .as('account.delegation')
  .use(middleware.auth())

router
  .group(() => {
    router.get('/', [ApprovalsApiController, 'index']).as('index')
    router.post('/:id/approve', [ApprovalsApiController, 'approve']).as('approve').where('id', id)
    router.post('/:id/reject', [ApprovalsApiController, 'reject']).as('reject').where('id', id)
    router.post('/:id/return', [ApprovalsApiController, 'return']).as('return').where('id', id)
  })
  .prefix('/api/v1/approvals')
  .as('api.approvals')
  .use(middleware.auth({ guards: ['api'] }))
