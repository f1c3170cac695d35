/*
 * Comments (the timeline's human part) and attachments of any record,
 * addressed by record type (e.g. `sales.order`) and id.
 */
import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('comments', (table) => {
      table.bigIncrements('id')
      table.string('record_type', 120).notNullable()
      table.string('record_id', 60).notNullable()
      table.integer('user_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.text('body').notNullable()
      table.timestamp('created_at').notNullable()
      table.index(['record_type', 'record_id'])
    })

    this.schema.createTable('attachments', (table) => {
      table.bigIncrements('id')
      table.string('record_type', 120).notNullable()
      table.string('record_id', 60).notNullable()
      table.string('file_name', 255).notNullable()
      table.string('mime_type', 120).notNullable()
      table.bigInteger('size').notNullable()
      // Key of the file on the Drive disk
      table.string('disk_key', 300).notNullable().unique()
      table.integer('uploaded_by').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at').notNullable()
      table.index(['record_type', 'record_id'])
    })
  }

  async down() {
    this.schema.dropTable('attachments')
    this.schema.dropTable('comments')
  }
}
