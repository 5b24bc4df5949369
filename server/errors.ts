/** An error that maps to an HTTP answer `{ error: { code, message, details? } }`. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After on 429 and 503. */
    readonly headers?: Record<string, string>,
  ) {
    super(message)
  }
}

/** Every helper takes (message, code, details): the same order as the answer's fields. */
export const badRequest = (message: string, code = 'BAD_REQUEST', details?: unknown) => new AppError(400, code, message, details)
/** 400 VALIDATION_FAILED for one field a service refused (same shape as parseInput's: contract/validation.ts). */
export const fieldInvalid = (field: string, message: string, where: 'body' | 'query' | 'params' = 'body') =>
  new AppError(400, 'VALIDATION_FAILED', message, [{ in: where, field, message }])
export const unauthorized = (message = '请先登录', code = 'UNAUTHORIZED') => new AppError(401, code, message)
export const forbidden = (message = '没有权限执行此操作', code = 'FORBIDDEN') => new AppError(403, code, message)
export const notFound = (message = '资源不存在', code = 'NOT_FOUND') => new AppError(404, code, message)
export const conflict = (message: string, code = 'CONFLICT', details?: unknown) => new AppError(409, code, message, details)
/** 429; with `retryAfterSeconds`, the answer carries Retry-After (whole seconds, at least 1). */
export const tooManyRequests = (message = '操作过于频繁，请稍后再试', code = 'RATE_LIMITED', retryAfterSeconds?: number) =>
  new AppError(429, code, message, undefined, retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) })
export const badGateway = (message: string, code = 'UPSTREAM_ERROR', details?: unknown) => new AppError(502, code, message, details)

const DUPLICATE_CODES = new Set([11000, 11001, 12582])

/**
 * A unique index refused a write. MongoDB reports code 11000 (11001 and 12582 from older
 * versions); MongoDB-compatible engines differ: FerretDB answers an update with code 1
 * (InternalError) and "UNIQUE constraint failed" only in the message; mongo-java-server says
 * "E11000 duplicate key error"; drivers wrap it in writeErrors, errorResponse or a cause.
 * So the code and the message are both checked, on the error and on what it wraps.
 */
export function isDuplicateKeyError(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 3) return false
  const e = err as { code?: unknown; message?: unknown; errmsg?: unknown; writeErrors?: unknown; cause?: unknown; errorResponse?: unknown }
  if (typeof e.code === 'number' && DUPLICATE_CODES.has(e.code)) return true
  for (const text of [e.message, e.errmsg]) if (typeof text === 'string' && /E11000|duplicate key|unique constraint failed/i.test(text)) return true
  const nested = [e.cause, e.errorResponse, ...(Array.isArray(e.writeErrors) ? e.writeErrors : [])]
  return nested.some((n) => n !== err && isDuplicateKeyError(n, depth + 1))
}
