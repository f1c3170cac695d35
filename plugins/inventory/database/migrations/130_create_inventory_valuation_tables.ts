/*
 * Valuation state of the stock ledger (docs/decisions/014-stock-ledger.md).
 *
 * Every move carries, besides its cost (unit_cost, value), the item's running
 * valuation figures after it, in the item's valuation order (posted_at, id):
 *   valuation_effect  +1 enters own valued stock, −1 leaves it, 0 neither
 *                     (a transfer inside valued stock, or customer-supplied material)
 *   cost_fixed        the cost was given (a receipt's price, a reversal's original
 *                     cost) and is never restated; otherwise valuation sets it
 *   running_qty / running_value / avg_cost  the item's valued quantity, value and
 *                     average unit cost after the move
 * so a back-dated move restates only the later moves of its item, starting
 * from the running figures of the move just before it.
 *
 * inventory_item_costs holds each item's current figures (the running figures
 * of its last move) and is the row a posting locks (SELECT … FOR UPDATE on
 * PostgreSQL) to serialize postings of one item.
 * inventory_cost_layers holds the open FIFO layers of FIFO items.
 */
import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('inventory_moves', (table) => {
      table.smallint('valuation_effect').notNullable().defaultTo(0)
      table.boolean('cost_fixed').notNullable().defaultTo(false)
      table.bigInteger('running_qty').notNullable().defaultTo(0)
      table.bigInteger('running_value').notNullable().defaultTo(0)
      table.bigInteger('avg_cost').notNullable().defaultTo(0)
    })

    this.schema.createTable('inventory_item_costs', (table) => {
      table.integer('item_id').unsigned().notNullable().primary().references('id').inTable('inventory_items').onDelete('CASCADE')
      table.bigInteger('quantity').notNullable().defaultTo(0)
      table.bigInteger('value').notNullable().defaultTo(0)
      table.bigInteger('avg_cost').notNullable().defaultTo(0)
      table.timestamp('last_posted_at').nullable()
      table.bigInteger('last_move_id').nullable()
      table.timestamp('updated_at').nullable()
    })

    this.schema.createTable('inventory_cost_layers', (table) => {
      table.bigIncrements('id')
      table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('CASCADE')
      // The incoming move that made the layer.
      table.bigInteger('move_id').notNullable()
      table.timestamp('posted_at').notNullable()
      table.bigInteger('quantity').notNullable()
      table.bigInteger('remaining').notNullable()
      table.bigInteger('unit_cost').notNullable()
      table.index(['item_id', 'posted_at', 'move_id'])
    })
  }

  async down() {
    this.schema.dropTable('inventory_cost_layers')
    this.schema.dropTable('inventory_item_costs')
    this.schema.alterTable('inventory_moves', (table) => {
      table.dropColumn('valuation_effect')
      table.dropColumn('cost_fixed')
      table.dropColumn('running_qty')
      table.dropColumn('running_value')
      table.dropColumn('avg_cost')
    })
  }
}
