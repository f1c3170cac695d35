import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import { withAudit } from '#kernel/documents/audit'

export default class Department extends compose(BaseModel, withAudit) {
  static auditType = 'kernel.department'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare code: string

  @column()
  declare name: string

  @column()
  declare parentId: number | null

  /** Materialized path of ids, "/1/4/9/", maintained by the department actions. */
  @column()
  declare path: string

  @column()
  declare headUserId: number | null

  @column()
  declare sortOrder: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  @belongsTo(() => Department, { foreignKey: 'parentId' })
  declare parent: BelongsTo<typeof Department>

  @hasMany(() => Department, { foreignKey: 'parentId' })
  declare children: HasMany<typeof Department>
}
