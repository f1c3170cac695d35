/* Supplier pages: list, detail with tabs, create/edit, contacts, qualifications, price agreements. */
import type { Router } from '@adonisjs/core/http'
import { middleware } from '#start/kernel'

const SuppliersController = () => import('../controllers/suppliers_controller.js')

export default (router: Router) => {
  const view = middleware.can({ permission: 'procurement.supplier.view' })
  const create = middleware.can({ permission: 'procurement.supplier.create' })
  const edit = middleware.can({ permission: 'procurement.supplier.edit' })
  const id = router.matchers.number()
  router.get('/suppliers', [SuppliersController, 'index']).as('suppliers.index').use(view)
  router.get('/suppliers/export', [SuppliersController, 'export']).as('suppliers.export').use(view)
  router.get('/suppliers/new', [SuppliersController, 'create']).as('suppliers.create').use(create)
  router.post('/suppliers', [SuppliersController, 'store']).as('suppliers.store').use(create)
  router.get('/suppliers/:id', [SuppliersController, 'show']).as('suppliers.show').where('id', id).use(view)
  router.get('/suppliers/:id/edit', [SuppliersController, 'edit']).as('suppliers.edit').where('id', id).use(edit)
  router.put('/suppliers/:id', [SuppliersController, 'update']).as('suppliers.update').where('id', id).use(edit)
  router.post('/suppliers/:id/contacts', [SuppliersController, 'addContact']).as('suppliers.contacts.store').where('id', id).use(edit)
  router.post('/suppliers/:id/qualifications', [SuppliersController, 'addQualification']).as('suppliers.qualifications.store').where('id', id).use(edit)
  router.post('/suppliers/:id/agreements', [SuppliersController, 'addAgreement']).as('suppliers.agreements.store').where('id', id).use(edit)
  router.delete('/suppliers/:id/:kind/:childId', [SuppliersController, 'removeChild']).as('suppliers.children.destroy')
    .where('id', id).where('childId', id).where('kind', /^(contacts|qualifications|agreements)$/).use(edit)
}
