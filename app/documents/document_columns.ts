/*
 * The columns every document table has. In a plugin migration:
 *   this.schema.createTable('sales_orders', (table) => { documentColumns(table); table.string('customer') … })
 */
import type { Knex } from 'knex'

export function documentColumns(table: Knex.CreateTableBuilder) {
  table.increments('id')
  // Given on submit from the type's number series; drafts have none yet.
  table.string('number', 60).nullable().unique()
  table.string('state', 20).notNullable().defaultTo('draft')
  table.integer('owner_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
  table.integer('department_id').unsigned().nullable().references('id').inTable('departments').onDelete('SET NULL')
  table.timestamp('submitted_at').nullable()
  table.timestamp('confirmed_at').nullable()
  table.timestamp('cancelled_at').nullable()
  table.integer('created_by').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
  table.timestamp('created_at').notNullable()
  table.timestamp('updated_at').nullable()
  table.index(['state'])
  table.index(['owner_id'])
  table.index(['department_id'])
}
