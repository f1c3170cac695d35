/*
 * Returns to supplier: the list, a return from a receipt (rejected goods in
 * quarantine or accepted goods in stock), its page and print, cancelling.
 */
import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import { transition } from '#kernel/documents/transition_document'
import { respondToDocumentError } from '#kernel/documents/document_responses'
import { findViewableDocument } from '#kernel/documents/record_access'
import { applyDataScope, findInScopeOrFail } from '#services/data_scope'
import { listQuery, exportQuery, renderList, sendExport } from '#services/list_query'
import { redirectAfterSave } from '#services/forms'
import { returnToSupplier } from '../services/returns.js'
import { returnedFrom } from '../services/inspections.js'
import SupplierReturn from '../models/supplier_return.js'
import { qty, today } from '../services/receiving_util.js'
import { answerRefusal, receiptLines, viewHelpers } from './receiving_support.js'

const listOptions = () => ({
  searchable: ['number', 'supplier_name', 'reason'],
  sortable: { number: 'number', date: 'return_date', value: 'total_value' },
  defaultSort: 'date',
  defaultDirection: 'desc' as const,
  filters: { state: { column: 'state', values: ['posted', 'cancelled'] } },
  exportUrl: router.builder().make('procurement.returns.export'),
  scope: { permission: 'procurement.return.view' },
})

/** Lines of a receipt with what may go back from quarantine and from stock. */
async function returnableLines(receiptId: number) {
  const lines = await receiptLines(receiptId)
  const client = db.connection() as any
  const out = []
  for (const line of lines) {
    const fromQc = qty(line.rejected_qty).minus(await returnedFrom(client, Number(line.id), Number(line.received_location_id)))
    const fromStock = qty(line.accepted_qty).minus(await returnedFrom(client, Number(line.id), Number(line.location_id)))
    out.push({ ...line, fromQc, fromStock })
  }
  return out
}

async function formData(ctx: HttpContext, receiptId: number) {
  const receipt = await db.from('procurement_receipts').where('id', receiptId).first()
  if (!receipt) return null
  return { receipt, lines: await returnableLines(receiptId), today: today(), h: viewHelpers(ctx) }
}

export default class ReturnsController {
  async index(ctx: HttpContext) {
    const { rows, list } = await listQuery(ctx, db.from('procurement_returns'), listOptions())
    return renderList(ctx, { page: 'procurement::pages/receiving/returns/index', table: 'procurement::pages/receiving/returns/_table' }, { rows, list, h: viewHelpers(ctx) })
  }

  async export(ctx: HttpContext) {
    const rows = await exportQuery(ctx, db.from('procurement_returns'), listOptions())
    const t = (key: string) => ctx.i18n.t(`procurement_receiving.fields.${key}`)
    const h = viewHelpers(ctx)
    return sendExport(ctx, 'returns', rows, [
      { label: t('number'), field: 'number', value: (r: any) => r.number },
      { label: t('return_date'), field: 'return_date', value: (r: any) => h.day(r.return_date) },
      { label: t('supplier'), field: 'supplier_name', value: (r: any) => r.supplier_name },
      { label: t('reason'), field: 'reason', value: (r: any) => r.reason ?? '' },
      { label: t('state'), field: 'state', value: (r: any) => ctx.i18n.t(`ui.status.${r.state}`) },
      { label: t('value'), field: 'total_value', kind: 'money', value: (r: any) => qty(r.total_value).toFixed(2) },
    ])
  }

  async create(ctx: HttpContext) {
    const receiptId = Number(ctx.params.receiptId)
    const data = Number.isInteger(receiptId) && receiptId > 0 ? await formData(ctx, receiptId) : null
    if (!data || data.receipt.state !== 'posted') {
      ctx.session.flash('error', ctx.i18n.t('procurement_receiving.errors.receipt_not_posted', { number: data?.receipt.number ?? '' }))
      return ctx.response.redirect().toRoute('procurement.receipts.index')
    }
    return ctx.view.render('procurement::pages/receiving/returns/create', data)
  }

  async store(ctx: HttpContext) {
    const receiptId = Number(ctx.request.input('receipt_id'))
    const raw = ctx.request.input('lines', [])
    const lines = (Array.isArray(raw) ? raw : Object.values(raw ?? {})).map((l: any) => ({
      receiptLineId: Number(l?.receipt_line_id),
      quantity: String(l?.quantity ?? ''),
      source: l?.source === 'quarantine' ? ('quarantine' as const) : ('stock' as const),
    }))
    try {
      const doc = await returnToSupplier(
        {
          receiptId,
          expectReplacement: ['1', 'true', 'on'].includes(String(ctx.request.input('expect_replacement') ?? '')),
          reason: ctx.request.input('reason'),
          lines,
        },
        ctx.auth.user!
      )
      ctx.session.flash('success', ctx.i18n.t('procurement_receiving.returns.posted', { number: doc.number ?? '' }))
      return redirectAfterSave(ctx, router.builder().params({ id: doc.id }).make('procurement.returns.show'))
    } catch (error) {
      const data = await formData(ctx, receiptId)
      if (!data) return ctx.response.notFound()
      return answerRefusal(ctx, 'procurement::pages/receiving/returns/_form', data, error)
    }
  }

  async show(ctx: HttpContext) {
    await findViewableDocument(ctx.auth.user!, 'procurement.return', ctx.params.id)
    const doc = await db.from('procurement_returns').where('id', ctx.params.id).firstOrFail()
    const lines = await returnLinesOf(Number(doc.id))
    const receipt = await db.from('procurement_receipts').where('id', doc.receipt_id).first()
    return ctx.view.render('procurement::pages/receiving/returns/show', { doc, lines, receipt, h: viewHelpers(ctx) })
  }

  async cancel(ctx: HttpContext) {
    const query = db.from('procurement_returns').where('id', ctx.params.id)
    await applyDataScope(query, ctx.auth.user!, 'procurement.return.cancel')
    const row = await query.first()
    if (!row) return ctx.response.notFound()
    try {
      await transition((await SupplierReturn.findOrFail(row.id)) as any, 'cancelled', { user: ctx.auth.user! })
    } catch (error) {
      return respondToDocumentError(ctx, error)
    }
    ctx.session.flash('success', ctx.i18n.t('procurement_receiving.returns.cancelled', { number: row.number ?? '' }))
    return redirectAfterSave(ctx, router.builder().params({ id: row.id }).make('procurement.returns.show'))
  }
}

export async function returnLinesOf(returnId: number) {
  return db
    .from('procurement_return_lines as l')
    .join('inventory_items as i', 'i.id', 'l.item_id')
    .join('inventory_units as u', 'u.id', 'i.base_unit_id')
    .join('inventory_locations as loc', 'loc.id', 'l.from_location_id')
    .where('l.return_id', returnId)
    .select('l.*', 'i.code as item_code', 'i.name as item_name', 'i.specification', 'u.code as unit_code', 'loc.full_code as location_code')
    .orderBy('l.id')
}

/** Print loader of procurement.return (docs/plugins.md, print templates): scope-checked. */
export async function loadReturnForPrint(id: string, ctx: HttpContext) {
  if (!/^\d+$/.test(id)) return null
  const doc = await findInScopeOrFail('procurement_returns', Number(id), ctx.auth.user!, 'procurement.return.view')
  const supplier = await db.from('procurement_suppliers').where('id', doc.supplier_id).first()
  const receipt = await db.from('procurement_receipts').where('id', doc.receipt_id).first()
  return { doc, supplier, receipt, lines: await returnLinesOf(Number(doc.id)), h: viewHelpers(ctx) }
}
