/*
 * Receiving: receipts against purchase orders, incoming inspections (IQC),
 * returns to supplier, supplier bills with their 3-way match, and the
 * material side of subcontracting orders (materials list, material issues to
 * the subcontractor). Quantities and amounts are BIGINT micros; "_base"
 * quantities are in the item's base unit (what stock counts).
 * Decision: docs/decisions/020-procurement-receiving.md.
 */
import { BaseSchema } from '@adonisjs/lucid/schema'
import { documentColumns } from '#kernel/documents/document_columns'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('procurement_receipts', (table) => {
      documentColumns(table)
      table.integer('order_id').unsigned().notNullable().references('id').inTable('procurement_orders').onDelete('RESTRICT')
      table.string('order_number', 60).nullable()
      table.integer('supplier_id').unsigned().notNullable().references('id').inTable('procurement_suppliers').onDelete('RESTRICT')
      table.string('supplier_name', 200).notNullable()
      table.integer('warehouse_id').unsigned().notNullable().references('id').inTable('inventory_warehouses').onDelete('RESTRICT')
      // standard | subcontract (finished goods back from a subcontractor)
      table.string('kind', 12).notNullable().defaultTo('standard')
      table.date('receipt_date').notNullable()
      table.string('delivery_note', 60).nullable() // the supplier's 送货单号
      table.bigInteger('total_value').notNullable().defaultTo(0)
      table.string('note', 500).nullable()
      table.index(['order_id'])
      table.index(['supplier_id'])
      table.index(['receipt_date'])
    })

    this.schema.createTable('procurement_receipt_lines', (table) => {
      table.increments('id')
      table.integer('receipt_id').unsigned().notNullable().references('id').inTable('procurement_receipts').onDelete('CASCADE')
      table.integer('line_no').notNullable()
      table.integer('order_line_id').unsigned().notNullable().references('id').inTable('procurement_order_lines').onDelete('RESTRICT')
      table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('RESTRICT')
      table.integer('unit_id').unsigned().notNullable().references('id').inTable('inventory_units').onDelete('RESTRICT')
      table.bigInteger('quantity').notNullable() // in unit_id (the order line's unit)
      table.bigInteger('quantity_base').notNullable()
      // Cost per base unit the goods entered stock at, and quantity_base × unit_cost.
      table.bigInteger('unit_cost').notNullable().defaultTo(0)
      table.bigInteger('value').notNullable().defaultTo(0)
      // Subcontracting: the material cost consumed for this line (value = material + fee).
      table.bigInteger('material_cost').nullable()
      table.string('lot_code', 60).nullable()
      table.integer('lot_id').nullable()
      // Where accepted goods go (an internal location of the order's warehouse).
      table.integer('location_id').unsigned().notNullable().references('id').inTable('inventory_locations').onDelete('RESTRICT')
      // Where the goods went on posting: location_id, or the quarantine location pending IQC.
      table.integer('received_location_id').unsigned().nullable().references('id').inTable('inventory_locations').onDelete('RESTRICT')
      // none (no inspection needed) | pending | partial | done
      table.string('inspection_status', 10).notNullable().defaultTo('none')
      table.bigInteger('inspected_qty').notNullable().defaultTo(0)
      table.bigInteger('accepted_qty').notNullable().defaultTo(0)
      table.bigInteger('rejected_qty').notNullable().defaultTo(0)
      table.bigInteger('returned_qty').notNullable().defaultTo(0)
      table.bigInteger('billed_qty').notNullable().defaultTo(0)
      table.unique(['receipt_id', 'line_no'])
      table.index(['order_line_id'])
      table.index(['item_id'])
    })

    this.schema.createTable('procurement_inspections', (table) => {
      documentColumns(table)
      table.integer('receipt_id').unsigned().notNullable().references('id').inTable('procurement_receipts').onDelete('RESTRICT')
      table.integer('receipt_line_id').unsigned().notNullable().references('id').inTable('procurement_receipt_lines').onDelete('RESTRICT')
      table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('RESTRICT')
      table.string('item_name', 200).nullable()
      table.date('inspected_on').notNullable()
      table.bigInteger('inspected_qty').notNullable()
      table.bigInteger('accepted_qty').notNullable().defaultTo(0)
      table.bigInteger('rejected_qty').notNullable().defaultTo(0)
      // appearance | dimension | performance | short | other
      table.string('reason_code', 20).nullable()
      table.string('reason_text', 255).nullable()
      table.integer('location_id').unsigned().nullable().references('id').inTable('inventory_locations').onDelete('RESTRICT')
      table.string('note', 500).nullable()
      table.index(['receipt_id'])
      table.index(['receipt_line_id'])
    })

    this.schema.createTable('procurement_returns', (table) => {
      documentColumns(table)
      table.integer('receipt_id').unsigned().notNullable().references('id').inTable('procurement_receipts').onDelete('RESTRICT')
      table.integer('order_id').unsigned().notNullable().references('id').inTable('procurement_orders').onDelete('RESTRICT')
      table.integer('supplier_id').unsigned().notNullable().references('id').inTable('procurement_suppliers').onDelete('RESTRICT')
      table.string('supplier_name', 200).notNullable()
      table.date('return_date').notNullable()
      // true: the supplier sends replacements (the order expects the quantity again); false: the order is reduced (credit).
      table.boolean('expect_replacement').notNullable().defaultTo(false)
      table.string('reason', 255).nullable()
      table.bigInteger('total_value').notNullable().defaultTo(0)
      table.index(['receipt_id'])
      table.index(['supplier_id'])
    })

    this.schema.createTable('procurement_return_lines', (table) => {
      table.increments('id')
      table.integer('return_id').unsigned().notNullable().references('id').inTable('procurement_returns').onDelete('CASCADE')
      table.integer('receipt_line_id').unsigned().notNullable().references('id').inTable('procurement_receipt_lines').onDelete('RESTRICT')
      table.integer('order_line_id').unsigned().notNullable().references('id').inTable('procurement_order_lines').onDelete('RESTRICT')
      table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('RESTRICT')
      table.integer('from_location_id').unsigned().notNullable().references('id').inTable('inventory_locations').onDelete('RESTRICT')
      table.bigInteger('quantity_base').notNullable()
      table.bigInteger('unit_cost').notNullable().defaultTo(0)
      table.bigInteger('value').notNullable().defaultTo(0)
      table.index(['receipt_line_id'])
    })

    this.schema.createTable('procurement_bills', (table) => {
      documentColumns(table)
      table.integer('supplier_id').unsigned().notNullable().references('id').inTable('procurement_suppliers').onDelete('RESTRICT')
      table.string('supplier_name', 200).notNullable()
      table.string('invoice_number', 60).notNullable()
      table.date('invoice_date').notNullable()
      table.date('due_date').nullable()
      table.string('currency', 3).notNullable().defaultTo('CNY')
      table.bigInteger('subtotal').notNullable().defaultTo(0)
      table.bigInteger('tax_total').notNullable().defaultTo(0)
      table.bigInteger('total').notNullable().defaultTo(0)
      // Tolerances of the match, percent in micros (2% → 2000000), copied from the defaults when the bill is made.
      table.bigInteger('qty_tolerance_pct').notNullable().defaultTo(0)
      table.bigInteger('price_tolerance_pct').notNullable().defaultTo(0)
      table.boolean('has_mismatch').notNullable().defaultTo(false)
      // Σ |billed − expected| over the mismatched lines (expected = matchable qty × order price).
      table.bigInteger('mismatch_amount').notNullable().defaultTo(0)
      table.string('note', 500).nullable()
      table.unique(['supplier_id', 'invoice_number'])
      table.index(['invoice_date'])
    })

    this.schema.createTable('procurement_bill_lines', (table) => {
      table.increments('id')
      table.integer('bill_id').unsigned().notNullable().references('id').inTable('procurement_bills').onDelete('CASCADE')
      table.integer('line_no').notNullable()
      table.integer('receipt_line_id').unsigned().notNullable().references('id').inTable('procurement_receipt_lines').onDelete('RESTRICT')
      table.integer('order_line_id').unsigned().notNullable().references('id').inTable('procurement_order_lines').onDelete('RESTRICT')
      table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('RESTRICT')
      table.bigInteger('quantity').notNullable() // in the order line's unit
      table.bigInteger('quantity_base').notNullable()
      table.bigInteger('unit_price').notNullable() // per order-line unit, before tax
      table.bigInteger('tax_rate').notNullable().defaultTo(0) // percent in micros (13% → 13000000)
      table.bigInteger('amount').notNullable()
      table.bigInteger('tax_amount').notNullable().defaultTo(0)
      // The match as computed when the bill was saved.
      table.bigInteger('order_price').notNullable()
      table.bigInteger('matchable_qty').notNullable() // received − returned − billed before this bill (base)
      table.boolean('qty_ok').notNullable().defaultTo(true)
      table.boolean('price_ok').notNullable().defaultTo(true)
      table.unique(['bill_id', 'line_no'])
      table.index(['receipt_line_id'])
    })

    // Subcontracting: what the subcontractor needs per order line (the finished item).
    this.schema.createTable('procurement_subcontract_materials', (table) => {
      table.increments('id')
      table.integer('order_id').unsigned().notNullable().references('id').inTable('procurement_orders').onDelete('CASCADE')
      table.integer('order_line_id').unsigned().notNullable().references('id').inTable('procurement_order_lines').onDelete('CASCADE')
      table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('RESTRICT')
      // Base units of material per base unit of the finished item.
      table.bigInteger('qty_per_unit').notNullable()
      table.bigInteger('sent_qty').notNullable().defaultTo(0)
      table.bigInteger('consumed_qty').notNullable().defaultTo(0)
      table.bigInteger('sent_value').notNullable().defaultTo(0)
      table.bigInteger('consumed_value').notNullable().defaultTo(0)
      table.unique(['order_line_id', 'item_id'])
      table.index(['order_id'])
    })

    // "Send materials" (委外发料): own stock → the supplier's subcontractor location.
    this.schema.createTable('procurement_material_issues', (table) => {
      documentColumns(table)
      table.integer('order_id').unsigned().notNullable().references('id').inTable('procurement_orders').onDelete('RESTRICT')
      table.integer('supplier_id').unsigned().notNullable().references('id').inTable('procurement_suppliers').onDelete('RESTRICT')
      table.string('supplier_name', 200).notNullable()
      table.integer('from_location_id').unsigned().notNullable().references('id').inTable('inventory_locations').onDelete('RESTRICT')
      table.integer('to_location_id').unsigned().notNullable().references('id').inTable('inventory_locations').onDelete('RESTRICT')
      table.date('issue_date').notNullable()
      table.bigInteger('total_value').notNullable().defaultTo(0)
      table.index(['order_id'])
    })

    this.schema.createTable('procurement_material_issue_lines', (table) => {
      table.increments('id')
      table.integer('issue_id').unsigned().notNullable().references('id').inTable('procurement_material_issues').onDelete('CASCADE')
      table.integer('material_id').unsigned().notNullable().references('id').inTable('procurement_subcontract_materials').onDelete('RESTRICT')
      table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('RESTRICT')
      table.bigInteger('quantity_base').notNullable()
      table.bigInteger('value').notNullable().defaultTo(0)
    })
  }

  async down() {
    this.schema.dropTable('procurement_material_issue_lines')
    this.schema.dropTable('procurement_material_issues')
    this.schema.dropTable('procurement_subcontract_materials')
    this.schema.dropTable('procurement_bill_lines')
    this.schema.dropTable('procurement_bills')
    this.schema.dropTable('procurement_return_lines')
    this.schema.dropTable('procurement_returns')
    this.schema.dropTable('procurement_inspections')
    this.schema.dropTable('procurement_receipt_lines')
    this.schema.dropTable('procurement_receipts')
  }
}
