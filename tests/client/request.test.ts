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

    const idem = scripted([{ statusCode: 503, data: null }, { statusCode: 201, data: 'stored' }])
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
    assert.deepEqual(calls.map((c) => c.url), ['/me', '/auth/wechat'])
    assert.deepEqual(calls[1].data, { code: 'code-1' })
    assert.equal(storage.get(TOKEN_KEY), 'fresh')
  })
})
