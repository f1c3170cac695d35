import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { withDocument } from '#kernel/documents/document_model'

/** A purchase requisition (请购单), migration 120. Lines are written with the query builder in its transaction. */
export default class ProcurementRequisition extends compose(BaseModel, withDocument) {
  static table = 'procurement_requisitions'
  static documentType = 'procurement.requisition'

  @column() declare source: string
  @column() declare requesterId: number | null
  @column() declare requestedOn: string
  @column() declare totalQuantity: string
  @column() declare note: string | null
}
