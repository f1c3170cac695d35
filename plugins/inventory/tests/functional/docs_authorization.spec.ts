/*
 * Authorization matrix of every stock document route: guests are sent to
 * the login, users without the type's permission get 403, users whose scope
 * is "own" get 404 on another user's document, permitted users get through.
 */
import db from '@adonisjs/lucid/services/db'
import { authorizationMatrix, type MatrixRoute } from '#tests/helpers/authorization_matrix'
import { makeItem, makeWarehouse } from '../helpers/stock_fixtures.js'
import { makeDraft } from '../helpers/stock_documents.js'
import { KINDS, STOCK_DOC_KINDS, type StockDocKind } from '../../services/stock_doc_kinds.js'

async function draft(kind: StockDocKind, ownerId: number | null) {
  const wh = await makeWarehouse()
  const other = kind === 'transfer' ? await makeLocationCode(wh) : null
  const item = await makeItem()
  const code = (await db.from('inventory_items').where('id', item).first()).code
  const doc = await makeDraft(kind, { warehouse_id: wh.id, lines: [{ item: code, quantity: '1', location: `${wh.code}/STOCK`, to_location: other ?? undefined }] }, ownerId ? { id: ownerId } : null)
  return doc.id
}

async function makeLocationCode(wh: { code: string }) {
  return `${wh.code}/QC`
}

const routes: MatrixRoute[] = STOCK_DOC_KINDS.flatMap((kind) => {
  const base = `/inventory/${KINDS[kind].path}`
  const p = (action: string) => `inventory.${kind}.${action}`
  const own = { [p('view')]: 'own' as const }
  const mine = (suffix: string) => async ({ actor }: any) => `${base}/${await draft(kind, actor?.id ?? null)}${suffix}`
  const others = (suffix: string) => async () => `${base}/${await draft(kind, null)}${suffix}`
  const list: MatrixRoute[] = [
    { method: 'GET', url: base, permission: p('view') },
    { method: 'GET', url: `${base}/export`, permission: p('view') },
    { method: 'GET', url: `${base}/create`, permission: p('create') },
    { method: 'POST', url: base, permission: p('create'), body: {} },
    { method: 'GET', url: mine(''), permission: p('view'), scope: 'own', outOfScope: others(''), label: `GET ${base}/:id` },
    { method: 'GET', url: mine('/edit'), permission: p('create'), alsoGrant: own, outOfScope: others('/edit'), label: `GET ${base}/:id/edit` },
    { method: 'POST', url: mine(''), permission: p('create'), alsoGrant: own, outOfScope: others(''), body: {}, label: `POST ${base}/:id` },
    { method: 'POST', url: mine('/delete'), permission: p('create'), alsoGrant: own, outOfScope: others('/delete'), label: `POST ${base}/:id/delete` },
    { method: 'POST', url: mine('/post'), permission: p('post'), scope: 'own', outOfScope: others('/post'), label: `POST ${base}/:id/post` },
    { method: 'POST', url: mine('/cancel'), permission: p('cancel'), scope: 'own', outOfScope: others('/cancel'), label: `POST ${base}/:id/cancel` },
  ]
  if (kind === 'transfer') {
    list.push({ method: 'POST', url: mine('/receive'), permission: p('post'), scope: 'own', outOfScope: others('/receive'), label: `POST ${base}/:id/receive` })
  }
  return list
})

authorizationMatrix('Stock documents', routes)
