/** An error that maps to an HTTP answer `{ error: { code, message, details? } }`. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

export const badRequest = (message: string, details?: unknown, code = 'BAD_REQUEST') => new AppError(400, code, message, details)
export const unauthorized = (message = '请先登录', code = 'UNAUTHORIZED') => new AppError(401, code, message)
export const forbidden = (message = '没有权限执行此操作', code = 'FORBIDDEN') => new AppError(403, code, message)
export const notFound = (message = '资源不存在', code = 'NOT_FOUND') => new AppError(404, code, message)
export const conflict = (message: string, code = 'CONFLICT', details?: unknown) => new AppError(409, code, message, details)
export const tooManyRequests = (message = '操作过于频繁，请稍后再试', code = 'RATE_LIMITED') => new AppError(429, code, message)
export const badGateway = (message: string, code = 'UPSTREAM_ERROR', details?: unknown) => new AppError(502, code, message, details)

/** Mongo duplicate-key errors (code 11000), e.g. from unique indexes. */
export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000
}
