import type { ValidationDetail } from '@contract/validation'
import { ApiError } from './request'

/**
 * What the reader is told when something fails: always a Chinese sentence. The server's own
 * messages are Chinese; anything else (a script error, an English platform message) is replaced
 * by a sentence chosen from the kind of failure. Plain TypeScript, unit-tested without Taro.
 */
export const OFFLINE_MESSAGE = '网络连接失败，请检查网络后重试'
const GENERIC_MESSAGE = '出了点问题，请稍后重试'

const BY_STATUS: Record<number, string> = {
  401: '登录已失效，请重新进入小程序',
  403: '没有权限执行此操作',
  404: '内容不存在或已被删除',
  413: '提交的内容太大',
  429: '操作过于频繁，请稍后再试',
}

const HAS_CHINESE = /[\u4e00-\u9fff]/
/** A run of Latin words reads as a leaked English message (`Too small`, `request:fail`). */
const ENGLISH_WORDS = /[A-Za-z]{3,}(\s+[A-Za-z]{2,})+|[A-Za-z]+:fail/

const isChinese = (text: unknown): text is string => typeof text === 'string' && HAS_CHINESE.test(text) && !ENGLISH_WORDS.test(text)

/** No answer came at all: the reader is offline or the server is unreachable. */
export function isOffline(err: unknown): boolean {
  if (err instanceof ApiError) return err.isNetworkError
  const errMsg = (err as { errMsg?: unknown } | null)?.errMsg
  return typeof errMsg === 'string' && /request:fail|network|timeout/i.test(errMsg)
}

/** The sentence to show for any failure. */
export function friendlyMessage(err: unknown): string {
  if (isOffline(err)) return OFFLINE_MESSAGE
  if (err instanceof ApiError) {
    if (isChinese(err.message)) return err.message
    if (err.status >= 500) return '服务暂时不可用，请稍后再试'
    return BY_STATUS[err.status] ?? GENERIC_MESSAGE
  }
  const message = (err as { message?: unknown } | null)?.message
  return isChinese(message) ? message : GENERIC_MESSAGE
}

function validationDetails(err: unknown): ValidationDetail[] {
  if (!(err instanceof ApiError) || err.code !== 'VALIDATION_FAILED' || !Array.isArray(err.details)) return []
  return (err.details as unknown[]).filter(
    (d): d is ValidationDetail => typeof d === 'object' && d !== null && typeof (d as ValidationDetail).field === 'string' && typeof (d as ValidationDetail).message === 'string',
  )
}

/**
 * The field messages of a 400 VALIDATION_FAILED, keyed by the form's field names. `fields`
 * maps a form field to the request field(s) it fills (`contactName: 'contact.name'`); a
 * request field inside a list (`attachmentIds.2`) counts for the list. First message wins.
 */
export function fieldErrors<F extends string>(err: unknown, fields: Record<F, string | readonly string[]>): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {}
  for (const detail of validationDetails(err)) {
    if (!isChinese(detail.message)) continue
    for (const [formField, wire] of Object.entries(fields) as [F, string | readonly string[]][]) {
      const names: readonly string[] = typeof wire === 'string' ? [wire] : wire
      if (out[formField] === undefined && names.some((n) => detail.field === n || detail.field.startsWith(`${n}.`))) out[formField] = detail.message
    }
  }
  return out
}

/** A form's errors: the per-field messages, and the sentence for what no field shows. */
export interface FormErrors<F extends string> {
  fields: Partial<Record<F, string>>
  /** For the message near the submit button: null when every problem sits on a field. */
  form: string | null
}

export function formErrors<F extends string>(err: unknown, fields: Record<F, string | readonly string[]>): FormErrors<F> {
  const byField = fieldErrors(err, fields)
  const shown = new Set(Object.values(byField))
  const unplaced = validationDetails(err).filter((d) => !shown.has(d.message))
  const placedAll = validationDetails(err).length > 0 && unplaced.length === 0
  return { fields: byField, form: placedAll ? null : unplaced[0] && isChinese(unplaced[0].message) ? unplaced[0].message : friendlyMessage(err) }
}
