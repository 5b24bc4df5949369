import { z } from 'zod'

/**
 * Wire primitives shared by every feature's contract. The server parses requests and (in
 * tests) checks responses with these schemas; the clients use their inferred types only.
 */

/** A MongoDB ObjectId as sent on the wire (24 hex digits). */
export const objectId = z.string().regex(/^[0-9a-f]{24}$/i, '编号格式不正确')

/** A moment as JSON carries it: ISO 8601 in UTC, as `Date.prototype.toJSON` writes it. */
export const dateTime = z.iso.datetime()

/** Every error answer: `{ error: { code, message, details? } }` (server/errors.ts). */
export const errorOut = z.strictObject({ error: z.strictObject({ code: z.string(), message: z.string(), details: z.unknown().optional() }) })
export type ErrorOut = z.infer<typeof errorOut>

/** Paged lists answer their page, page size and total next to the rows. */
export const pageInfo = { page: z.number().int(), pageSize: z.number().int(), total: z.number().int() }

/** GET /api/health: 200 when the database answers, 503 (same shape) when it does not. */
export const healthOut = z.strictObject({ status: z.enum(['ok', 'degraded']), db: z.enum(['ok', 'down', 'disk_full']) })

/** Path parameters of routes on one record: `/…/:id`. */
export const idParams = z.object({ id: objectId })
