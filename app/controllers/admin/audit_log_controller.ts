import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import User from '#models/user'
import plugins from '#services/plugins'
import { listAuditEntries, auditRecordTypes } from '#kernel/documents/list_audit_entries'
import { auditFilterValidator } from '#validators/audit_filter_validator'
import { validateForm } from '#services/forms'
import { documentsWording } from '#validators/document_extras_validator'

/** Admin page of the audit log: filters (user, record type, dates) and pages; htmx swaps the results. */
export default class AuditLogController {
  async index(ctx: HttpContext) {
    const { request, view, response } = ctx
    // Empty filter fields are "no filter".
    const input = Object.fromEntries(Object.entries(request.qs()).filter(([, v]) => v !== '' && v !== null && v !== undefined))
    const filters = { user_id: input.user_id ?? '', record_type: input.record_type ?? '', from: input.from ?? '', to: input.to ?? '' }
    const users = await User.query().orderBy('name').select('id', 'name', 'username')
    // Declared document types read as their label in the user's language.
    const lang = ctx.i18n.locale === 'en' ? 'en' : 'zh-CN'
    const recordTypes = (await auditRecordTypes()).map((type) => ({ value: type, label: plugins.documentType(type)?.label[lang] ?? type }))
    const fragment = ctx.isHtmx && request.header('HX-Target') === 'audit-panel'

    const { data: values, errors } = await validateForm<any>(ctx, auditFilterValidator, { data: input, ...documentsWording })
    if (errors) {
      response.status(422)
      const state = { users, recordTypes, filters, errors, rows: [], meta: null }
      return view.render(fragment ? 'pages/admin/audit/_panel' : 'pages/admin/audit/index', state)
    }

    const { rows, meta } = await listAuditEntries({
      userId: values.user_id,
      recordType: values.record_type,
      from: values.from ? DateTime.fromJSDate(values.from) : undefined,
      to: values.to ? DateTime.fromJSDate(values.to) : undefined,
      page: values.page,
    })
    const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== '') as [string, string][])
    const state = { users, recordTypes, filters, errors: {}, rows, meta, query: query.toString() }
    return view.render(fragment ? 'pages/admin/audit/_panel' : 'pages/admin/audit/index', state)
  }
}
