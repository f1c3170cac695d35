/*
 * The purchase plan page (采购计划): confirmed requisition lines merged per
 * proposed supplier and item; the ticked rows (all by default) become one
 * draft purchase order per supplier.
 */
import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import { redirectAfterSave } from '#services/forms'
import { respondToDocumentError } from '#kernel/documents/document_responses'
import { sharePerms } from './helpers.js'
import { createOrdersFromPlan, planRows } from '../services/plans.js'

export default class PlansController {
  async index(ctx: HttpContext) {
    await sharePerms(ctx)
    const locale = ctx.i18n.locale
    const rows = (await planRows()).map((r) => ({
      ...r,
      requestedText: r.requested.toString(),
      quantityText: r.quantity.toString(),
      moqText: r.moq ? r.moq.toString() : '',
      priceText: r.unitPrice ? r.unitPrice.format(locale, { places: 4 }) : '',
      amountText: r.amount ? r.amount.format(locale) : '',
      rounded: !r.quantity.equals(r.requested),
    }))
    return ctx.view.render('procurement::pages/plans/index', { rows })
  }

  async createOrders(ctx: HttpContext) {
    const raw = ctx.request.input('keys')
    const keys = raw === undefined || raw === null ? undefined : (Array.isArray(raw) ? raw : [raw]).map(String)
    let ids: number[]
    try {
      ids = await createOrdersFromPlan(ctx.auth.user!, keys)
    } catch (error) {
      return respondToDocumentError(ctx, error)
    }
    ctx.session.flash('success', ctx.i18n.t('procurement_buying.plans.created', { count: ids.length }))
    const url = ids.length === 1 ? router.builder().params({ id: ids[0] }).make('procurement.orders.show') : router.builder().qs({ state: 'draft' }).make('procurement.orders.index')
    return redirectAfterSave(ctx, url)
  }
}
