/*
 * A receipt (到货单/采购入库) against a purchase order; lines in procurement_receipt_lines.
 */
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { withDocument } from '#kernel/documents/document_model'

export default class Receipt extends compose(BaseModel, withDocument) {
  static table = 'procurement_receipts'
  static documentType = 'procurement.receipt'

  @column() declare orderId: number
  @column() declare orderNumber: string | null
  @column() declare supplierId: number
  @column() declare supplierName: string
  @column() declare warehouseId: number
  @column() declare kind: 'standard' | 'subcontract'
  @column() declare receiptDate: string
  @column() declare deliveryNote: string | null
  @column() declare totalValue: string
  @column() declare note: string | null
}
