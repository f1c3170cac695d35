/*
 * Units of measure: list with a form that adds one or, with ?edit=<id>,
 * changes one. A unit in use keeps its code and its decimals (no fewer) and
 * cannot be deleted.
 */
import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import { renderFormPage } from '#services/forms'
import { userCan } from '#services/authorization'
import NotFoundException from '#exceptions/not_found_exception'
import { problemMessages } from '../services/master_views.js'
import { MasterInvalid, deleteUnit, saveUnit } from '../services/location_master.js'

export default class UnitsController {
  async index(ctx: HttpContext) {
    return renderFormPage(ctx, 'inventory::pages/units/index', await this.#data(ctx, ctx.request.input('edit')))
  }

  async store(ctx: HttpContext) {
    return this.#save(ctx, null)
  }

  async update(ctx: HttpContext) {
    const unit = await db.from('inventory_units').where('id', ctx.params.id).first()
    if (!unit) throw new NotFoundException()
    return this.#save(ctx, Number(unit.id))
  }

  async destroy(ctx: HttpContext) {
    const unit = await db.from('inventory_units').where('id', ctx.params.id).first()
    if (!unit) throw new NotFoundException()
    try {
      await deleteUnit(Number(unit.id))
      ctx.session.flash('success', ctx.i18n.t('inventory_master.units.deleted', { code: unit.code }))
    } catch (error) {
      if (!(error instanceof MasterInvalid)) throw error
      ctx.session.flash('error', Object.values(problemMessages(error.problems, ctx.i18n))[0])
    }
    return ctx.response.redirect(router.builder().make('inventory.units.index'))
  }

  async #save(ctx: HttpContext, id: number | null) {
    try {
      await saveUnit(ctx.request.all(), id)
    } catch (error) {
      if (!(error instanceof MasterInvalid)) throw error
      return renderFormPage(ctx, 'inventory::pages/units/index', await this.#data(ctx, id), problemMessages(error.problems, ctx.i18n), 422)
    }
    ctx.session.flash('success', ctx.i18n.t('inventory_master.units.saved', { code: String(ctx.request.input('code')).trim().toUpperCase() }))
    return ctx.response.redirect(router.builder().make('inventory.units.index'))
  }

  async #data(ctx: HttpContext, editId: unknown) {
    const units = await db.from('inventory_units').orderBy('code')
    const used = await db.from('inventory_items').groupBy('base_unit_id').select('base_unit_id').count('* as total')
    const usage = new Map(used.map((r: any) => [Number(r.base_unit_id), Number(r.total)]))
    const rows = units.map((u: any) => ({ ...u, items: usage.get(Number(u.id)) ?? 0 }))
    const editing = editId ? (rows.find((u: any) => String(u.id) === String(editId)) ?? null) : null
    return { units: rows, editing, canManage: await userCan(ctx.auth.user!, 'inventory.unit.manage') }
  }
}
