/*
 * Items (物料): list with search, filters, sort, export and import; detail
 * page with units, barcodes, stock per warehouse and other plugins' tabs;
 * create/edit form with conversions, barcodes, image and custom fields;
 * deactivate, or delete while the item has no stock history.
 */
import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import drive from '@adonisjs/drive/services/main'
import { randomUUID } from 'node:crypto'
import { exportQuery, listQuery, renderList, sendExport, type ListOptions } from '#services/list_query'
import { findInScopeOrFail } from '#services/data_scope'
import { redirectAfterSave, renderInvalid } from '#services/forms'
import { toast } from '#services/toast'
import { readCustomInput } from '#kernel/custom_fields/read_custom_input'
import { customFormFields } from '#kernel/custom_fields/custom_form'
import { customFilterControls, withCustomFields } from '#kernel/custom_fields/custom_list'
import { localeOf, presentCustomFields } from '#kernel/custom_fields/custom_field_values'
import { userCan } from '#services/authorization'
import { fieldModes } from '#services/field_permissions'
import { Quantity } from '#kernel/numbers/index'
import NotFoundException from '#exceptions/not_found_exception'
import { stockOf } from '../services/ledger_api.js'
import {
  ITEM_TYPE, ITEM_TYPES, ItemInUse, ItemInvalid, createItem, deleteItem, itemAsInput, itemHasMoves, setItemActive, updateItem,
} from '../services/item_master.js'
import {
  categoryOptions, categoryTree, costingOptions, itemTypeOptions, money, problemMessages, qty, unitName, unitOptions, warehouseOptions,
} from '../services/master_views.js'

const IMAGE_EXTNAMES = ['jpg', 'jpeg', 'png', 'webp', 'gif']

const itemsQuery = () =>
  db
    .from('inventory_items as i')
    .join('inventory_units as u', 'u.id', 'i.base_unit_id')
    .leftJoin('inventory_categories as c', 'c.id', 'i.category_id')
    .select('i.*', 'u.code as unit_code', 'u.precision as unit_precision', 'c.name as category_name')

async function listOptions(ctx: HttpContext): Promise<ListOptions> {
  return withCustomFields(ITEM_TYPE, {
    searchable: ['i.code', 'i.name', 'i.model', 'i.specification'],
    sortable: { code: 'i.code', name: 'i.name', type: 'i.item_type', category: 'c.name', created: 'i.created_at' },
    defaultSort: 'code',
    filters: {
      category: (query, value) => {
        // The category and everything below it (materialized path).
        if (!/^\d{1,15}$/.test(value)) return
        query.whereIn('i.category_id', db.from('inventory_categories').where('path', 'like', `%/${value}/%`).select('id'))
      },
      type: { column: 'i.item_type', values: ITEM_TYPES },
      tracking: (query, value) => {
        if (value === 'lot') query.where('i.lot_tracked', true)
        else if (value === 'serial') query.where('i.serial_tracked', true)
        else if (value === 'none') query.where('i.lot_tracked', false).where('i.serial_tracked', false)
      },
      active: (query, value) => {
        if (value === 'yes') query.where('i.active', true)
        else if (value === 'no') query.where('i.active', false)
      },
      // A barcode typed or scanned into the search box finds its item too.
      barcode: (query, value) => {
        query.whereIn('i.id', db.from('inventory_item_barcodes').where('barcode', value.trim()).select('item_id'))
      },
    },
    scope: { permission: 'inventory.item.view', ownerColumn: 'i.owner_id', departmentColumn: 'i.department_id' },
    exportUrl: router.builder().make('inventory.items.export'),
    recordType: ITEM_TYPE,
  }, { user: ctx.auth.user, prefix: 'i' })
}

/** The search box also matches barcodes exactly: `q` that is some item's barcode widens the search to it. */
async function withBarcodeSearch(ctx: HttpContext): Promise<void> {
  const q = String(ctx.request.input('q', '') ?? '').trim()
  if (!q) return
  const hit = await db.from('inventory_item_barcodes').where('barcode', q).first()
  if (hit) {
    const qs = ctx.request.qs()
    delete qs.q
    ctx.request.updateQs({ ...qs, barcode: q })
  }
}

/** The posted item fields; a field the user may not write (hidden / read-only) keeps its stored value. */
async function readInput(ctx: HttpContext, current: Record<string, any> | null = null) {
  const all = ctx.request.all()
  const input: Record<string, any> = {}
  for (const [key, value] of Object.entries(all)) if (!key.startsWith('cf_') && key !== '_csrf' && key !== '_method') input[key] = value
  const modes = await fieldModes(ctx.auth.user!, ITEM_TYPE)
  for (const [field, mode] of Object.entries(modes)) {
    if (field.startsWith('cf_') || (mode !== 'hidden' && mode !== 'readonly')) continue
    if (current) input[field] = current[field]
    else delete input[field]
  }
  return input
}

export default class ItemsController {
  async index(ctx: HttpContext) {
    await withBarcodeSearch(ctx)
    const query = itemsQuery()
    const { rows, list } = await listQuery(ctx, query, await listOptions(ctx))
    const custom = await presentCustomFields(ITEM_TYPE, rows, localeOf(ctx.i18n), { user: ctx.auth.user })
    return renderList(
      ctx,
      { page: 'inventory::pages/items/index', table: 'inventory::pages/items/_table' },
      {
        rows, list, custom,
        controls: await customFilterControls(ITEM_TYPE, ctx.i18n, ctx.auth.user),
        categories: await categoryOptions(),
        itemTypes: itemTypeOptions(ctx.i18n),
        canCreate: await userCan(ctx.auth.user!, 'inventory.item.create'),
      }
    )
  }

  async export(ctx: HttpContext) {
    await withBarcodeSearch(ctx)
    const query = itemsQuery()
    const rows = await exportQuery(ctx, query, await listOptions(ctx))
    const ids = rows.map((r: any) => r.id)
    const barcodes = ids.length ? await db.from('inventory_item_barcodes').whereIn('item_id', ids).orderBy('id') : []
    const barcodeText = new Map<string, string[]>()
    for (const b of barcodes) barcodeText.set(String(b.item_id), [...(barcodeText.get(String(b.item_id)) ?? []), b.barcode])
    const custom = await presentCustomFields(ITEM_TYPE, rows, localeOf(ctx.i18n), { user: ctx.auth.user })
    const t = (key: string) => ctx.i18n.t(`inventory_master.fields.${key}`)
    const decimal = (micros: unknown) => (micros === null || micros === undefined ? '' : Quantity.fromMicros(micros as string).toString())
    return sendExport(ctx, 'items', rows, [
      { label: t('code'), field: 'code', value: (r: any) => r.code },
      { label: t('name'), field: 'name', value: (r: any) => r.name },
      { label: t('model'), field: 'model', value: (r: any) => r.model ?? '' },
      { label: t('specification'), field: 'specification', value: (r: any) => r.specification ?? '' },
      { label: t('category_id'), field: 'category_id', value: (r: any) => r.category_name ?? '' },
      { label: t('item_type'), field: 'item_type', value: (r: any) => ctx.i18n.t(`inventory_master.item_types.${r.item_type}`) },
      { label: t('base_unit_id'), field: 'base_unit_id', value: (r: any) => r.unit_code },
      { label: t('barcodes'), field: 'barcodes', value: (r: any) => (barcodeText.get(String(r.id)) ?? []).join(' ') },
      { label: t('min_qty'), field: 'min_qty', kind: 'quantity', value: (r: any) => decimal(r.min_qty) },
      { label: t('safety_stock'), field: 'safety_stock', kind: 'quantity', value: (r: any) => decimal(r.safety_stock) },
      { label: t('max_qty'), field: 'max_qty', kind: 'quantity', value: (r: any) => decimal(r.max_qty) },
      { label: t('reorder_qty'), field: 'reorder_qty', kind: 'quantity', value: (r: any) => decimal(r.reorder_qty) },
      { label: t('lead_time_days'), field: 'lead_time_days', value: (r: any) => (r.lead_time_days === null ? '' : String(r.lead_time_days)) },
      { label: t('standard_cost'), field: 'standard_cost', kind: 'money', value: (r: any) => decimal(r.standard_cost) },
      { label: t('active'), field: 'active', value: (r: any) => ctx.i18n.t(r.active ? 'inventory_master.yes' : 'inventory_master.no') },
      ...custom.fields.map((f) => ({ label: f.label, field: f.column, value: (r: any) => f.values.get(String(r.id)) ?? '' })),
    ], ITEM_TYPE)
  }

  async create(ctx: HttpContext) {
    return ctx.view.render('inventory::pages/items/form', await this.#formData(ctx, null))
  }

  async store(ctx: HttpContext) {
    const user = ctx.auth.user!
    const custom = await readCustomInput(ITEM_TYPE, ctx.request.all(), { i18n: ctx.i18n, user })
    const image = this.#image(ctx)
    let errors: Record<string, string> = { ...custom.errors, ...image.errors }
    let id: number | null = null
    if (!Object.keys(errors).length) {
      try {
        id = await createItem({ ...(await readInput(ctx)), ...custom.values }, user)
      } catch (error) {
        if (!(error instanceof ItemInvalid)) throw error
        errors = problemMessages(error.problems, ctx.i18n)
      }
    } else {
      // Report the item's own problems together with the custom fields' ones.
      try {
        await db.transaction(async (trx) => {
          const { prepareItem } = await import('../services/item_master.js')
          await prepareItem(await readInput(ctx), null, trx)
        })
      } catch (error) {
        if (!(error instanceof ItemInvalid)) throw error
        errors = { ...problemMessages(error.problems, ctx.i18n), ...errors }
      }
    }
    if (id === null) return renderInvalid(ctx, 'inventory::pages/items/_form', await this.#formData(ctx, null), errors)
    if (image.file) await this.#storeImage(id, image.file)
    ctx.session.flash('success', ctx.i18n.t('inventory_master.items.saved', { code: String(ctx.request.input('code')).trim() }))
    return redirectAfterSave(ctx, router.builder().params({ id }).make('inventory.items.show'))
  }

  async show(ctx: HttpContext) {
    const item = await findInScopeOrFail('inventory_items', ctx.params.id, ctx.auth.user!, 'inventory.item.view')
    const detail = await itemsQuery().where('i.id', item.id).first()
    const i18n = ctx.i18n
    const precision = Number(detail.unit_precision)
    const units = await db
      .from('inventory_item_units as iu')
      .join('inventory_units as u', 'u.id', 'iu.unit_id')
      .where('iu.item_id', item.id)
      .select('u.code', 'u.name_zh', 'u.name_en', 'iu.factor')
      .orderBy('u.code')
    const barcodes = await db
      .from('inventory_item_barcodes as b')
      .leftJoin('inventory_units as u', 'u.id', 'b.unit_id')
      .where('b.item_id', item.id)
      .select('b.barcode', 'u.code as unit_code')
      .orderBy('b.id')
    const category = detail.category_id ? (await categoryTree()).find((c) => c.id === Number(detail.category_id)) : null
    const categoryPath = category
      ? (await db.from('inventory_categories').whereIn('id', category.path.split('/').filter(Boolean).map(Number))).sort((a: any, b: any) => a.path.length - b.path.length).map((c: any) => c.name).join(' / ')
      : ''
    const warehouse = detail.default_warehouse_id ? await db.from('inventory_warehouses').where('id', detail.default_warehouse_id).first() : null
    const stock = await this.#stockByWarehouse(item.id, precision, ctx)
    const custom = await presentCustomFields(ITEM_TYPE, [item], localeOf(i18n), { user: ctx.auth.user })
    const user = ctx.auth.user!
    return ctx.view.render('inventory::pages/items/show', {
      item: detail,
      units: units.map((u: any) => ({ code: u.code, name: unitName(u, i18n), factor: qty(u.factor, i18n) })),
      barcodes,
      categoryPath,
      warehouse,
      stock,
      custom,
      figures: {
        min: qty(detail.min_qty, i18n, precision), max: qty(detail.max_qty, i18n, precision), safety: qty(detail.safety_stock, i18n, precision),
        reorder: qty(detail.reorder_qty, i18n, precision),
        cost: (await userCan(user, 'inventory.valuation.view')) && (await fieldModes(user, ITEM_TYPE)).standard_cost !== 'hidden' ? money(detail.standard_cost, i18n) : null,
      },
      hasMoves: await itemHasMoves(item.id),
      can: {
        edit: await userCan(user, 'inventory.item.edit'),
        delete: await userCan(user, 'inventory.item.delete'),
      },
    })
  }

  async edit(ctx: HttpContext) {
    const item = await findInScopeOrFail('inventory_items', ctx.params.id, ctx.auth.user!, 'inventory.item.edit')
    return ctx.view.render('inventory::pages/items/form', await this.#formData(ctx, item))
  }

  async update(ctx: HttpContext) {
    const user = ctx.auth.user!
    const item = await findInScopeOrFail('inventory_items', ctx.params.id, user, 'inventory.item.edit')
    const custom = await readCustomInput(ITEM_TYPE, ctx.request.all(), { i18n: ctx.i18n, user })
    const image = this.#image(ctx)
    let errors: Record<string, string> = { ...custom.errors, ...image.errors }
    try {
      if (Object.keys(errors).length) {
        const { prepareItem } = await import('../services/item_master.js')
        const input = await readInput(ctx, await itemAsInput(item.id))
        await db.transaction((trx) => prepareItem(input, { id: item.id, base_unit_id: item.base_unit_id }, trx))
      } else {
        await updateItem(item.id, { active: item.active, ...(await readInput(ctx, await itemAsInput(item.id))), ...custom.values }, user)
      }
    } catch (error) {
      if (!(error instanceof ItemInvalid)) throw error
      errors = { ...problemMessages(error.problems, ctx.i18n), ...errors }
    }
    if (Object.keys(errors).length) return renderInvalid(ctx, 'inventory::pages/items/_form', await this.#formData(ctx, item), errors)
    if (image.file) await this.#storeImage(item.id, image.file, item.image_path)
    ctx.session.flash('success', ctx.i18n.t('inventory_master.items.saved', { code: String(ctx.request.input('code')).trim() }))
    return redirectAfterSave(ctx, router.builder().params({ id: item.id }).make('inventory.items.show'))
  }

  async destroy(ctx: HttpContext) {
    const item = await findInScopeOrFail('inventory_items', ctx.params.id, ctx.auth.user!, 'inventory.item.delete')
    try {
      await deleteItem(item.id)
    } catch (error) {
      if (!(error instanceof ItemInUse)) throw error
      const message = ctx.i18n.t('inventory_master.items.in_use', { code: item.code })
      if (ctx.request.header('HX-Request')) {
        toast(ctx, 'error', message)
        return ctx.response.status(409).send(message)
      }
      ctx.session.flash('error', message)
      return ctx.response.redirect(router.builder().params({ id: item.id }).make('inventory.items.show'))
    }
    if (item.image_path) await drive.use().delete(item.image_path).catch(() => {})
    ctx.session.flash('success', ctx.i18n.t('inventory_master.items.deleted', { code: item.code }))
    return redirectAfterSave(ctx, router.builder().make('inventory.items.index'))
  }

  async deactivate(ctx: HttpContext) {
    return this.#setActive(ctx, false)
  }

  async activate(ctx: HttpContext) {
    return this.#setActive(ctx, true)
  }

  async image(ctx: HttpContext) {
    const item = await findInScopeOrFail('inventory_items', ctx.params.id, ctx.auth.user!, 'inventory.item.view')
    if (!item.image_path) throw new NotFoundException()
    const ext = String(item.image_path).split('.').pop()!.toLowerCase()
    const type = ext === 'png' ? 'image/png' : ext === 'webp' ? 'image/webp' : ext === 'gif' ? 'image/gif' : 'image/jpeg'
    const stream = await drive.use().getStream(item.image_path)
    ctx.response.header('Content-Type', type)
    ctx.response.header('X-Content-Type-Options', 'nosniff')
    ctx.response.header('Cache-Control', 'private, max-age=300')
    return ctx.response.stream(stream)
  }

  /**
   * Item picker for document lines: `?q=` matches code, name, model, spec or a
   * barcode; active items only. JSON by default, an option list fragment for htmx.
   */
  async pick(ctx: HttpContext) {
    const q = String(ctx.request.input('q', '') ?? '').trim()
    const query = itemsQuery().where('i.active', true).orderBy('i.code').limit(20)
    if (q) {
      const like = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`
      query.where((w) => {
        for (const column of ['i.code', 'i.name', 'i.model', 'i.specification']) w.orWhereRaw(`LOWER(${column}) LIKE ? ESCAPE '\\'`, [like])
        w.orWhereIn('i.id', db.from('inventory_item_barcodes').where('barcode', q).select('item_id'))
      })
    }
    const { applyDataScope } = await import('#services/data_scope')
    await applyDataScope(query, ctx.auth.user!, 'inventory.item.view', { ownerColumn: 'i.owner_id', departmentColumn: 'i.department_id' })
    const rows = await query
    const items = rows.map((r: any) => ({
      id: Number(r.id), code: r.code, name: r.name, model: r.model ?? null, specification: r.specification ?? null,
      baseUnitId: Number(r.base_unit_id), baseUnitCode: r.unit_code, precision: Number(r.unit_precision),
      lotTracked: Boolean(r.lot_tracked), serialTracked: Boolean(r.serial_tracked), requiresInspection: Boolean(r.requires_inspection),
    }))
    ctx.response.header('Vary', 'HX-Request')
    if (ctx.request.header('HX-Request')) return ctx.view.render('inventory::partials/item_picker', { items, q, target: String(ctx.request.input('target', '') ?? '') })
    return ctx.response.json({ items })
  }

  async #setActive(ctx: HttpContext, active: boolean) {
    const item = await findInScopeOrFail('inventory_items', ctx.params.id, ctx.auth.user!, 'inventory.item.edit')
    await setItemActive(item.id, active)
    ctx.session.flash('success', ctx.i18n.t(active ? 'inventory_master.items.activated' : 'inventory_master.items.deactivated', { code: item.code }))
    return redirectAfterSave(ctx, router.builder().params({ id: item.id }).make('inventory.items.show'))
  }

  #image(ctx: HttpContext) {
    const file = ctx.request.file('image', { size: '5mb', extnames: IMAGE_EXTNAMES })
    if (!file) return { file: null, errors: {} as Record<string, string> }
    if (!file.isValid) {
      const tooBig = file.errors.some((e) => e.type === 'size')
      return { file: null, errors: { image: ctx.i18n.t(tooBig ? 'inventory_master.errors.image_size' : 'inventory_master.errors.image_type') } }
    }
    return { file, errors: {} as Record<string, string> }
  }

  async #storeImage(itemId: number, file: NonNullable<ReturnType<HttpContext['request']['file']>>, previous?: string | null) {
    const ext = (file.extname ?? 'jpg').toLowerCase().replace(/[^a-z0-9]/g, '')
    const key = `inventory/items/${itemId}/${randomUUID()}.${ext}`
    if (!file.tmpPath) return
    await drive.use().moveFromFs(file.tmpPath, key)
    await db.from('inventory_items').where('id', itemId).update({ image_path: key })
    if (previous) await drive.use().delete(previous).catch(() => {})
  }

  async #stockByWarehouse(itemId: number, precision: number, ctx: HttpContext) {
    const warehouses = await db.from('inventory_warehouses').where('active', true).orderBy('code')
    const rows = []
    let available = true
    for (const w of warehouses) {
      let figures = null
      try {
        figures = await stockOf(itemId, { warehouseId: Number(w.id) })
      } catch {
        // The ledger is not there yet (or failed): show zeros and say so.
        available = false
      }
      const show = (q: Quantity | undefined) => (q ?? Quantity.zero()).round(precision).format(ctx.i18n.locale)
      rows.push({
        code: w.code, name: w.name,
        onHand: show(figures?.onHand), reserved: show(figures?.reserved), available: show(figures?.available),
        onOrder: show(figures?.onOrder), plannedIn: show(figures?.plannedIn), plannedOut: show(figures?.plannedOut),
      })
    }
    return { rows, available }
  }

  async #formData(ctx: HttpContext, item: Record<string, any> | null) {
    const input = item ? await itemAsInput(item.id) : null
    const submitted = ctx.request.method() === 'GET' ? null : ctx.request.all()
    const units = submitted?.units ?? input?.units ?? []
    const barcodes = submitted?.barcodes ?? input?.barcodes ?? []
    // The rows typed so far (blank ones dropped) and one empty row to add another.
    const rows = (v: any) => (Array.isArray(v) ? v : Object.values(v ?? {})).filter((r: any) => r && Object.values(r).some((x) => String(x ?? '').trim() !== ''))
    return {
      item,
      input: input ?? { item_type: 'raw_material', costing_method: 'moving_average', base_unit_id: '' },
      unitRows: [...rows(units), { unit_id: '', factor: '' }],
      barcodeRows: [...rows(barcodes), { barcode: '', unit_id: '' }],
      categories: await categoryOptions(),
      units: await unitOptions(ctx.i18n),
      warehouses: await warehouseOptions({ activeOnly: true }),
      itemTypes: itemTypeOptions(ctx.i18n),
      costingMethods: costingOptions(ctx.i18n),
      customFields: await customFormFields(ITEM_TYPE, { i18n: ctx.i18n, record: item, user: ctx.auth.user }),
      modes: await fieldModes(ctx.auth.user!, ITEM_TYPE),
    }
  }
}
