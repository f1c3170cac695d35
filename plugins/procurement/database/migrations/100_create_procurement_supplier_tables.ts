/*
 * Suppliers and what we agreed with them: contacts, bank details,
 * qualifications with expiry, price agreements per item with price breaks.
 * Prices and quantities are BIGINT micros.
 */
import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('procurement_suppliers', (table) => {
      table.increments('id')
      table.string('code', 40).notNullable().unique()
      table.string('name', 200).notNullable()
      table.string('short_name', 60).nullable()
      table.string('tax_number', 40).nullable()
      table.string('phone', 40).nullable()
      table.string('email', 160).nullable()
      table.string('address', 255).nullable()
      table.string('currency', 3).notNullable().defaultTo('CNY')
      table.integer('payment_terms_days').nullable()
      table.string('bank_name', 120).nullable()
      table.string('bank_account', 60).nullable()
      table.string('bank_account_name', 200).nullable()
      // Score 0–100 (micros) and grade A/B/C, recomputed by the supplier-score job.
      table.bigInteger('score').nullable()
      table.string('grade', 1).nullable()
      table.bigInteger('on_time_rate').nullable()
      table.bigInteger('quality_rate').nullable()
      table.bigInteger('price_index').nullable()
      table.timestamp('scored_at').nullable()
      // Also a subcontractor (委外加工商).
      table.boolean('is_subcontractor').notNullable().defaultTo(false)
      table.boolean('active').notNullable().defaultTo(true)
      table.integer('owner_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.integer('department_id').unsigned().nullable().references('id').inTable('departments').onDelete('SET NULL')
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['name'])
      table.index(['grade'])
      table.index(['owner_id'])
      table.index(['department_id'])
    })

    this.schema.createTable('procurement_supplier_contacts', (table) => {
      table.increments('id')
      table.integer('supplier_id').unsigned().notNullable().references('id').inTable('procurement_suppliers').onDelete('CASCADE')
      table.string('name', 120).notNullable()
      table.string('title', 80).nullable()
      table.string('phone', 40).nullable()
      table.string('email', 160).nullable()
      table.boolean('is_primary').notNullable().defaultTo(false)
      table.timestamp('created_at').notNullable()
    })

    this.schema.createTable('procurement_supplier_qualifications', (table) => {
      table.increments('id')
      table.integer('supplier_id').unsigned().notNullable().references('id').inTable('procurement_suppliers').onDelete('CASCADE')
      table.string('name', 120).notNullable() // 营业执照, ISO 9001 …
      table.string('certificate_no', 80).nullable()
      table.date('valid_from').nullable()
      table.date('expires_on').nullable()
      table.timestamp('created_at').notNullable()
      table.index(['expires_on'])
    })

    this.schema.createTable('procurement_price_agreements', (table) => {
      table.increments('id')
      table.integer('supplier_id').unsigned().notNullable().references('id').inTable('procurement_suppliers').onDelete('CASCADE')
      table.integer('item_id').unsigned().notNullable().references('id').inTable('inventory_items').onDelete('CASCADE')
      table.string('supplier_item_code', 60).nullable()
      table.string('currency', 3).notNullable().defaultTo('CNY')
      // Price per base unit at quantity ≥ 0; breaks below refine it.
      table.bigInteger('unit_price').notNullable()
      table.bigInteger('min_order_qty').nullable()
      table.integer('lead_time_days').nullable()
      table.date('valid_from').nullable()
      table.date('valid_to').nullable()
      table.boolean('preferred').notNullable().defaultTo(false)
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['item_id', 'supplier_id'])
    })

    this.schema.createTable('procurement_price_breaks', (table) => {
      table.increments('id')
      table.integer('agreement_id').unsigned().notNullable().references('id').inTable('procurement_price_agreements').onDelete('CASCADE')
      table.bigInteger('min_quantity').notNullable()
      table.bigInteger('unit_price').notNullable()
      table.unique(['agreement_id', 'min_quantity'])
    })
  }

  async down() {
    this.schema.dropTable('procurement_price_breaks')
    this.schema.dropTable('procurement_price_agreements')
    this.schema.dropTable('procurement_supplier_qualifications')
    this.schema.dropTable('procurement_supplier_contacts')
    this.schema.dropTable('procurement_suppliers')
  }
}
