import type { HttpContext } from '@adonisjs/core/http'
import env from '#start/env'
import JobRun from '#models/job_run'
import { listQuery, type ListOptions } from '#services/list_query'
import plugins from '#services/plugins'
import kernelManifest from '#kernel/kernel_manifest'
import { findJob, jobs, lastRuns, startJob, type RegisteredJob } from '#services/jobs'
import { userCan } from '#services/authorization'
import type { I18n } from '@adonisjs/i18n'

/** The run history (services/list_query.ts): newest first, filtered by job, 25 a page. */
const RUN_HISTORY: ListOptions = { id: 'job-runs', filters: { job: { column: 'job_id' } }, defaultDirection: 'desc', perPage: 25 }

function jobLabel(i18n: I18n, job: RegisteredJob | undefined, jobId: string) {
  if (job?.label && (i18n.hasMessage(job.label) || i18n.hasFallbackMessage(job.label))) return i18n.t(job.label)
  return jobId
}

function pluginName(i18n: I18n, id: string) {
  const manifest = id === kernelManifest.id ? kernelManifest : plugins.get(id)?.manifest
  return manifest ? manifest.name[i18n.locale as 'zh-CN' | 'en'] ?? manifest.name.en : id
}

/** Dom-safe id for a job id such as `crm.recompute_rfm`. */
export function jobDomId(jobId: string) {
  return 'job-' + jobId.replace(/[^a-zA-Z0-9_-]/g, '-')
}

/** Admin page of scheduled jobs: schedules, last runs, history, "run now" with live progress. */
export default class JobsController {
  async index(ctx: HttpContext) {
    const { view, request, i18n, auth } = ctx
    const declared = jobs()
    const latest = await lastRuns()

    const { rows, list } = await listQuery<JobRun>(ctx, JobRun.query(), RUN_HISTORY)
    const filter = list.filters.job ?? ''
    const labels = new Map<string, string>()
    for (const run of rows) labels.set(run.jobId, jobLabel(i18n, findJob(run.jobId), run.jobId))

    const state = {
      jobs: declared.map((job) => ({
        id: job.id,
        domId: jobDomId(job.id),
        label: jobLabel(i18n, job, job.id),
        plugin: pluginName(i18n, job.plugin),
        schedule: job.cron ? i18n.t('jobs.cron', { expression: job.cron }) : i18n.t('jobs.every', { interval: job.interval }),
        last: latest.get(job.id) ?? null,
      })),
      rows,
      list,
      labels,
      filter,
      canRun: await userCan(auth.user!, 'admin.jobs.run'),
      schedulerInline: env.get('LOOM_SCHEDULER', 'inline') === 'inline',
    }
    // htmx requests for the history (filter, pagination) get just the table.
    if (request.header('HX-Request') === 'true' && request.header('HX-Target') === 'job-runs') {
      return view.render('pages/admin/jobs/_runs', state)
    }
    return view.render('pages/admin/jobs/index', state)
  }

  async run({ params, request, response, session, i18n, auth, view }: HttpContext) {
    const job = findJob(params.job)
    if (!job) {
      const message = i18n.t('jobs.unknown_job', { job: params.job })
      if (request.header('HX-Request') === 'true') return response.status(404).send(message)
      session.flash('error', message)
      return response.redirect().toRoute('admin.jobs.index')
    }
    const { run } = await startJob(job.id, { trigger: 'manual', userId: auth.user!.id })
    const label = jobLabel(i18n, job, job.id)
    if (request.header('HX-Request') === 'true') {
      return view.render('pages/admin/jobs/_progress', { run, label })
    }
    session.flash(
      run.status === 'skipped' ? 'error' : 'success',
      run.status === 'skipped' ? i18n.t('jobs.skipped_flash', { job: label }) : i18n.t('jobs.started_flash', { job: label, id: run.id })
    )
    return response.redirect().toRoute('admin.jobs.index')
  }

  /** The progress of one run: polled every second by the progress bar until the run is over. */
  async progress({ params, view, response, i18n }: HttpContext) {
    const run = await JobRun.find(Number(params.id) || 0)
    if (!run) return response.notFound(i18n.t('errors.not_found'))
    if (run.done) response.header('HX-Trigger', 'loom:job-finished')
    return view.render('pages/admin/jobs/_progress', { run, label: jobLabel(i18n, findJob(run.jobId), run.jobId) })
  }
}
