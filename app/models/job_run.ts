import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export type JobRunStatus = 'running' | 'succeeded' | 'failed' | 'skipped'

/** One run of a scheduled job (see app/services/jobs.ts). */
export default class JobRun extends BaseModel {
  static table = 'job_runs'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare jobId: string

  @column()
  declare plugin: string

  @column()
  declare trigger: 'schedule' | 'manual'

  @column()
  declare status: JobRunStatus

  @column()
  declare progress: number | null

  @column()
  declare progressMessage: string | null

  @column()
  declare error: string | null

  @column()
  declare host: string

  @column()
  declare pid: number

  @column()
  declare triggeredBy: number | null

  @column.dateTime()
  declare startedAt: DateTime

  @column.dateTime()
  declare finishedAt: DateTime | null

  get done() {
    return this.status !== 'running'
  }

  /** Milliseconds the run took (or has taken so far). */
  get durationMs(): number {
    const end = this.finishedAt ?? DateTime.now()
    return Math.max(0, end.toMillis() - this.startedAt.toMillis())
  }
}
