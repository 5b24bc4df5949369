/** What the server must not ask of WeChat's runtime (wx.request has no PATCH). */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import Router from '@koa/router'
import { z } from 'zod'
import { ConfigError, loadConfig } from '../../server/config'
import { messageData, valueProblem } from '../../server/wechat/template'
import { mountRoutes, route, ROUTE_METHODS, type RouteSpec } from '../../server/http/route'
import { allRoutes } from '../../server/modules'
import { useTestServer } from '../helpers/server'
import { PRODUCTION_ENV } from '../helpers/config'

let admin: string
const t = useTestServer({}, async () => {
  admin = (await t.signInAdmin('publicity_admin')).token
})

describe('no PATCH: every update is a method wx.request can send', () => {
  test('the route layer refuses a PATCH route at start', () => {
    const spec = route({ method: 'patch' as 'put', path: '/api/x', summary: 'x', access: 'public', response: z.object({}), handler: () => ({}) })
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

describe('subscription message configuration', () => {
  // Without a template id: the tests name one, or none.
  const prod = { ...PRODUCTION_ENV, WECHAT_TEMPLATE_ID: undefined }

  test('production refuses to start without a real template id', () => {
    assert.throws(() => loadConfig(prod), /WECHAT_TEMPLATE_ID must be/)
    assert.throws(() => loadConfig({ ...prod, WECHAT_TEMPLATE_ID: 'tmpl-campaign-news' }), /WECHAT_TEMPLATE_ID must be/)
    const ok = loadConfig({ ...prod, WECHAT_TEMPLATE_ID: 'Xy12-real', WECHAT_TEMPLATE_FIELDS: 'thing1=title,time3=time', WECHAT_MINIPROGRAM_STATE: 'trial' })
    assert.deepEqual(ok.WECHAT_TEMPLATE_FIELDS, { thing1: 'title', time3: 'time' })
    assert.equal(ok.WECHAT_MINIPROGRAM_STATE, 'trial')
  })

  test('template keys and miniprogram_state are checked once, at start', () => {
    for (const [fields, pattern] of [
      ['thing1=title,thing1=summary', /appears twice/],
      ['thingy=title', /not a WeChat template key/],
      ['thing1=author', /not one of title, summary, time/],
      ['thing2=summary', /no key carries the title/],
      ['thing1=title,thing2=time', /time and date keys carry the time/],
      ['thing1=title,time2=summary', /time and date keys carry the time/],
    ] as const) {
      assert.throws(
        () => loadConfig({ WECHAT_TEMPLATE_FIELDS: fields }),
        (err: Error) => err instanceof ConfigError && pattern.test(err.message),
        fields,
      )
    }
    assert.throws(() => loadConfig({ WECHAT_MINIPROGRAM_STATE: 'release' }), /WECHAT_MINIPROGRAM_STATE/)
    assert.equal(loadConfig({}).WECHAT_MINIPROGRAM_STATE, 'formal')
  })

  test('message values are fitted to what WeChat accepts per key type', () => {
    const config = { WECHAT_TEMPLATE_FIELDS: { thing1: 'title', phrase2: 'summary', time3: 'time', date4: 'time' } as const }
    const data = messageData(config, { title: '一'.repeat(30), summary: '新闻 updates 2026', time: new Date('2026-11-27T02:05:00Z') })
    assert.equal(data.thing1!.value, `${'一'.repeat(19)}…`)
    assert.equal(data.phrase2!.value, '新闻')
    assert.equal(data.time3!.value, '2026年11月27日 10:05')
    assert.equal(data.date4!.value, '2026年11月27日')
    for (const [key, { value }] of Object.entries(data)) assert.equal(valueProblem(key, value), null, key)
  })
})
