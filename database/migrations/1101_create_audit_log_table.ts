/*
 * The audit trail: one row per changed field (or one row per action without
 * a field: create, delete, a state transition), who and when.
 */
import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('audit_log', (table) => {
      table.bigIncrements('id')
      table.integer('user_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.string('record_type', 120).notNullable()
      table.string('record_id', 60).notNullable()
      table.string('action', 40).notNullable()
      table.string('field', 120).nullable()
      table.text('old_value').nullable()
      table.text('new_value').nullable()
      table.timestamp('created_at').notNullable()
      table.index(['record_type', 'record_id'])
      table.index(['created_at'])
      table.index(['user_id'])
    })
  }

  async down() {
    this.schema.dropTable('audit_log')
  }
}
