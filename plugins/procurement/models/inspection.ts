/*
 * An incoming inspection (IQC, 来料检验) of one receipt line.
 */
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { withDocument } from '#kernel/documents/document_model'

export default class Inspection extends compose(BaseModel, withDocument) {
  static table = 'procurement_inspections'
  static documentType = 'procurement.inspection'

  @column() declare receiptId: number
  @column() declare receiptLineId: number
  @column() declare itemId: number
  @column() declare itemName: string | null
  @column() declare inspectedOn: string
  @column() declare inspectedQty: string
  @column() declare acceptedQty: string
  @column() declare rejectedQty: string
  @column() declare reasonCode: string | null
  @column() declare reasonText: string | null
  @column() declare locationId: number | null
  @column() declare note: string | null
}
