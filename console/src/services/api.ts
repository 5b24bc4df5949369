/**
 * The console's one HTTP client: JSON in and out, the session token, the server's error
 * shape `{ error: { code, message, details } }` as ApiError, and 401 reported once so the
 * session can end. Plain TypeScript over fetch.
 */
import { ApiError } from '@contract/api-error'

export { ApiError }

export type Query = Record<string, string | number | boolean | undefined | null>

const TOKEN_KEY = 'console.token'

export const tokenStore = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (token: string) => localStorage.setItem(TOKEN_KEY, token),
  clear: () => localStorage.removeItem(TOKEN_KEY),
}

let onUnauthorized: (() => void) | null = null
/** The session registers what to do when the server says the token is no longer valid. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

async function send(method: string, path: string, opts: { query?: Query; body?: unknown; form?: FormData } = {}): Promise<Response> {
  const headers: Record<string, string> = {}
  const token = tokenStore.get()
  if (token) headers.authorization = `Bearer ${token}`
  let body: BodyInit | undefined
  if (opts.form) body = opts.form
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  let res: Response
  try {
    res = await fetch(withQuery(path, opts.query), { method, headers, body })
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接失败')
  }
  if (res.ok) return res
  const payload = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null
  if (res.status === 401 && token) onUnauthorized?.()
  throw new ApiError(res.status, payload?.error?.code ?? 'HTTP_ERROR', payload?.error?.message ?? '', payload?.error?.details)
}

async function json<T>(res: Response): Promise<T> {
  return res.status === 204 ? (undefined as T) : ((await res.json()) as T)
}

export const api = {
  get: async <T>(path: string, query?: Query) => json<T>(await send('GET', path, { query })),
  post: async <T>(path: string, body?: unknown, query?: Query) => json<T>(await send('POST', path, { body, query })),
  put: async <T>(path: string, body?: unknown) => json<T>(await send('PUT', path, { body })),
  delete: async <T>(path: string) => json<T>(await send('DELETE', path)),
  /** Multipart upload of one file (e.g. an article image to /api/admin/media). */
  upload: async <T>(path: string, file: Blob, filename = 'image.png') => {
    const form = new FormData()
    form.append('file', file, filename)
    return json<T>(await send('POST', path, { form }))
  },
  /** A binary answer (an image that needs the session token) as a Blob. */
  blob: async (path: string, query?: Query) => (await send('GET', path, { query })).blob(),
  /** Downloads a file answer (Excel exports) and hands it to the browser as a download. */
  download: async (path: string, query: Query | undefined, filename: string) => {
    const res = await send('GET', path, { query })
    const url = URL.createObjectURL(await res.blob())
    const a = document.createElement('a')
    a.href = url
    a.download = filename
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  },
}
