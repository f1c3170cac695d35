/*
 * The approvals inbox (/approvals): items waiting for me (delegated ones
 * included) and what I decided; approve / return / reject with a comment,
 * answered in place with htmx (the card is replaced) or by a redirect.
 */
import type { HttpContext } from '@adonisjs/core/http'
import { wantsFragment } from '#services/list_query'
import { documentErrorMessage } from '#kernel/documents/document_errors'
import { decide, DECISIONS, type Decision } from '#kernel/approvals/engine'
import { decidedBy, pendingFor } from '#kernel/approvals/inbox'
import { ApprovalError } from '#kernel/approvals/errors'

export default class InboxController {
  async index({ view, auth, request }: HttpContext) {
    const tab = request.input('tab') === 'done' ? 'done' : 'pending'
    const userId = auth.user!.id
    const pending = await pendingFor(userId)
    const done = tab === 'done' ? await decidedBy(userId) : []
    return view.render('pages/approvals/inbox', { tab, pending, done })
  }

  async decide(ctx: HttpContext) {
    const { request, auth, i18n, session, response, params, view } = ctx
    const decision = String(request.input('decision', '')) as Decision
    const comment = String(request.input('comment', '') ?? '').slice(0, 2000)
    const instanceId = Number(params.id)
    try {
      if (!DECISIONS.includes(decision)) throw new ApprovalError('approvals.errors.decision', { decision })
      const result = await decide(instanceId, auth.user!, decision, comment)
      const message = i18n.t(`approvals.inbox.done_${decision}`, { number: result.instance.documentNumber ?? '' })
      if (wantsFragment(ctx)) {
        return view.render('pages/approvals/_decided', { message, decision, instance: result.instance })
      }
      session.flash('success', message)
      return response.redirect().toRoute('approvals.index')
    } catch (error) {
      const message = documentErrorMessage(error, i18n)
      if (message === null) throw error
      const status = error instanceof ApprovalError ? error.status : 422
      if (wantsFragment(ctx)) return response.status(status).send(message)
      session.flash('error', message)
      return response.redirect().toRoute('approvals.index')
    }
  }
}
