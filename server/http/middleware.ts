import { randomUUID } from 'node:crypto'
import type { Middleware } from 'koa'
import mongoose from 'mongoose'
import { classifyDbError, DB_RETRY_AFTER_SECONDS, DB_UNAVAILABLE_MESSAGES, dbAvailability } from '../db/availability'
import { AppError, isDuplicateKeyError } from '../errors'
import { hourlyLogger, type Logger } from '../logger'
import { mongooseDetails, summarize } from './validation'

const STATUS_CODES: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', '请求格式不正确'],
  401: ['UNAUTHORIZED', '请先登录'],
  403: ['FORBIDDEN', '没有权限执行此操作'],
  404: ['NOT_FOUND', '资源不存在'],
  405: ['METHOD_NOT_ALLOWED', '不支持该请求方法'],
  413: ['PAYLOAD_TOO_LARGE', '请求内容过大'],
  415: ['UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型'],
  429: ['RATE_LIMITED', '操作过于频繁，请稍后再试'],
}

/** Every error leaves as `{ error: { code, message, details? } }`; 5xx never leak internals. */
export function errorHandler(): Middleware {
  return async (ctx, next) => {
    try {
      await next()
      if (ctx.status >= 400 && ctx.body == null && ctx.path.startsWith('/api')) {
        const status = ctx.status
        const [code, message] = STATUS_CODES[status] ?? ['ERROR', '请求失败']
        ctx.body = { error: { code, message: status === 404 ? `接口不存在：${ctx.method} ${ctx.path}` : message } }
        ctx.status = status // setting a body resets an implicit 404 to 200
      }
    } catch (err) {
      const log = ctx.state.log as Logger | undefined
      if (err instanceof AppError) {
        ctx.status = err.status
        for (const [name, value] of Object.entries(err.headers ?? {})) ctx.set(name, value)
        ctx.body = { error: { code: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) } }
        if (err.status >= 500) log?.error({ err }, 'upstream error')
        return
      }
      const e = err as { status?: number; statusCode?: number; expose?: boolean; type?: string; message?: string; name?: string }
      const status = e.status ?? e.statusCode
      if (status && status >= 400 && status < 500) {
        const [code, message] = STATUS_CODES[status] ?? ['BAD_REQUEST', '请求不正确']
        const specific = e.type === 'entity.parse.failed' ? { code: 'INVALID_JSON', message: 'JSON 格式不正确' } : { code, message }
        ctx.status = status
        ctx.body = { error: specific }
        return
      }
      if (e.name === 'CastError') {
        ctx.status = 400
        ctx.body = { error: { code: 'INVALID_ID', message: '编号格式不正确' } }
        return
      }
      // A unique index refused the write (two requests raced, or a service forgot to check first).
      if (isDuplicateKeyError(err)) {
        log?.warn({ err }, 'duplicate key')
        ctx.status = 409
        ctx.body = { error: { code: 'CONFLICT', message: '数据已存在或已被他人修改，请刷新后重试' } }
        return
      }
      // Mongoose refused a document that zod let through: still the client's input, never a 500.
      if (err instanceof mongoose.Error.ValidationError) {
        const details = mongooseDetails(err)
        ctx.status = 400
        ctx.body = { error: { code: 'VALIDATION_FAILED', message: summarize(details), details } }
        return
      }
      // The database is unreachable or cannot store: a 503 the client retries, never a 500.
      const dbProblem = classifyDbError(err)
      if (dbProblem) {
        if (dbProblem !== 'failed') dbAvailability.markDown(dbProblem)
        log?.warn({ err }, 'database unavailable')
        ctx.status = 503
        ctx.set('Retry-After', String(DB_RETRY_AFTER_SECONDS))
        ctx.body = { error: DB_UNAVAILABLE_MESSAGES[dbProblem] }
        return
      }
      log?.error({ err }, 'unhandled error')
      ctx.status = 500
      ctx.body = { error: { code: 'INTERNAL', message: '服务器内部错误' } }
    }
  }
}

/**
 * Paths whose requests could date an anonymous tip (the reporter's form, uploads, tracking,
 * follow-ups): their lines go to the hourly log (logger.ts), stamped with the hour only and
 * written after the hour ends, shuffled.
 */
export const isTipPath = (path: string) => path === '/api/tips' || path.startsWith('/api/tips/')

/** Gives each request an id (kept from x-request-id when sane) and a child logger; logs one line per request. */
export function requestLogger(logger: Logger): Middleware {
  const tipLogger = hourlyLogger(logger)
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id')
    const id = /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID()
    ctx.state.requestId = id
    ctx.state.log = (isTipPath(ctx.path) ? tipLogger : logger).child({ reqId: id })
    ctx.set('x-request-id', id)
    const started = performance.now()
    try {
      await next()
    } finally {
      const ms = Math.round(performance.now() - started)
      const line = { method: ctx.method, url: ctx.path, status: ctx.status, ms }
      if (ctx.status >= 500) ctx.state.log.error(line, 'request')
      else ctx.state.log.info(line, 'request')
    }
  }
}

/** Deeper JSON than this is refused outright (no form of ours nests more than a few levels). */
export const MAX_JSON_DEPTH = 32

export type ForbiddenKey = { kind: 'operator'; path: string } | { kind: 'too-deep'; path: string }

/**
 * MongoDB operators travel as keys starting with `$`, and `.` addresses nested paths:
 * user input containing either never reaches a query or an update. Input nested deeper
 * than MAX_JSON_DEPTH is refused too, without walking it further.
 */
export function findForbiddenKey(value: unknown, path = '', depth = 0): ForbiddenKey | null {
  if (depth > MAX_JSON_DEPTH) return { kind: 'too-deep', path: path || '(root)' }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findForbiddenKey(value[i], `${path}[${i}]`, depth + 1)
      if (hit) return hit
    }
    return null
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key
      if (key.startsWith('$') || key.includes('.')) return { kind: 'operator', path: here }
      const hit = findForbiddenKey(child, here, depth + 1)
      if (hit) return hit
    }
  }
  return null
}

export function rejectOperatorKeys(): Middleware {
  return async (ctx, next) => {
    const bodyHit = findForbiddenKey(ctx.request.body)
    if (bodyHit?.kind === 'too-deep') {
      throw new AppError(400, 'JSON_TOO_DEEP', `JSON 嵌套层级过深（最多 ${MAX_JSON_DEPTH} 层）`)
    }
    const queryKey = Object.keys(ctx.query).find((k) => k.startsWith('$'))
    const bad = bodyHit?.path ?? queryKey
    if (bad) {
      throw new AppError(400, 'FORBIDDEN_KEY', `字段名不能以 $ 开头或包含 “.”：${bad}`)
    }
    await next()
  }
}
