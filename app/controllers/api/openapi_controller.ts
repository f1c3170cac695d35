/*
 * GET /api/v1/openapi.json (the OpenAPI 3.1 document) and GET /api/docs, a
 * reference page rendered on the server from the same document (no CDN
 * scripts: the CSP allows only Loom's own).
 */
import type { HttpContext } from '@adonisjs/core/http'
import { openApiDocument } from '#kernel/api/openapi'

const METHODS = ['get', 'post', 'patch', 'put', 'delete'] as const

export default class OpenApiController {
  async document(ctx: HttpContext) {
    return ctx.response.header('Content-Type', 'application/json; charset=utf-8').send(await openApiDocument(ctx.i18n.locale))
  }

  async reference(ctx: HttpContext) {
    const doc = await openApiDocument(ctx.i18n.locale)
    const schemas = doc.components.schemas as Record<string, any>
    const sections = doc.tags.map((tag) => {
      const operations: Array<{ method: string; path: string; summary: string; id: string }> = []
      for (const [path, item] of Object.entries(doc.paths as Record<string, any>)) {
        for (const method of METHODS) {
          const op = item[method]
          if (op && op.tags?.includes(tag.name)) operations.push({ method: method.toUpperCase(), path, summary: op.summary, id: op.operationId })
        }
      }
      const schema = schemas[tag.name]
      const create = schemas[`${tag.name}.create`]
      const fields = schema
        ? Object.entries(schema.properties as Record<string, any>).map(([name, s]) => ({
            name,
            title: s.title ?? '',
            type: describeType(s),
            required: (create?.required ?? []).includes(name),
            readOnly: !!s.readOnly,
          }))
        : []
      return { tag: tag.name, description: tag.description, operations, fields }
    })
    return ctx.view.render('pages/api/docs', { sections, version: doc.info.version })
  }
}

function describeType(schema: any): string {
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((t: string) => t !== 'null')
  let text = types.join(' | ')
  if (schema.format) text += ` (${schema.format})`
  if (schema.pattern) text += ' (decimal)'
  const values = schema.enum ?? schema.items?.enum
  if (values) text += `: ${values.filter((v: unknown) => v !== null).join(', ')}`
  return text
}
