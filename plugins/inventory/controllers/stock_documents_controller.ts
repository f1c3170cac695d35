/*
 * Pages of the four stock documents (one controller, the kind comes from the
 * route): list with filters and export, draft form with line entry and a
 * scan box (asking master data's GET /inventory/scan), detail with post /
 * receive / cancel / print.
 */
import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import { exportQuery, listQuery, renderList, sendExport, wantsFragment, type ListOptions } from '#services/list_query'
import { redirectAfterSave } from '#services/forms'
import { findInScopeOrFail } from '#services/data_scope'
import { userCan } from '#services/authorization'
import { respondToDocumentError } from '#kernel/documents/document_responses'
import { documentErrorMessage } from '#kernel/documents/document_errors'
import { Money, Quantity } from '#kernel/numbers/index'
import { StockError } from '../services/stock_error.js'
import { KINDS, type StockDocKind } from '../services/stock_doc_kinds.js'
import {
  StockDocInvalid, cancelDocument, deleteDraft, linesOf, postDocument, receiveTransfer, saveDraft, today,
} from '../services/stock_documents.js'
import { formLines, loadLines, warehouseNames } from '../services/stock_document_views.js'
import type { StockDocument } from '../models/stock_document.js'

const STATES = ['draft', 'posted', 'done', 'cancelled']

function routeName(kind: StockDocKind, action: string) {
  return `inventory.${KINDS[kind].path}.${action}`
}
function url(kind: StockDocKind, action: string, id?: number) {
  const b = router.builder()
  if (id !== undefined) b.params({ id })
  return b.make(routeName(kind, action))
}

function listOptions(kind: StockDocKind): ListOptions {
  const info = KINDS[kind]
  return {
    searchable: ['d.number', 'd.reference', 'd.note'],
    sortable: { number: 'd.number', date: 'd.document_date', created: 'd.created_at', state: 'd.state' },
    defaultSort: 'created',
    defaultDirection: 'desc',
    tiebreaker: 'd.id',
    filters: {
      state: { column: 'd.state', values: STATES },
      warehouse: (query, value) => {
        if (/^\d+$/.test(value)) query.where((q: any) => q.where('d.warehouse_id', Number(value)).orWhere('d.dest_warehouse_id', Number(value)))
      },
      purpose: { column: 'd.purpose', values: Object.keys(info.purposes) },
      from: (query, value) => {
        if (/^\d{4}-\d{2}-\d{2}$/.test(value)) query.where('d.document_date', '>=', value)
      },
      to: (query, value) => {
        if (/^\d{4}-\d{2}-\d{2}$/.test(value)) query.where('d.document_date', '<=', value)
      },
      item: (query, value) => {
        const code = value.trim()
        if (!code) return
        query.whereExists((sub: any) =>
          sub.from(`${info.lineTable} as fl`).join('inventory_items as fi', 'fi.id', 'fl.item_id')
            .whereRaw('fl.document_id = d.id').where((w: any) => w.where('fi.code', code).orWhereRaw('LOWER(fi.name) LIKE ?', [`%${code.toLowerCase().replace(/[%_\\]/g, '\\$&')}%`]))
        )
      },
      in_transit: (query, value) => {
        if (value === 'yes') query.where('d.two_step', true).where('d.state', 'posted')
      },
    },
    perPage: 20,
    exportUrl: url(kind, 'export'),
    scope: { permission: `${info.type}.view`, ownerColumn: 'd.owner_id', departmentColumn: 'd.department_id' },
  }
}

function baseQuery(kind: StockDocKind) {
  const info = KINDS[kind]
  return db
    .from(`${info.table} as d`)
    .join('inventory_warehouses as w', 'w.id', 'd.warehouse_id')
    .leftJoin('inventory_warehouses as dw', 'dw.id', 'd.dest_warehouse_id')
    .select('d.*', 'w.code as warehouse_code', 'w.name as warehouse_name', 'dw.code as dest_warehouse_code')
    .select(db.raw(`(SELECT COUNT(*) FROM ${info.lineTable} lc WHERE lc.document_id = d.id) as line_count`))
}

async function warehouses() {
  const rows = await db.from('inventory_warehouses').where('active', true).orderBy('code').select('id', 'code', 'name')
  return rows.map((r: any) => ({ value: String(r.id), label: `${r.code} · ${r.name}` }))
}

/** Location codes offered while typing (the stock-holding ones of active warehouses). */
async function locationChoices() {
  return db
    .from('inventory_locations as l')
    .join('inventory_warehouses as w', 'w.id', 'l.warehouse_id')
    .whereIn('l.kind', ['internal', 'quarantine', 'customer_supplied'])
    .where('l.active', true)
    .orderBy('l.full_code')
    .limit(1000)
    .select('l.full_code', 'l.name', 'l.warehouse_id')
}

function purposes(kind: StockDocKind, i18n: HttpContext['i18n']) {
  return Object.keys(KINDS[kind].purposes).map((p) => ({ value: p, label: i18n.t(`inventory_docs.purposes.${kind}.${p}`) }))
}

/** Field → message in the user's language (the first per field). */
function messagesOf(errors: StockError[], i18n: HttpContext['i18n']) {
  const out: Record<string, string> = {}
  for (const e of errors) {
    const field = e.field ?? 'form'
    out[field] ??= e.translate(i18n)
  }
  return out
}

async function findInScope(ctx: HttpContext, kind: StockDocKind, permission: string): Promise<StockDocument> {
  const info = KINDS[kind]
  const row = await findInScopeOrFail(info.table, ctx.params.id, ctx.auth.user!, permission)
  return (await info.model.findOrFail(row.id)) as StockDocument
}

export default class StockDocumentsController {
  async index(ctx: HttpContext, kind: StockDocKind) {
    const { rows, list } = await listQuery(ctx, baseQuery(kind), listOptions(kind))
    return renderList(ctx, { page: 'inventory::pages/docs/index', table: 'inventory::pages/docs/_table' }, {
      kind, rows, list, states: STATES, warehouses: await warehouses(), purposes: purposes(kind, ctx.i18n),
      canCreate: await userCan(ctx.auth.user!, `${KINDS[kind].type}.create`),
      routes: { show: routeName(kind, 'show'), create: url(kind, 'create') },
    })
  }

  async export(ctx: HttpContext, kind: StockDocKind) {
    const { i18n } = ctx
    const rows = await exportQuery(ctx, baseQuery(kind), listOptions(kind))
    const f = (k: string) => i18n.t(`inventory_docs.fields.${k}`)
    return sendExport(ctx, `${KINDS[kind].path}`, rows, [
      { label: f('number'), value: (r: any) => r.number ?? '' },
      { label: f('document_date'), value: (r: any) => r.document_date },
      { label: f('state'), value: (r: any) => i18n.t(`inventory_docs.states.${r.two_step && r.state === 'posted' ? 'in_transit' : r.state}`) },
      { label: f('warehouse'), value: (r: any) => `${r.warehouse_code} ${r.warehouse_name}` },
      ...(kind === 'transfer' ? [{ label: f('dest_warehouse'), value: (r: any) => r.dest_warehouse_code ?? '' }] : []),
      ...(kind === 'transfer' ? [] : [{ label: f(kind === 'scrap' ? 'reason' : 'purpose'), value: (r: any) => (r.purpose ? i18n.t(`inventory_docs.purposes.${kind}.${r.purpose}`) : '') }]),
      { label: f('reference'), value: (r: any) => r.reference ?? '' },
      { label: f('line_count'), value: (r: any) => String(r.line_count), kind: 'number' },
      { label: f('note'), value: (r: any) => r.note ?? '' },
    ])
  }

  private async formData(ctx: HttpContext, kind: StockDocKind, doc: StockDocument | null, lines: any[], errors: Record<string, string> = {}) {
    return {
      kind, doc, lines, errors,
      warehouses: await warehouses(), locations: await locationChoices(), purposes: purposes(kind, ctx.i18n),
      action: doc ? url(kind, 'update', doc.id) : url(kind, 'store'),
      cancelUrl: doc ? url(kind, 'show', doc.id) : url(kind, 'index'),
      // The shared scan endpoint of master data (docs/inventory-master.md).
      scanUrl: router.builder().make('inventory.scan'),
      defaults: { document_date: today(), purpose: KINDS[kind].defaultPurpose ?? '' },
    }
  }

  private flashedLines(ctx: HttpContext) {
    const flashed = ctx.session.flashMessages.get('lines')
    return flashed ? linesOf(flashed) : null
  }

  async create(ctx: HttpContext, kind: StockDocKind) {
    const data = await this.formData(ctx, kind, null, this.flashedLines(ctx) ?? [], ctx.session.flashMessages.get('errors') ?? {})
    return ctx.view.render('inventory::pages/docs/form_page', data)
  }

  async edit(ctx: HttpContext, kind: StockDocKind) {
    const doc = await findInScope(ctx, kind, `${KINDS[kind].type}.view`)
    if (doc.state !== 'draft') {
      ctx.session.flash('error', ctx.i18n.t('inventory_docs.errors.not_draft'))
      return ctx.response.redirect(url(kind, 'show', doc.id))
    }
    const lines = this.flashedLines(ctx) ?? formLines(await loadLines(kind, doc.id))
    return ctx.view.render('inventory::pages/docs/form_page', await this.formData(ctx, kind, doc, lines, ctx.session.flashMessages.get('errors') ?? {}))
  }

  private async save(ctx: HttpContext, kind: StockDocKind, doc: StockDocument | null) {
    const input = ctx.request.only(['warehouse_id', 'dest_warehouse_id', 'two_step', 'document_date', 'purpose', 'cost_centre', 'reference', 'note', 'lines'])
    try {
      const saved = await saveDraft(kind, doc, input, ctx.auth.user!)
      ctx.session.flash('success', ctx.i18n.t('inventory_docs.saved'))
      return redirectAfterSave(ctx, url(kind, 'show', saved.id))
    } catch (error) {
      const errors = error instanceof StockDocInvalid ? messagesOf(error.errors, ctx.i18n) : null
      if (!errors) {
        const message = documentErrorMessage(error, ctx.i18n)
        if (message === null) throw error
        return this.invalid(ctx, kind, doc, input, { form: message })
      }
      return this.invalid(ctx, kind, doc, input, errors)
    }
  }

  private async invalid(ctx: HttpContext, kind: StockDocKind, doc: StockDocument | null, input: Record<string, any>, errors: Record<string, string>) {
    if (wantsFragment(ctx)) {
      ctx.view.share({ errors, formInput: input })
      ctx.response.status(422)
      return ctx.view.render('inventory::pages/docs/_form', await this.formData(ctx, kind, doc, linesOf(input.lines), errors))
    }
    ctx.session.flashExcept(['_csrf'])
    ctx.session.flash('errors', errors)
    return ctx.response.redirect().back()
  }

  async store(ctx: HttpContext, kind: StockDocKind) {
    return this.save(ctx, kind, null)
  }

  async update(ctx: HttpContext, kind: StockDocKind) {
    const doc = await findInScope(ctx, kind, `${KINDS[kind].type}.view`)
    return this.save(ctx, kind, doc)
  }

  async show(ctx: HttpContext, kind: StockDocKind) {
    const info = KINDS[kind]
    const doc = await findInScope(ctx, kind, `${info.type}.view`)
    const names = await warehouseNames([doc.warehouseId, doc.destWarehouseId])
    const lines = await loadLines(kind, doc.id, { transit: kind === 'transfer' && doc.twoStep })
    const user = ctx.auth.user!
    const canValue = await userCan(user, 'inventory.valuation.view')
    const moves = doc.state === 'draft' ? [] : await db
      .from('inventory_moves as m')
      .join('inventory_items as i', 'i.id', 'm.item_id')
      .join('inventory_locations as f', 'f.id', 'm.from_location_id')
      .join('inventory_locations as t', 't.id', 'm.to_location_id')
      .leftJoin('inventory_lots as lot', 'lot.id', 'm.lot_id')
      .where({ 'm.document_type': info.type, 'm.document_id': doc.id })
      .orderBy('m.id')
      .select('m.id', 'm.quantity', 'm.unit_cost', 'm.value', 'm.posted_at', 'm.reversal_of_id', 'i.code as item_code', 'f.full_code as from_code', 't.full_code as to_code', 'lot.code as lot_code')
    const inTransit = lines.some((l) => l.inTransit && Quantity.of(l.inTransit).isPositive())
    return ctx.view.render('inventory::pages/docs/show', {
      kind, doc, lines, inTransit,
      moves: moves.map((m: any) => ({ ...m, quantity: Quantity.fromMicros(m.quantity).toString(), unitCost: canValue ? Money.fromMicros(m.unit_cost).toString() : null, value: canValue ? Money.fromMicros(m.value).toFixed() : null })),
      canValue,
      warehouse: names.get(doc.warehouseId) ?? '',
      destWarehouse: doc.destWarehouseId ? names.get(doc.destWarehouseId) ?? '' : '',
      can: {
        edit: doc.state === 'draft' && (await userCan(user, `${info.type}.create`)),
        post: doc.state === 'draft' && (await userCan(user, `${info.type}.post`)),
        receive: kind === 'transfer' && doc.twoStep && doc.state === 'posted' && (await userCan(user, `${info.type}.post`)),
        cancel: ['draft', 'posted'].includes(doc.state) && (await userCan(user, `${info.type}.cancel`)),
      },
      urls: {
        index: url(kind, 'index'), edit: url(kind, 'edit', doc.id), delete: url(kind, 'destroy', doc.id), post: url(kind, 'post', doc.id),
        receive: kind === 'transfer' ? url(kind, 'receive', doc.id) : null, cancel: url(kind, 'cancel', doc.id),
      },
    })
  }

  async destroy(ctx: HttpContext, kind: StockDocKind) {
    const doc = await findInScope(ctx, kind, `${KINDS[kind].type}.view`)
    try {
      await deleteDraft(doc)
    } catch (error) {
      return respondToDocumentError(ctx, error)
    }
    ctx.session.flash('success', ctx.i18n.t('inventory_docs.deleted'))
    return redirectAfterSave(ctx, url(kind, 'index'))
  }

  /** post / receive / cancel: one transition, refusals as 422 (htmx/JSON) or a flash. */
  private async act(ctx: HttpContext, kind: StockDocKind, permission: string, action: (doc: StockDocument) => Promise<unknown>, done: string) {
    const doc = await findInScope(ctx, kind, `${KINDS[kind].type}.${permission}`)
    try {
      await action(doc)
    } catch (error) {
      if (error instanceof StockError && error.field?.startsWith('lines.')) {
        // Which line: "Line 2: …" so the user finds it on the page.
        const index = Number(error.field.split('.')[1])
        const message = ctx.i18n.t('inventory_docs.errors.on_line', { line: index + 1, message: error.translate(ctx.i18n) })
        if (wantsFragment(ctx) || ctx.request.accepts(['html', 'json']) === 'json') {
          return ctx.response.status(422).send(ctx.request.accepts(['html', 'json']) === 'json' ? { errors: [{ field: error.field, message }] } : message)
        }
        ctx.session.flash('error', message)
        return ctx.response.redirect(url(kind, 'show', doc.id))
      }
      return respondToDocumentError(ctx, error)
    }
    ctx.session.flash('success', ctx.i18n.t(`inventory_docs.${done}`, { number: doc.number ?? '' }))
    return redirectAfterSave(ctx, url(kind, 'show', doc.id))
  }

  async post(ctx: HttpContext, kind: StockDocKind) {
    return this.act(ctx, kind, 'post', (doc) => postDocument(doc, ctx.auth.user!), 'posted')
  }

  async receive(ctx: HttpContext, kind: StockDocKind) {
    return this.act(ctx, kind, 'post', (doc) => receiveTransfer(doc, ctx.auth.user!), 'received')
  }

  async cancel(ctx: HttpContext, kind: StockDocKind) {
    return this.act(ctx, kind, 'cancel', (doc) => cancelDocument(doc, ctx.auth.user!), 'cancelled')
  }
}
