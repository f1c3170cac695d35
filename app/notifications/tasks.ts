/*
 * Tasks: a title, an assignee, an optional due time and an optional link to
 * a record; done or not. People create them on /tasks; approvals and
 * automation rules create them through createTask().
 *
 * The assignee of a task someone else created is notified. Completing is one
 * conditional UPDATE, so two clicks at once leave one consistent state and
 * announce `kernel:task.done` once.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import Task from '#models/task'
import NotFoundException from '#exceptions/not_found_exception'
import { emitEventAfterSave } from '#services/events'
import { notify } from './notify.js'

export interface TaskInput {
  title: string
  description?: string | null
  assigneeId: number
  dueAt?: DateTime | null
  recordType?: string | null
  recordId?: string | number | null
  createdBy?: number | null
  source?: string | null
}

export interface TaskEvent {
  taskId: number
  assigneeId: number
  userId: number | null
  recordType: string | null
  recordId: string | null
  source: string | null
}

declare module '#services/events' {
  interface LoomEvents {
    'kernel:task.created': TaskEvent
    'kernel:task.done': TaskEvent
  }
}

/** A task input the caller got wrong: `field` names it, `key` is the i18n message. */
export class TaskInputError extends Error {
  constructor(
    public field: string,
    public key: string
  ) {
    super(`task ${field}: ${key}`)
  }
}

export const TITLE_MAX = 200

async function announce(name: 'kernel:task.created' | 'kernel:task.done', payload: TaskEvent) {
  await emitEventAfterSave(name, payload, { taskId: payload.taskId })
}

function eventOf(task: Task, userId: number | null): TaskEvent {
  return {
    taskId: task.id,
    assigneeId: task.assigneeId,
    userId,
    recordType: task.recordType,
    recordId: task.recordId,
    source: task.source,
  }
}

/** A timestamp as this connection stores it (Lucid does not convert DateTime in query builder values). */
export function dbTime(at: DateTime, client: QueryClientContract = db.connection()): string {
  return at.toLocal().toFormat(client.dialect.dateTimeFormat)
}

async function inTransaction<T>(trx: TransactionClientContract | undefined, work: (trx: TransactionClientContract) => Promise<T>) {
  if (trx) return work(trx)
  return db.transaction(work)
}

/** Creates a task (in `trx` when given) and notifies its assignee unless they created it themselves. */
export async function createTask(input: TaskInput, trx?: TransactionClientContract): Promise<{ id: number }> {
  const title = (input.title ?? '').trim()
  if (!title) throw new TaskInputError('title', 'tasks.errors.title_required')
  if (title.length > TITLE_MAX) throw new TaskInputError('title', 'tasks.errors.title_too_long')
  if (input.dueAt && !input.dueAt.isValid) throw new TaskInputError('due_at', 'tasks.errors.due_invalid')
  const recordId = input.recordId === null || input.recordId === undefined || input.recordId === '' ? null : String(input.recordId)

  let task!: Task
  const run = async (client: TransactionClientContract) => {
    const assignee = await client.from('users').where('id', input.assigneeId).select('id', 'is_active').first()
    if (!assignee || !assignee.is_active) throw new TaskInputError('assignee_id', 'tasks.errors.assignee_invalid')
    task = await Task.create(
      {
        title,
        description: input.description?.trim() || null,
        assigneeId: input.assigneeId,
        createdBy: input.createdBy ?? null,
        // Stored on the server's clock like every Lucid timestamp; shown on the company clock.
        dueAt: input.dueAt ? input.dueAt.toLocal() : null,
        recordType: recordId ? (input.recordType ?? null) : null,
        recordId,
        source: input.source ?? null,
      },
      { client }
    )
    if (input.createdBy !== input.assigneeId) {
      await notify(
        {
          userIds: [input.assigneeId],
          kind: 'task',
          title: { 'zh-CN': `新任务：${title}`, 'en': `New task: ${title}` },
          body: input.description?.trim() ? { 'zh-CN': input.description.trim(), 'en': input.description.trim() } : null,
          recordType: task.recordType,
          recordId: task.recordId,
          url: `/tasks/${task.id}`,
        },
        client
      )
    }
    const event = eventOf(task, input.createdBy ?? null)
    client.after('commit', () => announce('kernel:task.created', event))
  }
  await inTransaction(trx, run)
  return { id: task.id }
}

/** The task if `userId` may see it (its assignee or creator); 404 otherwise. */
export async function findOwnTask(id: number, userId: number): Promise<Task> {
  const task = await Task.query()
    .where('id', id)
    .where((q) => q.where('assignee_id', userId).orWhere('created_by', userId))
    .first()
  if (!task) throw new NotFoundException()
  return task
}

/**
 * Marks a task done or not done. Only its assignee or creator may (404 for
 * anyone else). Idempotent: doing what is already done changes nothing and
 * announces nothing.
 */
export async function setTaskDone(id: number, done: boolean, userId: number): Promise<void> {
  const task = await findOwnTask(id, userId)
  const client = db.connection()
  const now = dbTime(DateTime.now(), client)
  const query = client.from('tasks').where('id', task.id)
  const changed = done
    ? await query.whereNull('done_at').update({ done_at: now, done_by: userId, updated_at: now })
    : await query.whereNotNull('done_at').update({ done_at: null, done_by: null, updated_at: now })
  const count = Array.isArray(changed) ? changed.length : Number(changed)
  if (done && count > 0) await announce('kernel:task.done', eventOf(task, userId))
}
