import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import RolePermission from '#models/role_permission'
import { withAudit } from '#kernel/documents/audit'

export default class Role extends compose(BaseModel, withAudit) {
  static auditType = 'kernel.role'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare code: string

  @column()
  declare name: string

  @column()
  declare description: string | null

  @column({ consume: (value) => Boolean(value) })
  declare isSuperuser: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  @hasMany(() => RolePermission)
  declare permissions: HasMany<typeof RolePermission>
}
