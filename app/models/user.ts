import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, belongsTo, column, manyToMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, ManyToMany } from '@adonisjs/lucid/types/relations'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import { DbAccessTokensProvider } from '@adonisjs/auth/access_tokens'
import Department from '#models/department'
import Role from '#models/role'
import { withAudit } from '#kernel/documents/audit'

const AuthFinder = withAuthFinder(() => hash.use('scrypt'), {
  uids: ['username'],
  passwordColumnName: 'password',
})

export default class User extends compose(BaseModel, AuthFinder, withAudit) {
  static auditType = 'kernel.user'
  /** The password hash never enters the log; a reset is recorded by the users controller. */
  static auditExclude = ['password', 'last_login_at', 'created_at', 'updated_at']

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare username: string

  @column()
  declare name: string

  @column()
  declare email: string | null

  @column({ serializeAs: null })
  declare password: string

  @column()
  declare departmentId: number | null

  @column()
  declare locale: string

  @column({ consume: (value) => Boolean(value) })
  declare isActive: boolean

  @column.dateTime()
  declare lastLoginAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  @belongsTo(() => Department)
  declare department: BelongsTo<typeof Department>

  @manyToMany(() => Role, { pivotTable: 'user_roles', pivotTimestamps: false })
  declare roles: ManyToMany<typeof Role>

  /** Sign-in finds the username regardless of case (usernames are unique case-insensitively). */
  static async findForAuth<T>(this: T, _uids: string[], value: string): Promise<any> {
    return (this as unknown as typeof BaseModel).query().whereRaw('LOWER(username) = ?', [String(value).toLowerCase()]).first()
  }

  static accessTokens = DbAccessTokensProvider.forModel(User, {
    expiresIn: '365 days',
    prefix: 'loom_',
    table: 'auth_access_tokens',
    type: 'api_token',
    tokenSecretLength: 40,
  })
}
