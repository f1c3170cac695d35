/*
 * The stock count document (盘点单). Lines, freezes and the counting itself
 * live in services/count_service.ts; this model exists so the documents and
 * approvals engines can move the document through transition().
 */
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { DateTime } from 'luxon'
import { withDocument } from '#kernel/documents/document_model'
import { moneyColumn } from '#kernel/numbers/columns'
import type { Money } from '#kernel/numbers/money'

export default class InventoryCount extends compose(BaseModel, withDocument) {
  static table = 'inventory_counts'
  static documentType = 'inventory.count'

  @column() declare warehouseId: number
  @column() declare locationId: number | null
  @column() declare categoryId: number | null
  @column() declare itemIds: string | null
  @column() declare mode: 'open' | 'blind'
  @column() declare countDate: string
  @column() declare phase: 'setup' | 'counting'
  @column.dateTime() declare startedAt: DateTime | null
  @column() declare startedBy: number | null
  @moneyColumn() declare varianceValue: Money
  @moneyColumn() declare varianceAbsValue: Money
  /** BIGINT micros (a number field), e.g. '3000000' for 3 lines */
  @column() declare varianceLines: string | number
  @column() declare lineCount: number
  @column.dateTime() declare postedAt: DateTime | null
  @column() declare note: string | null
}
