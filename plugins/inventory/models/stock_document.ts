/*
 * The four stock documents (receipt, issue, transfer, scrap) share one header
 * and one line shape; each type has its own tables and model class so the
 * kernel's document engine (numbering, lock, audit, access) treats each as a
 * document type of its own.
 */
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import type { NormalizeConstructor } from '@adonisjs/core/types/helpers'
import { withDocument, withDocumentLine } from '#kernel/documents/document_model'
import { moneyColumn, quantityColumn } from '#kernel/numbers/columns'
import type { Money } from '#kernel/numbers/money'
import type { Quantity } from '#kernel/numbers/quantity'

function withStockHeader<T extends NormalizeConstructor<typeof BaseModel>>(superclass: T) {
  class StockHeader extends superclass {
    @column() declare warehouseId: number
    @column() declare destWarehouseId: number | null
    @column({ consume: (v) => v === true || v === 1 || v === '1' || v === 't' }) declare twoStep: boolean
    @column() declare documentDate: string
    @column() declare purpose: string | null
    @column() declare costCentre: string | null
    @column() declare reference: string | null
    @column() declare note: string | null
  }
  return StockHeader
}

function withStockLine<T extends NormalizeConstructor<typeof BaseModel>>(superclass: T) {
  class StockLine extends superclass {
    @column({ isPrimary: true }) declare id: number
    @column() declare documentId: number
    @column() declare lineNo: number
    @column() declare itemId: number
    @column() declare unitId: number | null
    @quantityColumn() declare quantity: Quantity
    @quantityColumn() declare baseQuantity: Quantity
    @column() declare lotCode: string | null
    @column() declare locationId: number
    @column() declare toLocationId: number | null
    @moneyColumn() declare unitCost: Money | null
    @column() declare reservedDocumentType: string | null
    @column() declare reservedDocumentId: number | null
    @column() declare reservedLineId: number | null
    @column() declare note: string | null
  }
  return StockLine
}

const line = (table: string) => withDocumentLine({ table, foreignKey: 'documentId' })

export class ReceiptLine extends compose(BaseModel, line('inventory_receipts'), withStockLine) {
  static table = 'inventory_receipt_lines'
  static auditType = 'inventory.receipt_line'
}
export class IssueLine extends compose(BaseModel, line('inventory_issues'), withStockLine) {
  static table = 'inventory_issue_lines'
  static auditType = 'inventory.issue_line'
}
export class TransferLine extends compose(BaseModel, line('inventory_transfers'), withStockLine) {
  static table = 'inventory_transfer_lines'
  static auditType = 'inventory.transfer_line'
}
export class ScrapLine extends compose(BaseModel, line('inventory_scraps'), withStockLine) {
  static table = 'inventory_scrap_lines'
  static auditType = 'inventory.scrap_line'
}

export class Receipt extends compose(BaseModel, withDocument, withStockHeader) {
  static table = 'inventory_receipts'
  static documentType = 'inventory.receipt'
}
export class Issue extends compose(BaseModel, withDocument, withStockHeader) {
  static table = 'inventory_issues'
  static documentType = 'inventory.issue'
}
export class Transfer extends compose(BaseModel, withDocument, withStockHeader) {
  static table = 'inventory_transfers'
  static documentType = 'inventory.transfer'
}
export class Scrap extends compose(BaseModel, withDocument, withStockHeader) {
  static table = 'inventory_scraps'
  static documentType = 'inventory.scrap'
}

export type StockDocument = Receipt | Issue | Transfer | Scrap
export type StockDocumentLine = ReceiptLine | IssueLine | TransferLine | ScrapLine
