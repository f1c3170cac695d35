/*
 * Kernel system tables: plugin lifecycle, settings, locks and rate limits.
 */
import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('kernel_plugins', (table) => {
      table.string('id', 60).primary()
      table.string('version', 40).notNullable()
      table.string('state', 20).notNullable() // installed | enabled | disabled
      table.text('error').nullable()
      table.timestamp('installed_at').notNullable()
      table.timestamp('updated_at').nullable()
    })

    this.schema.createTable('settings', (table) => {
      // "<plugin or kernel>.<key>"
      table.string('key', 160).primary()
      table.text('value').notNullable() // JSON
      table.timestamp('updated_at').nullable()
    })

    this.schema.createTable('locks', (table) => {
      table.string('key', 255).notNullable().primary()
      table.string('owner').notNullable()
      table.bigint('expiration').unsigned().nullable()
    })

    this.schema.createTable('rate_limits', (table) => {
      table.string('key', 255).notNullable().primary()
      table.integer('points', 9).notNullable().defaultTo(0)
      table.bigint('expire').unsigned()
    })
  }

  async down() {
    this.schema.dropTable('rate_limits')
    this.schema.dropTable('locks')
    this.schema.dropTable('settings')
    this.schema.dropTable('kernel_plugins')
  }
}
