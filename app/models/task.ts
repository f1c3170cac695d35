import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#models/user'

/** A to-do assigned to one user (see app/notifications/tasks.ts). */
export default class Task extends BaseModel {
  static table = 'tasks'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare title: string

  @column()
  declare description: string | null

  @column()
  declare assigneeId: number

  @column()
  declare createdBy: number | null

  @column.dateTime()
  declare dueAt: DateTime | null

  @column()
  declare recordType: string | null

  @column()
  declare recordId: string | null

  @column()
  declare source: string | null

  @column.dateTime()
  declare doneAt: DateTime | null

  @column()
  declare doneBy: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  @belongsTo(() => User, { foreignKey: 'assigneeId' })
  declare assignee: BelongsTo<typeof User>

  get done(): boolean {
    return this.doneAt !== null
  }

  /** Open and past its due time. */
  isOverdue(now: DateTime = DateTime.now()): boolean {
    return !this.doneAt && !!this.dueAt && this.dueAt.toMillis() < now.toMillis()
  }
}
