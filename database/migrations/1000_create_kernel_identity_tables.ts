/*
 * Identity and access: departments (a tree), users, roles, permissions with
 * data scopes, field permissions, API access tokens.
 */
import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('departments', (table) => {
      table.increments('id')
      table.string('code', 40).notNullable().unique()
      table.string('name', 120).notNullable()
      table.integer('parent_id').unsigned().nullable().references('id').inTable('departments').onDelete('RESTRICT')
      // Materialized path "/1/4/9/" so "department and below" is one indexed LIKE.
      table.string('path', 500).notNullable().defaultTo('/')
      table.integer('head_user_id').unsigned().nullable()
      table.integer('sort_order').notNullable().defaultTo(0)
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['path'])
    })

    this.schema.createTable('users', (table) => {
      table.increments('id')
      table.string('username', 60).notNullable().unique()
      table.string('name', 120).notNullable()
      table.string('email', 254).nullable()
      table.string('password', 200).notNullable()
      table.integer('department_id').unsigned().nullable().references('id').inTable('departments').onDelete('SET NULL')
      table.string('locale', 10).notNullable().defaultTo('zh-CN')
      table.boolean('is_active').notNullable().defaultTo(true)
      table.timestamp('last_login_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['department_id'])
    })

    this.schema.createTable('roles', (table) => {
      table.increments('id')
      table.string('code', 60).notNullable().unique()
      table.string('name', 120).notNullable()
      table.string('description', 500).nullable()
      // Holds every permission, present and future, with scope "all".
      table.boolean('is_superuser').notNullable().defaultTo(false)
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
    })

    this.schema.createTable('role_permissions', (table) => {
      table.increments('id')
      table.integer('role_id').unsigned().notNullable().references('id').inTable('roles').onDelete('CASCADE')
      table.string('permission', 120).notNullable()
      table.string('scope', 20).notNullable().defaultTo('all')
      table.unique(['role_id', 'permission'])
    })

    this.schema.createTable('user_roles', (table) => {
      table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.integer('role_id').unsigned().notNullable().references('id').inTable('roles').onDelete('CASCADE')
      table.primary(['user_id', 'role_id'])
    })

    this.schema.createTable('field_permissions', (table) => {
      table.increments('id')
      table.integer('role_id').unsigned().notNullable().references('id').inTable('roles').onDelete('CASCADE')
      // "<record type>.<field>", e.g. "sales.order.cost_total"
      table.string('field', 160).notNullable()
      table.string('mode', 20).notNullable() // hidden | readonly
      table.unique(['role_id', 'field'])
    })

    this.schema.createTable('auth_access_tokens', (table) => {
      table.increments('id')
      table.integer('tokenable_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.string('type').notNullable()
      table.string('name').nullable()
      table.string('hash').notNullable()
      table.text('abilities').notNullable()
      table.timestamp('created_at')
      table.timestamp('updated_at')
      table.timestamp('last_used_at').nullable()
      table.timestamp('expires_at').nullable()
    })
  }

  async down() {
    this.schema.dropTable('auth_access_tokens')
    this.schema.dropTable('field_permissions')
    this.schema.dropTable('user_roles')
    this.schema.dropTable('role_permissions')
    this.schema.dropTable('roles')
    this.schema.dropTable('users')
    this.schema.dropTable('departments')
  }
}
