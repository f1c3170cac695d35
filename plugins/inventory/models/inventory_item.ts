/*
 * An item (物料) as the master-data pages save it: a withAudit model, so each
 * create, field change and delete is in the audit log and announced as
 * kernel:record.* once committed (automation rules, webhooks). Quantities and
 * the standard cost are BIGINT micros in the table, Quantity / Money here.
 * Custom fields (cf_*) are added as columns when they are saved (addCustomColumns).
 */
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import type { DateTime } from 'luxon'
import { withAudit } from '#kernel/documents/audit'
import { moneyColumn, quantityColumn } from '#kernel/numbers/columns'
import type { Money, Quantity } from '#kernel/numbers/index'

export default class InventoryItem extends compose(BaseModel, withAudit) {
  static table = 'inventory_items'

  /** Lets the model write custom-field columns (cf_<name>) it did not declare. */
  static addCustomColumns(columns: string[]) {
    for (const name of columns) {
      if (!this.$hasColumn(name)) this.$addColumn(name, { columnName: name })
    }
  }

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare code: string

  @column()
  declare name: string

  @column()
  declare model: string | null

  @column()
  declare specification: string | null

  @column()
  declare categoryId: number | null

  @column()
  declare itemType: string

  @column()
  declare baseUnitId: number

  @column({ consume: (v) => Boolean(v) })
  declare lotTracked: boolean

  @column({ consume: (v) => Boolean(v) })
  declare serialTracked: boolean

  @column({ consume: (v) => Boolean(v) })
  declare requiresInspection: boolean

  @column()
  declare defaultWarehouseId: number | null

  @quantityColumn()
  declare minQty: Quantity | null

  @quantityColumn()
  declare maxQty: Quantity | null

  @quantityColumn()
  declare safetyStock: Quantity | null

  @quantityColumn()
  declare reorderQty: Quantity | null

  @column()
  declare leadTimeDays: number | null

  @moneyColumn()
  declare standardCost: Money | null

  @column()
  declare costingMethod: string

  @column()
  declare imagePath: string | null

  @column({ consume: (v) => Boolean(v) })
  declare active: boolean

  @column()
  declare ownerId: number | null

  @column()
  declare departmentId: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
