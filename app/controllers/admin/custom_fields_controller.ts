/*
 * Admin: custom fields of a record type — list, add, edit, deactivate and
 * delete (the actions live in app/custom_fields/).
 */
import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import NotFoundException from '#exceptions/not_found_exception'
import plugins from '#services/plugins'
import { renderFormPage, validateForm, type FieldErrors } from '#services/forms'
import { CUSTOM_FIELD_KINDS, customFieldsOf, findCustomField, type CustomField } from '#kernel/custom_fields/custom_fields'
import { addCustomField } from '#kernel/custom_fields/add_custom_field'
import { setCustomFieldActive, updateCustomField } from '#kernel/custom_fields/update_custom_field'
import { deleteCustomField } from '#kernel/custom_fields/delete_custom_field'
import { CustomFieldInvalid, optionLines } from '#kernel/custom_fields/custom_field_definition'
import { localeOf } from '#kernel/custom_fields/custom_field_values'
import { createCustomFieldValidator, customFieldsWording, updateCustomFieldValidator } from '#validators/custom_field_validator'

function recordTypes(locale: 'zh-CN' | 'en') {
  return plugins
    .recordTypes()
    .map((r) => ({ value: r.type, label: `${r.label[locale]} (${r.type})` }))
    .sort((a, b) => a.value.localeCompare(b.value))
}

function indexUrl(type: string) {
  return router.builder().qs({ type }).make('admin.custom_fields.index')
}

async function findOrFail(id: unknown): Promise<CustomField> {
  const field = await findCustomField(String(id))
  if (!field) throw new NotFoundException()
  return field
}

function translate(ctx: HttpContext, error: CustomFieldInvalid): FieldErrors {
  return Object.fromEntries(Object.entries(error.fields).map(([f, e]) => [f, ctx.i18n.t(e.key, e.params)]))
}

/** The form values an admin may change after creation (the kind, name and reference are fixed). */
function editableInput(data: any) {
  return {
    labelZh: data.label_zh,
    labelEn: data.label_en,
    helpZh: data.help_zh,
    helpEn: data.help_en,
    required: data.required,
    position: data.position,
    options: data.options,
  }
}

export default class CustomFieldsController {
  async index(ctx: HttpContext) {
    const locale = localeOf(ctx.i18n)
    const types = recordTypes(locale)
    const asked = String(ctx.request.qs().type ?? '')
    const type = types.find((t) => t.value === asked)?.value ?? types[0]?.value ?? null
    const fields = type ? await customFieldsOf(type, { includeInactive: true }) : []
    return ctx.view.render('pages/admin/custom_fields/index', { types, type, fields, locale })
  }

  async create(ctx: HttpContext) {
    const type = String(ctx.request.qs().type ?? '')
    if (!plugins.recordType(type)) throw new NotFoundException()
    return this.#form(ctx, { type, field: null })
  }

  async store(ctx: HttpContext) {
    const type = String(ctx.request.input('record_type') ?? '')
    if (!plugins.recordType(type)) throw new NotFoundException()
    const { data, errors } = await validateForm<any>(ctx, createCustomFieldValidator, customFieldsWording)
    if (errors) return this.#form(ctx, { type, field: null }, errors, 422)
    try {
      await addCustomField(
        {
          recordType: type,
          ...editableInput(data),
          name: data.name,
          kind: data.kind,
          reference: data.reference,
        },
        ctx.auth.user!.id
      )
    } catch (error) {
      if (error instanceof CustomFieldInvalid) return this.#form(ctx, { type, field: null }, translate(ctx, error), 422)
      throw error
    }
    ctx.session.flash('success', ctx.i18n.t('custom_fields.saved', { label: localeOf(ctx.i18n) === 'en' ? data.label_en : data.label_zh }))
    return ctx.response.redirect(indexUrl(type))
  }

  async edit(ctx: HttpContext) {
    const field = await findOrFail(ctx.params.id)
    return this.#form(ctx, { type: field.recordType, field })
  }

  async update(ctx: HttpContext) {
    const field = await findOrFail(ctx.params.id)
    const { data, errors } = await validateForm<any>(ctx, updateCustomFieldValidator, customFieldsWording)
    if (errors) return this.#form(ctx, { type: field.recordType, field }, errors, 422)
    try {
      await updateCustomField(
        field,
        editableInput(data),
        ctx.auth.user!.id
      )
    } catch (error) {
      if (error instanceof CustomFieldInvalid) return this.#form(ctx, { type: field.recordType, field }, translate(ctx, error), 422)
      throw error
    }
    ctx.session.flash('success', ctx.i18n.t('custom_fields.saved', { label: localeOf(ctx.i18n) === 'en' ? data.label_en : data.label_zh }))
    return ctx.response.redirect(indexUrl(field.recordType))
  }

  async deactivate(ctx: HttpContext) {
    return this.#setActive(ctx, false)
  }

  async activate(ctx: HttpContext) {
    return this.#setActive(ctx, true)
  }

  async #setActive(ctx: HttpContext, active: boolean) {
    const field = await findOrFail(ctx.params.id)
    await setCustomFieldActive(field, active, ctx.auth.user!.id)
    const label = field.label[localeOf(ctx.i18n)]
    ctx.session.flash('success', ctx.i18n.t(active ? 'custom_fields.activated' : 'custom_fields.deactivated', { label }))
    return ctx.response.redirect(indexUrl(field.recordType))
  }

  async destroy(ctx: HttpContext) {
    const field = await findOrFail(ctx.params.id)
    await deleteCustomField(field, ctx.auth.user!.id)
    ctx.session.flash('success', ctx.i18n.t('custom_fields.deleted', { label: field.label[localeOf(ctx.i18n)] }))
    return ctx.response.redirect(indexUrl(field.recordType))
  }

  async #form(ctx: HttpContext, target: { type: string; field: CustomField | null }, errors: FieldErrors = {}, status = 200) {
    const locale = localeOf(ctx.i18n)
    const recordType = plugins.recordType(target.type)
    const field = target.field
    return renderFormPage(
      ctx,
      'pages/admin/custom_fields/form',
      {
        field,
        type: target.type,
        typeLabel: recordType ? recordType.label[locale] : target.type,
        kinds: CUSTOM_FIELD_KINDS.map((k) => ({ value: k, label: ctx.i18n.t(`custom_fields.kinds.${k}`) })),
        referenceTypes: recordTypes(locale),
        optionText: field ? optionLines(field.options) : '',
      },
      errors,
      status
    )
  }
}
