/*
 * Tasks (assigned to one user, optionally due and linked to a record) and
 * in-app notifications (one row per recipient, with both languages stored so
 * each user reads it in their own).
 */
import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('tasks', (table) => {
      table.increments('id')
      table.string('title', 200).notNullable()
      table.text('description').nullable()
      table.integer('assignee_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.integer('created_by').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('due_at').nullable()
      // Link to a registered record: "<plugin>.<record>" and its id
      table.string('record_type', 160).nullable()
      table.string('record_id', 64).nullable()
      // What created it: "approval", "rule:<id>", null for a person
      table.string('source', 80).nullable()
      table.timestamp('done_at').nullable()
      table.integer('done_by').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['assignee_id', 'done_at', 'due_at'])
      table.index(['record_type', 'record_id'])
    })

    this.schema.createTable('notifications', (table) => {
      table.increments('id')
      table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.string('kind', 40).notNullable().defaultTo('system')
      table.string('title_zh', 500).notNullable()
      table.string('title_en', 500).notNullable()
      table.text('body_zh').nullable()
      table.text('body_en').nullable()
      table.string('record_type', 160).nullable()
      table.string('record_id', 64).nullable()
      table.string('url', 1000).nullable()
      table.timestamp('read_at').nullable()
      table.timestamp('created_at').notNullable()
      table.index(['user_id', 'read_at'])
      table.index(['user_id', 'id'])
    })
  }

  async down() {
    this.schema.dropTable('notifications')
    this.schema.dropTable('tasks')
  }
}
