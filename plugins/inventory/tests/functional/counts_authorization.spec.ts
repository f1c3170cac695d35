/*
 * Every stock count route: guest → login, no permission → 403, permitted → 200 / 302.
 */
import { authorizationMatrix } from '#tests/helpers/authorization_matrix'
import db from '@adonisjs/lucid/services/db'
import { makeItem, makeWarehouse, makeLocation } from '../helpers/stock_fixtures.js'
import { stockIn, startedCount, linesOf } from '../helpers/count_fixtures.js'
import { createCount } from '../../services/count_service.js'

async function counting() {
  const wh = await makeWarehouse()
  const bin = await makeLocation(wh, 'A-01')
  const item = await makeItem()
  await stockIn(item, bin, '5')
  const id = await startedCount({ warehouseId: wh.id })
  const [line] = await linesOf(id)
  const code = (await db.from('inventory_items').where('id', item).first()).code
  return { wh, bin, item, id, line, code }
}

async function prepared() {
  const wh = await makeWarehouse()
  const bin = await makeLocation(wh, 'A-01')
  const item = await makeItem()
  await stockIn(item, bin, '5')
  return { id: await createCount({ warehouseId: wh.id, mode: 'open', countDate: '2026-11-23' }, null), wh }
}

// What the url builder made, for the body of the same request.
const last: { warehouseId?: number; code?: string } = {}

authorizationMatrix('stock counts', [
  { method: 'GET', url: '/inventory/counts', permission: 'inventory.count.view' },
  { method: 'GET', url: '/inventory/counts/export', permission: 'inventory.count.view' },
  { method: 'GET', url: '/inventory/counts/create', permission: 'inventory.count.create' },
  {
    method: 'POST', url: '/inventory/counts', permission: 'inventory.count.create',
    body: async () => ({ warehouse_id: String((await makeWarehouse()).id), mode: 'open', count_date: '2026-11-23' }),
  },
  { method: 'GET', permission: 'inventory.count.view', url: async () => `/inventory/counts/${(await counting()).id}`, label: 'GET /inventory/counts/:id' },
  { method: 'GET', permission: 'inventory.count.create', url: async () => `/inventory/counts/${(await prepared()).id}/edit`, label: 'GET /inventory/counts/:id/edit' },
  {
    method: 'POST', permission: 'inventory.count.create', label: 'POST /inventory/counts/:id',
    url: async () => {
      const { id, wh } = await prepared()
      last.warehouseId = wh.id
      return `/inventory/counts/${id}`
    },
    body: async () => ({ warehouse_id: String(last.warehouseId), mode: 'blind', count_date: '2026-11-24' }),
  },
  { method: 'POST', permission: 'inventory.count.create', url: async () => `/inventory/counts/${(await prepared()).id}/start`, label: 'POST /inventory/counts/:id/start' },
  {
    method: 'POST', permission: 'inventory.count.post', label: 'POST /inventory/counts/:id/submit',
    url: async () => {
      const { id, line } = await counting()
      await db.from('inventory_count_lines').where('id', line.id).update({ counted_qty: line.book_qty })
      return `/inventory/counts/${id}/submit`
    },
  },
  {
    method: 'POST', permission: 'inventory.count.post', label: 'POST /inventory/counts/:id/post',
    url: async () => `/inventory/counts/${(await counting()).id}/post`,
  },
  { method: 'POST', permission: 'inventory.count.cancel', url: async () => `/inventory/counts/${(await counting()).id}/cancel`, label: 'POST /inventory/counts/:id/cancel' },
  {
    method: 'POST', permission: 'inventory.count.count', label: 'POST /inventory/counts/:id/scan-location',
    url: async () => `/inventory/counts/${(await counting()).id}/scan-location`,
    body: { location_code: 'NOWHERE' }, expect: 302,
  },
  {
    method: 'GET', permission: 'inventory.count.count', label: 'GET /inventory/counts/:id/sheets/:locationId',
    url: async () => {
      const { id, bin } = await counting()
      return `/inventory/counts/${id}/sheets/${bin}`
    },
  },
  {
    method: 'POST', permission: 'inventory.count.count', label: 'POST /inventory/counts/:id/sheets/:locationId/scan',
    url: async () => {
      const { id, bin, code } = await counting()
      last.code = code
      return `/inventory/counts/${id}/sheets/${bin}/scan`
    },
    body: async () => ({ code: last.code, quantity: '4' }),
  },
  {
    method: 'POST', permission: 'inventory.count.count', label: 'POST /inventory/counts/:id/lines/:lineId',
    url: async () => {
      const { id, line } = await counting()
      return `/inventory/counts/${id}/lines/${line.id}`
    },
    body: { counted: '4' },
  },
  {
    method: 'POST', permission: 'inventory.count.count', label: 'POST /inventory/counts/:id/lines/:lineId/recount',
    url: async () => {
      const { id, line } = await counting()
      return `/inventory/counts/${id}/lines/${line.id}/recount`
    },
  },
])
