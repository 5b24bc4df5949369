/** What the server must not ask of WeChat's runtime (wx.request has no PATCH). */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import Router from '@koa/router'
import { mountRoutes, route, ROUTE_METHODS, type RouteSpec } from '../../server/http/route'
import { allRoutes } from '../../server/modules'
import { closeTestDb, startTestServer, type TestServer } from '../helpers/server'

let t: TestServer
let admin: string

before(async () => {
  t = await startTestServer()
  admin = (await t.signInAdmin('publicity_admin')).token
})
after(async () => {
  await t.stop()
  await closeTestDb()
})

describe('no PATCH: every update is a method wx.request can send', () => {
  test('the route layer refuses a PATCH route at start', () => {
    const spec = route({ method: 'patch' as 'put', path: '/api/x', summary: 'x', access: 'public', handler: () => ({}) })
    assert.throws(() => mountRoutes(new Router(), [spec]), /PATCH \/api\/x: WeChat's wx.request cannot send this method/)
  })

  test('every route of the app uses GET, POST, PUT or DELETE', () => {
    const methods = new Set(allRoutes(t.deps).map((r: RouteSpec) => r.method))
    for (const m of methods) assert.ok((ROUTE_METHODS as readonly string[]).includes(m), m)
  })

  test('an article is saved with PUT; PATCH changes nothing', async () => {
    const created = await t.api('post', '/api/admin/articles', { token: admin, body: { title: '原标题', bodyMarkdown: '正文' } })
    const id = created.body.article.id
    const put = await t.api('put', `/api/admin/articles/${id}`, { token: admin, body: { title: '新标题' } })
    assert.equal(put.status, 200)
    assert.equal(put.body.article.title, '新标题')
    assert.equal(put.body.article.bodyMarkdown, '正文', 'fields not named stay')
    const patch = await t.api('patch', `/api/admin/articles/${id}`, { token: admin, body: { title: '补丁' } })
    assert.equal(patch.status, 405)
    const after = await t.api('get', `/api/admin/articles/${id}`, { token: admin })
    assert.equal(after.body.article.title, '新标题')
  })
})
