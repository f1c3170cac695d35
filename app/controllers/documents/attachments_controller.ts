import type { HttpContext } from '@adonisjs/core/http'
import drive from '@adonisjs/drive/services/main'
import { findViewableDocument } from '#kernel/documents/record_access'
import { storeAttachment, findAttachment, downloadContentType } from '#kernel/documents/attachments'
import { attachmentsState } from '#kernel/documents/document_extras_views'
import { attachmentValidator, documentsWording } from '#validators/document_extras_validator'
import { validateForm } from '#services/forms'
import NotFoundException from '#exceptions/not_found_exception'

/** Attachments of any document: list, upload (size and type checked), download for those who may view it. */
export default class AttachmentsController {
  async index(ctx: HttpContext) {
    const doc = await findViewableDocument(ctx.auth.user!, ctx.params.type, ctx.params.id)
    return ctx.view.render('partials/documents/_attachments', { attachments: await attachmentsState(doc.type, doc.id) })
  }

  async store(ctx: HttpContext) {
    const { request, response, session, auth } = ctx
    const doc = await findViewableDocument(auth.user!, ctx.params.type, ctx.params.id)
    const { data: values, errors } = await validateForm<any>(ctx, attachmentValidator, { data: { file: request.file('file') }, ...documentsWording })
    if (errors) {
      if (!ctx.isHtmx) {
        session.flash('errors', errors)
        session.flash('error', Object.values(errors)[0])
        return response.redirect().back()
      }
      response.status(422)
      return ctx.view.render('partials/documents/_attachments', { attachments: await attachmentsState(doc.type, doc.id, { errors }) })
    }
    await storeAttachment({ recordType: doc.type, recordId: doc.id, file: values.file, userId: auth.user!.id })
    if (!ctx.isHtmx) {
      session.flash('success', ctx.i18n.t('documents.attachments.uploaded', { name: values.file.clientName }))
      return response.redirect().back()
    }
    return ctx.view.render('partials/documents/_attachments', { attachments: await attachmentsState(doc.type, doc.id) })
  }

  async download({ params, auth, response }: HttpContext) {
    const attachment = await findAttachment(params.id)
    if (!attachment) throw new NotFoundException()
    await findViewableDocument(auth.user!, attachment.record_type, attachment.record_id)
    const stream = await drive.use().getStream(attachment.disk_key)
    const ascii = attachment.file_name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
    response.header('Content-Type', downloadContentType(attachment.mime_type))
    response.header('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(attachment.file_name)}`)
    response.header('X-Content-Type-Options', 'nosniff')
    response.header('Content-Security-Policy', "default-src 'none'; sandbox")
    response.header('Cache-Control', 'private, no-store')
    response.header('Content-Length', String(attachment.size))
    return response.stream(stream)
  }
}
