/*
 * Automation rules ("when <event> and <conditions> then <actions>"), the log
 * of every execution, and the firings the timer job remembers so that a
 * date reminder or a "no activity" rule fires once per record and occasion.
 */
import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('automation_rules', (table) => {
      table.increments('id')
      table.string('name', 120).notNullable()
      // a registered record type, e.g. "crm.customer"
      table.string('record_type', 120).notNullable()
      // record.created | record.updated | record.state_changed | record.date_ahead | record.no_activity | <plugin>:<entity>.<verb>
      table.string('event', 120).notNullable()
      // JSON: the event's options, the condition group, the list of actions
      table.text('event_options').notNullable()
      table.text('conditions').notNullable()
      table.text('actions').notNullable()
      table.boolean('is_active').notNullable().defaultTo(true)
      table.integer('created_by').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.integer('updated_by').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['record_type', 'event', 'is_active'])
    })
    this.schema.createTable('rule_runs', (table) => {
      table.bigIncrements('id')
      table.integer('rule_id').unsigned().notNullable().references('id').inTable('automation_rules').onDelete('CASCADE')
      table.string('record_type', 120).notNullable()
      table.string('record_id', 60).nullable()
      table.string('event', 120).notNullable()
      // ok | skipped | error | loop
      table.string('result', 20).notNullable()
      table.text('error').nullable()
      // JSON: one entry per action { type, result, note }
      table.text('detail').nullable()
      table.integer('depth').notNullable().defaultTo(0)
      table.timestamp('created_at').notNullable()
      table.index(['rule_id', 'created_at'])
    })
    this.schema.createTable('rule_firings', (table) => {
      table.bigIncrements('id')
      table.integer('rule_id').unsigned().notNullable().references('id').inTable('automation_rules').onDelete('CASCADE')
      table.string('record_id', 60).notNullable()
      // what the firing was for: the date reminded of, or the start of a quiet spell
      table.string('fire_key', 60).notNullable()
      table.timestamp('created_at').notNullable()
      table.unique(['rule_id', 'record_id', 'fire_key'])
    })
  }

  async down() {
    this.schema.dropTable('rule_firings')
    this.schema.dropTable('rule_runs')
    this.schema.dropTable('automation_rules')
  }
}
