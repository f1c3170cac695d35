/*
 * /tasks: the signed-in user's tasks (assigned to them, or created by them
 * for others), create / edit / delete their own, done ↔ open in place.
 * A task that is neither assigned to nor created by the user answers 404.
 */
import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Task from '#models/task'
import User from '#models/user'
import NotFoundException from '#exceptions/not_found_exception'
import plugins from '#services/plugins'
import { userCan } from '#services/authorization'
import { findInScopeOrFail } from '#services/data_scope'
import { companyZone } from '#services/settings'
import { listQuery, renderList, wantsFragment } from '#services/list_query'
import { FormInvalid, redirectAfterSave, renderInvalid, validateFormOrThrow, type FieldErrors } from '#services/forms'
import { toast } from '#services/toast'
import { taskValidator, tasksWording } from '#validators/task_validator'
import { createTask, dbTime, findOwnTask, setTaskDone, TaskInputError } from '#kernel/notifications/tasks'
import { notify, recordUrl } from '#kernel/notifications/notify'

type TaskForm = {
  title: string
  description?: string
  assignee_id: number
  due_at?: string
  record_type?: string
  record_id?: string
}

const STATUSES = ['open', 'overdue', 'done', 'all'] as const

function idParam(ctx: HttpContext): number {
  const id = Number(ctx.params.id)
  return Number.isSafeInteger(id) && id > 0 ? id : 0
}

/** Who may change a task's contents or delete it: whoever created it (a rule's task: nobody, from this page). */
export function canEdit(task: Task, userId: number): boolean {
  return task.createdBy === userId
}

async function assignees() {
  const rows = await User.query().where('is_active', true).orderBy('name').orderBy('id').select('id', 'name', 'username').limit(1000)
  return rows.map((u) => ({ value: u.id, label: `${u.name} (${u.username})` }))
}

/** Record types the user may link a task to: those whose records they may view. */
async function linkableTypes(ctx: HttpContext) {
  const out: Array<{ value: string; label: string }> = []
  for (const rt of plugins.recordTypes()) {
    if (await userCan(ctx.auth.user!, `${rt.permissionPrefix ?? rt.type}.view`)) {
      out.push({ value: rt.type, label: ctx.i18n.locale === 'en' ? rt.label.en : rt.label['zh-CN'] })
    }
  }
  return out
}

/** "Contact #3" and the record's page (when its type declares one) for a linked task. */
function linkOf(ctx: HttpContext, task: Task) {
  if (!task.recordType || !task.recordId) return null
  const rt = plugins.recordType(task.recordType)
  const label = rt ? (ctx.i18n.locale === 'en' ? rt.label.en : rt.label['zh-CN']) : task.recordType
  return { label: `${label} #${task.recordId}`, url: recordUrl(task.recordType, task.recordId) }
}

export default class TasksController {
  async #formData(ctx: HttpContext) {
    return { assignees: await assignees(), recordTypes: await linkableTypes(ctx), zone: await companyZone() }
  }

  /** Checks the form beyond its shape: due time, linked record the user may see. */
  async #parse(ctx: HttpContext, data: TaskForm) {
    const errors: FieldErrors = {}
    let dueAt: DateTime | null = null
    if (data.due_at) {
      dueAt = DateTime.fromISO(data.due_at.replace(' ', 'T'), { zone: await companyZone() })
      if (!dueAt.isValid) errors.due_at = ctx.i18n.t('tasks.errors.due_invalid')
    }
    const recordType = data.record_type || null
    const recordId = data.record_id || null
    if (recordType || recordId) {
      const rt = recordType ? plugins.recordType(recordType) : undefined
      if (!rt) errors.record_type = ctx.i18n.t('tasks.errors.record_type_invalid')
      else if (!recordId) errors.record_id = ctx.i18n.t('tasks.errors.record_id_required')
      else {
        const permission = `${rt.permissionPrefix ?? rt.type}.view`
        const visible =
          (await userCan(ctx.auth.user!, permission)) &&
          /^\d+$/.test(recordId) &&
          (await findInScopeOrFail(rt.table, Number(recordId), ctx.auth.user!, permission).then(
            () => true,
            () => false
          ))
        if (!visible) errors.record_id = ctx.i18n.t('tasks.errors.record_not_found')
      }
    }
    const assignee = await User.query().where('id', data.assignee_id).where('is_active', true).first()
    if (!assignee) errors.assignee_id = ctx.i18n.t('tasks.errors.assignee_invalid')
    if (Object.keys(errors).length) throw new FormInvalid(errors)
    return { dueAt, recordType: recordId ? recordType : null, recordId: recordType ? recordId : null }
  }

  async index(ctx: HttpContext) {
    const user = ctx.auth.user!
    const requested = String(ctx.request.input('status') ?? '')
    const status = (STATUSES as readonly string[]).includes(requested) ? requested : 'open'
    const who = ctx.request.input('who') === 'created' ? 'created' : 'assigned'
    const now = dbTime(DateTime.now())
    const query = Task.query().preload('assignee')
    if (who === 'created') query.where('created_by', user.id).whereNot('assignee_id', user.id)
    else query.where('assignee_id', user.id)
    if (status === 'open') query.whereNull('done_at')
    else if (status === 'overdue') query.whereNull('done_at').whereNotNull('due_at').where('due_at', '<', now)
    else if (status === 'done') query.whereNotNull('done_at')
    // Tasks without a due time after those with one, whatever the direction (both databases).
    query.orderByRaw('CASE WHEN due_at IS NULL THEN 1 ELSE 0 END')
    const { rows, list } = await listQuery<Task>(ctx, query, {
      id: 'tasks',
      searchable: ['title'],
      sortable: { due: 'due_at', created: 'created_at', title: 'title' },
      defaultSort: 'due',
      filters: { status: () => {}, who: () => {} },
      perPage: 20,
    })
    const data = {
      rows,
      list,
      status,
      who,
      nowMillis: Date.now(),
      links: Object.fromEntries(rows.map((t) => [t.id, linkOf(ctx, t)])),
      userId: user.id,
    }
    if (wantsFragment(ctx)) return renderList(ctx, { page: 'pages/tasks/index', table: 'pages/tasks/_table' }, data)
    return renderList(ctx, { page: 'pages/tasks/index', table: 'pages/tasks/_table' }, { ...data, ...(await this.#formData(ctx)) })
  }

  async store(ctx: HttpContext) {
    const user = ctx.auth.user!
    try {
      const data = await validateFormOrThrow<TaskForm>(ctx, taskValidator, tasksWording)
      const extra = await this.#parse(ctx, data)
      const { id } = await createTask({
        title: data.title,
        description: data.description || null,
        assigneeId: data.assignee_id,
        dueAt: extra.dueAt,
        recordType: extra.recordType,
        recordId: extra.recordId,
        createdBy: user.id,
      })
      ctx.session.flash('success', ctx.i18n.t('tasks.created'))
      return redirectAfterSave(ctx, data.assignee_id === user.id ? router.builder().make('tasks.index') : `/tasks/${id}`)
    } catch (error) {
      if (error instanceof FormInvalid) return renderInvalid(ctx, 'pages/tasks/_form', { task: null, ...(await this.#formData(ctx)) }, error.fields)
      if (error instanceof TaskInputError) {
        return renderInvalid(ctx, 'pages/tasks/_form', { task: null, ...(await this.#formData(ctx)) }, { [error.field]: ctx.i18n.t(error.key) })
      }
      throw error
    }
  }

  async show(ctx: HttpContext) {
    const user = ctx.auth.user!
    const task = await findOwnTask(idParam(ctx), user.id)
    await task.load('assignee')
    const creator = task.createdBy ? await User.find(task.createdBy) : null
    return ctx.view.render('pages/tasks/show', {
      task,
      creator,
      link: linkOf(ctx, task),
      editable: canEdit(task, user.id),
      nowMillis: Date.now(),
      ...(await this.#formData(ctx)),
    })
  }

  async update(ctx: HttpContext) {
    const user = ctx.auth.user!
    const task = await findOwnTask(idParam(ctx), user.id)
    if (!canEdit(task, user.id)) throw new NotFoundException()
    try {
      const data = await validateFormOrThrow<TaskForm>(ctx, taskValidator, tasksWording)
      const extra = await this.#parse(ctx, data)
      const previousAssignee = task.assigneeId
      task.merge({
        title: data.title,
        description: data.description || null,
        assigneeId: data.assignee_id,
        dueAt: extra.dueAt ? extra.dueAt.toLocal() : null,
        recordType: extra.recordType,
        recordId: extra.recordId,
      })
      await db.transaction(async (trx) => {
        task.useTransaction(trx)
        await task.save()
        // Handed to someone new: they hear about it like a new task.
        if (task.assigneeId !== previousAssignee && task.assigneeId !== user.id) {
          await notify(
            { userIds: [task.assigneeId], kind: 'task', url: `/tasks/${task.id}`, recordType: task.recordType, recordId: task.recordId,
              title: { 'zh-CN': `新任务：${task.title}`, 'en': `New task: ${task.title}` } },
            trx
          )
        }
      })
      ctx.session.flash('success', ctx.i18n.t('tasks.saved'))
      return redirectAfterSave(ctx, `/tasks/${task.id}`)
    } catch (error) {
      if (error instanceof FormInvalid) return renderInvalid(ctx, 'pages/tasks/_form', { task, ...(await this.#formData(ctx)) }, error.fields)
      throw error
    }
  }

  async destroy(ctx: HttpContext) {
    const user = ctx.auth.user!
    const task = await findOwnTask(idParam(ctx), user.id)
    if (!canEdit(task, user.id)) throw new NotFoundException()
    await db.from('tasks').where('id', task.id).delete()
    ctx.session.flash('success', ctx.i18n.t('tasks.deleted'))
    return redirectAfterSave(ctx, router.builder().make('tasks.index'))
  }

  /** Done ↔ open; with htmx the row (or the task page's status) is re-rendered in place. */
  async toggle(ctx: HttpContext) {
    const user = ctx.auth.user!
    const id = idParam(ctx)
    const done = ['1', 'true', 'on'].includes(String(ctx.request.input('done')))
    await setTaskDone(id, done, user.id)
    const task = await findOwnTask(id, user.id)
    await task.load('assignee')
    toast(ctx, 'success', ctx.i18n.t(done ? 'tasks.marked_done' : 'tasks.marked_open', { title: task.title }))
    if (wantsFragment(ctx)) {
      return ctx.view.render('pages/tasks/_row', { task, link: linkOf(ctx, task), nowMillis: Date.now(), userId: user.id })
    }
    return ctx.response.redirect().back()
  }
}
