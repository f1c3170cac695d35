/*
 * Number series: one row per document type (its pattern, e.g. SO-{YYYY}-{#####}),
 * one counter row per series and period ('' or the year when the series resets yearly).
 */
import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('number_series', (table) => {
      table.increments('id')
      table.string('document_type', 120).notNullable().unique()
      table.string('pattern', 60).notNullable()
      table.boolean('reset_yearly').notNullable().defaultTo(true)
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
    })

    this.schema.createTable('number_series_counters', (table) => {
      table.increments('id')
      table.integer('series_id').unsigned().notNullable().references('id').inTable('number_series').onDelete('CASCADE')
      table.string('period', 10).notNullable().defaultTo('')
      // The last number handed out in this period (0: none yet).
      table.bigInteger('last_value').notNullable().defaultTo(0)
      table.unique(['series_id', 'period'])
    })
  }

  async down() {
    this.schema.dropTable('number_series_counters')
    this.schema.dropTable('number_series')
  }
}
