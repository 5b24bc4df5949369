import { z } from 'zod'
import { ABILITY_ROLES, isAbility } from '../policy'
import { isBinaryResponse, type RouteSpec } from './route'

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
    },
  },
}

/**
 * Dates travel as ISO 8601 strings (z.coerce.date() in, toISOString() out). zod has no JSON
 * Schema for a Date, so without this they would be published as `{}` — "anything" — and a
 * fuzzer would rightly send objects there (refused: see FORBIDDEN_KEYS below).
 */
function describeDates(ctx: { zodSchema: unknown; jsonSchema: Record<string, unknown> }): void {
  const def = (ctx.zodSchema as { _zod?: { def?: { type?: string } } })._zod?.def
  if (def?.type === 'date') Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time' })
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  try {
    return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any', override: describeDates })
  } catch {
    return {}
  }
}

/** What every JSON body and query is checked for before any route sees it (http/middleware.ts). */
const FORBIDDEN_KEYS =
  'Checked before any route validates its input: a JSON body key that starts with "$" or contains "." (at any depth), and a ' +
  'query parameter name that starts with "$", are refused with 400 FORBIDDEN_KEY; JSON nested deeper than 32 levels with 400 ' +
  'JSON_TOO_DEEP. JSON bodies are closed objects (additionalProperties: false), so no schema below admits such a key. Dates are ' +
  'ISO 8601 strings (format date-time).'

/** The OpenAPI 3 document, generated from the same zod schemas that validate requests. */
export function buildOpenApi(specs: readonly RouteSpec[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const spec of specs) {
    const path = spec.path.replace(/:(\w+)/g, '{$1}')
    const parameters: unknown[] = []
    for (const [where, schema] of [
      ['path', spec.params],
      ['query', spec.query],
    ] as const) {
      const shape = schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : undefined
      for (const [name, field] of Object.entries(shape ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || !field.safeParse(undefined).success, schema: jsonSchema(field, 'input') })
      }
    }
    const responses: Record<string, unknown> = {
      [String(spec.status ?? 200)]: {
        description: 'OK',
        content: isBinaryResponse(spec.response)
          ? {
              [spec.response.binary]: { schema: { type: 'string', format: 'binary' } },
              ...(spec.response.orJson ? { 'application/json': { schema: jsonSchema(spec.response.orJson, 'output') } } : {}),
            }
          : { 'application/json': { schema: jsonSchema(spec.response, 'output') } },
      },
      default: { description: 'Error', content: { 'application/json': { schema: errorSchema } } },
    }
    paths[path] ??= {}
    paths[path][spec.method] = {
      summary: spec.summary,
      tags: spec.tags,
      security: spec.access === 'public' ? [] : [{ bearer: [] }],
      // The ability a route needs and, from server/policy.ts, the roles that hold it.
      'x-access': spec.access,
      ...(isAbility(spec.access) ? { 'x-roles': ABILITY_ROLES[spec.access] } : {}),
      parameters,
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } } : {}),
      ...(spec.rawBody ? { requestBody: { content: { 'multipart/form-data': { schema: { type: 'object' } } } } } : {}),
      responses,
    }
  }
  return {
    openapi: '3.0.3',
    info: { ...info, description: FORBIDDEN_KEYS },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  }
}
