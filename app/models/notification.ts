import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** One in-app notification for one user (see app/notifications/notify.ts). */
export default class Notification extends BaseModel {
  static table = 'notifications'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare kind: string

  @column()
  declare titleZh: string

  @column()
  declare titleEn: string

  @column()
  declare bodyZh: string | null

  @column()
  declare bodyEn: string | null

  @column()
  declare recordType: string | null

  @column()
  declare recordId: string | null

  @column()
  declare url: string | null

  @column.dateTime()
  declare readAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  /** Title in the reader's language (zh-CN unless "en"). */
  title(locale: string): string {
    return locale === 'en' ? this.titleEn : this.titleZh
  }

  body(locale: string): string | null {
    return locale === 'en' ? this.bodyEn : this.bodyZh
  }
}
