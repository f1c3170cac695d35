/*
 * Approvals (docs/decisions/011-approvals.md): flows admins define per
 * document type, the instances a submitted document starts (with a snapshot
 * of the flow's steps), one task per approver of the active step, and users'
 * delegations while they are away.
 */
import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('approval_flows', (table) => {
      table.increments('id')
      table.string('document_type', 120).notNullable()
      table.string('name', 120).notNullable()
      // Lower comes first; the first active flow whose conditions match wins
      table.integer('priority').notNullable().defaultTo(100)
      table.boolean('is_active').notNullable().defaultTo(true)
      // JSON: { match, conditions } (app/records/conditions.ts)
      table.text('conditions').notNullable()
      // JSON: [{ approver: 'role' | 'department_head' | 'user', roleId?, userId?, mode: 'any' | 'all' }]
      table.text('steps').notNullable()
      // Bumped on every edit; instances remember the version they snapshotted
      table.integer('version').notNullable().defaultTo(1)
      table.integer('updated_by').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['document_type', 'is_active', 'priority'])
    })

    this.schema.createTable('approval_instances', (table) => {
      table.increments('id')
      table.integer('flow_id').unsigned().nullable().references('id').inTable('approval_flows').onDelete('SET NULL')
      table.integer('flow_version').notNullable()
      table.string('flow_name', 120).notNullable()
      table.string('document_type', 120).notNullable()
      table.bigInteger('document_id').notNullable()
      table.string('document_number', 60).nullable()
      table.integer('submitter_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.integer('department_id').unsigned().nullable()
      // pending | approved | rejected | returned | withdrawn
      table.string('state', 20).notNullable()
      table.integer('current_step').notNullable().defaultTo(0)
      // JSON snapshot of the flow's steps at submit: later edits of the flow do not touch it
      table.text('steps').notNullable()
      // Bumped by every decision: the row lock two approvers queue on
      table.integer('lock_version').notNullable().defaultTo(0)
      table.timestamp('created_at').notNullable()
      table.timestamp('finished_at').nullable()
      table.index(['document_type', 'document_id'])
      table.index(['state'])
    })
    // At most one pending instance per document (both databases support partial indexes)
    this.schema.raw(
      "CREATE UNIQUE INDEX approval_instances_one_pending ON approval_instances (document_type, document_id) WHERE state = 'pending'"
    )

    this.schema.createTable('approval_tasks', (table) => {
      table.increments('id')
      table.integer('instance_id').unsigned().notNullable().references('id').inTable('approval_instances').onDelete('CASCADE')
      table.integer('step_index').notNullable()
      table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      // pending | approved | rejected | returned | settled (another approver settled an any-one step) | closed (instance ended)
      table.string('state', 20).notNullable()
      // Who decided: the approver or their delegate (on behalf of user_id)
      table.integer('decided_by').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.text('comment').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('decided_at').nullable()
      table.unique(['instance_id', 'step_index', 'user_id'])
      table.index(['user_id', 'state'])
    })

    this.schema.createTable('approval_delegations', (table) => {
      table.increments('id')
      table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.integer('delegate_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      // Company dates, YYYY-MM-DD, both days included
      table.string('starts_on', 10).notNullable()
      table.string('ends_on', 10).notNullable()
      table.timestamp('created_at').notNullable()
      table.index(['delegate_id'])
      table.index(['user_id'])
    })
  }

  async down() {
    this.schema.dropTable('approval_delegations')
    this.schema.dropTable('approval_tasks')
    this.schema.dropTable('approval_instances')
    this.schema.dropTable('approval_flows')
  }
}
