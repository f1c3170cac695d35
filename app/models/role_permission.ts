import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { DataScope } from '#kernel/plugins/define_plugin'

export default class RolePermission extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare roleId: number

  @column()
  declare permission: string

  @column()
  declare scope: DataScope
}
