/**
 * The one request wrapper of the app: adds the session token, turns the server's error
 * shape into ApiError, retries what is safe to retry, and reports 401s. Plain TypeScript
 * with an injected transport and storage, so it is unit-tested in Node without Taro.
 */
import { ApiError } from '@contract/api-error'

export { ApiError }

export interface TransportRequest {
  url: string
  /** What wx.request can send that we use; WeChat has no PATCH (updates are PUT). */
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  headers: Record<string, string>
  data?: unknown
}

export interface TransportResponse {
  statusCode: number
  data: unknown
}

/** Performs one HTTP exchange; rejects only when no answer came (network down, timeout). */
export type Transport = (req: TransportRequest) => Promise<TransportResponse>

export interface KeyValueStorage {
  get(key: string): string | null
  set(key: string, value: string): void
  remove(key: string): void
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>
  /** Safe to send twice (the server deduplicates); allows retrying a POST. */
  idempotent?: boolean
  headers?: Record<string, string>
  /** false: a 401 is final (sign-in calls themselves), no fresh sign-in and retry. */
  reauth?: boolean
}

/**
 * Called when a request that carried `failedToken` got 401 mid-session. Resolves true once
 * a fresh token is stored (the request is then sent again, once), false to give up.
 */
export type Reauthenticate = (failedToken: string) => Promise<boolean>

export interface ApiClientOptions {
  baseUrl: string
  transport: Transport
  storage: KeyValueStorage
  onUnauthorized?: () => void
  /** Extra attempts after the first for retryable failures. */
  retries?: number
  sleep?: (ms: number) => Promise<void>
}

export const TOKEN_KEY = 'session-token'
const RETRYABLE_STATUS = new Set([502, 503, 504])

function buildUrl(base: string, path: string, query?: RequestOptions['query']): string {
  const params = Object.entries(query ?? {})
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return `${base}${path}${params.length ? `?${params.join('&')}` : ''}`
}

function toApiError(status: number, data: unknown): ApiError {
  const error = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error
  if (error && typeof error.code === 'string') {
    return new ApiError(status, error.code, typeof error.message === 'string' ? error.message : '请求失败', error.details)
  }
  return new ApiError(status, `HTTP_${status}`, status >= 500 ? '服务暂时不可用，请稍后再试' : '请求失败')
}

export function createApiClient(opts: ApiClientOptions) {
  const retries = opts.retries ?? 2
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))

  let reauthenticate: Reauthenticate | null = null

  async function request<T>(method: TransportRequest['method'], path: string, data?: unknown, ro: RequestOptions = {}): Promise<T> {
    const canRetry = method === 'GET' || method === 'PUT' || method === 'DELETE' || ro.idempotent === true
    let reauthenticated = false
    for (let attempt = 0; ; attempt++) {
      const token = opts.storage.get(TOKEN_KEY)
      const headers: Record<string, string> = { 'content-type': 'application/json', ...ro.headers }
      if (token) headers.authorization = `Bearer ${token}`
      let res: TransportResponse | null
      let failure: ApiError
      try {
        res = await opts.transport({ url: buildUrl(opts.baseUrl, path, ro.query), method, headers, data })
      } catch {
        res = null
      }
      if (res && res.statusCode >= 200 && res.statusCode < 300) return res.data as T
      if (res) {
        failure = toApiError(res.statusCode, res.data)
        if (res.statusCode === 401) {
          // Keep a token another call stored meanwhile; drop only the one that failed.
          if (opts.storage.get(TOKEN_KEY) === token) opts.storage.remove(TOKEN_KEY)
          opts.onUnauthorized?.()
          // Mid-session expiry: sign in afresh and send this request once more.
          if (token && !reauthenticated && ro.reauth !== false && reauthenticate) {
            reauthenticated = true
            const renewed = await reauthenticate(token).catch(() => false)
            if (renewed) {
              attempt--
              continue
            }
          }
          throw failure
        }
        if (!RETRYABLE_STATUS.has(res.statusCode)) throw failure
      } else {
        failure = new ApiError(0, 'NETWORK_ERROR', '网络连接失败，请检查网络后重试')
      }
      if (!canRetry || attempt >= retries) throw failure
      await sleep(300 * 2 ** attempt)
    }
  }

  return {
    get: <T>(path: string, ro?: RequestOptions) => request<T>('GET', path, undefined, ro),
    post: <T>(path: string, data?: unknown, ro?: RequestOptions) => request<T>('POST', path, data, ro),
    put: <T>(path: string, data?: unknown, ro?: RequestOptions) => request<T>('PUT', path, data, ro),
    del: <T>(path: string, ro?: RequestOptions) => request<T>('DELETE', path, undefined, ro),
    setToken: (token: string) => opts.storage.set(TOKEN_KEY, token),
    getToken: () => opts.storage.get(TOKEN_KEY),
    clearToken: () => opts.storage.remove(TOKEN_KEY),
    /** The session registers how to sign in again after a 401 (see createSession). */
    setReauthenticate: (fn: Reauthenticate | null) => {
      reauthenticate = fn
    },
    baseUrl: opts.baseUrl,
  }
}

export type ApiClient = ReturnType<typeof createApiClient>
