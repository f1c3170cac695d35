/*
 * Stock documents (slice "documents", docs/decisions/016-stock-documents.md):
 * receipts (其他入库), issues (其他出库/领料), transfers (调拨, one- or
 * two-step) and scraps (报废). The four share one header and one line shape,
 * each in its own pair of tables so every type keeps its own numbering,
 * access, comments and attachments like any kernel document.
 *
 * Quantities and costs are BIGINT micros; document_date is 'YYYY-MM-DD'.
 */
import { BaseSchema } from '@adonisjs/lucid/schema'
import { documentColumns } from '#kernel/documents/document_columns'

const KINDS = [
  { header: 'inventory_receipts', lines: 'inventory_receipt_lines' },
  { header: 'inventory_issues', lines: 'inventory_issue_lines' },
  { header: 'inventory_transfers', lines: 'inventory_transfer_lines' },
  { header: 'inventory_scraps', lines: 'inventory_scrap_lines' },
]

export default class extends BaseSchema {
  async up() {
    for (const kind of KINDS) {
      this.schema.createTable(kind.header, (table) => {
        documentColumns(table)
        // The warehouse the document works in (a transfer's source).
        table.integer('warehouse_id').unsigned().notNullable().references('id').inTable('inventory_warehouses').onDelete('RESTRICT')
        // A transfer's destination warehouse (the same one for a move between bins).
        table.integer('dest_warehouse_id').unsigned().nullable().references('id').inTable('inventory_warehouses').onDelete('RESTRICT')
        // Two-step transfer: posted = shipped into transit, done = received.
        table.boolean('two_step').notNullable().defaultTo(false)
        table.string('document_date', 10).notNullable()
        // Receipt/issue purpose (counterpart), scrap reason.
        table.string('purpose', 30).nullable()
        table.string('cost_centre', 60).nullable()
        table.string('reference', 80).nullable()
        table.string('note', 500).nullable()
        table.index(['warehouse_id'])
        table.index(['document_date'])
      })
      this.schema.createTable(kind.lines, (table) => {
        table.increments('id')
        table.integer('document_id').unsigned().notNullable().references('id').inTable(kind.header).onDelete('CASCADE')
        table.integer('line_no').notNullable()
        table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('RESTRICT')
        // The unit the quantity was entered in (null = the item's base unit).
        table.integer('unit_id').unsigned().nullable().references('id').inTable('inventory_units').onDelete('RESTRICT')
        table.bigInteger('quantity').notNullable()
        table.bigInteger('base_quantity').notNullable()
        table.string('lot_code', 80).nullable()
        // Receipt: where it goes; issue, scrap, transfer: where it comes from.
        table.integer('location_id').unsigned().notNullable().references('id').inTable('inventory_locations').onDelete('RESTRICT')
        // Transfer: where it goes.
        table.integer('to_location_id').unsigned().nullable().references('id').inTable('inventory_locations').onDelete('RESTRICT')
        // Receipt: cost per entered unit (null = the item's current / standard cost).
        table.bigInteger('unit_cost').nullable()
        // Issue: the document line whose reservation this issue consumes.
        table.string('reserved_document_type', 60).nullable()
        table.integer('reserved_document_id').nullable()
        table.integer('reserved_line_id').nullable()
        table.string('note', 255).nullable()
        table.index(['document_id'])
        table.index(['item_id'])
      })
    }
  }

  async down() {
    for (const kind of [...KINDS].reverse()) {
      this.schema.dropTable(kind.lines)
      this.schema.dropTable(kind.header)
    }
  }
}
