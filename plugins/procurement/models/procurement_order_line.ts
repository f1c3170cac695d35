import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { withDocumentLine } from '#kernel/documents/document_model'

/** A purchase order line; quantities and prices are BIGINT micros text (read with Quantity/Money.fromMicros). */
export default class ProcurementOrderLine extends compose(BaseModel, withDocumentLine({ table: 'procurement_orders', foreignKey: 'orderId' })) {
  static table = 'procurement_order_lines'
  static auditType = 'procurement.order_line'

  @column({ isPrimary: true }) declare id: number
  @column() declare orderId: number
  @column() declare lineNo: number
  @column() declare itemId: number
  @column() declare unitId: number
  @column() declare quantity: string
  @column() declare quantityBase: string
  @column() declare unitPrice: string
  @column() declare amount: string
  @column() declare expectedDate: string | null
  @column() declare receivedQty: string
  @column() declare rejectedQty: string
  @column() declare returnedQty: string
  @column() declare billedQty: string
  @column() declare requisitionLineId: number | null
  @column() declare note: string | null
}
