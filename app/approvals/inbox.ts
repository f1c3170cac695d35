/*
 * What approvers see: their pending items (their own and, while a delegation
 * runs, those of whom they stand in for), what they decided, and a
 * document's approval status and chain for document pages.
 *
 * The inbox shows an approval's own summary (type, number, title, submitter,
 * step); opening the document itself follows the document's permissions and
 * data scope as usual.
 */
import db from '@adonisjs/lucid/services/db'
import plugins from '#services/plugins'
import { delegatorsOf } from './approvers.js'
import { instanceFromRow, instancesOf, type ApprovalInstance } from './engine.js'

export interface InboxItem {
  taskId: number
  instance: ApprovalInstance
  typeLabel: { 'zh-CN': string; 'en': string } | null
  title: string | null
  submitterName: string | null
  onBehalfOf: string | null
  taskState: string
  comment: string | null
  decidedAt: unknown
  createdAt: unknown
}

async function titles(items: Array<{ type: string; id: number }>): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>()
  const byType = new Map<string, number[]>()
  for (const item of items) byType.set(item.type, [...(byType.get(item.type) ?? []), item.id])
  for (const [type, ids] of byType) {
    const declared = plugins.documentType(type)
    if (!declared?.table) continue
    const column = declared.titleField
    const rows = await db.from(declared.table).whereIn('id', ids).select(column ? ['id', column] : ['id'])
    for (const row of rows) out.set(`${type}:${row.id}`, column ? (row[column] ?? null) : null)
  }
  return out
}

async function toItems(rows: any[], userId: number): Promise<InboxItem[]> {
  const names = new Map<number, string>()
  const ids = [...new Set(rows.flatMap((r) => [r.submitter_id, r.user_id]).filter(Boolean).map(Number))]
  if (ids.length) for (const u of await db.from('users').whereIn('id', ids).select('id', 'name')) names.set(Number(u.id), u.name)
  const titleMap = await titles(rows.map((r) => ({ type: r.document_type, id: Number(r.document_id) })))
  return rows.map((r) => {
    const instance = instanceFromRow({ ...r, id: r.instance_id })
    return {
      taskId: Number(r.task_id),
      instance,
      typeLabel: plugins.documentType(instance.documentType)?.label ?? null,
      title: titleMap.get(`${instance.documentType}:${instance.documentId}`) ?? null,
      submitterName: instance.submitterId ? (names.get(instance.submitterId) ?? null) : null,
      onBehalfOf: Number(r.user_id) !== userId ? (names.get(Number(r.user_id)) ?? null) : null,
      taskState: r.task_state,
      comment: r.task_comment ?? null,
      decidedAt: r.decided_at ?? null,
      createdAt: r.task_created_at,
    }
  })
}

const SELECT = [
  'approval_instances.*',
  'approval_instances.id as instance_id',
  'approval_tasks.id as task_id',
  'approval_tasks.user_id',
  'approval_tasks.state as task_state',
  'approval_tasks.comment as task_comment',
  'approval_tasks.decided_at',
  'approval_tasks.created_at as task_created_at',
]

/** Items waiting for `userId` now (own first, then delegated), oldest first. */
export async function pendingFor(userId: number, limit = 100): Promise<InboxItem[]> {
  const delegators = await delegatorsOf(db.connection(), userId)
  const rows = await db
    .from('approval_tasks')
    .join('approval_instances', 'approval_instances.id', 'approval_tasks.instance_id')
    .where('approval_tasks.state', 'pending')
    .where('approval_instances.state', 'pending')
    .whereRaw('approval_tasks.step_index = approval_instances.current_step')
    .whereIn('approval_tasks.user_id', [userId, ...delegators])
    .where((q) => q.whereNull('approval_instances.submitter_id').orWhereNot('approval_instances.submitter_id', userId))
    .select(SELECT)
    .orderBy('approval_tasks.id')
    .limit(limit)
  // One card per instance: an item of mine beats the same item through a delegation.
  const seen = new Set<number>()
  const unique = rows
    .sort((a: any, b: any) => Number(Number(a.user_id) !== userId) - Number(Number(b.user_id) !== userId))
    .filter((r: any) => (seen.has(Number(r.instance_id)) ? false : (seen.add(Number(r.instance_id)), true)))
  return toItems(unique, userId)
}

export async function pendingCount(userId: number): Promise<number> {
  return (await pendingFor(userId, 500)).length
}

/** Items `userId` decided (for themselves or as a delegate), newest first. */
export async function decidedBy(userId: number, limit = 50): Promise<InboxItem[]> {
  const rows = await db
    .from('approval_tasks')
    .join('approval_instances', 'approval_instances.id', 'approval_tasks.instance_id')
    .where('approval_tasks.decided_by', userId)
    .select(SELECT)
    .orderBy('approval_tasks.decided_at', 'desc')
    .orderBy('approval_tasks.id', 'desc')
    .limit(limit)
  return toItems(rows, userId)
}

export interface ChainStep {
  number: number
  approverKind: string
  label: string | null
  mode: 'any' | 'all'
  state: 'done' | 'current' | 'waiting' | 'skipped'
  decisions: Array<{ userName: string; state: string; comment: string | null; decidedByName: string | null; decidedAt: unknown }>
}

/** A document's latest approval and its chain, for document pages (partials/approval_status.edge). */
export async function approvalStatus(type: string, id: number | string): Promise<{ instance: ApprovalInstance; chain: ChainStep[] } | null> {
  const [instance] = await instancesOf(type, id)
  if (!instance) return null
  const tasks = await db
    .from('approval_tasks')
    .leftJoin('users as approver', 'approver.id', 'approval_tasks.user_id')
    .leftJoin('users as decider', 'decider.id', 'approval_tasks.decided_by')
    .where('approval_tasks.instance_id', instance.id)
    .select('approval_tasks.*', 'approver.name as approver_name', 'decider.name as decider_name')
    .orderBy('approval_tasks.id')
  const chain = instance.steps.map((step, index): ChainStep => {
    const own = tasks.filter((t: any) => Number(t.step_index) === index)
    const state =
      index < instance.currentStep || (index === instance.currentStep && instance.state === 'approved')
        ? own.length
          ? 'done'
          : 'skipped'
        : index === instance.currentStep && instance.state === 'pending'
          ? 'current'
          : 'waiting'
    return {
      number: index + 1,
      approverKind: step.approver,
      label: step.label ?? null,
      mode: step.mode,
      state,
      decisions: own.map((t: any) => ({
        userName: t.approver_name,
        state: t.state,
        comment: t.comment,
        decidedByName: t.decided_by && Number(t.decided_by) !== Number(t.user_id) ? t.decider_name : null,
        decidedAt: t.decided_at,
      })),
    }
  })
  return { instance, chain }
}
