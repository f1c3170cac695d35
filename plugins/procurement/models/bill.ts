/*
 * A supplier bill (供应商发票) matched 3-way to order and receipt lines; lines in procurement_bill_lines.
 */
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { withDocument } from '#kernel/documents/document_model'

export default class Bill extends compose(BaseModel, withDocument) {
  static table = 'procurement_bills'
  static documentType = 'procurement.bill'

  @column() declare supplierId: number
  @column() declare supplierName: string
  @column() declare invoiceNumber: string
  @column() declare invoiceDate: string
  @column() declare dueDate: string | null
  @column() declare currency: string
  @column() declare subtotal: string
  @column() declare taxTotal: string
  @column() declare total: string
  @column() declare qtyTolerancePct: string
  @column() declare priceTolerancePct: string
  @column({ consume: (v) => Boolean(v) }) declare hasMismatch: boolean
  @column() declare mismatchAmount: string
  @column() declare note: string | null
}
