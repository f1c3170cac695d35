/*
 * Stock document pages: /inventory/receipts, /issues, /transfers, /scraps —
 * the same actions for each, guarded by that type's permissions
 * (inventory.<kind>.view | create | post | cancel).
 */
import type { Router } from '@adonisjs/core/http'
import type { HttpContext } from '@adonisjs/core/http'
import { middleware } from '#start/kernel'
import { KINDS, STOCK_DOC_KINDS, type StockDocKind } from '../services/stock_doc_kinds.js'

type Action = 'index' | 'export' | 'create' | 'store' | 'show' | 'edit' | 'update' | 'destroy' | 'post' | 'receive' | 'cancel'

const handler = (kind: StockDocKind, action: Action) => async (ctx: HttpContext) => {
  const { default: Controller } = await import('../controllers/stock_documents_controller.js')
  return (new Controller() as any)[action](ctx, kind)
}

export default (router: Router) => {
  for (const kind of STOCK_DOC_KINDS) {
    const { path } = KINDS[kind]
    const can = (action: string) => middleware.can({ permission: `inventory.${kind}.${action}` })
    const id = { id: router.matchers.number() }
    router.get(`/${path}`, handler(kind, 'index')).as(`${path}.index`).use(can('view'))
    router.get(`/${path}/export`, handler(kind, 'export')).as(`${path}.export`).use(can('view'))
    router.get(`/${path}/create`, handler(kind, 'create')).as(`${path}.create`).use(can('create'))
    router.post(`/${path}`, handler(kind, 'store')).as(`${path}.store`).use(can('create'))
    router.get(`/${path}/:id`, handler(kind, 'show')).as(`${path}.show`).where('id', id.id).use(can('view'))
    router.get(`/${path}/:id/edit`, handler(kind, 'edit')).as(`${path}.edit`).where('id', id.id).use(can('create'))
    router.post(`/${path}/:id`, handler(kind, 'update')).as(`${path}.update`).where('id', id.id).use(can('create'))
    router.post(`/${path}/:id/delete`, handler(kind, 'destroy')).as(`${path}.destroy`).where('id', id.id).use(can('create'))
    router.post(`/${path}/:id/post`, handler(kind, 'post')).as(`${path}.post`).where('id', id.id).use(can('post'))
    if (kind === 'transfer') router.post(`/${path}/:id/receive`, handler(kind, 'receive')).as(`${path}.receive`).where('id', id.id).use(can('post'))
    router.post(`/${path}/:id/cancel`, handler(kind, 'cancel')).as(`${path}.cancel`).where('id', id.id).use(can('cancel'))
  }
}
