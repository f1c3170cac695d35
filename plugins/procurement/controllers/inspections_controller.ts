/*
 * IQC pages: the worklist (receipt lines waiting for inspection, then the
 * inspections done), recording an inspection of one line and cancelling one.
 */
import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import { HookVeto } from '#kernel/plugins/document_hooks'
import { transition } from '#kernel/documents/transition_document'
import { respondToDocumentError } from '#kernel/documents/document_responses'
import { listQuery, renderList, wantsFragment } from '#services/list_query'
import { inspectReceiptLine } from '../services/inspections.js'
import Inspection from '../models/inspection.js'
import { viewHelpers } from './receiving_support.js'

export default class InspectionsController {
  async index(ctx: HttpContext) {
    const { rows, list } = await listQuery(ctx, db.from('procurement_inspections'), {
      searchable: ['number', 'item_name', 'reason_text'],
      sortable: { number: 'number', date: 'inspected_on' },
      defaultSort: 'date',
      defaultDirection: 'desc',
      filters: { reason: { column: 'reason_code', values: ['appearance', 'dimension', 'performance', 'short', 'other'] } },
    })
    const pending = wantsFragment(ctx)
      ? []
      : await db
          .from('procurement_receipt_lines as l')
          .join('procurement_receipts as r', 'r.id', 'l.receipt_id')
          .join('inventory_items as i', 'i.id', 'l.item_id')
          .join('inventory_units as u', 'u.id', 'i.base_unit_id')
          .where('r.state', 'posted')
          .whereIn('l.inspection_status', ['pending', 'partial'])
          .select('l.id', 'l.quantity_base', 'l.inspected_qty', 'r.id as receipt_id', 'r.number as receipt_number', 'r.supplier_name', 'r.receipt_date',
            'i.code as item_code', 'i.name as item_name', 'u.code as unit_code')
          .orderBy('r.receipt_date')
          .orderBy('l.id')
          .limit(100)
    return renderList(ctx, { page: 'procurement::pages/receiving/inspections/index', table: 'procurement::pages/receiving/inspections/_table' }, { rows, list, pending, h: viewHelpers(ctx) })
  }

  async store(ctx: HttpContext) {
    const lineId = Number(ctx.params.lineId)
    const line = await db.from('procurement_receipt_lines').where('id', lineId).first()
    if (!line) return ctx.response.notFound()
    const back = router.builder().params({ id: line.receipt_id }).make('procurement.receipts.show')
    try {
      const inspection = await inspectReceiptLine(
        {
          receiptLineId: lineId,
          inspectedQty: String(ctx.request.input('inspected_qty') ?? ''),
          acceptedQty: String(ctx.request.input('accepted_qty') ?? ''),
          rejectedQty: String(ctx.request.input('rejected_qty') ?? ''),
          reasonCode: ctx.request.input('reason_code'),
          reasonText: ctx.request.input('reason_text'),
          note: ctx.request.input('note'),
        },
        ctx.auth.user!
      )
      ctx.session.flash('success', ctx.i18n.t('procurement_receiving.inspections.saved', { number: inspection.number ?? '' }))
    } catch (error) {
      if (!(error instanceof HookVeto)) return respondToDocumentError(ctx, error)
      const message = error.translate(ctx.i18n)
      const field = (error as any).field ?? 'inspected_qty'
      if (ctx.request.accepts(['html', 'json']) === 'json') return ctx.response.status(422).send({ errors: [{ field, message }] })
      ctx.session.flash('error', message)
      ctx.session.flash('errors', { [`iqc_${lineId}`]: { [field]: message } })
    }
    return ctx.response.redirect(back)
  }

  async cancel(ctx: HttpContext) {
    const inspection = await Inspection.find(ctx.params.id)
    if (!inspection) return ctx.response.notFound()
    try {
      await transition(inspection, 'cancelled', { user: ctx.auth.user! })
    } catch (error) {
      return respondToDocumentError(ctx, error)
    }
    ctx.session.flash('success', ctx.i18n.t('procurement_receiving.inspections.cancelled', { number: inspection.number ?? '' }))
    return ctx.response.redirect(router.builder().params({ id: inspection.receiptId }).make('procurement.receipts.show'))
  }
}
