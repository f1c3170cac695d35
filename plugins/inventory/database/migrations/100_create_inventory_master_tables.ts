/*
 * Inventory master data: units, categories, items (with unit conversions and
 * barcodes), warehouses and their location trees, lots/serials.
 * Quantities, costs and factors are BIGINT micros (value × 10^6).
 */
import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('inventory_units', (table) => {
      table.increments('id')
      table.string('code', 20).notNullable().unique() // EA, KG, BOX …
      table.string('name_zh', 60).notNullable()
      table.string('name_en', 60).notNullable()
      // Decimal places a quantity in this unit may carry (0 = whole units only), at most 6.
      table.integer('precision').notNullable().defaultTo(0)
      table.timestamp('created_at').notNullable()
    })

    this.schema.createTable('inventory_categories', (table) => {
      table.increments('id')
      table.integer('parent_id').unsigned().nullable().references('id').inTable('inventory_categories').onDelete('RESTRICT')
      table.string('code', 40).notNullable().unique()
      table.string('name', 120).notNullable()
      // Materialized path of ids, '/1/5/', for subtree filters.
      table.string('path', 400).notNullable().defaultTo('/')
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['path'])
    })

    this.schema.createTable('inventory_warehouses', (table) => {
      table.increments('id')
      table.string('code', 20).notNullable().unique()
      table.string('name', 120).notNullable()
      table.string('address', 255).nullable()
      // Negative on-hand is refused unless the warehouse allows it.
      table.boolean('allow_negative').notNullable().defaultTo(false)
      table.boolean('active').notNullable().defaultTo(true)
      table.integer('department_id').unsigned().nullable().references('id').inTable('departments').onDelete('SET NULL')
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
    })

    /*
     * Locations. kind:
     *   view              a node of the tree that holds no stock (the warehouse root)
     *   internal          a bin / shelf / area that holds own stock
     *   quarantine        rejected goods awaiting return or decision (own stock, not available)
     *   transit           goods between two warehouses (two-step transfer)
     *   customer_supplied 客供料/受托加工: counted, never valued
     *   subcontractor     own material at a subcontractor (valued)
     *   supplier, customer, production, adjustment, scrap
     *                     counterparts outside stock: no balances are kept for them
     * Virtual counterparts (supplier, customer, production, adjustment, scrap,
     * transit) have warehouse_id NULL; a subcontractor location names its
     * partner in partner_ref (e.g. 'procurement.supplier:12').
     */
    this.schema.createTable('inventory_locations', (table) => {
      table.increments('id')
      table.integer('warehouse_id').unsigned().nullable().references('id').inTable('inventory_warehouses').onDelete('RESTRICT')
      table.integer('parent_id').unsigned().nullable().references('id').inTable('inventory_locations').onDelete('RESTRICT')
      table.string('code', 60).notNullable()
      table.string('name', 120).notNullable()
      table.string('kind', 20).notNullable().defaultTo('internal')
      table.string('barcode', 80).nullable().unique()
      table.string('path', 400).notNullable().defaultTo('/')
      table.string('partner_ref', 80).nullable()
      table.boolean('active').notNullable().defaultTo(true)
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      // Codes are unique within a warehouse (full code e.g. 'WH1/A-01-02'); virtual ones globally.
      table.string('full_code', 90).notNullable().unique()
      table.index(['warehouse_id'])
      table.index(['kind'])
      table.index(['path'])
    })

    this.schema.createTable('inventory_items', (table) => {
      table.increments('id')
      table.string('code', 60).notNullable().unique()
      table.string('name', 200).notNullable()
      table.string('model', 120).nullable()
      table.string('specification', 255).nullable()
      table.integer('category_id').unsigned().nullable().references('id').inTable('inventory_categories').onDelete('SET NULL')
      // raw_material | semi_finished | finished | service | non_stock
      table.string('item_type', 20).notNullable().defaultTo('raw_material')
      table.integer('base_unit_id').unsigned().notNullable().references('id').inTable('inventory_units').onDelete('RESTRICT')
      table.boolean('lot_tracked').notNullable().defaultTo(false)
      table.boolean('serial_tracked').notNullable().defaultTo(false)
      // Receipts of this item go through incoming inspection (IQC) first.
      table.boolean('requires_inspection').notNullable().defaultTo(false)
      table.integer('default_warehouse_id').unsigned().nullable().references('id').inTable('inventory_warehouses').onDelete('SET NULL')
      table.bigInteger('min_qty').nullable()
      table.bigInteger('max_qty').nullable()
      table.bigInteger('safety_stock').nullable()
      table.bigInteger('reorder_qty').nullable()
      table.integer('lead_time_days').nullable()
      table.bigInteger('standard_cost').nullable()
      // moving_average (default) | fifo
      table.string('costing_method', 20).notNullable().defaultTo('moving_average')
      table.string('image_path', 255).nullable()
      table.boolean('active').notNullable().defaultTo(true)
      table.integer('owner_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.integer('department_id').unsigned().nullable().references('id').inTable('departments').onDelete('SET NULL')
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['category_id'])
      table.index(['item_type'])
      table.index(['name'])
      table.index(['owner_id'])
      table.index(['department_id'])
    })

    // 1 <unit> = factor base units (micros): box = 12 EA → factor 12000000.
    this.schema.createTable('inventory_item_units', (table) => {
      table.increments('id')
      table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('CASCADE')
      table.integer('unit_id').unsigned().notNullable().references('id').inTable('inventory_units').onDelete('RESTRICT')
      table.bigInteger('factor').notNullable()
      table.unique(['item_id', 'unit_id'])
    })

    // A barcode names an item, optionally in a packing unit (scanning a box barcode means 12 EA).
    this.schema.createTable('inventory_item_barcodes', (table) => {
      table.increments('id')
      table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('CASCADE')
      table.string('barcode', 80).notNullable().unique()
      table.integer('unit_id').unsigned().nullable().references('id').inTable('inventory_units').onDelete('RESTRICT')
    })

    // Lots and serial numbers (kind 'lot' | 'serial'), unique per item.
    this.schema.createTable('inventory_lots', (table) => {
      table.increments('id')
      table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('RESTRICT')
      table.string('code', 80).notNullable()
      table.string('kind', 10).notNullable().defaultTo('lot')
      table.date('expiry_date').nullable()
      table.timestamp('created_at').notNullable()
      table.unique(['item_id', 'code'])
    })
  }

  async down() {
    this.schema.dropTable('inventory_lots')
    this.schema.dropTable('inventory_item_barcodes')
    this.schema.dropTable('inventory_item_units')
    this.schema.dropTable('inventory_items')
    this.schema.dropTable('inventory_locations')
    this.schema.dropTable('inventory_warehouses')
    this.schema.dropTable('inventory_categories')
    this.schema.dropTable('inventory_units')
  }
}
