/*
 * Scheduled jobs: one row per run (scheduled, manual or skipped because
 * another instance held the job's lock), with progress for long jobs.
 */
import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('job_runs', (table) => {
      table.increments('id')
      // "<plugin>.<job>", e.g. "crm.recompute_rfm"
      table.string('job_id', 160).notNullable()
      table.string('plugin', 60).notNullable()
      table.string('trigger', 20).notNullable() // schedule | manual
      table.string('status', 20).notNullable() // running | succeeded | failed | skipped
      table.integer('progress').nullable() // 0..100 while running
      table.string('progress_message', 255).nullable()
      table.text('error').nullable()
      table.string('host', 255).notNullable()
      table.integer('pid').notNullable()
      table.integer('triggered_by').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('started_at').notNullable()
      table.timestamp('finished_at').nullable()
      table.index(['job_id', 'started_at'])
      table.index(['status'])
    })
  }

  async down() {
    this.schema.dropTable('job_runs')
  }
}
