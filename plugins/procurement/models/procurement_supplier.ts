import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { DateTime } from 'luxon'
import { withAudit } from '#kernel/documents/audit'

/** A supplier (供应商), migration 100; every change is audited and announced. */
export default class ProcurementSupplier extends compose(BaseModel, withAudit) {
  static table = 'procurement_suppliers'
  static auditType = 'procurement.supplier'
  static auditExclude = ['created_at', 'updated_at', 'scored_at']

  @column({ isPrimary: true }) declare id: number
  @column() declare code: string
  @column() declare name: string
  @column() declare shortName: string | null
  @column() declare taxNumber: string | null
  @column() declare phone: string | null
  @column() declare email: string | null
  @column() declare address: string | null
  @column() declare currency: string
  @column() declare paymentTermsDays: number | null
  @column() declare bankName: string | null
  @column() declare bankAccount: string | null
  @column() declare bankAccountName: string | null
  @column() declare score: string | null
  @column() declare grade: string | null
  @column() declare onTimeRate: string | null
  @column() declare qualityRate: string | null
  @column() declare priceIndex: string | null
  @column.dateTime() declare scoredAt: DateTime | null
  @column({ consume: (v) => Boolean(v) }) declare isSubcontractor: boolean
  @column({ consume: (v) => Boolean(v) }) declare active: boolean
  @column() declare ownerId: number | null
  @column() declare departmentId: number | null
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime | null
}
