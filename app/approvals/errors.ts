/*
 * Errors of the approvals engine a user reads: an i18n key
 * (approvals.errors.*) and its data. A DocumentError, so document pages and
 * the API already know how to answer one (422 with the message).
 */
import { DocumentError } from '#kernel/documents/document_errors'

export class ApprovalError extends DocumentError {
  constructor(key: string, data: Record<string, unknown> = {}, status = 422) {
    super(key, data)
    this.status = status
  }
}
