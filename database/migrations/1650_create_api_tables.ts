/*
 * The REST API's memory (idempotency keys), outgoing webhooks with their
 * delivery log, and web-to-record form tokens. See docs/decisions/013-api-webhooks.md.
 */
import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    // One row per (user, Idempotency-Key): the first request's answer, replayed to repeats.
    this.schema.createTable('api_idempotency_keys', (table) => {
      table.increments('id')
      table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.string('idem_key', 255).notNullable()
      table.string('method', 10).notNullable()
      table.string('path', 500).notNullable()
      // sha256 of method + path + body: the same key with another request is refused
      table.string('request_hash', 64).notNullable()
      // Set by the request that owns the key, so it knows it won the race
      table.string('owner_token', 64).notNullable()
      table.string('status', 20).notNullable() // pending | done
      table.integer('response_status').nullable()
      table.text('response_body').nullable()
      table.timestamp('created_at').notNullable()
      table.unique(['user_id', 'idem_key'])
      table.index(['created_at'])
    })

    this.schema.createTable('webhooks', (table) => {
      table.increments('id')
      table.string('name', 120).notNullable()
      table.string('url', 2000).notNullable()
      // JSON list of event names ("kernel:record.created", …)
      table.text('events').notNullable()
      table.string('secret', 128).notNullable()
      table.boolean('active').notNullable().defaultTo(true)
      table.integer('created_by').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
    })

    this.schema.createTable('webhook_deliveries', (table) => {
      table.increments('id')
      table.integer('webhook_id').unsigned().notNullable().references('id').inTable('webhooks').onDelete('CASCADE')
      table.string('event', 160).notNullable()
      // The exact JSON body that is signed and sent
      table.text('payload').notNullable()
      table.string('status', 20).notNullable() // pending | delivered | failed
      table.integer('attempts').notNullable().defaultTo(0)
      table.integer('response_status').nullable()
      table.text('response_excerpt').nullable()
      table.text('error').nullable()
      // Epoch milliseconds (BIGINT): compared the same way on SQLite and PostgreSQL
      table.bigInteger('next_attempt_at').nullable()
      table.bigInteger('locked_until').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('delivered_at').nullable()
      table.index(['status', 'next_attempt_at'])
      table.index(['webhook_id', 'created_at'])
    })

    this.schema.createTable('web_form_tokens', (table) => {
      table.increments('id')
      table.string('record_type', 160).notNullable()
      table.string('name', 120).notNullable()
      // Random, URL-safe; the public URL is /public/forms/<token>
      table.string('token', 64).notNullable().unique()
      // The records are created as this user (their permissions and scope apply)
      table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.boolean('active').notNullable().defaultTo(true)
      table.integer('submissions').notNullable().defaultTo(0)
      table.timestamp('created_at').notNullable()
    })
  }

  async down() {
    this.schema.dropTable('web_form_tokens')
    this.schema.dropTable('webhook_deliveries')
    this.schema.dropTable('webhooks')
    this.schema.dropTable('api_idempotency_keys')
  }
}
