import { BaseModel, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import { compose } from '@adonisjs/core/helpers'
import { DateTime } from 'luxon'
import { withDocument } from '#kernel/documents/document_model'
import { moneyColumn, type Money } from '#kernel/numbers/index'
import ProcurementOrderLine from './procurement_order_line.js'

/** A purchase order (采购订单), migrations 110 + 120. */
export default class ProcurementOrder extends compose(BaseModel, withDocument) {
  static table = 'procurement_orders'
  static documentType = 'procurement.order'
  static auditExclude = ['created_at', 'updated_at', 'submitted_at', 'confirmed_at', 'cancelled_at', 'receipt_status', 'sent_at']

  @column() declare kind: string
  @column() declare supplierId: number
  @column() declare supplierName: string
  @column() declare supplierGrade: string | null
  @column() declare orderDate: string
  @column() declare expectedDate: string | null
  @column() declare warehouseId: number
  @column() declare currency: string
  @moneyColumn() declare total: Money
  @column() declare overReceiptPct: string
  @column() declare receiptStatus: string
  @column() declare rfqId: number | null
  @column.dateTime() declare sentAt: DateTime | null
  @column() declare note: string | null

  @hasMany(() => ProcurementOrderLine, { foreignKey: 'orderId' })
  declare lines: HasMany<typeof ProcurementOrderLine>
}
