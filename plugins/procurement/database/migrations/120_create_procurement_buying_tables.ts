/*
 * Buying: purchase requisitions (请购单) and their lines, requests for
 * quotation (询价单) with the suppliers asked and their quotes, the supplier
 * score history, and what purchase orders need besides migration 110 (the
 * supplier's grade at submission — approval conditions read it — and when
 * the order was sent). Quantities and prices are BIGINT micros.
 * Decision: docs/decisions/019-procurement-buying.md.
 */
import { BaseSchema } from '@adonisjs/lucid/schema'
import { documentColumns } from '#kernel/documents/document_columns'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('procurement_requisitions', (table) => {
      documentColumns(table)
      // manual | stock_alert | mrp
      table.string('source', 12).notNullable().defaultTo('manual')
      table.integer('requester_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.date('requested_on').notNullable()
      table.bigInteger('total_quantity').notNullable().defaultTo(0)
      table.string('note', 500).nullable()
      table.index(['source'])
    })

    this.schema.createTable('procurement_requisition_lines', (table) => {
      table.increments('id')
      table.integer('requisition_id').unsigned().notNullable().references('id').inTable('procurement_requisitions').onDelete('CASCADE')
      table.integer('line_no').notNullable()
      table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('RESTRICT')
      table.integer('unit_id').unsigned().notNullable().references('id').inTable('inventory_units').onDelete('RESTRICT')
      table.bigInteger('quantity').notNullable()
      table.bigInteger('quantity_base').notNullable()
      table.date('needed_by').nullable()
      table.integer('warehouse_id').unsigned().nullable().references('id').inTable('inventory_warehouses').onDelete('SET NULL')
      table.integer('suggested_supplier_id').unsigned().nullable().references('id').inTable('procurement_suppliers').onDelete('SET NULL')
      // open → ordered (a purchase order line was made from it) | closed (not to be bought)
      table.string('status', 10).notNullable().defaultTo('open')
      table.integer('order_line_id').unsigned().nullable().references('id').inTable('procurement_order_lines').onDelete('SET NULL')
      table.string('note', 255).nullable()
      table.unique(['requisition_id', 'line_no'])
      table.index(['item_id', 'status'])
    })

    this.schema.createTable('procurement_rfqs', (table) => {
      documentColumns(table)
      table.string('title', 200).notNullable()
      table.integer('warehouse_id').unsigned().notNullable().references('id').inTable('inventory_warehouses').onDelete('RESTRICT')
      table.date('issued_on').notNullable()
      table.date('respond_by').nullable()
      table.string('note', 500).nullable()
    })

    this.schema.createTable('procurement_rfq_suppliers', (table) => {
      table.increments('id')
      table.integer('rfq_id').unsigned().notNullable().references('id').inTable('procurement_rfqs').onDelete('CASCADE')
      table.integer('supplier_id').unsigned().notNullable().references('id').inTable('procurement_suppliers').onDelete('RESTRICT')
      table.unique(['rfq_id', 'supplier_id'])
    })

    this.schema.createTable('procurement_rfq_lines', (table) => {
      table.increments('id')
      table.integer('rfq_id').unsigned().notNullable().references('id').inTable('procurement_rfqs').onDelete('CASCADE')
      table.integer('line_no').notNullable()
      table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('RESTRICT')
      table.bigInteger('quantity_base').notNullable()
      table.date('needed_by').nullable()
      // The quote chosen on the comparison page, and the order line made from it.
      table.integer('chosen_supplier_id').unsigned().nullable().references('id').inTable('procurement_suppliers').onDelete('SET NULL')
      table.integer('order_line_id').unsigned().nullable().references('id').inTable('procurement_order_lines').onDelete('SET NULL')
      table.unique(['rfq_id', 'line_no'])
    })

    this.schema.createTable('procurement_rfq_quotes', (table) => {
      table.increments('id')
      table.integer('rfq_line_id').unsigned().notNullable().references('id').inTable('procurement_rfq_lines').onDelete('CASCADE')
      table.integer('supplier_id').unsigned().notNullable().references('id').inTable('procurement_suppliers').onDelete('CASCADE')
      table.bigInteger('unit_price').notNullable() // per base unit
      table.integer('lead_time_days').nullable()
      table.bigInteger('min_order_qty').nullable()
      table.date('valid_to').nullable()
      table.timestamp('created_at').notNullable()
      table.unique(['rfq_line_id', 'supplier_id'])
    })

    this.schema.createTable('procurement_supplier_scores', (table) => {
      table.increments('id')
      table.integer('supplier_id').unsigned().notNullable().references('id').inTable('procurement_suppliers').onDelete('CASCADE')
      table.date('period_from').notNullable()
      table.date('period_to').notNullable()
      table.integer('receipt_count').notNullable().defaultTo(0)
      // Rates and score 0–100 as micros; null when there was nothing to measure.
      table.bigInteger('on_time_rate').nullable()
      table.bigInteger('quality_rate').nullable()
      table.bigInteger('price_index').nullable()
      table.bigInteger('score').nullable()
      table.string('grade', 1).nullable()
      table.timestamp('created_at').notNullable()
      table.index(['supplier_id', 'period_to'])
    })

    this.schema.alterTable('procurement_orders', (table) => {
      // The supplier's grade when the order was saved: approval flows may say "grade C → manager".
      table.string('supplier_grade', 1).nullable()
      table.integer('rfq_id').unsigned().nullable().references('id').inTable('procurement_rfqs').onDelete('SET NULL')
      table.timestamp('sent_at').nullable()
    })
  }

  async down() {
    this.schema.alterTable('procurement_orders', (table) => {
      table.dropForeign(['rfq_id'])
      table.dropColumn('supplier_grade')
      table.dropColumn('rfq_id')
      table.dropColumn('sent_at')
    })
    this.schema.dropTable('procurement_supplier_scores')
    this.schema.dropTable('procurement_rfq_quotes')
    this.schema.dropTable('procurement_rfq_lines')
    this.schema.dropTable('procurement_rfq_suppliers')
    this.schema.dropTable('procurement_rfqs')
    this.schema.dropTable('procurement_requisition_lines')
    this.schema.dropTable('procurement_requisitions')
  }
}
