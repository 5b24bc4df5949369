import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import mongoose from 'mongoose'
import { loadConfig } from '../../server/config'
import { User } from '../../server/modules/users/model'
import { Person } from '../../server/modules/roster/model'
import { SUPERADMIN_PASSWORD, useTestServer } from '../helpers/server'
import { PRODUCTION_ENV } from '../helpers/config'

const t = useTestServer()

async function collectionCounts(): Promise<Record<string, number>> {
  const db = mongoose.connection.db!
  const names = (await db.listCollections().toArray()).map((c) => c.name).sort()
  const counts: Record<string, number> = {}
  for (const name of names) counts[name] = await db.collection(name).countDocuments()
  return counts
}

function assertErrorShape(body: any, code?: string) {
  assert.equal(typeof body?.error?.code, 'string', `expected an error body, got ${JSON.stringify(body)}`)
  assert.equal(typeof body.error.message, 'string')
  if (code) assert.equal(body.error.code, code)
}

describe('server core', () => {
  test('health answers ok with a real database ping', async () => {
    const res = await t.api('get', '/api/health')
    assert.equal(res.status, 200)
    assert.deepEqual(res.body, { status: 'ok', db: 'ok' })
  })

  test('the current campaign comes from the seeded database', async () => {
    const res = await t.api('get', '/api/campaigns/current')
    assert.equal(res.status, 200)
    assert.equal(res.body.campaign.title, '扫黑除恶')
    assert.ok(res.body.campaign.tipCategories.some((c: any) => c.name === '其他'))
  })

  test('bad requests get clear JSON errors and write nothing', async () => {
    const { token } = await t.signInReader()
    const before = await collectionCounts()

    const malformed = await t.api('put', '/api/me/binding', { token, rawBody: '{"number": "1', headers: { 'content-type': 'application/json' } })
    assert.equal(malformed.status, 400)
    assertErrorShape(malformed.body, 'INVALID_JSON')

    const huge = await t.api('put', '/api/me/binding', { token, body: { number: '1', name: 'x'.repeat(300 * 1024) } })
    assert.equal(huge.status, 413)
    assertErrorShape(huge.body, 'PAYLOAD_TOO_LARGE')

    const operator = await t.api('put', '/api/me/binding', { token, body: { $where: '1' } })
    assert.equal(operator.status, 400)
    assertErrorShape(operator.body, 'FORBIDDEN_KEY')

    const nested = await t.api('post', '/api/auth/password', { body: { username: { $gt: '' }, password: 'x' } })
    assert.equal(nested.status, 400)
    assertErrorShape(nested.body, 'FORBIDDEN_KEY')

    const dotted = await t.api('put', '/api/me/binding', { token, body: { 'a.b': 1 } })
    assert.equal(dotted.status, 400)

    const unknown = await t.api('get', '/api/no-such-thing')
    assert.equal(unknown.status, 404)
    assertErrorShape(unknown.body, 'NOT_FOUND')

    const invalid = await t.api('put', '/api/me/binding', { token, body: { number: '', name: 'x' } })
    assert.equal(invalid.status, 400)
    assertErrorShape(invalid.body, 'VALIDATION_FAILED')
    assert.ok(Array.isArray(invalid.body.error.details))

    assert.deepEqual(await collectionCounts(), before)
  })

  test('security headers and request ids are set', async () => {
    const res = await t.api('get', '/api/health')
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
    assert.ok(res.headers.get('content-security-policy'))
    assert.match(res.headers.get('x-request-id') ?? '', /^[\w-]{8,}$/)
  })

  test('the OpenAPI document lists every route with its access rule', async () => {
    const res = await t.api('get', '/api/openapi.json')
    assert.equal(res.status, 200)
    assert.equal(res.body.openapi, '3.0.3')
    const binding = res.body.paths['/api/me/binding'].put
    assert.ok(binding.requestBody.content['application/json'].schema.properties.number)
    assert.equal(res.body.paths['/api/admin/users'].get['x-access'], 'users.manage')
    assert.deepEqual(res.body.paths['/api/admin/users'].get['x-roles'], ['superadmin'])
  })
})

describe('sign-in and roles', () => {
  test('WeChat sign-in through the stand-in creates one reader per openid', async () => {
    const first = await t.api('post', '/api/auth/wechat', { body: { code: 'alice:1' } })
    assert.equal(first.status, 200, JSON.stringify(first.body))
    assert.deepEqual(first.body.user.roles, ['reader'])
    const again = await t.api('post', '/api/auth/wechat', { body: { code: 'alice:2' } })
    assert.equal(again.body.user.id, first.body.user.id)
    const me = await t.api('get', '/api/me', { token: again.body.token })
    assert.equal(me.status, 200)
    assert.equal(me.body.user.id, first.body.user.id)
    assert.equal(await User.countDocuments({ openid: t.standin.openidFor('alice') }), 1)
  })

  test("WeChat's error codes become clear client errors", async () => {
    const invalid = await t.api('post', '/api/auth/wechat', { body: { code: 'invalid-code' } })
    assert.equal(invalid.status, 401)
    assertErrorShape(invalid.body, 'WECHAT_CODE_INVALID')
    assert.match(invalid.body.error.message, /凭证无效/)

    await t.api('post', '/api/auth/wechat', { body: { code: 'bob:once' } })
    const reused = await t.api('post', '/api/auth/wechat', { body: { code: 'bob:once' } })
    assert.equal(reused.status, 401)
    assertErrorShape(reused.body, 'WECHAT_CODE_USED')

    const limited = await t.api('post', '/api/auth/wechat', { body: { code: 'ratelimit' } })
    assert.equal(limited.status, 429)

    const busy = await t.api('post', '/api/auth/wechat', { body: { code: 'busy' } })
    assert.equal(busy.status, 502)
    assertErrorShape(busy.body, 'WECHAT_BUSY')
  })

  test('WeChat unreachable → 502, not 500', async () => {
    const { WechatClient } = await import('../../server/wechat/client')
    const client = new WechatClient({ baseUrl: 'http://127.0.0.1:9', appid: 'a', secret: 'b', clock: t.clock, logger: t.deps.logger, timeoutMs: 1000 })
    await assert.rejects(client.code2Session('x'), (err: any) => err.status === 502)
  })

  test('no token → 401, reader token on an admin route → 403, bad token → 401', async () => {
    const { token } = await t.signInReader()
    const none = await t.api('get', '/api/admin/users')
    assert.equal(none.status, 401)
    assertErrorShape(none.body, 'UNAUTHORIZED')
    const reader = await t.api('get', '/api/admin/users', { token })
    assert.equal(reader.status, 403)
    assertErrorShape(reader.body, 'FORBIDDEN')
    const forged = await t.api('get', '/api/me', { token: token.slice(0, -3) + 'abc' })
    assert.equal(forged.status, 401)
  })

  test('password sign-in for the seeded superadmin, who manages roles', async () => {
    const wrong = await t.api('post', '/api/auth/password', { body: { username: 'admin', password: 'nope-nope' } })
    assert.equal(wrong.status, 401)
    const ok = await t.api('post', '/api/auth/password', { body: { username: 'admin', password: SUPERADMIN_PASSWORD } })
    assert.equal(ok.status, 200)
    assert.deepEqual(ok.body.user.roles, ['superadmin'])

    const deptId = await t.departmentId('C02')
    const created = await t.api('post', '/api/admin/users', {
      token: ok.body.token,
      body: { username: 'xinxi-head', password: 'long-password', nickname: '信息学院负责人', roles: ['dept_admin'], departmentId: deptId },
    })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const login = await t.api('post', '/api/auth/password', { body: { username: 'xinxi-head', password: 'long-password' } })
    assert.deepEqual(login.body.user.roles, ['dept_admin'])
    assert.equal(login.body.user.departmentId, deptId)

    // A role change takes effect on the next request, without a new token.
    await t.api('put', `/api/admin/users/${created.body.user.id}`, { token: ok.body.token, body: { disabled: true } })
    const afterDisable = await t.api('get', '/api/me', { token: login.body.token })
    assert.equal(afterDisable.status, 401)
  })

  test('a reader binds to one roster entry, one-to-one', async () => {
    const deptId = await t.departmentId('C01')
    await Person.create({ number: '20260001', name: '张三', type: 'student', departmentId: deptId, className: '机电2601' })
    const a = await t.signInReader()
    const b = await t.signInReader()

    const wrongName = await t.api('put', '/api/me/binding', { token: a.token, body: { number: '20260001', name: '李四' } })
    assert.equal(wrongName.status, 400)
    const unknown = await t.api('put', '/api/me/binding', { token: a.token, body: { number: '99999999', name: '张三' } })
    assert.equal(unknown.status, 400)
    assert.deepEqual(unknown.body.error, wrongName.body.error)

    const ok = await t.api('put', '/api/me/binding', { token: a.token, body: { number: '20260001', name: '张三' } })
    assert.equal(ok.status, 200)
    assert.equal(ok.body.user.person.departmentName, '机电工程学院')
    assert.equal(ok.body.user.departmentId, deptId)

    const taken = await t.api('put', '/api/me/binding', { token: b.token, body: { number: '20260001', name: '张三' } })
    assert.equal(taken.status, 409)
    assertErrorShape(taken.body, 'ALREADY_BOUND')
  })

  test('the development sign-in is not mounted in production', async () => {
    const { allRoutes } = await import('../../server/modules')
    const prod = { ...t.deps, config: { ...t.config, isProduction: true } }
    assert.ok(!allRoutes(prod).some((r) => r.path === '/api/auth/dev'))
    assert.ok(allRoutes(t.deps).some((r) => r.path === '/api/auth/dev'))
  })
})

describe('seed', () => {
  test('first-run content exists and seeding again creates nothing new', async () => {
    const { runSeed } = await import('../../server/seed')
    const before = await collectionCounts()
    const again = await runSeed({ logger: t.deps.logger, superadminPassword: 'ignored-now' })
    assert.deepEqual(again, { departmentsCreated: 0, campaignCreated: false, superadminPassword: null })
    assert.deepEqual(await collectionCounts(), before)
    const { token } = await t.signInReader()
    const feed = await t.api('get', '/api/articles', { token })
    assert.ok(feed.body.items.length >= 3)
    assert.ok(feed.body.items.some((i: any) => i.required))
  })
})

describe('configuration', () => {
  test('production refuses to start with missing or default secrets', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /JWT_SECRET[\s\S]*TIP_ENCRYPTION_KEY/)
    assert.throws(
      () =>
        loadConfig({
          NODE_ENV: 'production',
          JWT_SECRET: 'dev-only-jwt-secret-change-me-0123456789',
          TIP_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
          WECHAT_APPID: 'a',
          WECHAT_SECRET: 'b',
          WECHAT_API_BASE: 'https://api.weixin.qq.com',
          MONGODB_URI: 'mongodb://db/x',
        }),
      /JWT_SECRET/,
    )
    const ok = loadConfig(PRODUCTION_ENV)
    assert.equal(ok.isProduction, true)
  })

  test('invalid values are reported together', () => {
    assert.throws(
      () => loadConfig({ PORT: 'abc', JWT_SECRET: 'short' }),
      (err: Error) => /PORT/.test(err.message) && /JWT_SECRET/.test(err.message),
    )
  })
})
