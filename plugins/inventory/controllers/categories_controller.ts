/*
 * Item categories: one page with the tree and a form that adds a category or,
 * with ?edit=<id>, renames / re-codes / moves one. Delete only when empty.
 */
import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import { renderFormPage } from '#services/forms'
import { userCan } from '#services/authorization'
import NotFoundException from '#exceptions/not_found_exception'
import { categoryTree, problemMessages, treeLabel } from '../services/master_views.js'
import { MasterInvalid, deleteCategory, saveCategory } from '../services/location_master.js'

export default class CategoriesController {
  async index(ctx: HttpContext) {
    return renderFormPage(ctx, 'inventory::pages/categories/index', await this.#data(ctx, ctx.request.input('edit')))
  }

  async store(ctx: HttpContext) {
    return this.#save(ctx, null)
  }

  async update(ctx: HttpContext) {
    const category = await db.from('inventory_categories').where('id', ctx.params.id).first()
    if (!category) throw new NotFoundException()
    return this.#save(ctx, Number(category.id))
  }

  async destroy(ctx: HttpContext) {
    const category = await db.from('inventory_categories').where('id', ctx.params.id).first()
    if (!category) throw new NotFoundException()
    try {
      await deleteCategory(Number(category.id))
      ctx.session.flash('success', ctx.i18n.t('inventory_master.categories.deleted', { name: category.name }))
    } catch (error) {
      if (!(error instanceof MasterInvalid)) throw error
      ctx.session.flash('error', Object.values(problemMessages(error.problems, ctx.i18n))[0])
    }
    return ctx.response.redirect(router.builder().make('inventory.categories.index'))
  }

  async #save(ctx: HttpContext, id: number | null) {
    try {
      await saveCategory(ctx.request.all(), id)
    } catch (error) {
      if (!(error instanceof MasterInvalid)) throw error
      return renderFormPage(ctx, 'inventory::pages/categories/index', await this.#data(ctx, id), problemMessages(error.problems, ctx.i18n), 422)
    }
    ctx.session.flash('success', ctx.i18n.t('inventory_master.categories.saved', { name: String(ctx.request.input('name')).trim() }))
    return ctx.response.redirect(router.builder().make('inventory.categories.index'))
  }

  async #data(ctx: HttpContext, editId: unknown) {
    const tree = await categoryTree()
    const editing = editId ? (tree.find((c) => String(c.id) === String(editId)) ?? null) : null
    const parents = tree
      .filter((c) => !editing || !c.path.startsWith(editing.path))
      .map((c) => ({ value: String(c.id), label: treeLabel(c) }))
    return { tree, editing, parents, canManage: await userCan(ctx.auth.user!, 'inventory.category.manage') }
  }
}
