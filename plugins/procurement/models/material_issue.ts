/*
 * Materials sent to a subcontractor (委外发料) for a subcontracting order.
 */
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import { withDocument } from '#kernel/documents/document_model'

export default class MaterialIssue extends compose(BaseModel, withDocument) {
  static table = 'procurement_material_issues'
  static documentType = 'procurement.material_issue'

  @column() declare orderId: number
  @column() declare supplierId: number
  @column() declare supplierName: string
  @column() declare fromLocationId: number
  @column() declare toLocationId: number
  @column() declare issueDate: string
  @column() declare totalValue: string
}
