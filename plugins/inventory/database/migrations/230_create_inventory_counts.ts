/*
 * Stock counts (盘点单) and stock alerts (docs/decisions/017-stock-counts-alerts.md).
 *
 * inventory_counts: the document. While a draft it is prepared (phase
 * 'setup'), then started (phase 'counting'): book quantities are snapshot
 * into lines and the item × location pairs frozen. Submitting computes the
 * variance (approval flows may hold it), posting writes adjustment moves.
 * inventory_count_lines: one per item × location × lot; book_qty is the
 * snapshot, counted_qty what was counted (NULL = not yet).
 * inventory_count_freezes: item × location pairs held by a started count;
 * the unique index makes a second count on the same pair fail even when two
 * start at once.
 * inventory_stock_alerts: what the stock-alert job told the buyers, one row
 * per item × warehouse × day, so it tells them once.
 * Quantities and amounts are BIGINT micros.
 */
import { BaseSchema } from '@adonisjs/lucid/schema'
import { documentColumns } from '#kernel/documents/document_columns'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('inventory_counts', (table) => {
      documentColumns(table)
      table.integer('warehouse_id').unsigned().notNullable().references('id').inTable('inventory_warehouses').onDelete('RESTRICT')
      // Scope: a location subtree (NULL = the whole warehouse), a category subtree, and/or a list of items (JSON ids).
      table.integer('location_id').unsigned().nullable().references('id').inTable('inventory_locations').onDelete('RESTRICT')
      table.integer('category_id').unsigned().nullable().references('id').inTable('inventory_categories').onDelete('RESTRICT')
      table.text('item_ids').nullable()
      // open (明盘: counters see the book quantity) | blind (暗盘: they do not)
      table.string('mode', 10).notNullable().defaultTo('open')
      table.date('count_date').notNullable()
      // setup | counting (meaningful while draft)
      table.string('phase', 12).notNullable().defaultTo('setup')
      table.timestamp('started_at').nullable()
      table.integer('started_by').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      // Computed on submit (approval conditions read them) and restated on posting.
      table.bigInteger('variance_value').notNullable().defaultTo(0)
      table.bigInteger('variance_abs_value').notNullable().defaultTo(0)
      // Lines with a variance, as a number field: BIGINT micros like every number the engines compare.
      table.bigInteger('variance_lines').notNullable().defaultTo(0)
      table.integer('line_count').notNullable().defaultTo(0)
      table.timestamp('posted_at').nullable()
      table.string('note', 255).nullable()
      table.index(['warehouse_id'])
    })

    this.schema.createTable('inventory_count_lines', (table) => {
      table.increments('id')
      table.integer('count_id').unsigned().notNullable().references('id').inTable('inventory_counts').onDelete('CASCADE')
      table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('RESTRICT')
      table.integer('location_id').unsigned().notNullable().references('id').inTable('inventory_locations').onDelete('RESTRICT')
      table.integer('lot_id').unsigned().nullable().references('id').inTable('inventory_lots').onDelete('RESTRICT')
      // A lot code typed for a line added during counting (found stock of a lot not yet known).
      table.string('lot_code', 80).nullable()
      table.bigInteger('book_qty').notNullable().defaultTo(0)
      table.bigInteger('counted_qty').nullable()
      table.bigInteger('variance_qty').nullable()
      table.bigInteger('unit_cost').nullable()
      table.bigInteger('variance_value').nullable()
      // true: not in the snapshot, added by a counter (found stock)
      table.boolean('added').notNullable().defaultTo(false)
      table.integer('recounts').notNullable().defaultTo(0)
      table.integer('counted_by').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('counted_at').nullable()
      table.string('note', 255).nullable()
      table.index(['count_id', 'location_id'])
      table.index(['item_id'])
    })

    this.schema.createTable('inventory_count_freezes', (table) => {
      table.increments('id')
      table.integer('count_id').unsigned().notNullable().references('id').inTable('inventory_counts').onDelete('CASCADE')
      table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('RESTRICT')
      table.integer('location_id').unsigned().notNullable().references('id').inTable('inventory_locations').onDelete('RESTRICT')
      table.unique(['item_id', 'location_id'])
      table.index(['count_id'])
    })

    this.schema.createTable('inventory_stock_alerts', (table) => {
      table.increments('id')
      table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('CASCADE')
      table.integer('warehouse_id').unsigned().notNullable().references('id').inTable('inventory_warehouses').onDelete('CASCADE')
      table.date('alert_date').notNullable()
      table.bigInteger('available').notNullable()
      table.bigInteger('on_order').notNullable()
      table.bigInteger('threshold').notNullable()
      table.bigInteger('suggested_qty').notNullable()
      table.timestamp('created_at').notNullable()
      table.unique(['item_id', 'warehouse_id', 'alert_date'])
      table.index(['alert_date'])
    })
  }

  async down() {
    this.schema.dropTable('inventory_stock_alerts')
    this.schema.dropTable('inventory_count_freezes')
    this.schema.dropTable('inventory_count_lines')
    this.schema.dropTable('inventory_counts')
  }
}
