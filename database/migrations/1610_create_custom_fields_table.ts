/*
 * Custom fields: admins' extra fields on any record type. Each row describes
 * one real column `cf_<name>` that the custom-fields engine adds to the
 * record type's table (app/custom_fields/, docs/decisions/009-custom-fields.md).
 */
import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('custom_fields', (table) => {
      table.increments('id')
      // "<plugin>.<record>", e.g. "crm.customer"
      table.string('record_type', 120).notNullable()
      // Without the cf_ prefix; the column is cf_<name>
      table.string('name', 40).notNullable()
      table.string('kind', 20).notNullable()
      table.string('label_zh', 120).notNullable()
      table.string('label_en', 120).notNullable()
      table.string('help_zh', 255).nullable()
      table.string('help_en', 255).nullable()
      table.boolean('required').notNullable().defaultTo(false)
      table.boolean('active').notNullable().defaultTo(true)
      table.integer('position').notNullable().defaultTo(0)
      // JSON list of { value, label: { zh-CN, en } } for select / multiselect
      table.text('options').nullable()
      // Record type pointed at, for reference fields
      table.string('reference', 120).nullable()
      table.integer('created_by').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.unique(['record_type', 'name'])
    })
  }

  async down() {
    this.schema.dropTable('custom_fields')
  }
}
