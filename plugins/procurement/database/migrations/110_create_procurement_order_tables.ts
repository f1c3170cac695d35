/*
 * Purchase orders (standard and subcontracting) and their lines. Quantities
 * are per line in the order unit and in base units (what stock counts);
 * received / rejected / returned / billed are base-unit running totals that
 * the receipt, inspection, return and bill documents keep, in their
 * transactions.
 */
import { BaseSchema } from '@adonisjs/lucid/schema'
import { documentColumns } from '#kernel/documents/document_columns'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('procurement_orders', (table) => {
      documentColumns(table)
      // standard | subcontract
      table.string('kind', 12).notNullable().defaultTo('standard')
      table.integer('supplier_id').unsigned().notNullable().references('id').inTable('procurement_suppliers').onDelete('RESTRICT')
      table.string('supplier_name', 200).notNullable()
      table.date('order_date').notNullable()
      table.date('expected_date').nullable()
      table.integer('warehouse_id').unsigned().notNullable().references('id').inTable('inventory_warehouses').onDelete('RESTRICT')
      table.string('currency', 3).notNullable().defaultTo('CNY')
      table.bigInteger('total').notNullable().defaultTo(0)
      // Over-receipt tolerance in percent (micros), e.g. 5% → 5000000.
      table.bigInteger('over_receipt_pct').notNullable().defaultTo(0)
      // Subcontracting: the processing fee per unit of the finished item.
      table.bigInteger('processing_fee').nullable()
      // open → partially_received → received; closed_short when closed with quantities outstanding.
      table.string('receipt_status', 20).notNullable().defaultTo('open')
      table.string('note', 500).nullable()
      table.index(['supplier_id'])
      table.index(['order_date'])
    })

    this.schema.createTable('procurement_order_lines', (table) => {
      table.increments('id')
      table.integer('order_id').unsigned().notNullable().references('id').inTable('procurement_orders').onDelete('CASCADE')
      table.integer('line_no').notNullable()
      table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('RESTRICT')
      table.integer('unit_id').unsigned().notNullable().references('id').inTable('inventory_units').onDelete('RESTRICT')
      table.bigInteger('quantity').notNullable() // in unit_id
      table.bigInteger('quantity_base').notNullable() // in the item's base unit
      table.bigInteger('unit_price').notNullable() // per unit_id
      table.bigInteger('amount').notNullable()
      table.date('expected_date').nullable()
      table.bigInteger('received_qty').notNullable().defaultTo(0)
      table.bigInteger('rejected_qty').notNullable().defaultTo(0)
      table.bigInteger('returned_qty').notNullable().defaultTo(0)
      table.bigInteger('billed_qty').notNullable().defaultTo(0)
      // Set when the line came from a requisition line (procurement's own table).
      table.integer('requisition_line_id').nullable()
      table.string('note', 255).nullable()
      table.unique(['order_id', 'line_no'])
      table.index(['item_id'])
    })
  }

  async down() {
    this.schema.dropTable('procurement_order_lines')
    this.schema.dropTable('procurement_orders')
  }
}
