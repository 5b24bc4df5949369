import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ApiError, createApiClient, TOKEN_KEY, type KeyValueStorage, type TransportRequest, type TransportResponse } from '../../src/services/request'
import { createSession } from '../../src/services/session'

/** The transport is the network boundary of this pure module; a scripted one stands in for it. */
function scripted(answers: Array<TransportResponse | 'network-down'>) {
  const calls: TransportRequest[] = []
  const transport = async (req: TransportRequest) => {
    calls.push(req)
    const next = answers.shift()
    if (!next) throw new Error('unexpected request')
    if (next === 'network-down') throw new Error('ECONNREFUSED')
    return next
  }
  return { calls, transport }
}

function memoryStorage(initial: Record<string, string> = {}): KeyValueStorage & { data: Record<string, string> } {
  const data = { ...initial }
  return { data, get: (k) => data[k] ?? null, set: (k, v) => void (data[k] = v), remove: (k) => void delete data[k] }
}

const noSleep = async () => {}

describe('request wrapper', () => {
  test('sends the token and query, returns the JSON body', async () => {
    const { calls, transport } = scripted([{ statusCode: 200, data: { ok: 1 } }])
    const client = createApiClient({ baseUrl: 'http://x/api', transport, storage: memoryStorage({ [TOKEN_KEY]: 'tok' }), sleep: noSleep })
    assert.deepEqual(await client.get('/things', { query: { page: 2, q: '扫黑', empty: undefined } }), { ok: 1 })
    assert.equal(calls[0].url, 'http://x/api/things?page=2&q=%E6%89%AB%E9%BB%91')
    assert.equal(calls[0].headers.authorization, 'Bearer tok')
  })

  test("maps the server's error shape to ApiError", async () => {
    const { transport } = scripted([{ statusCode: 409, data: { error: { code: 'ALREADY_BOUND', message: '已被绑定', details: { a: 1 } } } }])
    const client = createApiClient({ baseUrl: '', transport, storage: memoryStorage(), sleep: noSleep })
    await assert.rejects(client.put('/me/binding', {}), (e: ApiError) => e instanceof ApiError && e.status === 409 && e.code === 'ALREADY_BOUND' && e.message === '已被绑定')
  })

  test('retries 503 and network failures for safe requests, then succeeds', async () => {
    const { calls, transport } = scripted([{ statusCode: 503, data: null }, 'network-down', { statusCode: 200, data: 'ok' }])
    const client = createApiClient({ baseUrl: '', transport, storage: memoryStorage(), sleep: noSleep })
    assert.equal(await client.get('/x'), 'ok')
    assert.equal(calls.length, 3)
  })

  test('never retries a 4xx, nor a non-idempotent POST', async () => {
    const bad = scripted([{ statusCode: 400, data: { error: { code: 'VALIDATION_FAILED', message: 'bad' } } }])
    await assert.rejects(createApiClient({ baseUrl: '', transport: bad.transport, storage: memoryStorage(), sleep: noSleep }).get('/x'), /bad/)
    assert.equal(bad.calls.length, 1)

    const post = scripted([{ statusCode: 503, data: null }])
    await assert.rejects(createApiClient({ baseUrl: '', transport: post.transport, storage: memoryStorage(), sleep: noSleep }).post('/x', {}), (e: ApiError) => e.status === 503)
    assert.equal(post.calls.length, 1)

    const idem = scripted([
      { statusCode: 503, data: null },
      { statusCode: 201, data: 'stored' },
    ])
    assert.equal(await createApiClient({ baseUrl: '', transport: idem.transport, storage: memoryStorage(), sleep: noSleep }).post('/x', {}, { idempotent: true }), 'stored')
  })

  test('401 clears the token and reports it', async () => {
    const storage = memoryStorage({ [TOKEN_KEY]: 'old' })
    let reported = 0
    const { transport } = scripted([{ statusCode: 401, data: { error: { code: 'INVALID_TOKEN', message: '登录已失效' } } }])
    const client = createApiClient({ baseUrl: '', transport, storage, sleep: noSleep, onUnauthorized: () => reported++ })
    await assert.rejects(client.get('/me'), (e: ApiError) => e.status === 401)
    assert.equal(storage.get(TOKEN_KEY), null)
    assert.equal(reported, 1)
  })

  test('gives up after the retries with a network error the UI can show', async () => {
    const { calls, transport } = scripted(['network-down', 'network-down', 'network-down'])
    const client = createApiClient({ baseUrl: '', transport, storage: memoryStorage(), sleep: noSleep, retries: 2 })
    await assert.rejects(client.get('/x'), (e: ApiError) => e.isNetworkError && /网络/.test(e.message))
    assert.equal(calls.length, 3)
  })
})

describe('session', () => {
  const user = { id: 'u1', nickname: 'n', roles: ['reader'], username: null, departmentId: null, person: null }

  test('signs in once even when asked concurrently, and stores the token', async () => {
    const storage = memoryStorage()
    const { calls, transport } = scripted([{ statusCode: 200, data: { token: 'T', user } }])
    const client = createApiClient({ baseUrl: '', transport, storage, sleep: noSleep })
    const session = createSession(client, async () => ({ kind: 'dev', deviceId: 'device-12345' }))
    const [a, b] = await Promise.all([session.ensureSignedIn(), session.ensureSignedIn()])
    assert.equal(a.id, 'u1')
    assert.equal(b.id, 'u1')
    assert.equal(calls.length, 1)
    assert.equal(calls[0].url, '/auth/dev')
    assert.equal(storage.get(TOKEN_KEY), 'T')
  })

  test('an expired stored token leads to a fresh WeChat sign-in', async () => {
    const storage = memoryStorage({ [TOKEN_KEY]: 'expired' })
    const { calls, transport } = scripted([
      { statusCode: 401, data: { error: { code: 'INVALID_TOKEN', message: 'x' } } },
      { statusCode: 200, data: { token: 'fresh', user } },
    ])
    const client = createApiClient({ baseUrl: '', transport, storage, sleep: noSleep })
    const session = createSession(client, async () => ({ kind: 'wechat', getCode: async () => 'code-1' }))
    await session.ensureSignedIn()
    assert.deepEqual(
      calls.map((c) => c.url),
      ['/me', '/auth/wechat'],
    )
    assert.deepEqual(calls[1].data, { code: 'code-1' })
    assert.equal(storage.get(TOKEN_KEY), 'fresh')
  })
})

describe('session renewal after a 401', () => {
  const reader = { id: 'u1', nickname: 'n', roles: ['reader'], username: null, departmentId: null, person: null }
  const admin = { id: 'a1', nickname: '管理员', roles: ['publicity_admin'], username: 'pub', departmentId: null, person: null }

  /** A stand-in for the server behind the transport: tokens it accepts, sign-ins that issue new ones. */
  function tokenServer(initiallyValid: string[]) {
    const valid = new Set(initiallyValid)
    const calls: TransportRequest[] = []
    let issued = 0
    const transport = async (req: TransportRequest): Promise<TransportResponse> => {
      calls.push(req)
      await new Promise((r) => setTimeout(r, 1))
      if (req.url === '/auth/dev' || req.url === '/auth/wechat') {
        const token = `fresh-${++issued}`
        valid.add(token)
        return { statusCode: 200, data: { token, user: reader } }
      }
      const token = req.headers.authorization?.replace('Bearer ', '')
      if (!token || !valid.has(token)) return { statusCode: 401, data: { error: { code: 'INVALID_TOKEN', message: '登录已失效，请重新登录' } } }
      if (req.url === '/me') return { statusCode: 200, data: { user: token.startsWith('admin') ? admin : reader } }
      return { statusCode: 200, data: { path: req.url, token } }
    }
    return { calls, transport, expire: (t: string) => valid.delete(t), signIns: () => issued }
  }

  test('an expired token mid-session leads to one fresh sign-in and the original call succeeding', async () => {
    const server = tokenServer(['old'])
    const storage = memoryStorage({ [TOKEN_KEY]: 'old' })
    const client = createApiClient({ baseUrl: '', transport: server.transport, storage, sleep: noSleep })
    const session = createSession(client, async () => ({ kind: 'wechat', getCode: async () => 'code-2' }))
    const seen: Array<string | null> = []
    session.subscribe((u) => seen.push(u?.id ?? null))
    await session.ensureSignedIn()
    server.expire('old')

    const answer = await client.get<{ path: string; token: string }>('/articles')
    assert.deepEqual(answer, { path: '/articles', token: 'fresh-1' })
    assert.deepEqual(
      server.calls.map((c) => c.url),
      ['/me', '/articles', '/auth/wechat', '/articles'],
    )
    assert.equal(server.signIns(), 1)
    assert.equal(storage.get(TOKEN_KEY), 'fresh-1')
    assert.deepEqual(seen, ['u1', null, 'u1'], 'the user is cleared, then signed in again')
    assert.equal(session.user?.id, 'u1')
  })

  test('several calls failing at once share one sign-in, and each is sent again once', async () => {
    const server = tokenServer(['old'])
    const client = createApiClient({ baseUrl: '', transport: server.transport, storage: memoryStorage({ [TOKEN_KEY]: 'old' }), sleep: noSleep })
    const session = createSession(client, async () => ({ kind: 'dev', deviceId: 'device-12345' }))
    await session.ensureSignedIn()
    server.expire('old')
    const answers = await Promise.all(['/a', '/b', '/c'].map((p) => client.get<{ path: string }>(p)))
    assert.deepEqual(
      answers.map((a) => a.path),
      ['/a', '/b', '/c'],
    )
    assert.equal(server.signIns(), 1)
    assert.equal(server.calls.filter((c) => c.url === '/a').length, 2)
  })

  test('a 401 that survives the fresh sign-in is final, with no loop', async () => {
    const storage = memoryStorage({ [TOKEN_KEY]: 'old' })
    const { calls, transport } = scripted([
      { statusCode: 401, data: { error: { code: 'INVALID_TOKEN', message: 'x' } } },
      { statusCode: 200, data: { token: 'fresh', user: reader } },
      { statusCode: 401, data: { error: { code: 'INVALID_TOKEN', message: '登录已失效' } } },
    ])
    const client = createApiClient({ baseUrl: '', transport, storage, sleep: noSleep })
    createSession(client, async () => ({ kind: 'dev', deviceId: 'device-12345' }))
    await assert.rejects(client.get('/x'), (e: ApiError) => e.status === 401)
    assert.deepEqual(
      calls.map((c) => c.url),
      ['/x', '/auth/dev', '/x'],
    )
  })

  test("an admin's expired password session is not swapped for a reader's: they are signed out", async () => {
    const server = tokenServer(['admin-token'])
    const storage = memoryStorage({ [TOKEN_KEY]: 'admin-token' })
    const client = createApiClient({ baseUrl: '', transport: server.transport, storage, sleep: noSleep })
    const session = createSession(client, async () => ({ kind: 'dev', deviceId: 'device-12345' }))
    await session.ensureSignedIn()
    assert.equal(session.user?.username, 'pub')
    server.expire('admin-token')
    await assert.rejects(client.get('/admin/articles'), (e: ApiError) => e.status === 401)
    assert.equal(server.signIns(), 0)
    assert.equal(session.user, null)
  })
})
