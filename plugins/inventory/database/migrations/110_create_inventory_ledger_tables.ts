/*
 * The stock ledger and what is derived from it in the same transaction.
 *
 * inventory_moves is append-only for what happened (item, lot, from, to,
 * quantity, document, time). Only the valuation engine restates the cost
 * columns (unit_cost, value) and the item's running columns when a back-dated
 * move changes the cost of later ones. A cancellation appends reversing moves.
 *
 * inventory_balances holds, per item × location × lot (lot_id 0 = none), the
 * on-hand, reserved, on-order and planned quantities; the posting service
 * changes them in the same transaction as the moves/reservations/expectations
 * they sum, and `node ace inventory:verify` recomputes them from those tables.
 */
import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('inventory_moves', (table) => {
      table.bigIncrements('id')
      table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('RESTRICT')
      table.integer('lot_id').unsigned().nullable().references('id').inTable('inventory_lots').onDelete('RESTRICT')
      table.integer('from_location_id').unsigned().notNullable().references('id').inTable('inventory_locations').onDelete('RESTRICT')
      table.integer('to_location_id').unsigned().notNullable().references('id').inTable('inventory_locations').onDelete('RESTRICT')
      // Base-unit quantity, always > 0 (direction is from → to).
      table.bigInteger('quantity').notNullable()
      // Cost per base unit and the move's value (micros), set by valuation.
      table.bigInteger('unit_cost').notNullable().defaultTo(0)
      table.bigInteger('value').notNullable().defaultTo(0)
      // When it happened for stock and valuation (may be back-dated); created_at is when it was written.
      table.timestamp('posted_at').notNullable()
      // The document that made it: type ('inventory.receipt', 'procurement.order' …), id, number, line.
      table.string('document_type', 60).notNullable()
      table.integer('document_id').notNullable()
      table.string('document_number', 60).nullable()
      table.integer('document_line_id').nullable()
      // A reversing move names the move it reverses.
      table.bigInteger('reversal_of_id').unsigned().nullable().references('id').inTable('inventory_moves').onDelete('RESTRICT')
      table.string('note', 255).nullable()
      table.integer('created_by').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at').notNullable()
      table.index(['item_id', 'posted_at', 'id'])
      table.index(['from_location_id', 'item_id'])
      table.index(['to_location_id', 'item_id'])
      table.index(['document_type', 'document_id'])
      table.index(['posted_at'])
    })

    this.schema.createTable('inventory_balances', (table) => {
      table.increments('id')
      table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('RESTRICT')
      table.integer('location_id').unsigned().notNullable().references('id').inTable('inventory_locations').onDelete('RESTRICT')
      // Denormalized from the location, for reports by warehouse.
      table.integer('warehouse_id').unsigned().nullable()
      table.integer('lot_id').notNullable().defaultTo(0)
      table.bigInteger('on_hand').notNullable().defaultTo(0)
      table.bigInteger('reserved').notNullable().defaultTo(0)
      table.bigInteger('on_order').notNullable().defaultTo(0)
      table.bigInteger('planned_in').notNullable().defaultTo(0)
      table.bigInteger('planned_out').notNullable().defaultTo(0)
      table.timestamp('updated_at').nullable()
      table.unique(['item_id', 'location_id', 'lot_id'])
      table.index(['warehouse_id', 'item_id'])
      table.index(['location_id'])
    })

    // Stock set aside for a document line; its open quantity is in balances.reserved.
    this.schema.createTable('inventory_reservations', (table) => {
      table.increments('id')
      table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('RESTRICT')
      table.integer('location_id').unsigned().notNullable().references('id').inTable('inventory_locations').onDelete('RESTRICT')
      table.integer('lot_id').notNullable().defaultTo(0)
      // Still reserved (open) and already consumed, base-unit micros.
      table.bigInteger('quantity').notNullable()
      table.bigInteger('consumed').notNullable().defaultTo(0)
      table.string('document_type', 60).notNullable()
      table.integer('document_id').notNullable()
      table.integer('document_line_id').nullable()
      table.date('required_date').nullable()
      // active | released | consumed
      table.string('state', 12).notNullable().defaultTo('active')
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['document_type', 'document_id'])
      table.index(['item_id', 'state'])
    })

    /*
     * Quantities expected to arrive or leave later (open purchase order lines,
     * production output, planned issues …) by date; balances.on_order /
     * planned_in / planned_out are their open sums. kind: on_order | planned_in | planned_out.
     */
    this.schema.createTable('inventory_expectations', (table) => {
      table.increments('id')
      table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('RESTRICT')
      table.integer('location_id').unsigned().notNullable().references('id').inTable('inventory_locations').onDelete('RESTRICT')
      table.string('kind', 12).notNullable()
      table.bigInteger('quantity').notNullable()
      table.date('expected_date').nullable()
      table.string('document_type', 60).notNullable()
      table.integer('document_id').notNullable()
      table.integer('document_line_id').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.unique(['document_type', 'document_line_id', 'kind', 'item_id', 'location_id'])
      table.index(['item_id', 'kind', 'expected_date'])
      table.index(['document_type', 'document_id'])
    })
  }

  async down() {
    this.schema.dropTable('inventory_expectations')
    this.schema.dropTable('inventory_reservations')
    this.schema.dropTable('inventory_balances')
    this.schema.dropTable('inventory_moves')
  }
}
