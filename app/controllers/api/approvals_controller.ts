/*
 * API for approvers: POST /api/v1/approvals/:id/approve|reject|return with
 * { comment } (token auth). JSON answers: the instance and document state, or
 * { errors: [{ message }] } with 403 / 404 / 409 / 422.
 */
import type { HttpContext } from '@adonisjs/core/http'
import { documentErrorMessage } from '#kernel/documents/document_errors'
import ForbiddenException from '#exceptions/forbidden_exception'
import { decide, type Decision } from '#kernel/approvals/engine'
import { pendingFor } from '#kernel/approvals/inbox'
import { ApprovalError } from '#kernel/approvals/errors'

export default class ApprovalsApiController {
  /** GET /api/v1/approvals: what waits for the token's user */
  async index({ auth }: HttpContext) {
    const items = await pendingFor(auth.user!.id)
    return {
      data: items.map((item) => ({
        id: item.instance.id,
        documentType: item.instance.documentType,
        documentId: item.instance.documentId,
        number: item.instance.documentNumber,
        title: item.title,
        flow: item.instance.flowName,
        step: item.instance.currentStep + 1,
        steps: item.instance.steps.length,
        submitter: item.submitterName,
        onBehalfOf: item.onBehalfOf,
      })),
    }
  }

  async approve(ctx: HttpContext) {
    return this.#decide(ctx, 'approve')
  }

  async reject(ctx: HttpContext) {
    return this.#decide(ctx, 'reject')
  }

  async return(ctx: HttpContext) {
    return this.#decide(ctx, 'return')
  }

  async #decide({ params, request, auth, response, i18n }: HttpContext, decision: Decision) {
    const comment = request.input('comment')
    try {
      const result = await decide(Number(params.id), auth.user!, decision, typeof comment === 'string' ? comment.slice(0, 2000) : null)
      return { data: { id: result.instance.id, state: result.instance.state, documentState: result.documentState } }
    } catch (error) {
      if (error instanceof ForbiddenException) return response.status(403).send({ errors: [{ message: i18n.t('approvals.errors.not_yours') }] })
      const message = documentErrorMessage(error, i18n)
      if (message === null) throw error
      return response.status(error instanceof ApprovalError ? error.status : 422).send({ errors: [{ message }] })
    }
  }
}
