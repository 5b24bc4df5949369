import { ApiError } from './api'
import { isDeveloperText } from './devText'

/**
 * What the console shows for a failed request. The server answers invalid input with
 * `details: [{ in: 'body', field: 'options.0.text', message: '请填写选项' }]` (older answers:
 * `{ path: 'body.options.0.text', message }`); forms put each message under its field, and
 * nothing here ever shows a schema path or the validator's English.
 */
export interface FieldError {
  /** The form field's name path, e.g. ['options', 0, 'text']. */
  name: (string | number)[]
  message: string
}

const FALLBACK_FIELD_MESSAGE = '此项填写不正确'

interface RawDetail {
  in?: unknown
  field?: unknown
  path?: unknown
  message?: unknown
}

const toName = (dotted: string) =>
  dotted
    .split('.')
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s))

/** The field-level errors of a validation answer (empty for any other error). */
export function fieldErrorsOf(err: unknown): FieldError[] {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return []
  return (err.details as RawDetail[]).flatMap((d) => {
    let name: (string | number)[] = []
    if (typeof d.field === 'string') name = toName(d.field)
    else if (typeof d.path === 'string') name = toName(d.path).slice(1) // drop 'body' / 'query' / 'params'
    if (!name.length) return []
    const message = typeof d.message === 'string' && !isDeveloperText(d.message) ? d.message : FALLBACK_FIELD_MESSAGE
    return [{ name, message }]
  })
}

/** One Chinese sentence for any failure, never a schema path or English. */
export function friendlyMessage(err: unknown): string {
  if (!(err instanceof ApiError)) return '页面出错了，请刷新后重试'
  if (err.status === 0) return '网络连接失败，请检查网络后重试'
  const serverSentence = err.message && !isDeveloperText(err.message) ? err.message : null
  // The server's own sentence first ("用户名或密码错误", "账号已锁定…"), a generic one without it.
  if (err.status === 401) return serverSentence ?? '登录已失效，请重新登录'
  if (err.status === 403) return serverSentence ?? '没有权限执行此操作'
  if (err.status === 413) return '文件太大，请换一个较小的文件'
  if (err.status === 429) return serverSentence ?? '操作过于频繁，请稍后再试'
  if (err.status >= 500) return '服务器暂时出错，请稍后重试'
  if (err.code === 'VALIDATION_FAILED') {
    const messages = [...new Set(fieldErrorsOf(err).map((f) => f.message))]
    if (messages.length) return messages.join('；')
  }
  if (serverSentence) return serverSentence
  if (err.status === 404) return '要找的内容不存在或已被删除'
  return '操作没有成功，请稍后重试'
}
