import type { Middleware } from 'koa'
import mongoose from 'mongoose'
import { AppError } from '../errors'

/**
 * Whether the database can be used right now, for the whole process (like mongoose's one
 * connection). Requests are answered 503 at once while it is down, instead of each waiting
 * for the driver's server selection to time out. It goes down when the embedded database's
 * process dies, when mongoose loses its connection, or when an operation fails with a
 * network error; it comes back when a ping succeeds again.
 */
export type DbState = 'up' | 'down' | 'disk_full'

/** What a client is told to wait before retrying (seconds). */
export const DB_RETRY_AFTER_SECONDS = 2

const PING_INTERVAL_MS = 250

class DbAvailability {
  private current: DbState = 'up'
  private pinger: NodeJS.Timeout | null = null

  get state(): DbState {
    return this.current
  }

  get available(): boolean {
    return this.current === 'up'
  }

  /** Marks the database unavailable and pings until it answers (and, for disk_full, stores) again. */
  markDown(state: Exclude<DbState, 'up'> = 'down'): void {
    if (this.current === 'disk_full' && state === 'down') return // the more specific cause wins
    this.current = state
    this.pinger ??= setInterval(() => void this.probe(), PING_INTERVAL_MS)
    this.pinger.unref()
  }

  markUp(): void {
    if (this.pinger) clearInterval(this.pinger)
    this.pinger = null
    this.current = 'up'
  }

  private probing = false
  private async probe() {
    if (this.probing) return
    this.probing = true
    try {
      const db = mongoose.connection.db
      if (!db) return
      await db.admin().ping()
      // A full disk answers pings; only a stored write shows that space is back.
      if (this.current === 'disk_full') await db.collection('_availability_probe').updateOne({ _id: 'probe' as never }, { $inc: { n: 1 } }, { upsert: true })
      this.markUp()
    } catch {
      /* still down */
    } finally {
      this.probing = false
    }
  }
}

export const dbAvailability = new DbAvailability()

const NETWORK_ERRORS = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
])

/** NotWritablePrimary, InterruptedDueToReplStateChange, PrimarySteppedDown, ShutdownInProgress, … */
const FAILOVER_CODES = new Set([6, 7, 89, 91, 189, 9001, 10107, 11600, 11602, 13435, 13436])
const SOCKET_ERRORS = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ENOTCONN', 'ECONNABORTED'])

/**
 * Classifies an error thrown by a database call: `down` when the server could not be reached,
 * `disk_full` when it could not store the write for lack of space (the embedded engine says
 * OutOfDiskSpace; MongoDB says 14031 too), `failed` for another storage failure of the
 * embedded engine (InternalError on commit), null when it is not an availability problem.
 */
export function classifyDbError(err: unknown, depth = 0): 'down' | 'disk_full' | 'failed' | null {
  if (typeof err !== 'object' || err === null || depth > 3) return null
  const e = err as { name?: string; code?: unknown; codeName?: string; message?: string; cause?: unknown; errorResponse?: unknown }
  // Wrapped: a bulk write (insertMany, bulkWrite) that lost its connection carries the
  // network error as its errorResponse; others use the standard `cause`.
  for (const inner of [e.errorResponse, e.cause]) {
    if (inner instanceof Error && inner !== err) {
      const found = classifyDbError(inner, depth + 1)
      if (found) return found
    }
  }
  if (e.name && NETWORK_ERRORS.has(e.name)) return 'down'
  // A replica set between primaries, or a server shutting down: retry shortly.
  if (typeof e.code === 'number' && FAILOVER_CODES.has(e.code)) return 'down'
  // A socket error the driver let through unwrapped (a write to a connection the server had
  // just closed: "This socket has been ended by the other party").
  if (typeof e.code === 'string' && SOCKET_ERRORS.has(e.code)) return 'down'
  // The write was applied but its write concern was not met: whether it lasts is unknown.
  if (e.name === 'MongoWriteConcernError') return 'failed'
  if (e.code === 14031 || e.codeName === 'OutOfDiskSpace') return 'disk_full'
  if (e.code === 1 && /could not be made durable/.test(e.message ?? '')) return 'failed'
  // mongoose's own "buffering timed out" / "not connected" errors
  if (e.name === 'MongooseServerSelectionError' || /buffering timed out/.test(e.message ?? '')) return 'down'
  return null
}

export const DB_UNAVAILABLE_MESSAGES: Record<Exclude<DbState, 'up'> | 'failed', { code: string; message: string }> = {
  down: { code: 'DB_UNAVAILABLE', message: '数据库暂时不可用，请稍后重试' },
  disk_full: { code: 'DB_DISK_FULL', message: '服务器存储空间不足，暂时无法保存，请稍后重试' },
  failed: { code: 'DB_UNAVAILABLE', message: '数据暂时无法保存，请稍后重试' },
}

/** The 503 a request gets while the database is known to be unavailable; null while it is up. */
export function unavailableError(): AppError | null {
  if (dbAvailability.available) return null
  const { code, message } = DB_UNAVAILABLE_MESSAGES[dbAvailability.state as Exclude<DbState, 'up'>]
  return new AppError(503, code, message, undefined, { 'Retry-After': String(DB_RETRY_AFTER_SECONDS) })
}

/** While the database is unavailable, API requests get 503 with Retry-After at once. */
export function rejectWhileDbDown(): Middleware {
  return async (ctx, next) => {
    if (dbAvailability.available || !ctx.path.startsWith('/api/') || ctx.path === '/api/health') return next()
    const state = dbAvailability.state as Exclude<DbState, 'up'>
    ctx.status = 503
    ctx.set('Retry-After', String(DB_RETRY_AFTER_SECONDS))
    ctx.body = { error: DB_UNAVAILABLE_MESSAGES[state] }
  }
}
