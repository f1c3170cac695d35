/*
 * Warehouses and their location trees: list, create (with root, STOCK, QC and
 * CS locations), edit, and the tree page where bins are added, changed,
 * moved, deactivated and their labels printed.
 */
import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import { listQuery, renderList } from '#services/list_query'
import { renderFormPage, redirectAfterSave } from '#services/forms'
import { userCan } from '#services/authorization'
import { printUrl } from '#services/print_globals'
import NotFoundException from '#exceptions/not_found_exception'
import { problemMessages } from '../services/master_views.js'
import { EDITABLE_KINDS, MasterInvalid, locationTree, saveLocation, saveWarehouse, setLocationActive } from '../services/location_master.js'

const LIST = {
  searchable: ['w.code', 'w.name', 'w.address'],
  sortable: { code: 'w.code', name: 'w.name' },
  defaultSort: 'code',
  filters: {
    active: (query: any, value: string) => {
      if (value === 'yes') query.where('w.active', true)
      else if (value === 'no') query.where('w.active', false)
    },
  },
}

export default class WarehousesController {
  async index(ctx: HttpContext) {
    const query = db
      .from('inventory_warehouses as w')
      .select('w.*')
      .select(db.from('inventory_locations as l').whereColumn('l.warehouse_id', 'w.id').whereNot('l.kind', 'view').count('*').as('location_count'))
    const { rows, list } = await listQuery(ctx, query, LIST)
    return renderList(ctx, { page: 'inventory::pages/warehouses/index', table: 'inventory::pages/warehouses/_table' }, {
      rows, list, canManage: await userCan(ctx.auth.user!, 'inventory.warehouse.manage'),
    })
  }

  async create(ctx: HttpContext) {
    return renderFormPage(ctx, 'inventory::pages/warehouses/form', { warehouse: null })
  }

  async store(ctx: HttpContext) {
    let id: number
    try {
      id = await saveWarehouse(ctx.request.all(), null)
    } catch (error) {
      if (!(error instanceof MasterInvalid)) throw error
      return renderFormPage(ctx, 'inventory::pages/warehouses/form', { warehouse: null }, problemMessages(error.problems, ctx.i18n), 422)
    }
    ctx.session.flash('success', ctx.i18n.t('inventory_master.warehouses.saved', { name: String(ctx.request.input('name')).trim() }))
    return redirectAfterSave(ctx, router.builder().params({ id }).make('inventory.warehouses.show'))
  }

  async edit(ctx: HttpContext) {
    return renderFormPage(ctx, 'inventory::pages/warehouses/form', { warehouse: await this.#warehouse(ctx) })
  }

  async update(ctx: HttpContext) {
    const warehouse = await this.#warehouse(ctx)
    try {
      await saveWarehouse(ctx.request.all(), Number(warehouse.id))
    } catch (error) {
      if (!(error instanceof MasterInvalid)) throw error
      return renderFormPage(ctx, 'inventory::pages/warehouses/form', { warehouse }, problemMessages(error.problems, ctx.i18n), 422)
    }
    ctx.session.flash('success', ctx.i18n.t('inventory_master.warehouses.saved', { name: String(ctx.request.input('name')).trim() }))
    return redirectAfterSave(ctx, router.builder().params({ id: warehouse.id }).make('inventory.warehouses.show'))
  }

  async show(ctx: HttpContext) {
    const warehouse = await this.#warehouse(ctx)
    return renderFormPage(ctx, 'inventory::pages/warehouses/show', await this.#treeData(ctx, warehouse, ctx.request.input('edit')))
  }

  async storeLocation(ctx: HttpContext) {
    const warehouse = await this.#warehouse(ctx)
    return this.#saveLocation(ctx, warehouse, null)
  }

  async updateLocation(ctx: HttpContext) {
    const location = await db.from('inventory_locations').where('id', ctx.params.id).whereNotNull('warehouse_id').first()
    if (!location) throw new NotFoundException()
    const warehouse = await db.from('inventory_warehouses').where('id', location.warehouse_id).first()
    return this.#saveLocation(ctx, warehouse, Number(location.id))
  }

  async toggleLocation(ctx: HttpContext) {
    const location = await db.from('inventory_locations').where('id', ctx.params.id).whereNotNull('warehouse_id').first()
    if (!location) throw new NotFoundException()
    const active = !location.active
    try {
      await setLocationActive(Number(location.id), active)
      ctx.session.flash('success', ctx.i18n.t(active ? 'inventory_master.locations.activated' : 'inventory_master.locations.deactivated', { code: location.full_code }))
    } catch (error) {
      if (!(error instanceof MasterInvalid)) throw error
      ctx.session.flash('error', Object.values(problemMessages(error.problems, ctx.i18n))[0])
    }
    return ctx.response.redirect(router.builder().params({ id: location.warehouse_id }).make('inventory.warehouses.show'))
  }

  async #saveLocation(ctx: HttpContext, warehouse: any, id: number | null) {
    try {
      await saveLocation(Number(warehouse.id), ctx.request.all(), id)
    } catch (error) {
      if (!(error instanceof MasterInvalid)) throw error
      return renderFormPage(ctx, 'inventory::pages/warehouses/show', await this.#treeData(ctx, warehouse, id), problemMessages(error.problems, ctx.i18n), 422)
    }
    ctx.session.flash('success', ctx.i18n.t('inventory_master.locations.saved', { name: String(ctx.request.input('name')).trim() }))
    return ctx.response.redirect(router.builder().params({ id: warehouse.id }).make('inventory.warehouses.show'))
  }

  async #warehouse(ctx: HttpContext) {
    const warehouse = await db.from('inventory_warehouses').where('id', ctx.params.id).first()
    if (!warehouse) throw new NotFoundException()
    return warehouse
  }

  async #treeData(ctx: HttpContext, warehouse: any, editId: unknown) {
    const tree = await locationTree(Number(warehouse.id))
    const editing = editId ? (tree.find((l) => String(l.id) === String(editId)) ?? null) : null
    const parents = tree
      .filter((l) => l.active && (!editing || !l.path.startsWith(editing.path)))
      .map((l) => ({ value: String(l.id), label: `${'　'.repeat(l.depth)}${l.code} · ${l.name}` }))
    return {
      warehouse,
      tree,
      editing,
      parents,
      rootId: tree.find((l) => l.parentId === null)?.id ?? null,
      kinds: EDITABLE_KINDS.map((k) => ({ value: k, label: ctx.i18n.t(`inventory_master.kinds.${k}`) })),
      canManage: await userCan(ctx.auth.user!, 'inventory.warehouse.manage'),
      labelsUrl: printUrl('inventory.location_labels', warehouse.id, 'pdf'),
      labelsPreviewUrl: printUrl('inventory.location_labels', warehouse.id, 'html'),
    }
  }
}
