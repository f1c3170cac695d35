/*
 * Purchase order pages: list (state / receipt status filters, export),
 * create/edit a draft (lines by item code; price defaults to the agreement's
 * break), the detail page with approval status, and the actions: submit
 * (approval, else confirmed at once), back to draft, send (PDF), close short,
 * cancel.
 */
import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import vine from '@vinejs/vine'
import { exportQuery, listQuery, renderList, sendExport, type ListOptions } from '#services/list_query'
import { findInScopeOrFail } from '#services/data_scope'
import { redirectAfterSave, renderInvalid, validateForm } from '#services/forms'
import { toast } from '#services/toast'
import { transition } from '#kernel/documents/transition_document'
import { respondToDocumentError } from '#kernel/documents/document_responses'
import { approvalStatus } from '#kernel/approvals/inbox'
import { Money, Quantity } from '#kernel/numbers/index'
import { parseDate } from '#kernel/records/values'
import ProcurementOrder from '../models/procurement_order.js'
import { closeOrderShort, createOrder, markOrderSent, submitOrder, updateOrder, type OrderInput } from '../services/orders.js'
import { lineProgress } from '../services/order_progress.js'
import { BuyingError } from '../services/buying_error.js'
import { mailSettings, sendMail } from '#kernel/notifications/mail'
import { companyInfo, printDocument } from '#services/print_service'
import { blankRows, readLines, refuse, sharePerms } from './helpers.js'

const STATES = ['draft', 'submitted', 'confirmed', 'done', 'cancelled']
const RECEIPT = ['open', 'partially_received', 'received', 'closed_short']

const headerValidator = vine.compile(
  vine.object({
    supplier_id: vine.number().withoutDecimals().positive(),
    warehouse_id: vine.number().withoutDecimals().positive(),
    order_date: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
    expected_date: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
    over_receipt_pct: vine.string().trim().optional(),
    note: vine.string().trim().maxLength(500).optional(),
  })
)

function listOptions(): ListOptions {
  return {
    searchable: ['number', 'supplier_name'],
    sortable: { number: 'number', date: 'order_date', total: 'total', supplier: 'supplier_name' },
    defaultSort: 'date',
    defaultDirection: 'desc',
    filters: {
      state: { column: 'state', values: STATES },
      receipt: { column: 'receipt_status', values: RECEIPT },
    },
    scope: { permission: 'procurement.order.view' },
    exportUrl: router.builder().make('procurement.orders.export'),
    recordType: 'procurement.order',
  } as ListOptions
}

export async function choices() {
  const suppliers = await db.from('procurement_suppliers').where('active', true).orderBy('code').select('id', 'code', 'name', 'grade')
  const warehouses = await db.from('inventory_warehouses').orderBy('code').select('id', 'code', 'name')
  return {
    suppliers: suppliers.map((s: any) => ({ value: s.id, label: `${s.code} ${s.name}${s.grade ? ` (${s.grade})` : ''}` })),
    warehouses: warehouses.map((w: any) => ({ value: w.id, label: `${w.code} ${w.name}` })),
  }
}

export default class OrdersController {
  async index(ctx: HttpContext) {
    await sharePerms(ctx)
    const { rows, list } = await listQuery(ctx, db.from('procurement_orders').select('*'), listOptions())
    const locale = ctx.i18n.locale
    for (const row of rows as any[]) {
      row.totalText = Money.fromMicros(row.total, row.currency).format(locale)
      row.dateText = parseDate(row.order_date)
    }
    return renderList(ctx, { page: 'procurement::pages/orders/index', table: 'procurement::pages/orders/_table' }, { rows, list, states: STATES, receipts: RECEIPT })
  }

  async export(ctx: HttpContext) {
    const rows = await exportQuery(ctx, db.from('procurement_orders').select('*'), listOptions())
    const f = (key: string) => ctx.i18n.t(`procurement_buying.fields.${key}`)
    return sendExport(ctx, 'purchase-orders', rows, [
      { label: f('number'), field: 'number', value: (r: any) => r.number },
      { label: f('supplier'), field: 'supplier_name', value: (r: any) => r.supplier_name },
      { label: f('order_date'), field: 'order_date', value: (r: any) => parseDate(r.order_date) },
      { label: f('state'), field: 'state', value: (r: any) => ctx.i18n.t(`ui.status.${r.state}`) },
      { label: f('receipt_status'), field: 'receipt_status', value: (r: any) => ctx.i18n.t(`procurement_buying.receipt.${r.receipt_status}`) },
      { label: f('total'), field: 'total', kind: 'money', value: (r: any) => Money.fromMicros(r.total, r.currency).amount.toFixed(2) },
      { label: f('currency'), field: 'currency', value: (r: any) => r.currency },
    ] as any, 'procurement.order')
  }

  async create(ctx: HttpContext) {
    return ctx.view.render('procurement::pages/orders/form', await this.#formData(null, []))
  }

  async store(ctx: HttpContext) {
    return this.#save(ctx, null)
  }

  async edit(ctx: HttpContext) {
    const row = await findInScopeOrFail('procurement_orders', ctx.params.id, ctx.auth.user!, 'procurement.order.edit')
    if (row.state !== 'draft') return ctx.response.redirect().toRoute('procurement.orders.show', { id: row.id })
    return ctx.view.render('procurement::pages/orders/form', await this.#formData(row, await this.#lines(row.id, ctx.i18n.locale, row.currency)))
  }

  async update(ctx: HttpContext) {
    const row = await findInScopeOrFail('procurement_orders', ctx.params.id, ctx.auth.user!, 'procurement.order.edit')
    return this.#save(ctx, row)
  }

  async show(ctx: HttpContext) {
    await sharePerms(ctx)
    const row = await findInScopeOrFail('procurement_orders', ctx.params.id, ctx.auth.user!, 'procurement.order.view')
    const locale = ctx.i18n.locale
    const order = {
      ...row,
      totalText: Money.fromMicros(row.total, row.currency).format(locale),
      order_date: parseDate(row.order_date),
      expected_date: row.expected_date ? parseDate(row.expected_date) : null,
      overText: Quantity.fromMicros(row.over_receipt_pct).toString(),
    }
    const warehouse = await db.from('inventory_warehouses').where('id', row.warehouse_id).first()
    return ctx.view.render('procurement::pages/orders/show', {
      order, warehouse, lines: await this.#lines(row.id, locale, row.currency), approval: await approvalStatus('procurement.order', row.id),
    })
  }

  async submit(ctx: HttpContext) {
    return this.#act(ctx, 'procurement.order.edit', async (order) => {
      const state = await submitOrder(order, ctx.auth.user!)
      return ctx.i18n.t(state === 'confirmed' ? 'procurement_buying.orders.confirmed' : 'procurement_buying.orders.awaiting_approval', { number: (await ProcurementOrder.findOrFail(order.id)).number })
    })
  }

  async withdraw(ctx: HttpContext) {
    return this.#act(ctx, 'procurement.order.edit', async (order) => {
      await transition(order, 'draft', { user: ctx.auth.user! })
      return ctx.i18n.t('procurement_buying.orders.withdrawn', { number: order.number })
    })
  }

  async close(ctx: HttpContext) {
    return this.#act(ctx, 'procurement.order.close', async (order) => {
      await closeOrderShort(order, ctx.auth.user!)
      return ctx.i18n.t('procurement_buying.orders.closed', { number: order.number })
    })
  }

  async cancel(ctx: HttpContext) {
    return this.#act(ctx, 'procurement.order.close', async (order) => {
      await transition(order, 'cancelled', { user: ctx.auth.user! })
      return ctx.i18n.t('procurement_buying.orders.cancelled', { number: order.number })
    })
  }

  /**
   * Sends the order's PDF to the supplier by e-mail when mail is set up and the
   * supplier (or its primary contact) has an address; otherwise records that the
   * buyer sent the PDF by hand. Either way the order shows when it was sent.
   */
  async send(ctx: HttpContext) {
    return this.#act(ctx, 'procurement.order.edit', async (order) => {
      if (order.state !== 'confirmed' && order.state !== 'done') {
        throw new BuyingError('send_not_confirmed', { number: order.number ?? '' })
      }
      const settings = mailSettings()
      const to = await supplierAddress(order.supplierId)
      if (!settings || !to) {
        await markOrderSent(order.id)
        return ctx.i18n.t(settings ? 'procurement_buying.orders.sent_no_address' : 'procurement_buying.orders.sent', { number: order.number })
      }
      const pdf = await printDocument(ctx, 'procurement.order', String(order.id), 'pdf')
      const company = (await companyInfo(ctx.i18n.locale)).name
      try {
        await sendMail(
          {
            to,
            subject: ctx.i18n.t('procurement_buying.mail.subject', { number: order.number, company }),
            text: ctx.i18n.t('procurement_buying.mail.text', { number: order.number, company, buyer: ctx.auth.user!.name }),
            attachments: [{ filename: pdf.filename, content: Buffer.from(pdf.body), contentType: 'application/pdf' }],
            ...(ctx.auth.user!.email ? { replyTo: ctx.auth.user!.email } : {}),
          },
          settings
        )
      } catch (error) {
        throw new BuyingError('mail_failed', { to, reason: (error as Error).message.slice(0, 200) })
      }
      await markOrderSent(order.id)
      return ctx.i18n.t('procurement_buying.orders.mailed', { number: order.number, to })
    })
  }

  async #act(ctx: HttpContext, permission: string, action: (order: ProcurementOrder) => Promise<string>) {
    const row = await findInScopeOrFail('procurement_orders', ctx.params.id, ctx.auth.user!, permission)
    const order = await ProcurementOrder.findOrFail(row.id)
    let message: string
    try {
      message = await action(order)
    } catch (error) {
      return respondToDocumentError(ctx, error)
    }
    toast(ctx, 'success', message)
    return redirectAfterSave(ctx, router.builder().params({ id: order.id }).make('procurement.orders.show'))
  }

  async #save(ctx: HttpContext, existing: any) {
    const header = await validateForm<any>(ctx, headerValidator, { fields: ['procurement_buying.fields'] })
    const { lines, errors: lineErrors } = await readLines(ctx)
    const data = await this.#formData(existing, [])
    const errors = { ...(header.errors ?? {}), ...lineErrors }
    if (Object.keys(errors).length) return renderInvalid(ctx, 'procurement::pages/orders/_form', data, errors)
    const h = header.data
    const input: OrderInput = {
      supplierId: h.supplier_id,
      warehouseId: h.warehouse_id,
      orderDate: h.order_date ? parseDate(h.order_date) : null,
      expectedDate: h.expected_date ? parseDate(h.expected_date) : null,
      overReceiptPct: h.over_receipt_pct ?? null,
      note: h.note ?? null,
      lines: lines.map((l) => ({ itemId: l.itemId, unitId: l.unitId, quantity: l.quantity, unitPrice: l.unitPrice, expectedDate: l.date ? parseDate(l.date) : null, note: l.note })),
    }
    try {
      const order = existing ? await updateOrder(await ProcurementOrder.findOrFail(existing.id), input, ctx.auth.user!) : await createOrder(input, ctx.auth.user!)
      ctx.session.flash('success', ctx.i18n.t('procurement_buying.orders.saved'))
      return redirectAfterSave(ctx, router.builder().params({ id: order.id }).make('procurement.orders.show'))
    } catch (error) {
      return refuse(ctx, error, 'procurement::pages/orders/_form', data, lines)
    }
  }

  async #lines(orderId: number, locale: string, currency: string) {
    const rows = await db
      .from('procurement_order_lines as l')
      .join('inventory_items as i', 'i.id', 'l.item_id')
      .join('inventory_units as u', 'u.id', 'l.unit_id')
      .where('l.order_id', orderId)
      .select('l.*', 'i.code as item_code', 'i.name as item_name', 'u.code as unit_code')
      .orderBy('l.line_no')
    return rows.map((l: any) => {
      const progress = lineProgress({ quantityBase: Quantity.fromMicros(l.quantity_base), receivedQty: Quantity.fromMicros(l.received_qty), returnedQty: Quantity.fromMicros(l.returned_qty) })
      return {
        ...l,
        quantityText: Quantity.fromMicros(l.quantity).toString(),
        baseText: Quantity.fromMicros(l.quantity_base).toString(),
        priceText: Money.fromMicros(l.unit_price, currency).format(locale, { places: 4 }),
        priceInput: Money.fromMicros(l.unit_price, currency).amount.toString(),
        amountText: Money.fromMicros(l.amount, currency).format(locale),
        receivedText: progress.netReceived.toString(),
        openText: progress.open.toString(),
        expected: l.expected_date ? parseDate(l.expected_date) : '',
      }
    })
  }

  async #formData(order: any, lines: any[]) {
    const formOrder = order
      ? { ...order, order_date: parseDate(order.order_date), expected_date: order.expected_date ? parseDate(order.expected_date) : '', over_receipt_pct: Quantity.fromMicros(order.over_receipt_pct).toString() }
      : null
    return { order: formOrder, lines, rows: [...lines, ...blankRows(Math.max(3, 8 - lines.length))], ...(await choices()) }
  }
}

/** Where the order goes: the supplier's e-mail, else its primary (or first) contact's. */
async function supplierAddress(supplierId: number): Promise<string | null> {
  const supplier = await db.from('procurement_suppliers').where('id', supplierId).first()
  if (supplier?.email) return supplier.email
  const contact = await db
    .from('procurement_supplier_contacts')
    .where('supplier_id', supplierId)
    .whereNotNull('email')
    .orderBy('is_primary', 'desc')
    .orderBy('id')
    .first()
  return contact?.email ?? null
}
