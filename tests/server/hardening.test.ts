import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import Koa from 'koa'
import mongoose from 'mongoose'
import { listen } from '../../server/app'
import { ConfigError, loadConfig } from '../../server/config'
import { errorHandler } from '../../server/http/middleware'
import { issueToken } from '../../server/modules/auth/tokens'
import { User } from '../../server/modules/users/model'
import { startTestServer, useTestServer, type TestServer } from '../helpers/server'
import { PRODUCTION_ENV } from '../helpers/config'

const t = useTestServer()

describe('database errors become client errors', () => {
  /** The real error middleware in front of a handler doing a real database write. */
  async function serve(write: () => Promise<unknown>) {
    const app = new Koa()
    app.use(errorHandler())
    app.use(async (ctx) => {
      await write()
      ctx.body = { ok: true }
    })
    const { server, url } = await listen(app, 0)
    try {
      const res = await fetch(`${url}/api/x`)
      return { status: res.status, body: (await res.json()) as any }
    } finally {
      server.close()
    }
  }

  test('a unique index refusing a write → 409 CONFLICT, not 500', async () => {
    await User.create({ nickname: 'a', username: 'taken-name' })
    const res = await serve(() => User.create({ nickname: 'b', username: 'taken-name' }))
    assert.equal(res.status, 409)
    assert.equal(res.body.error.code, 'CONFLICT')
    assert.equal(await User.countDocuments({ username: 'taken-name' }), 1)
  })

  test('a document mongoose refuses → 400 with the fields named, not 500', async () => {
    const res = await serve(() => User.create({ nickname: 'x'.repeat(65), roles: ['emperor'] } as never))
    assert.equal(res.status, 400)
    assert.equal(res.body.error.code, 'VALIDATION_FAILED')
    const paths = res.body.error.details.map((d: any) => d.field)
    assert.ok(paths.includes('nickname'), JSON.stringify(res.body))
    assert.ok(
      res.body.error.details.some((d: any) => d.in === 'body' && d.field === 'nickname' && d.message === '姓名太长'),
      JSON.stringify(res.body),
    )
    assert.doesNotMatch(res.body.error.message, /[A-Za-z]{3,}/)
    assert.equal(await User.countDocuments({ nickname: 'x'.repeat(65) }), 0)
  })
})

describe('sign-in', () => {
  test('simultaneous first sign-ins of one person all succeed with the same account', async () => {
    const wechat = await Promise.all(Array.from({ length: 8 }, (_, i) => t.api('post', '/api/auth/wechat', { body: { code: `twin:${i}` } })))
    assert.deepEqual(
      wechat.map((r) => r.status),
      Array(8).fill(200),
      JSON.stringify(wechat.map((r) => r.body)),
    )
    assert.equal(new Set(wechat.map((r) => r.body.user.id)).size, 1)
    assert.equal(await User.countDocuments({ openid: t.standin.openidFor('twin') }), 1)

    const dev = await Promise.all(Array.from({ length: 8 }, () => t.api('post', '/api/auth/dev', { body: { deviceId: 'same-browser-0001' } })))
    assert.deepEqual(
      dev.map((r) => r.status),
      Array(8).fill(200),
      JSON.stringify(dev.map((r) => r.body)),
    )
    assert.equal(new Set(dev.map((r) => r.body.user.id)).size, 1)
  })

  test('an expired or broken token is ignored on public routes and refused on the others', async () => {
    const { userId, token } = await t.signInReader()
    const expired = await issueToken({ ...t.config, JWT_TTL: '2s' }, userId, ['reader'])
    // Used while valid (the server now knows it as verified), it must still stop working when it expires.
    assert.equal((await t.api('get', '/api/me', { token: expired })).status, 200)
    await new Promise((r) => setTimeout(r, 3100))
    for (const bad of [expired, token.slice(0, -3) + 'abc', 'not-a-jwt']) {
      const campaign = await t.api('get', '/api/campaigns/current', { token: bad })
      assert.equal(campaign.status, 200, 'public page still loads')
      const signIn = await t.api('post', '/api/auth/dev', { token: bad, body: { deviceId: 'stale-token-device' } })
      assert.equal(signIn.status, 200, 'signing in again works with the stale token still attached')
      const me = await t.api('get', '/api/me', { token: bad })
      assert.equal(me.status, 401)
      assert.equal(me.body.error.code, 'INVALID_TOKEN')
    }
    // A disabled account's token is no better than a broken one.
    await User.updateOne({ _id: userId }, { $set: { disabled: true } })
    assert.equal((await t.api('get', '/api/campaigns/current', { token })).status, 200)
    assert.equal((await t.api('get', '/api/me', { token })).status, 401)
  })
})

describe('request input', () => {
  test('JSON nested too deeply gets its own clear 400, and nothing is written', async () => {
    const { token } = await t.signInReader()
    let deep: unknown = 'x'
    for (let i = 0; i < 40; i++) deep = { a: deep }
    const res = await t.api('put', '/api/me/binding', { token, body: { number: '1', name: deep } })
    assert.equal(res.status, 400)
    assert.equal(res.body.error.code, 'JSON_TOO_DEEP')
    assert.match(res.body.error.message, /嵌套层级过深/)
  })
})

describe('client address', () => {
  /** Failed tip look-ups are limited per client address (10 an hour); each try comes from a new reader. */
  async function failedLookups(server: TestServer, forwardedFor: (i: number) => string, n: number): Promise<number[]> {
    const statuses: number[] = []
    for (let i = 0; i < n; i++) {
      const { token } = await server.signInReader()
      const res = await server.api('post', '/api/tips/track', {
        token,
        body: { code: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ', secret: 'WRONG-SECRET' },
        headers: { 'x-forwarded-for': forwardedFor(i) },
      })
      statuses.push(res.status)
    }
    return statuses
  }

  test('without TRUST_PROXY, a forged X-Forwarded-For does not make a client someone else', async () => {
    const direct = await startTestServer({ env: { TRUST_PROXY: 'false' }, seed: false })
    try {
      const statuses = await failedLookups(direct, (i) => `203.0.113.${i + 1}`, 11)
      assert.deepEqual(statuses.slice(0, 10), Array(10).fill(404))
      assert.equal(statuses[10], 429, 'the eleventh failure from this one client is throttled, whatever address it claims')
    } finally {
      await direct.stop()
    }
  })

  test('behind a trusted proxy (TRUST_PROXY=true) the address it forwards counts', async () => {
    assert.equal(t.config.TRUST_PROXY, true)
    const statuses = await failedLookups(t, (i) => `198.51.100.${i + 1}`, 11)
    assert.deepEqual(statuses, Array(11).fill(404))
  })
})

describe('configuration', () => {
  const rejects = (env: Record<string, string>, pattern: RegExp) =>
    assert.throws(
      () => loadConfig(env),
      (err: Error) => err instanceof ConfigError && pattern.test(err.message),
    )

  test('a bad JWT_TTL stops the start; every accepted form works for signing', async () => {
    for (const bad of ['7', '7x', 'soon', '-1d', '0d', '7d ago']) rejects({ JWT_TTL: bad }, /JWT_TTL/)
    for (const good of ['7d', '12h', '30 m', '2w', '90 minutes', '3600s']) {
      const config = loadConfig({ JWT_TTL: good })
      assert.match(await issueToken(config, new mongoose.Types.ObjectId().toString(), ['reader']), /^ey/)
    }
  })

  test('a malformed TIP_ENCRYPTION_KEY stops the start with a clear message', () => {
    const key = (fill: number, bytes = 32) => Buffer.alloc(bytes, fill).toString('base64')
    rejects({ TIP_ENCRYPTION_KEY: 'not-base64!' }, /TIP_ENCRYPTION_KEY/)
    rejects({ TIP_ENCRYPTION_KEY: key(1, 16) }, /32 bytes/)
    rejects({ TIP_ENCRYPTION_KEY: `k1:${key(1)},k1:${key(2)}` }, /"k1" appears twice/)
    rejects({ TIP_ENCRYPTION_KEY: `k1:${key(1)},k2:${key(2, 31)}` }, /"k2" must be base64 of exactly 32 bytes/)
    rejects({ TIP_ENCRYPTION_KEY: `:${key(1)}` }, /TIP_ENCRYPTION_KEY/)
    assert.ok(loadConfig({ TIP_ENCRYPTION_KEY: key(1) }))
    assert.ok(loadConfig({ TIP_ENCRYPTION_KEY: `k2:${key(2)},k1:${key(1)}` }))
  })

  test('TRUST_PROXY is off and the H5 app is served only outside production unless asked', () => {
    const dev = loadConfig({})
    assert.equal(dev.TRUST_PROXY, false)
    assert.equal(dev.SERVE_H5, true)
    const prodEnv = PRODUCTION_ENV
    assert.equal(loadConfig(prodEnv).SERVE_H5, false)
    assert.equal(loadConfig({ ...prodEnv, SERVE_H5: 'true' }).SERVE_H5, true)
    assert.equal(loadConfig({ SERVE_H5: 'false' }).SERVE_H5, false)
  })
})
