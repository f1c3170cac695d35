/*
 * The OpenAPI 3.1 document of /api/v1, generated from the registered record
 * types (plugins.recordTypes() + fieldsOf) and the kernel's own API routes.
 * Served at /api/v1/openapi.json and rendered as the reference page /api/docs.
 * Field schemas are JSON Schema 2020-12 (what OpenAPI 3.1 uses): money,
 * quantities and numbers are decimal strings, options become enums.
 */
import i18nManager from '@adonisjs/i18n/services/main'
import plugins from '#services/plugins'
import type { RecordFieldDeclaration } from '#kernel/plugins/define_plugin'
import type { RegisteredRecordType } from '#kernel/plugins/plugin_registry'
import { fieldsOf } from '#kernel/records/fields'
import { RECORD_ACTIONS } from '#kernel/records/record_transitions'
import { writableField } from '#kernel/records/record_writer'
import { MAX_LIMIT, DEFAULT_LIMIT } from './record_json.js'

type Schema = Record<string, unknown>
const DECIMAL = '^-?\\d+(\\.\\d{1,6})?$'

function text(label: { 'zh-CN': string; 'en': string }, locale: string) {
  return locale === 'en' ? label.en : label['zh-CN']
}

/** JSON Schema of one field's value (nullable unless required). */
export function fieldSchema(field: RecordFieldDeclaration, locale: string): Schema {
  let schema: Schema
  switch (field.kind) {
    case 'text':
    case 'textarea':
      schema = { type: 'string', maxLength: field.maxLength ?? (field.kind === 'text' ? 255 : 10000) }
      break
    case 'number':
    case 'money':
    case 'quantity':
      schema = { type: 'string', pattern: DECIMAL, description: 'exact decimal as a string, e.g. "1200.50"' }
      break
    case 'date':
      schema = { type: 'string', format: 'date' }
      break
    case 'datetime':
      schema = { type: 'string', format: 'date-time' }
      break
    case 'select':
      schema = { type: 'string', enum: (field.options ?? []).map((o) => o.value) }
      break
    case 'multiselect':
      schema = { type: 'array', items: { type: 'string', enum: (field.options ?? []).map((o) => o.value) }, uniqueItems: true }
      break
    case 'boolean':
      schema = { type: 'boolean' }
      break
    case 'user':
    case 'reference':
      schema = { type: 'integer', minimum: 1, ...(field.reference ? { description: `id of a ${field.reference}` } : { description: 'id of a user' }) }
      break
  }
  schema.title = text(field.label, locale)
  if (field.readonly) schema.readOnly = true
  if (!field.required) {
    const type = schema.type as string
    schema.type = [type, 'null']
    if (Array.isArray(schema.enum)) schema.enum = [...(schema.enum as string[]), null]
  }
  return schema
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ref('Errors') } } })
const json = (schema: Schema) => ({ 'application/json': { schema } })

function schemaName(type: string, suffix = '') {
  return `${type}${suffix}`
}

async function recordSchemas(recordType: RegisteredRecordType, locale: string) {
  const fields = await fieldsOf(recordType)
  const properties: Record<string, Schema> = {
    id: { type: 'integer', readOnly: true },
    version: { type: 'string', format: 'date-time', readOnly: true, description: 'send back on PATCH (optimistic concurrency)' },
  }
  const input: Record<string, Schema> = {}
  const required: string[] = []
  for (const field of fields) {
    properties[field.name] = fieldSchema(field, locale)
    if (writableField(field)) {
      input[field.name] = fieldSchema(field, locale)
      if (field.required) required.push(field.name)
    }
  }
  return {
    [schemaName(recordType.type)]: { type: 'object', title: text(recordType.label, locale), properties, required: ['id', 'version'] },
    [schemaName(recordType.type, '.create')]: { type: 'object', properties: input, required, additionalProperties: false },
    [schemaName(recordType.type, '.update')]: {
      type: 'object',
      properties: { version: { type: 'string', description: 'the version you read' }, ...input },
      required: ['version'],
      additionalProperties: false,
    },
  }
}

function recordPaths(recordType: RegisteredRecordType, locale: string) {
  const name = text(recordType.label, locale)
  const i18n = i18nManager.locale(locale)
  const say = (key: string) => i18n.t(`api.openapi.${key}`, { name })
  const base = `/api/v1/records/${recordType.type}`
  const tag = recordType.type
  const one = { content: json({ type: 'object', properties: { data: ref(schemaName(recordType.type)) }, required: ['data'] }) }
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } }
  const idempotency = { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 }, description: 'a repeat returns the first answer' }
  const paths: Record<string, unknown> = {
    [base]: {
      get: {
        tags: [tag],
        summary: say('list'),
        operationId: `${recordType.type}.list`,
        parameters: [
          { name: 'filter', in: 'query', style: 'deepObject', explode: true, schema: { type: 'object', additionalProperties: true }, description: 'filter[field]=value or filter[field][op]=value; op: eq ne gt gte lt lte in not_in contains empty not_empty' },
          { name: 'sort', in: 'query', schema: { type: 'string' }, description: 'field, or -field for descending' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT } },
          { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'meta.next_cursor of the previous page' },
        ],
        responses: {
          '200': {
            description: 'A page of records',
            content: json({
              type: 'object',
              properties: {
                data: { type: 'array', items: ref(schemaName(recordType.type)) },
                meta: { type: 'object', properties: { limit: { type: 'integer' }, next_cursor: { type: ['string', 'null'] } } },
              },
            }),
          },
          '401': errorResponse('No or a bad token'),
          '403': errorResponse('Missing permission'),
          '422': errorResponse('Bad filter, sort, limit or cursor'),
        },
      },
      post: {
        tags: [tag],
        summary: say('create'),
        operationId: `${recordType.type}.create`,
        parameters: [idempotency],
        requestBody: { required: true, content: json(ref(schemaName(recordType.type, '.create'))) },
        responses: {
          '201': { description: 'Created', ...one },
          '403': errorResponse('Missing permission'),
          '409': errorResponse('The same Idempotency-Key is still being processed'),
          '422': errorResponse('Invalid fields (each named)'),
        },
      },
    },
    [`${base}/{id}`]: {
      get: {
        tags: [tag],
        summary: say('get'),
        operationId: `${recordType.type}.get`,
        parameters: [idParam],
        responses: { '200': { description: 'The record', ...one }, '404': errorResponse('Not found or outside your scope') },
      },
      patch: {
        tags: [tag],
        summary: say('update'),
        operationId: `${recordType.type}.update`,
        parameters: [idParam],
        requestBody: { required: true, content: json(ref(schemaName(recordType.type, '.update'))) },
        responses: {
          '200': { description: 'Updated', ...one },
          '404': errorResponse('Not found or outside your scope'),
          '409': errorResponse('Missing or stale version, or the document is no longer a draft'),
          '422': errorResponse('Invalid fields (each named)'),
        },
      },
    },
  }
  if (recordType.document) {
    for (const action of Object.keys(RECORD_ACTIONS)) {
      if (action === 'post' && !recordType.posts) continue
      if (action === 'confirm' && recordType.posts) continue
      paths[`${base}/{id}/actions/${action}`] = {
        post: {
          tags: [tag],
          summary: say(action),
          operationId: `${recordType.type}.${action}`,
          parameters: [idParam, idempotency],
          responses: {
            '200': { description: 'The document after the action', ...one },
            '403': errorResponse('Missing permission'),
            '404': errorResponse('Not found or outside your scope'),
            '422': errorResponse('Not allowed in this state, or vetoed by a plugin'),
          },
        },
      }
    }
  }
  return paths
}

/** The whole document, with labels in `locale`. */
export async function openApiDocument(locale = 'en') {
  const i18n = i18nManager.locale(locale)
  const schemas: Record<string, unknown> = {
    Error: {
      type: 'object',
      properties: { field: { type: ['string', 'null'] }, code: { type: 'string' }, message: { type: 'string' } },
      required: ['field', 'code', 'message'],
    },
    Errors: { type: 'object', properties: { errors: { type: 'array', items: ref('Error') } }, required: ['errors'] },
  }
  const paths: Record<string, unknown> = {
    '/api/v1/me': {
      get: {
        tags: ['kernel'],
        summary: i18n.t('api.openapi.me'),
        operationId: 'kernel.me',
        responses: { '200': { description: 'The user', content: json({ type: 'object' }) }, '401': errorResponse('No or a bad token') },
      },
    },
    '/api/v1/records': {
      get: {
        tags: ['kernel'],
        summary: i18n.t('api.openapi.types'),
        operationId: 'kernel.recordTypes',
        responses: { '200': { description: 'Record types', content: json({ type: 'object' }) } },
      },
    },
    '/api/v1/openapi.json': {
      get: { tags: ['kernel'], summary: i18n.t('api.openapi.document'), operationId: 'kernel.openapi', responses: { '200': { description: 'OpenAPI 3.1', content: json({ type: 'object' }) } } },
    },
    '/public/forms/{token}': {
      post: {
        tags: ['kernel'],
        summary: i18n.t('api.openapi.web_form'),
        operationId: 'kernel.webForm',
        security: [],
        parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { type: 'object' } }, ...json({ type: 'object' }) } },
        responses: { '201': { description: 'Received' }, '404': errorResponse('Unknown or inactive form'), '422': errorResponse('Invalid fields'), '429': errorResponse('Too many submissions') },
      },
    },
  }
  // The approvals engine's approver API (app/controllers/api/approvals_controller.ts)
  const approvalId = { name: 'id', in: 'path', required: true, schema: { type: 'integer' }, description: 'approval instance id' }
  paths['/api/v1/approvals'] = {
    get: {
      tags: ['kernel'],
      summary: i18n.t('api.openapi.approvals'),
      operationId: 'kernel.approvals.list',
      responses: { '200': { description: 'Pending approvals', content: json({ type: 'object' }) }, '401': errorResponse('No or a bad token') },
    },
  }
  for (const decision of ['approve', 'reject', 'return']) {
    paths[`/api/v1/approvals/{id}/${decision}`] = {
      post: {
        tags: ['kernel'],
        summary: i18n.t(`api.openapi.approval_${decision}`),
        operationId: `kernel.approvals.${decision}`,
        parameters: [approvalId],
        requestBody: { required: false, content: json({ type: 'object', properties: { comment: { type: 'string' } } }) },
        responses: {
          '200': { description: 'The instance and document state', content: json({ type: 'object' }) },
          '403': errorResponse('Not your step'),
          '404': errorResponse('Not found'),
          '409': errorResponse('Already decided'),
          '422': errorResponse('Refused'),
        },
      },
    }
  }
  const tags = [{ name: 'kernel', description: i18n.t('api.openapi.kernel') }]
  for (const recordType of plugins.recordTypes()) {
    Object.assign(schemas, await recordSchemas(recordType, locale))
    Object.assign(paths, recordPaths(recordType, locale))
    tags.push({ name: recordType.type, description: text(recordType.label, locale) })
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Loom API', version: '1.0.0', description: 'REST API of Loom. Authenticate with a personal access token: Authorization: Bearer loom_…' },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    tags,
    paths,
    components: { schemas, securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
  }
}
