/*
 * State of the timeline and attachments partials
 * (resources/views/partials/documents/_timeline.edge, _attachments.edge).
 * On any document page:
 *
 *   @let(timeline = await documentTimeline('sales.order', order.id))
 *   @include('partials/documents/_timeline')
 *   @let(attachments = await documentAttachments('sales.order', order.id))
 *   @include('partials/documents/_attachments')
 */
import router from '@adonisjs/core/services/router'
import { timelineOf } from './timeline.js'
import { attachmentsOf, humanSize, ATTACHMENT_MAX_SIZE } from './attachments.js'

function domId(type: string, id: string | number) {
  return `${type.replace(/[^a-z0-9]/gi, '-')}-${id}`
}

export async function timelineState(type: string, id: string | number, extra: { errors?: Record<string, string>; body?: string } = {}) {
  return {
    domId: domId(type, id),
    recordType: type,
    items: await timelineOf(type, id),
    commentUrl: router.builder().params({ type, id }).make('documents.comments.store'),
    errors: extra.errors ?? {},
    body: extra.body ?? '',
  }
}

export async function attachmentsState(type: string, id: string | number, extra: { errors?: Record<string, string> } = {}) {
  const rows = await attachmentsOf(type, id)
  return {
    domId: domId(type, id),
    items: rows.map((r) => ({
      ...r,
      sizeText: humanSize(r.size),
      url: router.builder().params({ id: r.id }).make('documents.attachments.download'),
    })),
    uploadUrl: router.builder().params({ type, id }).make('documents.attachments.store'),
    maxSize: ATTACHMENT_MAX_SIZE.toUpperCase(),
    errors: extra.errors ?? {},
  }
}
