import type Router from '@koa/router'
import type { Context } from 'koa'
import { z } from 'zod'
import type { ValidationDetail } from '../../contract/validation'
import { AppError, badRequest, forbidden, unauthorized } from '../errors'
import type { AuthUser } from '../modules/auth/roles'
import { rolesHold, type Ability } from '../policy'
import { describeIssues, summarize } from './validation'

/**
 * Who may call a route: anyone, any signed-in user, or users holding an ability (the table in
 * server/policy.ts). Every route declares it; the route table is checked in tests so none is forgotten.
 * A department-scoped ability admits its roles here; the handler checks the department with `authorize`.
 */
export type Access = 'public' | 'user' | Ability

/**
 * The methods a route may use: the ones WeChat's `wx.request` can send. It has no PATCH
 * (GET/POST/PUT/DELETE/HEAD/OPTIONS/TRACE/CONNECT only), so updates are PUT (fields named in the
 * body change, the others stay) and `mountRoutes` refuses anything else at start.
 */
export const ROUTE_METHODS = ['get', 'post', 'put', 'delete'] as const
type Method = (typeof ROUTE_METHODS)[number]

/**
 * A route that answers a file or an image (Excel, JPEG…): the handler sets ctx.type and
 * ctx.body itself. The content type is published in the OpenAPI document and, in tests,
 * checked against what the handler set (`image/*` matches any image). `orJson`: the route
 * answers JSON instead when asked (e.g. `format=json`), checked against this schema.
 */
export interface BinaryResponse {
  binary: string
  orJson?: z.ZodType
}
export const binary = (contentType: string, orJson?: z.ZodType): BinaryResponse => ({ binary: contentType, ...(orJson ? { orJson } : {}) })

/**
 * What a successful answer carries: a zod schema from contract/ for JSON, or a file. Every
 * route declares one (tests/server/contract.test.ts walks the route table).
 */
export type ResponseSpec = z.ZodType | BinaryResponse

export const isBinaryResponse = (response: ResponseSpec): response is BinaryResponse => 'binary' in response && typeof response.binary === 'string'

export interface RouteInput<B, Q, P> {
  body: B
  query: Q
  params: P
  user: AuthUser | null
}

export interface RouteSpec<B = unknown, Q = unknown, P = unknown> {
  method: Method
  path: string
  summary: string
  tags?: string[]
  access: Access
  body?: z.ZodType<B>
  query?: z.ZodType<Q>
  params?: z.ZodType<P>
  response: ResponseSpec
  /** HTTP status for a successful answer (default 200). */
  status?: number
  /** Multipart or other raw bodies: the handler reads ctx.req itself. */
  rawBody?: boolean
  /** Returns the JSON body, or undefined when it set ctx.body itself (files, streams). */
  handler: (ctx: Context, input: RouteInput<B, Q, P>) => Promise<unknown> | unknown
}

/** Identity helper that keeps the generic types of one route together. */
export function route<B = undefined, Q = undefined, P = undefined>(spec: RouteSpec<B, Q, P>): RouteSpec {
  return spec as unknown as RouteSpec
}

/**
 * Parses one part of the request. Refused input is a 400 VALIDATION_FAILED whose details name
 * each field with a Chinese sentence (contract/validation.ts), never zod's English text.
 */
export function parseInput<T>(schema: z.ZodType<T> | undefined, value: unknown, where: ValidationDetail['in']): T {
  if (!schema) return undefined as T
  const result = schema.safeParse(value)
  if (!result.success) {
    const details = describeIssues(result.error.issues, where, value, schema)
    throw badRequest(summarize(details), 'VALIDATION_FAILED', details)
  }
  return result.data
}

/** `invalidToken`: a token came but did not resolve to an active user (expired, forged, disabled). */
export function checkAccess(access: Access, user: AuthUser | null, invalidToken = false): void {
  if (access === 'public') return
  if (!user) throw invalidToken ? unauthorized('登录已失效，请重新登录', 'INVALID_TOKEN') : unauthorized()
  if (access === 'user') return
  if (!rolesHold(user.roles, access)) throw forbidden()
}

const contentTypeMatches = (declared: string, actual: string) => (declared.endsWith('/*') ? actual.startsWith(declared.slice(0, -1)) : actual === declared)

/**
 * Checks an answer against its route's declared response (test mode only: production does not
 * pay for it). JSON is checked in its wire form, after JSON.stringify (Dates become strings),
 * so the schema describes exactly what the clients receive. A mismatch is a 500
 * RESPONSE_CONTRACT with the zod issues, which fails the calling test.
 */
function checkResponse(spec: RouteSpec, ctx: Context): void {
  if (ctx.status >= 300) return
  const where = `${spec.method.toUpperCase()} ${spec.path}`
  let schema: z.ZodType
  if (isBinaryResponse(spec.response)) {
    if (spec.response.orJson && ctx.type === 'application/json') schema = spec.response.orJson
    else if (contentTypeMatches(spec.response.binary, ctx.type)) return
    else throw new AppError(500, 'RESPONSE_CONTRACT', `${where} answered ${ctx.type || 'no content type'}, declared ${spec.response.binary}`)
  } else schema = spec.response
  const wire: unknown = ctx.body === undefined ? undefined : JSON.parse(JSON.stringify(ctx.body))
  const result = schema.safeParse(wire)
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message }))
    console.error(`RESPONSE_CONTRACT ${where}:\n${z.prettifyError(result.error)}`)
    throw new AppError(500, 'RESPONSE_CONTRACT', `${where} answered a body that does not match its response schema`, issues)
  }
}

export function mountRoutes(router: Router, specs: readonly RouteSpec[], opts: { checkResponses?: boolean } = {}): void {
  for (const spec of specs) {
    if (!(ROUTE_METHODS as readonly string[]).includes(spec.method)) {
      throw new Error(`${String(spec.method).toUpperCase()} ${spec.path}: WeChat's wx.request cannot send this method; use one of ${ROUTE_METHODS.join(', ').toUpperCase()}`)
    }
    router[spec.method](spec.path, async (ctx) => {
      const user = (ctx.state.user as AuthUser | undefined) ?? null
      checkAccess(spec.access, user, ctx.state.invalidToken === true)
      const input: RouteInput<unknown, unknown, unknown> = {
        params: parseInput(spec.params, ctx.params, 'params'),
        query: parseInput(spec.query, ctx.query, 'query'),
        body: spec.rawBody ? undefined : parseInput(spec.body, ctx.request.body ?? {}, 'body'),
        user,
      }
      const result = await spec.handler(ctx, input)
      if (result !== undefined) {
        ctx.status = spec.status ?? 200
        ctx.body = result
      }
      if (opts.checkResponses) checkResponse(spec, ctx)
    })
  }
}
