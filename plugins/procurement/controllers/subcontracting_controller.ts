/*
 * Subcontracting pages: subcontracting orders, and per order its materials
 * list, what is at the subcontractor (sent − consumed), sending materials and
 * receiving the finished goods (through the receipt page).
 */
import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import { HookVeto } from '#kernel/plugins/document_hooks'
import { transition } from '#kernel/documents/transition_document'
import { respondToDocumentError } from '#kernel/documents/document_responses'
import { userCan } from '#services/authorization'
import { listQuery, renderList } from '#services/list_query'
import { findItemByCode } from '#plugins/inventory/api'
import { materialsOf, sendMaterials, setMaterial } from '../services/subcontracting.js'
import MaterialIssue from '../models/material_issue.js'
import { viewHelpers, warehouseLocations } from './receiving_support.js'

function back(ctx: HttpContext, orderId: number | string) {
  return ctx.response.redirect(router.builder().params({ id: orderId }).make('procurement.subcontracting.show'))
}

function refused(ctx: HttpContext, orderId: number | string, error: unknown, prefix: string) {
  if (!(error instanceof HookVeto)) return respondToDocumentError(ctx, error)
  const message = error.translate(ctx.i18n)
  const field = (error as any).field ?? 'form'
  if (ctx.request.header('HX-Request') === 'true' || ctx.request.accepts(['html', 'json']) === 'json') return ctx.response.status(422).send(message)
  ctx.session.flash('error', message)
  ctx.session.flash('errors', { [prefix]: { [field]: message } })
  ctx.session.flashExcept(['_csrf'])
  return back(ctx, orderId)
}

export default class SubcontractingController {
  async index(ctx: HttpContext) {
    const { rows, list } = await listQuery(ctx, db.from('procurement_orders').where('kind', 'subcontract'), {
      searchable: ['number', 'supplier_name'],
      sortable: { number: 'number', date: 'order_date' },
      defaultSort: 'date',
      defaultDirection: 'desc',
      filters: { state: { column: 'state', values: ['draft', 'submitted', 'confirmed', 'done', 'cancelled'] } },
    })
    return renderList(ctx, { page: 'procurement::pages/receiving/subcontracting/index', table: 'procurement::pages/receiving/subcontracting/_table' }, { rows, list, h: viewHelpers(ctx) })
  }

  async show(ctx: HttpContext) {
    const order = await db.from('procurement_orders').where({ id: ctx.params.id, kind: 'subcontract' }).first()
    if (!order) return ctx.response.notFound()
    const lines = await db
      .from('procurement_order_lines as l')
      .join('inventory_items as i', 'i.id', 'l.item_id')
      .join('inventory_units as u', 'u.id', 'l.unit_id')
      .where('l.order_id', order.id)
      .select('l.*', 'i.code as item_code', 'i.name as item_name', 'u.code as unit_code')
      .orderBy('l.line_no')
    const materials = await materialsOf(Number(order.id))
    const issues = await db.from('procurement_material_issues').where('order_id', order.id).orderBy('id')
    const receipts = await db.from('procurement_receipts').where('order_id', order.id).orderBy('id')
    const user = ctx.auth.user!
    return ctx.view.render('procurement::pages/receiving/subcontracting/show', {
      order,
      lines,
      lineOptions: lines.map((l: any) => ({ value: String(l.id), label: `${l.line_no} · ${l.item_code} ${l.item_name}` })),
      materials,
      issues,
      receipts,
      locations: await warehouseLocations(Number(order.warehouse_id)),
      can: { manage: await userCan(user, 'procurement.subcontract.manage'), receive: await userCan(user, 'procurement.receipt.create') },
      h: viewHelpers(ctx),
    })
  }

  async addMaterial(ctx: HttpContext) {
    const orderId = Number(ctx.params.id)
    try {
      const code = String(ctx.request.input('item_code') ?? '').trim()
      const item = code ? await findItemByCode(code) : null
      if (!item) throw new HookVeto('procurement_receiving.errors.item_missing', { code }, 'procurement')
      await setMaterial(orderId, { orderLineId: Number(ctx.request.input('order_line_id')), itemId: item.id, qtyPerUnit: String(ctx.request.input('qty_per_unit') ?? '') })
    } catch (error) {
      if (error instanceof HookVeto && !(error as any).field) (error as any).field = 'item_code'
      return refused(ctx, orderId, error, 'material')
    }
    ctx.session.flash('success', ctx.i18n.t('procurement_receiving.subcontracting.material_saved'))
    return back(ctx, orderId)
  }

  async send(ctx: HttpContext) {
    const orderId = Number(ctx.params.id)
    const raw = ctx.request.input('lines', [])
    const lines = (Array.isArray(raw) ? raw : Object.values(raw ?? {})).map((l: any) => ({ materialId: Number(l?.material_id), quantity: String(l?.quantity ?? '') }))
    try {
      const issue = await sendMaterials({ orderId, fromLocationId: Number(ctx.request.input('from_location_id')) || null, lines }, ctx.auth.user!)
      ctx.session.flash('success', ctx.i18n.t('procurement_receiving.subcontracting.sent', { number: issue.number ?? '' }))
    } catch (error) {
      return refused(ctx, orderId, error, 'send')
    }
    return back(ctx, orderId)
  }

  async cancelIssue(ctx: HttpContext) {
    const issue = await MaterialIssue.find(ctx.params.id)
    if (!issue) return ctx.response.notFound()
    try {
      await transition(issue, 'cancelled', { user: ctx.auth.user! })
    } catch (error) {
      return respondToDocumentError(ctx, error)
    }
    ctx.session.flash('success', ctx.i18n.t('procurement_receiving.subcontracting.issue_cancelled', { number: issue.number ?? '' }))
    return back(ctx, issue.orderId)
  }
}
