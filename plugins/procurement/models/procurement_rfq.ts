import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { withDocument } from '#kernel/documents/document_model'

/** A request for quotation (询价单), migration 120. */
export default class ProcurementRfq extends compose(BaseModel, withDocument) {
  static table = 'procurement_rfqs'
  static documentType = 'procurement.rfq'

  @column() declare title: string
  @column() declare warehouseId: number
  @column() declare issuedOn: string
  @column() declare respondBy: string | null
  @column() declare note: string | null
}
