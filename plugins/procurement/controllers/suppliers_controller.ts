/*
 * Supplier pages: list (search, grade/active/subcontractor filters, CSV/XLSX
 * export, import), detail with tabs (contacts, bank, qualifications, price
 * agreements, score history), create/edit with custom fields.
 */
import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import vine from '@vinejs/vine'
import { exportQuery, listQuery, renderList, sendExport, type ListOptions } from '#services/list_query'
import { findInScopeOrFail } from '#services/data_scope'
import { redirectAfterSave, renderInvalid, validateForm, type FieldErrors } from '#services/forms'
import { toast } from '#services/toast'
import { readCustomInput } from '#kernel/custom_fields/read_custom_input'
import { customFormFields } from '#kernel/custom_fields/custom_form'
import { customFilterControls, withCustomFields } from '#kernel/custom_fields/custom_list'
import { localeOf, presentCustomFields } from '#kernel/custom_fields/custom_field_values'
import { Money, Quantity } from '#kernel/numbers/index'
import { parseDate } from '#kernel/records/values'
import { findItemByCode } from '#plugins/inventory/api'
import { addAgreement, addContact, addQualification, parseBreaks, qualificationStatus, saveSupplier } from '../services/suppliers.js'
import { refuse, sharePerms } from './helpers.js'

const TYPE = 'procurement.supplier'
const GRADES = ['A', 'B', 'C']
const optionalText = (max: number) => vine.string().trim().maxLength(max).optional()

const supplierValidator = vine.compile(
  vine.object({
    code: vine.string().trim().minLength(1).maxLength(40).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/),
    name: vine.string().trim().minLength(1).maxLength(200),
    short_name: optionalText(60),
    tax_number: vine.string().trim().regex(/^[0-9A-Za-z]{15,20}$/).optional(),
    phone: vine.string().trim().regex(/^[0-9+\-() ]{5,40}$/).optional(),
    email: vine.string().trim().email().maxLength(160).optional(),
    address: optionalText(255),
    currency: vine.string().trim().regex(/^[A-Z]{3}$/).optional(),
    payment_terms_days: vine.number().withoutDecimals().min(0).max(365).optional(),
    bank_name: optionalText(120),
    bank_account: vine.string().trim().regex(/^[0-9 ]{8,40}$/).optional(),
    bank_account_name: optionalText(200),
  })
)

const contactValidator = vine.compile(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(120),
    title: optionalText(80),
    phone: vine.string().trim().regex(/^[0-9+\-() ]{5,40}$/).optional(),
    email: vine.string().trim().email().maxLength(160).optional(),
  })
)

const qualificationValidator = vine.compile(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(120),
    certificate_no: optionalText(80),
    valid_from: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
    expires_on: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
  })
)

const agreementValidator = vine.compile(
  vine.object({
    item_code: vine.string().trim().minLength(1).maxLength(60),
    unit_price: vine.string().trim().minLength(1),
    supplier_item_code: optionalText(60),
    min_order_qty: vine.string().trim().optional(),
    lead_time_days: vine.number().withoutDecimals().min(0).max(3650).optional(),
    valid_from: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
    valid_to: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
    breaks: vine.string().trim().maxLength(500).optional(),
  })
)

const wording = { fields: ['procurement_buying.fields'] }
const isoDate = (d: Date | undefined) => (d ? parseDate(d) : null)
const checked = (value: unknown) => value === true || value === 'on' || value === '1' || value === 'true'

async function listOptions(ctx: HttpContext): Promise<ListOptions> {
  return withCustomFields(TYPE, {
    searchable: ['code', 'name', 'short_name', 'phone'],
    sortable: { code: 'code', name: 'name', grade: 'grade', score: 'score' },
    defaultSort: 'code',
    filters: {
      grade: { column: 'grade', values: GRADES },
      active: (query: any, value: string) => query.where('active', value === 'yes'),
      subcontractor: (query: any, value: string) => query.where('is_subcontractor', value === 'yes'),
    },
    scope: { permission: 'procurement.supplier.view' },
    exportUrl: router.builder().make('procurement.suppliers.export'),
    recordType: TYPE,
  }, { user: ctx.auth.user })
}

export default class SuppliersController {
  async index(ctx: HttpContext) {
    await sharePerms(ctx)
    const { rows, list } = await listQuery(ctx, db.from('procurement_suppliers').select('*'), await listOptions(ctx))
    const custom = await presentCustomFields(TYPE, rows, localeOf(ctx.i18n), { user: ctx.auth.user })
    for (const row of rows as any[]) row.scoreText = row.score === null ? '' : Quantity.fromMicros(row.score).toFixed(1)
    return renderList(
      ctx,
      { page: 'procurement::pages/suppliers/index', table: 'procurement::pages/suppliers/_table' },
      { rows, list, custom, controls: await customFilterControls(TYPE, ctx.i18n, ctx.auth.user), grades: GRADES }
    )
  }

  async export(ctx: HttpContext) {
    const rows = await exportQuery(ctx, db.from('procurement_suppliers').select('*'), await listOptions(ctx))
    const custom = await presentCustomFields(TYPE, rows, localeOf(ctx.i18n), { user: ctx.auth.user })
    const f = (key: string) => ctx.i18n.t(`procurement_buying.fields.${key}`)
    return sendExport(ctx, 'suppliers', rows, [
      { label: f('code'), field: 'code', value: (r: any) => r.code },
      { label: f('name'), field: 'name', value: (r: any) => r.name },
      { label: f('phone'), field: 'phone', value: (r: any) => r.phone },
      { label: f('email'), field: 'email', value: (r: any) => r.email },
      { label: f('grade'), field: 'grade', value: (r: any) => r.grade },
      { label: f('score'), field: 'score', kind: 'number', value: (r: any) => (r.score === null ? null : Quantity.fromMicros(r.score).toFixed(2)) },
      { label: f('bank_name'), field: 'bank_name', value: (r: any) => r.bank_name },
      { label: f('bank_account'), field: 'bank_account', value: (r: any) => r.bank_account },
      ...custom.fields.map((c) => ({ label: c.label, field: c.column, value: (r: any) => c.values.get(String(r.id)) })),
    ] as any, TYPE)
  }

  async create(ctx: HttpContext) {
    return ctx.view.render('procurement::pages/suppliers/form', await this.#formData(ctx, null))
  }

  async store(ctx: HttpContext) {
    return this.#save(ctx, null)
  }

  async edit(ctx: HttpContext) {
    const supplier = await findInScopeOrFail('procurement_suppliers', ctx.params.id, ctx.auth.user!, 'procurement.supplier.edit')
    return ctx.view.render('procurement::pages/suppliers/form', await this.#formData(ctx, supplier))
  }

  async update(ctx: HttpContext) {
    const supplier = await findInScopeOrFail('procurement_suppliers', ctx.params.id, ctx.auth.user!, 'procurement.supplier.edit')
    return this.#save(ctx, supplier)
  }

  async show(ctx: HttpContext) {
    await sharePerms(ctx)
    const supplier = await findInScopeOrFail('procurement_suppliers', ctx.params.id, ctx.auth.user!, 'procurement.supplier.view')
    return ctx.view.render('procurement::pages/suppliers/show', await this.#detailData(ctx, supplier))
  }

  async addContact(ctx: HttpContext) {
    const supplier = await findInScopeOrFail('procurement_suppliers', ctx.params.id, ctx.auth.user!, 'procurement.supplier.edit')
    const result = await validateForm<any>(ctx, contactValidator, wording)
    if (result.errors) return this.#invalidChild(ctx, supplier, 'contacts', result.errors)
    await addContact(supplier.id, { name: result.data.name, title: result.data.title, phone: result.data.phone, email: result.data.email, isPrimary: checked(ctx.request.input('is_primary')) })
    return this.#childSaved(ctx, supplier)
  }

  async addQualification(ctx: HttpContext) {
    const supplier = await findInScopeOrFail('procurement_suppliers', ctx.params.id, ctx.auth.user!, 'procurement.supplier.edit')
    const result = await validateForm<any>(ctx, qualificationValidator, wording)
    if (result.errors) return this.#invalidChild(ctx, supplier, 'qualifications', result.errors)
    try {
      await addQualification(supplier.id, { name: result.data.name, certificateNo: result.data.certificate_no, validFrom: isoDate(result.data.valid_from), expiresOn: isoDate(result.data.expires_on) })
    } catch (error) {
      return refuse(ctx, error, 'procurement::pages/suppliers/_child_form', { ...(await this.#detailData(ctx, supplier)), kind: 'qualifications' })
    }
    return this.#childSaved(ctx, supplier)
  }

  async addAgreement(ctx: HttpContext) {
    const supplier = await findInScopeOrFail('procurement_suppliers', ctx.params.id, ctx.auth.user!, 'procurement.supplier.edit')
    const result = await validateForm<any>(ctx, agreementValidator, wording)
    if (result.errors) return this.#invalidChild(ctx, supplier, 'agreements', result.errors)
    const item = await findItemByCode(result.data.item_code)
    if (!item) return this.#invalidChild(ctx, supplier, 'agreements', { item_code: ctx.i18n.t('procurement_buying.errors.item_code_unknown', { code: result.data.item_code }) })
    try {
      await addAgreement(supplier.id, {
        itemId: item.id, unitPrice: result.data.unit_price, supplierItemCode: result.data.supplier_item_code, minOrderQty: result.data.min_order_qty,
        leadTimeDays: result.data.lead_time_days ?? null, validFrom: isoDate(result.data.valid_from), validTo: isoDate(result.data.valid_to),
        preferred: checked(ctx.request.input('preferred')), breaks: parseBreaks(result.data.breaks),
      })
    } catch (error) {
      return refuse(ctx, error, 'procurement::pages/suppliers/_child_form', { ...(await this.#detailData(ctx, supplier)), kind: 'agreements' })
    }
    return this.#childSaved(ctx, supplier)
  }

  async removeChild(ctx: HttpContext) {
    const supplier = await findInScopeOrFail('procurement_suppliers', ctx.params.id, ctx.auth.user!, 'procurement.supplier.edit')
    const table = { contacts: 'procurement_supplier_contacts', qualifications: 'procurement_supplier_qualifications', agreements: 'procurement_price_agreements' }[ctx.params.kind as string]!
    const deleted = await db.from(table).where({ id: ctx.params.childId, supplier_id: supplier.id }).delete()
    if (!Number(Array.isArray(deleted) ? deleted[0] : deleted)) return ctx.response.notFound()
    toast(ctx, 'success', ctx.i18n.t('procurement_buying.suppliers.removed'))
    return ctx.response.redirect().toRoute('procurement.suppliers.show', { id: supplier.id })
  }

  async #childSaved(ctx: HttpContext, supplier: any) {
    ctx.session.flash('success', ctx.i18n.t('procurement_buying.suppliers.saved', { name: supplier.name }))
    return redirectAfterSave(ctx, router.builder().params({ id: supplier.id }).make('procurement.suppliers.show'))
  }

  async #invalidChild(ctx: HttpContext, supplier: any, kind: string, errors: FieldErrors) {
    return renderInvalid(ctx, 'procurement::pages/suppliers/_child_form', { ...(await this.#detailData(ctx, supplier)), kind }, errors)
  }

  async #save(ctx: HttpContext, existing: any) {
    const own = await validateForm<any>(ctx, supplierValidator, wording)
    const custom = await readCustomInput(TYPE, ctx.request.all(), { i18n: ctx.i18n, user: ctx.auth.user })
    const errors = { ...(own.errors ?? {}), ...custom.errors }
    const data = await this.#formData(ctx, existing)
    if (Object.keys(errors).length) return renderInvalid(ctx, 'procurement::pages/suppliers/_form', data, errors)
    const input = own.data
    try {
      const supplier = await saveSupplier(
        {
          code: input.code, name: input.name, shortName: input.short_name, taxNumber: input.tax_number, phone: input.phone, email: input.email,
          address: input.address, currency: input.currency, paymentTermsDays: input.payment_terms_days ?? null, bankName: input.bank_name,
          bankAccount: input.bank_account, bankAccountName: input.bank_account_name,
          isSubcontractor: checked(ctx.request.input('is_subcontractor')), active: existing ? checked(ctx.request.input('active')) : true,
        },
        custom.values,
        ctx.auth.user!,
        existing?.id
      )
      ctx.session.flash('success', ctx.i18n.t('procurement_buying.suppliers.saved', { name: supplier.name }))
      return redirectAfterSave(ctx, router.builder().params({ id: supplier.id }).make('procurement.suppliers.show'))
    } catch (error) {
      return refuse(ctx, error, 'procurement::pages/suppliers/_form', data)
    }
  }

  async #formData(ctx: HttpContext, supplier: any) {
    return { supplier, customFields: await customFormFields(TYPE, { i18n: ctx.i18n, record: supplier, user: ctx.auth.user }) }
  }

  async #detailData(ctx: HttpContext, supplier: any) {
    const locale = ctx.i18n.locale
    const contacts = await db.from('procurement_supplier_contacts').where('supplier_id', supplier.id).orderBy('is_primary', 'desc').orderBy('id')
    const qualifications = (await db.from('procurement_supplier_qualifications').where('supplier_id', supplier.id).orderBy('expires_on')).map((q: any) => {
      const expires = q.expires_on ? parseDate(q.expires_on) : null
      return { ...q, valid_from: q.valid_from ? parseDate(q.valid_from) : null, expires_on: expires, status: qualificationStatus(expires) }
    })
    const agreementRows = await db
      .from('procurement_price_agreements as a')
      .join('inventory_items as i', 'i.id', 'a.item_id')
      .where('a.supplier_id', supplier.id)
      .select('a.*', 'i.code as item_code', 'i.name as item_name')
      .orderBy('i.code')
    const breaks = agreementRows.length ? await db.from('procurement_price_breaks').whereIn('agreement_id', agreementRows.map((a: any) => a.id)).orderBy('min_quantity') : []
    const agreements = agreementRows.map((a: any) => ({
      ...a,
      priceText: Money.fromMicros(a.unit_price, a.currency).format(locale, { places: 4 }),
      moqText: a.min_order_qty === null ? '' : Quantity.fromMicros(a.min_order_qty).toString(),
      validText: [a.valid_from ? parseDate(a.valid_from) : '…', a.valid_to ? parseDate(a.valid_to) : '…'].join(' ~ '),
      breaksText: breaks.filter((b: any) => Number(b.agreement_id) === Number(a.id))
        .map((b: any) => `≥${Quantity.fromMicros(b.min_quantity).toString()}: ${Money.fromMicros(b.unit_price, a.currency).format(locale, { places: 4 })}`).join('; '),
    }))
    const scores = (await db.from('procurement_supplier_scores').where('supplier_id', supplier.id).orderBy('id', 'desc').limit(24)).map((s: any) => ({
      ...s,
      period: `${parseDate(s.period_from)} ~ ${parseDate(s.period_to)}`,
      onTime: s.on_time_rate === null ? '—' : Quantity.fromMicros(s.on_time_rate).toFixed(1) + '%',
      quality: s.quality_rate === null ? '—' : Quantity.fromMicros(s.quality_rate).toFixed(1) + '%',
      price: s.price_index === null ? '—' : Quantity.fromMicros(s.price_index).toFixed(1),
      scoreText: s.score === null ? '—' : Quantity.fromMicros(s.score).toFixed(1),
    }))
    const custom = await presentCustomFields(TYPE, [supplier], localeOf(ctx.i18n), { user: ctx.auth.user })
    const scoreText = supplier.score === null ? '—' : Quantity.fromMicros(supplier.score).toFixed(1)
    return { supplier, contacts, qualifications, agreements, scores, custom, scoreText }
  }
}
