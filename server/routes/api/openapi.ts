import { z } from 'zod'
import type { ApiOperation } from './declare'

const problem = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, message: { type: 'string' } },
        required: ['field', 'message'],
      },
    },
  },
  required: ['type', 'title', 'status'],
}

const toJsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' })

/** OpenAPI 3.1, generated from the declared operations and the zod schemas that validate their input. */
export function buildOpenApi(operations: ApiOperation[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const op of operations) {
    const path = op.path.replace(/:([A-Za-z]+)/g, '{$1}')
    const params = [...op.path.matchAll(/:([A-Za-z]+)/g)].map(m => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }))
    if (op.query) {
      const q = toJsonSchema(op.query) as { properties?: Record<string, unknown>; required?: string[] }
      for (const [name, schema] of Object.entries(q.properties ?? {}))
        params.push({
          name,
          in: 'query',
          required: q.required?.includes(name) ?? false,
          schema: schema as { type: string },
        })
    }
    const status = String(op.status ?? 200)
    paths[path] ??= {}
    paths[path][op.method] = {
      summary: op.summary,
      'x-roles': op.access,
      security: op.access === 'public' ? [] : [{ bearer: [] }],
      parameters: params,
      ...(op.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toJsonSchema(op.body) } } } }
        : {}),
      responses: {
        [status]: {
          description: op.responseDescription ?? 'Success',
          ...(status === '204' ? {} : { content: { [op.produces ?? 'application/json']: { schema: {} } } }),
        },
        default: {
          description: 'A problem',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Manage drug rehabilitation reviews API', version },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Problem: problem },
    },
  }
}
