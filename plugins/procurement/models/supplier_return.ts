/*
 * A return to supplier (退货单) of goods of one receipt; lines in procurement_return_lines.
 */
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { withDocument } from '#kernel/documents/document_model'

export default class SupplierReturn extends compose(BaseModel, withDocument) {
  static table = 'procurement_returns'
  static documentType = 'procurement.return'

  @column() declare receiptId: number
  @column() declare orderId: number
  @column() declare supplierId: number
  @column() declare supplierName: string
  @column() declare returnDate: string
  @column({ consume: (v) => Boolean(v) }) declare expectReplacement: boolean
  @column() declare reason: string | null
  @column() declare totalValue: string
}
