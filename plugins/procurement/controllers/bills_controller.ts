/*
 * Supplier bill pages: the list, entering a bill against a supplier's
 * receipt lines (pre-filled with what is open for billing at the order
 * price), the bill with its 3-way match per line, submitting / posting it
 * (held for approval on a mismatch), withdrawing and cancelling.
 */
import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import { transition } from '#kernel/documents/transition_document'
import { respondToDocumentError } from '#kernel/documents/document_responses'
import { findViewableDocument } from '#kernel/documents/record_access'
import { approvalStatus } from '#kernel/approvals/inbox'
import { applyDataScope } from '#services/data_scope'
import { listQuery, exportQuery, renderList, sendExport } from '#services/list_query'
import { redirectAfterSave } from '#services/forms'
import { Quantity } from '#kernel/numbers/index'
import { createBill, submitBill, matchableQuantity, DEFAULT_PRICE_TOLERANCE, DEFAULT_QTY_TOLERANCE } from '../services/bills.js'
import Bill from '../models/bill.js'
import { qty, today } from '../services/receiving_util.js'
import { answerRefusal, fmtQty, viewHelpers } from './receiving_support.js'

const listOptions = () => ({
  searchable: ['number', 'supplier_name', 'invoice_number'],
  sortable: { number: 'number', date: 'invoice_date', total: 'total' },
  defaultSort: 'date',
  defaultDirection: 'desc' as const,
  filters: {
    state: { column: 'state', values: ['draft', 'submitted', 'posted', 'cancelled'] },
    mismatch: (query: any, value: string) => query.where('has_mismatch', value === 'yes'),
  },
  exportUrl: router.builder().make('procurement.bills.export'),
  scope: { permission: 'procurement.bill.view' },
})

/** A supplier's posted receipt lines still open for billing. */
async function billableLines(supplierId: number) {
  const rows = await db
    .from('procurement_receipt_lines as l')
    .join('procurement_receipts as r', 'r.id', 'l.receipt_id')
    .join('procurement_order_lines as ol', 'ol.id', 'l.order_line_id')
    .join('inventory_items as i', 'i.id', 'l.item_id')
    .join('inventory_units as u', 'u.id', 'ol.unit_id')
    .where('r.supplier_id', supplierId)
    .where('r.state', 'posted')
    .select('l.*', 'r.number as receipt_number', 'r.order_number', 'ol.unit_price as order_price', 'ol.quantity as order_quantity',
      'ol.quantity_base as order_quantity_base', 'i.code as item_code', 'i.name as item_name', 'u.code as unit_code', 'u.precision as unit_precision')
    .orderBy('r.receipt_date')
    .orderBy('l.id')
  return rows
    .map((row: any) => {
      const factor = qty(row.order_quantity_base).dividedBy(qty(row.order_quantity).isZero() ? Quantity.of(1) : qty(row.order_quantity))
      const open = matchableQuantity(row).dividedBy(factor).round(Number(row.unit_precision), 'down')
      return { ...row, open, openText: fmtQty(open.toMicros()), priceText: fmtQty(row.order_price) }
    })
    .filter((row: any) => row.open.isPositive())
}

async function formData(ctx: HttpContext, supplierId: number | null) {
  const suppliers = (await db.from('procurement_suppliers').where('active', true).orderBy('code').select('id', 'code', 'name')).map((s: any) => ({
    value: String(s.id),
    label: `${s.code} · ${s.name}`,
  }))
  const supplier = supplierId ? await db.from('procurement_suppliers').where('id', supplierId).first() : null
  const lines = supplier ? await billableLines(Number(supplier.id)) : []
  return { suppliers, supplier, lines, today: today(), defaults: { qty: DEFAULT_QTY_TOLERANCE, price: DEFAULT_PRICE_TOLERANCE }, h: viewHelpers(ctx) }
}

export default class BillsController {
  async index(ctx: HttpContext) {
    const { rows, list } = await listQuery(ctx, db.from('procurement_bills'), listOptions())
    return renderList(ctx, { page: 'procurement::pages/receiving/bills/index', table: 'procurement::pages/receiving/bills/_table' }, { rows, list, h: viewHelpers(ctx) })
  }

  async export(ctx: HttpContext) {
    const rows = await exportQuery(ctx, db.from('procurement_bills'), listOptions())
    const t = (key: string) => ctx.i18n.t(`procurement_receiving.fields.${key}`)
    const h = viewHelpers(ctx)
    return sendExport(ctx, 'supplier-bills', rows, [
      { label: t('number'), field: 'number', value: (r: any) => r.number ?? '' },
      { label: t('supplier'), field: 'supplier_name', value: (r: any) => r.supplier_name },
      { label: t('invoice_number'), field: 'invoice_number', value: (r: any) => r.invoice_number },
      { label: t('invoice_date'), field: 'invoice_date', value: (r: any) => h.day(r.invoice_date) },
      { label: t('state'), field: 'state', value: (r: any) => ctx.i18n.t(`ui.status.${r.state}`) },
      { label: t('has_mismatch'), field: 'has_mismatch', value: (r: any) => (r.has_mismatch ? ctx.i18n.t('procurement_receiving.yes') : ctx.i18n.t('procurement_receiving.no')) },
      { label: t('subtotal'), field: 'subtotal', kind: 'money', value: (r: any) => qty(r.subtotal).toFixed(2) },
      { label: t('tax'), field: 'tax_total', kind: 'money', value: (r: any) => qty(r.tax_total).toFixed(2) },
      { label: t('total'), field: 'total', kind: 'money', value: (r: any) => qty(r.total).toFixed(2) },
    ])
  }

  async create(ctx: HttpContext) {
    const supplierId = Number(ctx.request.input('supplier')) || null
    return ctx.view.render('procurement::pages/receiving/bills/create', await formData(ctx, supplierId))
  }

  async store(ctx: HttpContext) {
    const supplierId = Number(ctx.request.input('supplier_id')) || 0
    const raw = ctx.request.input('lines', [])
    const lines = (Array.isArray(raw) ? raw : Object.values(raw ?? {})).map((l: any) => ({
      receiptLineId: Number(l?.receipt_line_id),
      quantity: String(l?.quantity ?? ''),
      unitPrice: String(l?.unit_price ?? ''),
      taxRate: String(l?.tax_rate ?? ''),
    }))
    try {
      const bill = await createBill(
        {
          supplierId,
          invoiceNumber: String(ctx.request.input('invoice_number') ?? ''),
          invoiceDate: String(ctx.request.input('invoice_date') ?? ''),
          dueDate: ctx.request.input('due_date') || null,
          note: ctx.request.input('note'),
          qtyTolerancePct: ctx.request.input('qty_tolerance_pct'),
          priceTolerancePct: ctx.request.input('price_tolerance_pct'),
          lines,
        },
        ctx.auth.user!
      )
      ctx.session.flash('success', ctx.i18n.t(bill.hasMismatch ? 'procurement_receiving.bills.saved_mismatch' : 'procurement_receiving.bills.saved'))
      return redirectAfterSave(ctx, router.builder().params({ id: bill.id }).make('procurement.bills.show'))
    } catch (error) {
      return answerRefusal(ctx, 'procurement::pages/receiving/bills/_form', await formData(ctx, supplierId || null), error)
    }
  }

  async show(ctx: HttpContext) {
    await findViewableDocument(ctx.auth.user!, 'procurement.bill', ctx.params.id)
    const bill = await db.from('procurement_bills').where('id', ctx.params.id).firstOrFail()
    const lines = await db
      .from('procurement_bill_lines as l')
      .join('procurement_receipt_lines as rl', 'rl.id', 'l.receipt_line_id')
      .join('procurement_receipts as r', 'r.id', 'rl.receipt_id')
      .join('inventory_items as i', 'i.id', 'l.item_id')
      .join('procurement_order_lines as ol', 'ol.id', 'l.order_line_id')
      .join('inventory_units as u', 'u.id', 'ol.unit_id')
      .where('l.bill_id', bill.id)
      .select('l.*', 'r.number as receipt_number', 'r.order_number', 'i.code as item_code', 'i.name as item_name', 'u.code as unit_code')
      .orderBy('l.line_no')
    const approval = await approvalStatus('procurement.bill', bill.id)
    return ctx.view.render('procurement::pages/receiving/bills/show', { bill, lines, approval, h: viewHelpers(ctx) })
  }

  private async scoped(ctx: HttpContext, permission: string) {
    const query = db.from('procurement_bills').where('id', ctx.params.id)
    await applyDataScope(query, ctx.auth.user!, permission)
    const row = await query.first()
    return row ? Bill.findOrFail(row.id) : null
  }

  async submit(ctx: HttpContext) {
    const bill = await this.scoped(ctx, 'procurement.bill.post')
    if (!bill) return ctx.response.notFound()
    try {
      const outcome = await submitBill(bill, ctx.auth.user!)
      await bill.refresh()
      ctx.session.flash(outcome === 'posted' ? 'success' : 'info', ctx.i18n.t(`procurement_receiving.bills.outcome.${outcome}`, { number: bill.number ?? '' }))
    } catch (error) {
      return respondToDocumentError(ctx, error)
    }
    return redirectAfterSave(ctx, router.builder().params({ id: bill.id }).make('procurement.bills.show'))
  }

  async withdraw(ctx: HttpContext) {
    const bill = await this.scoped(ctx, 'procurement.bill.post')
    if (!bill) return ctx.response.notFound()
    try {
      await transition(bill, 'draft', { user: ctx.auth.user! })
    } catch (error) {
      return respondToDocumentError(ctx, error)
    }
    return redirectAfterSave(ctx, router.builder().params({ id: bill.id }).make('procurement.bills.show'))
  }

  async cancel(ctx: HttpContext) {
    const bill = await this.scoped(ctx, 'procurement.bill.cancel')
    if (!bill) return ctx.response.notFound()
    try {
      await transition(bill, 'cancelled', { user: ctx.auth.user! })
    } catch (error) {
      return respondToDocumentError(ctx, error)
    }
    ctx.session.flash('success', ctx.i18n.t('procurement_receiving.bills.cancelled', { number: bill.number || bill.invoiceNumber }))
    return redirectAfterSave(ctx, router.builder().params({ id: bill.id }).make('procurement.bills.show'))
  }
}
