/*
 * The approvals engine (docs/decisions/011-approvals.md).
 *
 * - Submitting a document of an approvable type starts an instance when an
 *   active flow matches (first by priority): the flow's steps are copied into
 *   the instance, the first step's approvers get a task each.
 * - While an instance is pending the document cannot be confirmed or posted
 *   (the gate registered in register.ts).
 * - approve: any-one steps are settled by the first approval, all-of steps
 *   when every approver has approved; after the last step the document is
 *   confirmed (or posted) through transition(), as the last approver.
 *   return: back to draft (resubmitting starts a new instance).
 *   reject: the instance is rejected and the document cancelled.
 * - Decisions on one instance queue on its row (a counter both databases
 *   lock on update): of two approvers deciding an any-one step at once,
 *   exactly one decision counts; the other is told it was already settled.
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import i18nManager from '@adonisjs/i18n/services/main'
import plugins from '#services/plugins'
import ForbiddenException from '#exceptions/forbidden_exception'
import { recordAudit } from '#kernel/documents/audit'
import { addComment } from '#kernel/documents/timeline'
import { transition } from '#kernel/documents/transition_document'
import type { TransitionGateEvent } from '#kernel/documents/transition_gates'
import type { DocumentModel, DocumentRow } from '#kernel/documents/document_model'
import { matchingFlow } from './flows.js'
import { delegateOf, delegatorsOf, resolveApprovers } from './approvers.js'
import { parseSteps, type ApprovalStep } from './steps.js'
import { ApprovalError } from './errors.js'
import { queueApprovalNotice } from './notifications.js'
import { emitApprovalDecided } from './events.js'

export type Decision = 'approve' | 'reject' | 'return'
export const DECISIONS: Decision[] = ['approve', 'reject', 'return']
const PAST: Record<Decision, string> = { approve: 'approved', reject: 'rejected', return: 'returned' }

export interface ApprovalInstance {
  id: number
  flowId: number | null
  flowVersion: number
  flowName: string
  documentType: string
  documentId: number
  documentNumber: string | null
  submitterId: number | null
  departmentId: number | null
  state: 'pending' | 'approved' | 'rejected' | 'returned' | 'withdrawn'
  currentStep: number
  steps: ApprovalStep[]
  createdAt: unknown
  finishedAt: unknown
}

export function instanceFromRow(row: any): ApprovalInstance {
  return {
    id: Number(row.id),
    flowId: row.flow_id === null ? null : Number(row.flow_id),
    flowVersion: Number(row.flow_version),
    flowName: row.flow_name,
    documentType: row.document_type,
    documentId: Number(row.document_id),
    documentNumber: row.document_number,
    submitterId: row.submitter_id === null ? null : Number(row.submitter_id),
    departmentId: row.department_id === null ? null : Number(row.department_id),
    state: row.state,
    currentStep: Number(row.current_step),
    steps: parseSteps(row.steps),
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  }
}

const affected = (result: unknown) => Number(Array.isArray(result) ? result[0] : result) || 0

/** The pending instance of a document, if any. */
export async function pendingInstanceOf(type: string, id: number | string, client: QueryClientContract = db.connection()) {
  const row = await client.from('approval_instances').where({ document_type: type, document_id: Number(id), state: 'pending' }).first()
  return row ? instanceFromRow(row) : null
}

/** Every instance of a document, newest first. */
export async function instancesOf(type: string, id: number | string, client: QueryClientContract = db.connection()) {
  const rows = await client.from('approval_instances').where({ document_type: type, document_id: Number(id) }).orderBy('id', 'desc')
  return rows.map(instanceFromRow)
}

// Models seen in transitions, for types that do not declare `model` (same process only).
const seenModels = new Map<string, DocumentModel>()

async function documentModel(type: string): Promise<DocumentModel> {
  const loader = plugins.documentType(type)?.model
  if (loader) {
    const loaded: any = await loader()
    return (loaded?.default ?? loaded) as DocumentModel
  }
  const seen = seenModels.get(type)
  if (seen) return seen
  throw new ApprovalError('approvals.errors.no_model', { type })
}

async function loadDocument(type: string, id: number, trx: TransactionClientContract): Promise<DocumentRow> {
  const Model = await documentModel(type)
  const doc = (await Model.query({ client: trx }).where(Model.primaryKey, id).first()) as DocumentRow | null
  if (!doc) throw new ApprovalError('approvals.errors.not_found', {}, 404)
  return doc
}

async function userName(client: QueryClientContract, id: number | null): Promise<string> {
  if (!id) return ''
  const row = await client.from('users').where('id', id).select('name').first()
  return row?.name ?? `#${id}`
}

async function userLocale(client: QueryClientContract, id: number | null): Promise<string> {
  const row = id ? await client.from('users').where('id', id).select('locale').first() : null
  return row?.locale === 'en' ? 'en' : 'zh-CN'
}

/** Gives the step at `index` (or the next one that has approvers) its tasks; 'done' when none is left. */
async function activateStep(trx: TransactionClientContract, instance: ApprovalInstance, index: number, actorId: number | null): Promise<'waiting' | 'done'> {
  for (let i = index; i < instance.steps.length; i++) {
    const resolved = await resolveApprovers(trx, instance.steps[i], { submitterId: instance.submitterId, departmentId: instance.departmentId })
    if (resolved.source === 'none') {
      await recordAudit({ userId: actorId, recordType: instance.documentType, recordId: instance.documentId, action: 'approval.skip', field: `step_${i + 1}` }, trx)
      continue
    }
    const now = new Date()
    await trx.insertQuery().table('approval_tasks').multiInsert(resolved.userIds.map((userId) => ({ instance_id: instance.id, step_index: i, user_id: userId, state: 'pending', created_at: now })))
    await trx.from('approval_instances').where('id', instance.id).update({ current_step: i })
    instance.currentStep = i
    const delegates: number[] = []
    for (const userId of resolved.userIds) {
      const delegate = await delegateOf(trx, userId)
      if (delegate) delegates.push(delegate)
    }
    await queueApprovalNotice(
      {
        userIds: [...resolved.userIds, ...delegates],
        key: 'approvals.notices.waiting',
        data: { number: instance.documentNumber ?? '', flow: instance.flowName },
        recordType: instance.documentType,
        recordId: instance.documentId,
        excludeUserId: instance.submitterId,
      },
      trx
    )
    return 'waiting'
  }
  return 'done'
}

/** After submit: starts an instance when a flow matches. */
export async function startApproval(event: TransitionGateEvent) {
  const declared = plugins.documentType(event.type)
  if (!declared?.table) return
  seenModels.set(event.type, event.document.constructor as unknown as DocumentModel)
  const trx = event.trx
  const id = Number(event.document.$primaryKeyValue)
  const row = await trx.from(declared.table).where('id', id).first()
  if (!row) return
  const flow = await matchingFlow(event.type, row, trx)
  if (!flow) return
  const submitterId = event.userId ?? row.created_by ?? row.owner_id ?? null
  const submitter = submitterId ? await trx.from('users').where('id', submitterId).select('department_id').first() : null
  const departmentId = submitter?.department_id ?? row.department_id ?? null
  const [inserted] = await trx
    .insertQuery()
    .table('approval_instances')
    .insert({
      flow_id: flow.id,
      flow_version: flow.version,
      flow_name: flow.name,
      document_type: event.type,
      document_id: id,
      document_number: row.number ?? null,
      submitter_id: submitterId,
      department_id: departmentId,
      state: 'pending',
      current_step: 0,
      steps: JSON.stringify(flow.steps),
      lock_version: 0,
      created_at: new Date(),
    })
    .returning('id')
  const instance = instanceFromRow({
    ...(await trx.from('approval_instances').where('id', Number(typeof inserted === 'object' ? inserted.id : inserted)).first()),
  })
  await recordAudit({ userId: event.userId, recordType: event.type, recordId: id, action: 'approval.start', newValue: `${flow.name} (v${flow.version})` }, trx)
  if ((await activateStep(trx, instance, 0, event.userId)) === 'done') {
    // Nobody to ask at any step: nothing holds the document back.
    await trx.from('approval_instances').where('id', instance.id).update({ state: 'approved', finished_at: new Date() })
  }
}

/** Before confirm/post: refused while an instance is pending. */
export async function refuseWhilePending(event: TransitionGateEvent) {
  if (event.to !== 'confirmed' && event.to !== 'posted') return
  const pending = await pendingInstanceOf(event.type, Number(event.document.$primaryKeyValue), event.trx)
  if (pending) {
    throw new ApprovalError('approvals.errors.pending', {
      number: event.document.number ?? '',
      step: pending.currentStep + 1,
      total: pending.steps.length,
    })
  }
}

/** After withdraw to draft or cancel: a pending instance ends (withdrawn); its open tasks close. */
export async function endOnWithdraw(event: TransitionGateEvent) {
  if (event.to !== 'draft' && event.to !== 'cancelled') return
  const pending = await pendingInstanceOf(event.type, Number(event.document.$primaryKeyValue), event.trx)
  if (!pending) return
  await event.trx.from('approval_instances').where('id', pending.id).update({ state: 'withdrawn', finished_at: new Date() })
  await event.trx.from('approval_tasks').where('instance_id', pending.id).where('state', 'pending').update({ state: 'closed' })
  await recordAudit({ userId: event.userId, recordType: event.type, recordId: pending.documentId, action: 'approval.withdraw', newValue: event.to }, event.trx)
}

export interface DecisionResult {
  instance: ApprovalInstance
  documentState: string
  /** The approver the user decided for (delegation), or null */
  onBehalfOf: number | null
}

/**
 * `user` decides the instance's current step: for themselves or, while a
 * delegation runs, for the approver they stand in for. 403 when they have no
 * task in it; 409 when the step or instance was already settled.
 */
export async function decide(instanceId: number, user: { id: number }, decision: Decision, comment: string | null): Promise<DecisionResult> {
  if (!DECISIONS.includes(decision)) throw new ApprovalError('approvals.errors.decision', { decision })
  const text = comment?.trim() || null
  if ((decision === 'reject' || decision === 'return') && !text) throw new ApprovalError('approvals.errors.comment_required')

  const result = await db.transaction(async (trx): Promise<DecisionResult> => {
    const first = await trx.from('approval_instances').where('id', instanceId).first()
    if (!first) throw new ApprovalError('approvals.errors.not_found', {}, 404)
    const type = first.document_type as string
    const declared = plugins.documentType(type)
    // Lock order: the document row, then the instance — the same order a withdrawal takes.
    if (declared?.table && trx.dialect.name === 'postgres') {
      await trx.from(declared.table).where('id', first.document_id).forUpdate().select('id').first()
    }
    const locked = affected(
      await trx.from('approval_instances').where('id', instanceId).where('state', 'pending').increment('lock_version', 1)
    )
    const instance = instanceFromRow(await trx.from('approval_instances').where('id', instanceId).first())
    if (!locked) throw new ApprovalError('approvals.errors.not_pending', { state: instance.state }, 409)
    if (instance.submitterId === user.id) throw new ForbiddenException('approvals.decide')

    const delegators = (await delegatorsOf(trx, user.id)).filter((id) => id !== instance.submitterId)
    const tasks = await trx
      .from('approval_tasks')
      .where('instance_id', instance.id)
      .where('step_index', instance.currentStep)
      .whereIn('user_id', [user.id, ...delegators])
      .orderByRaw('CASE WHEN user_id = ? THEN 0 ELSE 1 END', [user.id])
      .orderBy('id')
    const task = tasks.find((t: any) => t.state === 'pending')
    if (!task) {
      // Theirs was settled (by another approver of an any-one step, or by themselves): 409; never theirs: 403.
      const earlier = await trx.from('approval_tasks').where('instance_id', instance.id).whereIn('user_id', [user.id, ...delegators]).first()
      if (tasks.length || earlier) throw new ApprovalError('approvals.errors.already_decided', {}, 409)
      throw new ForbiddenException('approvals.decide')
    }

    const now = new Date()
    await trx.from('approval_tasks').where('id', task.id).update({ state: PAST[decision], decided_by: user.id, comment: text, decided_at: now })
    const onBehalfOf = Number(task.user_id) !== user.id ? Number(task.user_id) : null
    const stepNumber = instance.currentStep + 1
    const total = instance.steps.length
    const behalfName = onBehalfOf ? await userName(trx, onBehalfOf) : ''
    await recordAudit(
      { userId: user.id, recordType: type, recordId: instance.documentId, action: `approval.${decision}`, field: `step_${stepNumber}`, oldValue: behalfName || null, newValue: text },
      trx
    )
    const locale = await userLocale(trx, user.id)
    const i18n = i18nManager.locale(locale)
    const body = [
      i18n.t(`approvals.timeline.${decision}`, { step: stepNumber, total }),
      onBehalfOf ? i18n.t('approvals.timeline.on_behalf', { name: behalfName }) : '',
      text ? i18n.t('approvals.timeline.comment', { comment: text }) : '',
    ].join('')
    await addComment({ recordType: type, recordId: instance.documentId, userId: user.id, body }, trx)

    const submitterNotice = (key: string) =>
      queueApprovalNotice(
        {
          userIds: instance.submitterId ? [instance.submitterId] : [],
          key,
          data: { number: instance.documentNumber ?? '', step: stepNumber, total, comment: text ?? '' },
          recordType: type,
          recordId: instance.documentId,
        },
        trx
      )

    const finish = async (state: ApprovalInstance['state'], to: 'confirmed' | 'posted' | 'draft' | 'cancelled') => {
      await trx.from('approval_tasks').where('instance_id', instance.id).where('state', 'pending').update({ state: 'closed' })
      await trx.from('approval_instances').where('id', instance.id).update({ state, finished_at: now })
      instance.state = state
      const doc = await loadDocument(type, instance.documentId, trx)
      await transition(doc, to, { user, trx })
      return doc.state
    }

    let documentState = String((await trx.from(declared!.table!).where('id', instance.documentId).select('state').first())?.state ?? '')
    if (decision === 'reject') {
      documentState = await finish('rejected', 'cancelled')
      await submitterNotice('approvals.notices.rejected')
    } else if (decision === 'return') {
      documentState = await finish('returned', 'draft')
      await submitterNotice('approvals.notices.returned')
    } else {
      const step = instance.steps[instance.currentStep]
      if (step?.mode !== 'all') {
        await trx.from('approval_tasks').where('instance_id', instance.id).where('step_index', instance.currentStep).where('state', 'pending').update({ state: 'settled' })
      }
      const open = await trx.from('approval_tasks').where('instance_id', instance.id).where('step_index', instance.currentStep).where('state', 'pending').count('* as n').first()
      if (Number(open?.n ?? 0) > 0) {
        await submitterNotice('approvals.notices.progress')
      } else if ((await activateStep(trx, instance, instance.currentStep + 1, user.id)) === 'waiting') {
        await submitterNotice('approvals.notices.progress')
      } else {
        documentState = await finish('approved', declared?.posts ? 'posted' : 'confirmed')
        await submitterNotice('approvals.notices.approved')
      }
    }
    return { instance, documentState, onBehalfOf }
  })
  await emitApprovalDecided({
    instanceId: result.instance.id,
    documentType: result.instance.documentType,
    documentId: result.instance.documentId,
    decision,
    state: result.instance.state,
    documentState: result.documentState,
    userId: user.id,
    onBehalfOf: result.onBehalfOf,
  })
  return result
}
