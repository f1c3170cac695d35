/*
 * Imports of records from CSV/XLSX files (app/impex): one row per uploaded
 * file, from upload through mapping and dry-run to the import itself.
 */
import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('imports', (table) => {
      table.increments('id')
      table.integer('user_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.string('record_type', 160).notNullable()
      table.string('file_name', 255).notNullable()
      // Path of the stored upload, relative to the imports directory
      table.string('file_key', 255).notNullable()
      table.string('format', 10).notNullable() // csv | xlsx
      // uploaded | checked | invalid | running | succeeded | failed
      table.string('status', 20).notNullable()
      // JSON: file column index → field name
      table.text('mapping').nullable()
      table.integer('total').notNullable().defaultTo(0)
      table.integer('processed').notNullable().defaultTo(0)
      table.integer('error_count').notNullable().defaultTo(0)
      // JSON list of { row, field, message } (first errors only)
      table.text('errors').nullable()
      table.text('message').nullable()
      // The process running the import (an import left "running" by a process that is gone is marked failed)
      table.string('host', 255).nullable()
      table.integer('pid').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('started_at').nullable()
      table.timestamp('finished_at').nullable()
      table.index(['user_id', 'created_at'])
    })
  }

  async down() {
    this.schema.dropTable('imports')
  }
}
