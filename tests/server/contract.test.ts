import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import Router from '@koa/router'
import Koa from 'koa'
import { z } from 'zod'
import { errorHandler } from '../../server/http/middleware'
import { binary, isBinaryResponse, mountRoutes, route, type RouteSpec } from '../../server/http/route'
import { allRoutes } from '../../server/modules'
import { closeTestDb, startTestServer, type TestServer } from '../helpers/server'

/**
 * The contract (contract/*.ts): every route declares what it answers, and in test mode the
 * route layer checks every answer against it, so a handler and its schema cannot drift apart
 * without the calling test failing.
 */
let t: TestServer
let routes: RouteSpec[]

before(async () => {
  t = await startTestServer()
  routes = allRoutes(t.deps)
})
after(async () => {
  await t.stop()
  await closeTestDb()
})

test('every route declares its response: a zod schema for JSON, or binary(contentType) for files', () => {
  assert.ok(routes.length >= 90, `only ${routes.length} routes`)
  const missing = routes.filter((r) => !(r.response instanceof z.ZodType) && !(r.response && isBinaryResponse(r.response)))
  assert.deepEqual(
    missing.map((r) => `${r.method.toUpperCase()} ${r.path}`),
    [],
  )
})

test('the OpenAPI document publishes every JSON response schema', async () => {
  const doc = (await t.api('get', '/api/openapi.json')).body
  for (const r of routes) {
    const op = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')][r.method]
    const content = op.responses[String(r.status ?? 200)].content
    if (isBinaryResponse(r.response)) assert.ok(content[r.response.binary], `${r.method} ${r.path}`)
    else assert.ok(content['application/json'].schema, `${r.method} ${r.path}`)
  }
})

describe('the route layer checks answers against the declared response', () => {
  const specs = [
    route({
      method: 'get',
      path: '/right',
      summary: 'x',
      access: 'public',
      response: z.object({ n: z.number(), at: z.iso.datetime() }).strict(),
      handler: () => ({ n: 1, at: new Date(0) }),
    }),
    route({ method: 'get', path: '/wrong-type', summary: 'x', access: 'public', response: z.object({ n: z.number() }), handler: () => ({ n: '1' }) }),
    route({ method: 'get', path: '/extra-field', summary: 'x', access: 'public', response: z.object({ n: z.number() }).strict(), handler: () => ({ n: 1, secret: 'x' }) }),
    route({
      method: 'get',
      path: '/file',
      summary: 'x',
      access: 'public',
      response: binary('image/*'),
      handler: (ctx) => ((ctx.type = 'image/jpeg'), (ctx.body = Buffer.from('x')), undefined),
    }),
    route({ method: 'get', path: '/file-as-json', summary: 'x', access: 'public', response: binary('image/*'), handler: () => ({ n: 1 }) }),
  ]

  async function serve(checkResponses: boolean) {
    const router = new Router()
    mountRoutes(router, specs, { checkResponses })
    const app = new Koa().use(errorHandler()).use(router.routes())
    const server = app.listen(0)
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const get = async (path: string) => {
      const res = await fetch(base + path)
      const type = res.headers.get('content-type') ?? ''
      return { status: res.status, body: type.includes('json') ? await res.json() : await res.text() }
    }
    return { get, close: () => new Promise((resolve) => server.close(resolve)) }
  }

  test('a matching answer passes, Dates checked in their wire form', async () => {
    const s = await serve(true)
    try {
      assert.deepEqual(await s.get('/right'), { status: 200, body: { n: 1, at: '1970-01-01T00:00:00.000Z' } })
      assert.equal((await s.get('/file')).status, 200)
    } finally {
      await s.close()
    }
  })

  test('a mismatch is a 500 RESPONSE_CONTRACT naming the route and the zod issues', async (tc) => {
    tc.mock.method(console, 'error', () => {}) // the report is printed for the failing test's log; keep this one quiet
    const s = await serve(true)
    try {
      const wrongType = await s.get('/wrong-type')
      assert.equal(wrongType.status, 500)
      assert.equal(wrongType.body.error.code, 'RESPONSE_CONTRACT')
      assert.match(wrongType.body.error.message, /GET \/wrong-type/)
      assert.deepEqual(
        wrongType.body.error.details.map((i: { path: string }) => i.path),
        ['n'],
      )

      const extra = await s.get('/extra-field')
      assert.equal(extra.status, 500)
      assert.equal(extra.body.error.details[0].code, 'unrecognized_keys')

      const fileAsJson = await s.get('/file-as-json')
      assert.equal(fileAsJson.status, 500)
      assert.match(fileAsJson.body.error.message, /declared image\/\*/)
    } finally {
      await s.close()
    }
  })

  test('without checking (production) the answer goes out unchecked', async () => {
    const s = await serve(false)
    try {
      assert.deepEqual(await s.get('/wrong-type'), { status: 200, body: { n: '1' } })
    } finally {
      await s.close()
    }
  })
})
