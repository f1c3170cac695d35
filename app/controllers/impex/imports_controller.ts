import { randomUUID } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import plugins from '#services/plugins'
import { userCan } from '#services/authorization'
import { listQuery, sendExport, exportFormat } from '#services/list_query'
import ForbiddenException from '#exceptions/forbidden_exception'
import NotFoundException from '#exceptions/not_found_exception'
import type { RegisteredRecordType } from '#kernel/plugins/plugin_registry'
import { fileHeaders, type ImportFormat } from '#kernel/impex/file_rows'
import { autoMap, importableFields, mappingProblems } from '#kernel/impex/mapping'
import {
  checkImport,
  createImport,
  ensureImportsDirectory,
  errorsOf,
  findImport,
  importableTypes,
  importFilePath,
  mappingOf,
  processedOf,
  removeImportFile,
  settleInterrupted,
  startImport,
  type ImportRow,
} from '#kernel/impex/importer'
import { exportRecords, localeOf, templateHeader, templateSheets } from '#kernel/impex/record_export'
import { XLSX_MIME, xlsxStream } from '#kernel/impex/xlsx'

const MAX_UPLOAD = '50mb'

/** The record type of `?type=` the user may import into: 404 unknown, 422 a document, 403 without `<prefix>.create`. */
async function importTarget(ctx: HttpContext, type: unknown): Promise<RegisteredRecordType> {
  const recordType = typeof type === 'string' ? plugins.recordType(type) : undefined
  if (!recordType) throw new NotFoundException()
  if (!(await userCan(ctx.auth.user!, `${recordType.permissionPrefix}.create`))) throw new ForbiddenException(`${recordType.permissionPrefix}.create`)
  return recordType
}

/** One of the user's own imports, or 404. */
async function ownImport(ctx: HttpContext): Promise<ImportRow> {
  const row = await findImport(ctx.params.id)
  if (!row || row.user_id !== ctx.auth.user!.id) throw new NotFoundException()
  return settleInterrupted(row)
}

function safeName(name: string) {
  return name.replace(/[^\w.-]+/g, '_')
}

/** Imports of records from CSV/XLSX (app/impex): upload → mapping → dry run → import with progress. */
export default class ImportsController {
  /** The user's own imports, newest first. */
  async index(ctx: HttpContext) {
    const { rows, list } = await listQuery<ImportRow>(ctx, db.from('imports').where('user_id', ctx.auth.user!.id).select('*'), {
      id: 'imports',
      defaultDirection: 'desc',
      perPage: 25,
    })
    const user = ctx.auth.user!
    const types = []
    for (const t of importableTypes()) if (await userCan(user, `${t.permissionPrefix}.create`)) types.push(t)
    return ctx.view.render('pages/impex/index', { rows, list, types, typeLabel: typeLabelOf(ctx) })
  }

  /** Upload form for one record type. */
  async create(ctx: HttpContext) {
    const recordType = await importTarget(ctx, ctx.request.input('type'))
    const fields = await importableFields(recordType, ctx.auth.user!)
    return ctx.view.render('pages/impex/new', { recordType, fields, ...wording(ctx, recordType) })
  }

  /** Stores the upload, reads its header row and maps it automatically. */
  async store(ctx: HttpContext) {
    const { request, response, i18n, session } = ctx
    const recordType = await importTarget(ctx, request.input('type'))
    const user = ctx.auth.user!
    const fields = await importableFields(recordType, user)
    const fail = (message: string) => {
      response.status(422)
      return ctx.view.render('pages/impex/new', { recordType, fields, errors: { file: message }, ...wording(ctx, recordType) })
    }
    if (recordType.document) return fail(i18n.t('impex.errors.documents'))
    const file = request.file('file', { size: MAX_UPLOAD, extnames: ['csv', 'xlsx'] })
    if (!file) return fail(i18n.t('impex.errors.no_file'))
    if (!file.isValid) {
      const error = file.errors[0]
      return fail(error?.type === 'size' ? i18n.t('impex.errors.too_big', { max: MAX_UPLOAD }) : i18n.t('impex.errors.file_type'))
    }
    const format = (file.extname ?? '').toLowerCase() as ImportFormat
    const key = `${randomUUID()}.${format}`
    await ensureImportsDirectory()
    await file.move(importFilePath({ file_key: '' }), { name: key })
    let headers: string[]
    try {
      headers = await fileHeaders(importFilePath({ file_key: key }), format)
    } catch {
      await removeImportFile(key)
      return fail(i18n.t('impex.errors.unreadable'))
    }
    if (!headers.some(Boolean)) {
      await removeImportFile(key)
      return fail(i18n.t('impex.errors.no_header'))
    }
    const id = await createImport({ user, recordType: recordType.type, fileName: file.clientName, fileKey: key, format, mapping: autoMap(headers, fields) })
    session.flash('success', i18n.t('impex.uploaded', { name: file.clientName }))
    return response.redirect().toRoute('impex.imports.show', { id })
  }

  /** The import's page: mapping and dry-run results, the progress, or the result. */
  async show(ctx: HttpContext) {
    const row = await ownImport(ctx)
    return ctx.view.render('pages/impex/show', await showState(ctx, row))
  }

  /** Saves the column mapping and runs the dry run (every row parsed, errors shown in the page). */
  async check(ctx: HttpContext) {
    const { request, response, i18n } = ctx
    const row = await ownImport(ctx)
    const recordType = await importTarget(ctx, row.record_type)
    if (!['uploaded', 'checked', 'invalid'].includes(row.status)) return response.redirect().toRoute('impex.imports.show', { id: row.id })
    const user = ctx.auth.user!
    const fields = await importableFields(recordType, user)
    const headers = await fileHeaders(importFilePath(row), row.format)
    const posted = request.input('map', {}) as Record<string, unknown>
    const mapping = headers.map((_, i) => {
      const value = posted?.[String(i)]
      return typeof value === 'string' && value ? value : null
    })
    const problems = mappingProblems(mapping, fields)
    await db.from('imports').where('id', row.id).update({ mapping: JSON.stringify(mapping), status: 'uploaded', error_count: 0, errors: null })
    const fresh = (await findImport(row.id))!
    if (problems.length) {
      response.status(422)
      const labels = new Map(fields.map((f) => [f.name, f.label[localeOf(i18n.locale)]]))
      const mappingErrors = problems.map((p) => i18n.t(p.error, { field: labels.get(p.params.field) ?? p.params.field }))
      return ctx.view.render('pages/impex/show', { ...(await showState(ctx, fresh)), mappingErrors })
    }
    await checkImport(fresh, user)
    // The result lives on the import's page (a reload does not post the file's check again).
    return response.redirect().toRoute('impex.imports.show', { id: row.id })
  }

  /** Starts the checked import in the background; the page then polls its progress. */
  async run(ctx: HttpContext) {
    const { response, session, i18n } = ctx
    const row = await ownImport(ctx)
    await importTarget(ctx, row.record_type)
    const started = await startImport(row, ctx.auth.user!)
    if (!started) session.flash('error', i18n.t('impex.errors.not_ready'))
    if (ctx.request.header('HX-Request') === 'true' && started) {
      return ctx.view.render('pages/impex/_progress', await showState(ctx, (await findImport(row.id))!))
    }
    return response.redirect().toRoute('impex.imports.show', { id: row.id })
  }

  /** The progress bar of a running import (polled by htmx every second until it ends). */
  async progress(ctx: HttpContext) {
    const row = await ownImport(ctx)
    if (row.status !== 'running') ctx.response.header('HX-Refresh', 'true')
    return ctx.view.render('pages/impex/_progress', await showState(ctx, row))
  }

  /** The import template of a type: XLSX (headers + a sheet explaining each field) or CSV (headers). */
  async template(ctx: HttpContext) {
    const { i18n, response } = ctx
    const recordType = await importTarget(ctx, ctx.request.input('type'))
    const fields = await importableFields(recordType, ctx.auth.user!)
    const locale = localeOf(i18n.locale)
    const name = safeName(`${recordType.type}-template`)
    if (exportFormat(ctx) === 'csv') {
      response.header('Content-Type', 'text/csv; charset=utf-8')
      response.header('Content-Disposition', `attachment; filename="${name}.csv"`)
      return response.send('\uFEFF' + fields.map((f) => csvHeader(templateHeader(f, locale))).join(',') + '\r\n')
    }
    response.header('Content-Type', XLSX_MIME)
    response.header('Content-Disposition', `attachment; filename="${name}.xlsx"`)
    return response.stream(xlsxStream(templateSheets(recordType, fields, locale, (k, p) => i18n.t(k, p))))
  }

  /** Every record of a type the user may see (data scope, hidden fields dropped), as CSV or XLSX. */
  async exportType(ctx: HttpContext) {
    const recordType = plugins.recordType(ctx.params.type)
    if (!recordType) throw new NotFoundException()
    const user = ctx.auth.user!
    if (!(await userCan(user, `${recordType.permissionPrefix}.view`))) throw new ForbiddenException(`${recordType.permissionPrefix}.view`)
    const { rows, columns } = await exportRecords(recordType.type, user, { locale: ctx.i18n.locale })
    return sendExport(ctx, recordType.type, rows, columns, recordType.type)
  }
}

function csvHeader(text: string) {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

function typeLabelOf(ctx: HttpContext) {
  const locale = localeOf(ctx.i18n.locale)
  return (type: string) => plugins.recordType(type)?.label[locale] ?? type
}

function wording(ctx: HttpContext, recordType: RegisteredRecordType) {
  return { typeLabel: recordType.label[localeOf(ctx.i18n.locale)] }
}

/** Everything the import page shows. */
async function showState(ctx: HttpContext, row: ImportRow) {
  const user = ctx.auth.user! as User
  const locale = localeOf(ctx.i18n.locale)
  const recordType = plugins.recordType(row.record_type)
  const fields = recordType ? await importableFields(recordType, user) : []
  const labels = new Map(fields.map((f) => [f.name, f.label[locale]]))
  let headers: string[] = []
  if (['uploaded', 'checked', 'invalid'].includes(row.status)) {
    try {
      headers = await fileHeaders(importFilePath(row), row.format)
    } catch {
      headers = []
    }
  }
  const mapping = mappingOf(row)
  const errors = errorsOf(row).map((e) => ({
    row: e.row,
    field: e.field ? labels.get(e.field) ?? e.field : '',
    message: ctx.i18n.t(e.error, { ...(e.params ?? {}) }),
  }))
  const processed = processedOf(row)
  return {
    imp: row,
    typeLabel: recordType?.label[locale] ?? row.record_type,
    fields,
    headers,
    mapping,
    errors,
    processed,
    percent: row.status === 'succeeded' ? 100 : row.total ? Math.floor((processed * 100) / row.total) : 0,
    editable: ['uploaded', 'checked', 'invalid'].includes(row.status) && !!recordType,
  }
}
