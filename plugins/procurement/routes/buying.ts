/* Buying pages: requisitions, the purchase plan, RFQs with the comparison, purchase orders. */
import type { Router } from '@adonisjs/core/http'
import { middleware } from '#start/kernel'

const RequisitionsController = () => import('../controllers/requisitions_controller.js')
const PlansController = () => import('../controllers/plans_controller.js')
const RfqsController = () => import('../controllers/rfqs_controller.js')
const OrdersController = () => import('../controllers/orders_controller.js')

export default (router: Router) => {
  const can = (permission: string) => middleware.can({ permission })
  const id = router.matchers.number()

  router.get('/requisitions', [RequisitionsController, 'index']).as('requisitions.index').use(can('procurement.requisition.view'))
  router.get('/requisitions/new', [RequisitionsController, 'create']).as('requisitions.create').use(can('procurement.requisition.create'))
  router.post('/requisitions', [RequisitionsController, 'store']).as('requisitions.store').use(can('procurement.requisition.create'))
  router.get('/requisitions/:id', [RequisitionsController, 'show']).as('requisitions.show').where('id', id).use(can('procurement.requisition.view'))
  router.get('/requisitions/:id/edit', [RequisitionsController, 'edit']).as('requisitions.edit').where('id', id).use(can('procurement.requisition.edit'))
  router.put('/requisitions/:id', [RequisitionsController, 'update']).as('requisitions.update').where('id', id).use(can('procurement.requisition.edit'))
  router.post('/requisitions/:id/:action', [RequisitionsController, 'act']).as('requisitions.act')
    .where('id', id).where('action', /^(submit|confirm|cancel|draft)$/).use(can('procurement.requisition.edit'))
  router.post('/requisitions/:id/lines/:lineId/close', [RequisitionsController, 'closeLine']).as('requisitions.lines.close')
    .where('id', id).where('lineId', id).use(can('procurement.requisition.edit'))

  router.get('/plans', [PlansController, 'index']).as('plans.index').use(can('procurement.plan.manage'))
  router.post('/plans/orders', [PlansController, 'createOrders']).as('plans.orders').use(can('procurement.plan.manage'))

  router.get('/rfqs', [RfqsController, 'index']).as('rfqs.index').use(can('procurement.rfq.view'))
  router.get('/rfqs/new', [RfqsController, 'create']).as('rfqs.create').use(can('procurement.rfq.create'))
  router.post('/rfqs', [RfqsController, 'store']).as('rfqs.store').use(can('procurement.rfq.create'))
  router.get('/rfqs/:id', [RfqsController, 'show']).as('rfqs.show').where('id', id).use(can('procurement.rfq.view'))
  router.post('/rfqs/:id/quotes', [RfqsController, 'quote']).as('rfqs.quotes').where('id', id).use(can('procurement.rfq.edit'))
  router.post('/rfqs/:id/orders', [RfqsController, 'createOrders']).as('rfqs.orders').where('id', id).use(can('procurement.order.create'))
  router.post('/rfqs/:id/:action', [RfqsController, 'act']).as('rfqs.act').where('id', id).where('action', /^(send|cancel)$/).use(can('procurement.rfq.edit'))

  router.get('/orders', [OrdersController, 'index']).as('orders.index').use(can('procurement.order.view'))
  router.get('/orders/export', [OrdersController, 'export']).as('orders.export').use(can('procurement.order.view'))
  router.get('/orders/new', [OrdersController, 'create']).as('orders.create').use(can('procurement.order.create'))
  router.post('/orders', [OrdersController, 'store']).as('orders.store').use(can('procurement.order.create'))
  router.get('/orders/:id', [OrdersController, 'show']).as('orders.show').where('id', id).use(can('procurement.order.view'))
  router.get('/orders/:id/edit', [OrdersController, 'edit']).as('orders.edit').where('id', id).use(can('procurement.order.edit'))
  router.put('/orders/:id', [OrdersController, 'update']).as('orders.update').where('id', id).use(can('procurement.order.edit'))
  router.post('/orders/:id/submit', [OrdersController, 'submit']).as('orders.submit').where('id', id).use(can('procurement.order.edit'))
  router.post('/orders/:id/draft', [OrdersController, 'withdraw']).as('orders.withdraw').where('id', id).use(can('procurement.order.edit'))
  router.post('/orders/:id/send', [OrdersController, 'send']).as('orders.send').where('id', id).use(can('procurement.order.edit'))
  router.post('/orders/:id/close', [OrdersController, 'close']).as('orders.close').where('id', id).use(can('procurement.order.close'))
  router.post('/orders/:id/cancel', [OrdersController, 'cancel']).as('orders.cancel').where('id', id).use(can('procurement.order.close'))
}
