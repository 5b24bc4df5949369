/**
 * An error answer of the API as the clients (app and console) see it: the HTTP status and the
 * body's `{ error: { code, message, details } }` (common.ts, errorOut); status 0 when no answer
 * came at all.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }

  /** No answer from the server at all (offline, DNS, timeout). */
  get isNetworkError(): boolean {
    return this.status === 0
  }
}
