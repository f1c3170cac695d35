/*
 * Receiving pages under /procurement: receipts, IQC, returns, supplier bills,
 * subcontracting. Every route names its permission.
 */
import type { Router } from '@adonisjs/core/http'
import { middleware } from '#start/kernel'

const ReceiptsController = () => import('../controllers/receipts_controller.js')
const InspectionsController = () => import('../controllers/inspections_controller.js')
const ReturnsController = () => import('../controllers/returns_controller.js')
const BillsController = () => import('../controllers/bills_controller.js')
const SubcontractingController = () => import('../controllers/subcontracting_controller.js')

export default (router: Router) => {
  const can = (permission: string) => middleware.can({ permission })
  const id = router.matchers.number()

  router.get('/receipts', [ReceiptsController, 'index']).as('receipts.index').use(can('procurement.receipt.view'))
  router.get('/receipts/export', [ReceiptsController, 'export']).as('receipts.export').use(can('procurement.receipt.view'))
  router.get('/receipts/new/:orderId', [ReceiptsController, 'create']).as('receipts.create').where('orderId', id).use(can('procurement.receipt.create'))
  router.post('/receipts/scan', [ReceiptsController, 'scan']).as('receipts.scan').use(can('procurement.receipt.create'))
  router.post('/receipts', [ReceiptsController, 'store']).as('receipts.store').use(can('procurement.receipt.create'))
  router.get('/receipts/:id', [ReceiptsController, 'show']).as('receipts.show').where('id', id).use(can('procurement.receipt.view'))
  router.post('/receipts/:id/cancel', [ReceiptsController, 'cancel']).as('receipts.cancel').where('id', id).use(can('procurement.receipt.cancel'))

  router.get('/inspections', [InspectionsController, 'index']).as('inspections.index').use(can('procurement.inspection.view'))
  router.post('/receipt-lines/:lineId/inspect', [InspectionsController, 'store']).as('inspections.store').where('lineId', id).use(can('procurement.inspection.perform'))
  router.post('/inspections/:id/cancel', [InspectionsController, 'cancel']).as('inspections.cancel').where('id', id).use(can('procurement.inspection.perform'))

  router.get('/returns', [ReturnsController, 'index']).as('returns.index').use(can('procurement.return.view'))
  router.get('/returns/export', [ReturnsController, 'export']).as('returns.export').use(can('procurement.return.view'))
  router.get('/returns/new/:receiptId', [ReturnsController, 'create']).as('returns.create').where('receiptId', id).use(can('procurement.return.create'))
  router.post('/returns', [ReturnsController, 'store']).as('returns.store').use(can('procurement.return.create'))
  router.get('/returns/:id', [ReturnsController, 'show']).as('returns.show').where('id', id).use(can('procurement.return.view'))
  router.post('/returns/:id/cancel', [ReturnsController, 'cancel']).as('returns.cancel').where('id', id).use(can('procurement.return.cancel'))

  router.get('/bills', [BillsController, 'index']).as('bills.index').use(can('procurement.bill.view'))
  router.get('/bills/export', [BillsController, 'export']).as('bills.export').use(can('procurement.bill.view'))
  router.get('/bills/create', [BillsController, 'create']).as('bills.create').use(can('procurement.bill.create'))
  router.post('/bills', [BillsController, 'store']).as('bills.store').use(can('procurement.bill.create'))
  router.get('/bills/:id', [BillsController, 'show']).as('bills.show').where('id', id).use(can('procurement.bill.view'))
  router.post('/bills/:id/submit', [BillsController, 'submit']).as('bills.submit').where('id', id).use(can('procurement.bill.post'))
  router.post('/bills/:id/withdraw', [BillsController, 'withdraw']).as('bills.withdraw').where('id', id).use(can('procurement.bill.post'))
  router.post('/bills/:id/cancel', [BillsController, 'cancel']).as('bills.cancel').where('id', id).use(can('procurement.bill.cancel'))

  router.get('/subcontracting', [SubcontractingController, 'index']).as('subcontracting.index').use(can('procurement.subcontract.view'))
  router.get('/subcontracting/:id', [SubcontractingController, 'show']).as('subcontracting.show').where('id', id).use(can('procurement.subcontract.view'))
  router.post('/subcontracting/:id/materials', [SubcontractingController, 'addMaterial']).as('subcontracting.materials').where('id', id).use(can('procurement.subcontract.manage'))
  router.post('/subcontracting/:id/send', [SubcontractingController, 'send']).as('subcontracting.send').where('id', id).use(can('procurement.subcontract.manage'))
  router.post('/material-issues/:id/cancel', [SubcontractingController, 'cancelIssue']).as('subcontracting.cancel_issue').where('id', id).use(can('procurement.subcontract.manage'))
}
