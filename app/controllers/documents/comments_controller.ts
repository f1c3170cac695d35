import type { HttpContext } from '@adonisjs/core/http'
import { findViewableDocument } from '#kernel/documents/record_access'
import { addComment } from '#kernel/documents/timeline'
import { timelineState } from '#kernel/documents/document_extras_views'
import { commentValidator, documentsWording } from '#validators/document_extras_validator'
import { validateForm } from '#services/forms'

/** The timeline of any document, and posting a comment to it (htmx or a plain form). */
export default class CommentsController {
  async index(ctx: HttpContext) {
    const doc = await findViewableDocument(ctx.auth.user!, ctx.params.type, ctx.params.id)
    return ctx.view.render('partials/documents/_timeline', { timeline: await timelineState(doc.type, doc.id) })
  }

  async store(ctx: HttpContext) {
    const { request, response, session, auth } = ctx
    const doc = await findViewableDocument(auth.user!, ctx.params.type, ctx.params.id)
    const { data: values, errors } = await validateForm<any>(ctx, commentValidator, { data: request.all(), ...documentsWording })
    if (errors) {
      if (!ctx.isHtmx) {
        session.flash('errors', errors)
        return response.redirect().back()
      }
      response.status(422)
      const timeline = await timelineState(doc.type, doc.id, { errors, body: String(request.input('body') ?? '') })
      return ctx.view.render('partials/documents/_timeline', { timeline })
    }
    await addComment({ recordType: doc.type, recordId: doc.id, userId: auth.user!.id, body: values.body })
    if (!ctx.isHtmx) return response.redirect().back()
    return ctx.view.render('partials/documents/_timeline', { timeline: await timelineState(doc.type, doc.id) })
  }
}
