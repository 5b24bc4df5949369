/**
 * The official-account channel: 小程序码 and URL Link per article against the WeChat
 * stand-in, how each reader arrived (scene / ch) on their first open, reach and read-through
 * per channel (overall, per department, in the monthly report), and 公众号 网页授权 sign-in
 * with accounts merged by unionid.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import ExcelJS from 'exceljs'
import sharp from 'sharp'
import { ManualClock } from '../../server/clock'
import { ItemArrival } from '../../server/modules/channels/model'
import { ItemProgress, ItemStats } from '../../server/modules/progress/model'
import { Person } from '../../server/modules/roster/model'
import { User } from '../../server/modules/users/model'
import { useTestServer } from '../helpers/server'

const clock = new ManualClock('2026-11-20T02:00:00Z')
let admin: string
let C01: string
let C02: string
const t = useTestServer({ clock }, async () => {
  admin = (await t.signInAdmin('publicity_admin')).token
  C01 = await t.departmentId('C01')
  C02 = await t.departmentId('C02')
  for (const [number, dept] of [
    ['CH1', C01],
    ['CH2', C01],
    ['CH3', C02],
    ['CH4', C02],
    ['CH5', C02],
  ] as const) {
    await Person.create({ number, name: `人${number}`, type: 'student', departmentId: dept, active: true })
  }
})

const BODY = '扫黑除恶，人人有责。'.repeat(10)

async function published(title: string) {
  const res = await t.api('post', '/api/admin/articles', { token: admin, body: { title, bodyMarkdown: BODY } })
  assert.equal(res.status, 201)
  await t.api('post', `/api/admin/articles/${res.body.article.id}/publish`, { token: admin })
  return res.body.article.id as string
}

async function miniReader(seed: string, number?: string) {
  const res = await t.api('post', '/api/auth/wechat', { body: { code: `${seed}:${Math.random().toString(36).slice(2, 8)}` } })
  assert.equal(res.status, 200, JSON.stringify(res.body))
  const token = res.body.token as string
  if (number) assert.equal((await t.api('put', '/api/me/binding', { token, body: { number, name: `人${number}` } })).status, 200)
  return { token, userId: res.body.user.id as string }
}

let sessions = 0
/** Reads the article to the end and stays 20 s: completed. */
async function readToEnd(token: string, id: string) {
  const sid = `ch-session-${++sessions}`
  await t.api('post', '/api/progress/heartbeats', { token, body: { heartbeats: [{ sessionId: sid, seq: 0, item: { kind: 'article', id }, depth: 1, engagedSeconds: 0 }] } })
  clock.advance(20_000)
  const res = await t.api('post', '/api/progress/heartbeats', {
    token,
    body: { heartbeats: [{ sessionId: sid, seq: 1, item: { kind: 'article', id }, depth: 1, engagedSeconds: 20 }] },
  })
  assert.equal(res.body.items[0].completed, true)
}

describe('小程序码 and URL Link for a published article', () => {
  test('the 小程序码 is a JPEG from WeChat whose scene carries the article and channel; it is made once', async () => {
    const id = await published('海报用文章')
    const before = t.standin.codes.length
    const res = await fetch(`${t.url}/api/admin/articles/${id}/wxacode`, { headers: { authorization: `Bearer ${admin}` } })
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'image/jpeg')
    const bytes = Buffer.from(await res.arrayBuffer())
    const meta = await sharp(bytes).metadata()
    assert.equal(meta.format, 'jpeg')
    assert.equal(meta.width, 430)
    const sent = t.standin.codes.at(-1)!
    assert.equal(sent.scene, `${id}.code`)
    assert.ok(String(sent.scene).length <= 32)
    assert.equal(sent.page, 'pages/article/index')
    assert.equal(sent.check_path, true)

    const again = await fetch(`${t.url}/api/admin/articles/${id}/wxacode?download=1`, { headers: { authorization: `Bearer ${admin}` } })
    assert.equal(again.status, 200)
    assert.match(again.headers.get('content-disposition') ?? '', /attachment; filename="article-[0-9a-f]{24}-code\.jpg"/)
    assert.equal(t.standin.codes.length, before + 1, 'kept, not made again')

    const mp = await fetch(`${t.url}/api/admin/articles/${id}/wxacode?ch=mp`, { headers: { authorization: `Bearer ${admin}` } })
    assert.equal(mp.status, 200)
    assert.equal(t.standin.codes.at(-1)!.scene, `${id}.mp`)
  })

  test('WeChat unavailable or out of quota answers 503 with Retry-After; a draft has no code; readers may not ask', async () => {
    const id = await published('配额用完')
    t.standin.failNextCodes(1, 45009)
    const quota = await t.api('get', `/api/admin/articles/${id}/wxacode`, { token: admin })
    assert.equal(quota.status, 503)
    assert.equal(quota.body.error.code, 'WECHAT_QUOTA')
    assert.equal(quota.headers.get('retry-after'), '3600')
    t.standin.failNextCodes(1, -1)
    const busy = await t.api('post', `/api/admin/articles/${id}/url-link`, { token: admin, body: {} })
    assert.equal(busy.status, 503)
    assert.equal(busy.headers.get('retry-after'), '30')

    const draft = await t.api('post', '/api/admin/articles', { token: admin, body: { title: '草稿', bodyMarkdown: BODY } })
    const refused = await t.api('get', `/api/admin/articles/${draft.body.article.id}/wxacode`, { token: admin })
    assert.equal(refused.status, 409)
    assert.equal(refused.body.error.code, 'ARTICLE_NOT_PUBLISHED')
    const reader = await miniReader('curious-reader')
    assert.equal((await t.api('get', `/api/admin/articles/${id}/wxacode`, { token: reader.token })).status, 403)
  })

  test('an expired access token is refreshed for the code', async () => {
    const id = await published('令牌过期')
    await t.deps.wechat.getAccessToken()
    t.standin.expireTokens()
    const res = await t.api('get', `/api/admin/articles/${id}/wxacode`, { token: admin })
    assert.equal(res.status, 200)
  })

  test('the URL Link opens the article with ch=link for 30 days; the entry shows it and the 公众号 path', async () => {
    const id = await published('短信链接')
    const made = await t.api('post', `/api/admin/articles/${id}/url-link`, { token: admin, body: {} })
    assert.equal(made.status, 200, JSON.stringify(made.body))
    assert.match(made.body.urlLink.url, /^https:\/\/wxaurl\.cn\/\S+$/)
    assert.equal(new Date(made.body.urlLink.expiresAt).getTime(), clock.now().getTime() + 30 * 24 * 3600_000)
    assert.deepEqual(
      {
        path: t.standin.links.at(-1)!.path,
        query: t.standin.links.at(-1)!.query,
        expire_type: t.standin.links.at(-1)!.expire_type,
        expire_interval: t.standin.links.at(-1)!.expire_interval,
      },
      { path: 'pages/article/index', query: `id=${id}&ch=link`, expire_type: 1, expire_interval: 30 },
    )
    const entry = await t.api('get', `/api/admin/articles/${id}/entry`, { token: admin })
    assert.equal(entry.body.urlLink.url, made.body.urlLink.url)
    assert.equal(entry.body.paths.mp, `pages/article/index?id=${id}&ch=mp`)
    // Asked again: the stored link, not a new one.
    const links = t.standin.links.length
    assert.equal((await t.api('post', `/api/admin/articles/${id}/url-link`, { token: admin, body: {} })).body.urlLink.url, made.body.urlLink.url)
    assert.equal(t.standin.links.length, links)
  })
})

describe('how readers arrived, and what each channel achieved', () => {
  let A: string
  let B: string

  test("the first open of each item records its channel: our ch, else WeChat's scene", async () => {
    A = await published('渠道文章A')
    B = await published('渠道文章B')
    const r1 = await miniReader('ch-r1', 'CH1')
    const r2 = await miniReader('ch-r2', 'CH2')
    const r3 = await miniReader('ch-r3', 'CH3')
    const r4 = await miniReader('ch-r4', 'CH4')
    const open = (r: { token: string }, id: string, q: string) => t.api('get', `/api/articles/${id}${q}`, { token: r.token })

    assert.equal((await open(r1, A, '?scene=1058')).status, 200) // 公众号文章
    assert.equal((await open(r1, A, '?scene=1007&ch=share')).status, 200) // later open: changes nothing
    await open(r2, A, '?scene=1047&ch=code') // 小程序码
    await open(r3, A, '?scene=1043') // 公众号模板消息
    await open(r4, A, '?scene=1014&ch=sub') // 订阅消息
    await open(r1, B, '?scene=1008') // 群聊分享
    await open(r2, B, '?scene=1194&ch=link') // URL Link
    await open(r3, B, '') // nothing known

    const channelOf = async (r: { userId: string }, id: string) => (await ItemArrival.findOne({ userId: r.userId, itemKey: `article:${id}` }).lean())?.channel
    assert.equal(await channelOf(r1, A), 'mp')
    assert.equal(await channelOf(r2, A), 'code')
    assert.equal(await channelOf(r3, A), 'mp')
    assert.equal(await channelOf(r4, A), 'sub')
    assert.equal(await channelOf(r1, B), 'share')
    assert.equal(await channelOf(r2, B), 'link')
    assert.equal(await channelOf(r3, B), 'other')
    assert.equal((await ItemArrival.findOne({ userId: r1.userId, itemKey: `article:${A}` }).lean())!.scene, 1058)

    // Read-through: r1 and r4 finish A, r2 finishes B.
    await readToEnd(r1.token, A)
    await readToEnd(r4.token, A)
    await readToEnd(r2.token, B)
  })

  test('bad arrival parameters are refused with a clear 400', async () => {
    const r = await miniReader('ch-bad')
    const res = await t.api('get', `/api/articles/${A}?scene=abc`, { token: r.token })
    assert.equal(res.status, 400)
    assert.equal(res.body.error.code, 'VALIDATION_FAILED')
  })

  test('reach and read-through per channel, overall and per department', async () => {
    const res = await t.api('get', '/api/metrics/channels', { token: admin })
    assert.equal(res.status, 200, JSON.stringify(res.body))
    const by = Object.fromEntries(res.body.channels.map((c: any) => [c.channel, c]))
    assert.deepEqual(
      { opens: by.mp.opens, readers: by.mp.readers, completed: by.mp.completed, readThrough: by.mp.readThrough },
      { opens: 2, readers: 2, completed: 1, readThrough: 0.5 }, // r1 and r3 on A; r1 finished
    )
    assert.deepEqual([by.sub.opens, by.sub.completed, by.sub.readThrough], [1, 1, 1])
    assert.deepEqual([by.code.opens, by.code.completed], [1, 0])
    assert.deepEqual([by.link.opens, by.link.completed], [1, 1])
    assert.deepEqual([by.share.opens, by.share.completed], [1, 0])
    assert.equal(by.share.name, '微信转发')
    assert.deepEqual([by.other.opens, by.other.completed], [1, 0])
    // 机电 (C01): r1 (mp, share), r2 (code, link).
    const channelsOf = (dept: string) => res.body.departments.find((d: any) => d.departmentId === dept).channels.map((c: any) => [c.channel, c.opens, c.completed])
    assert.deepEqual(channelsOf(C01), [
      ['mp', 1, 1],
      ['code', 1, 0],
      ['link', 1, 1],
      ['share', 1, 0],
    ])
    // 电信 (C02)
    assert.deepEqual(channelsOf(C02), [
      ['mp', 1, 0],
      ['sub', 1, 1],
      ['other', 1, 0],
    ])
  })

  test('a department head sees their own department only', async () => {
    const head = await t.signInAdmin('dept_admin', { departmentCode: 'C02' })
    const own = await t.api('get', '/api/metrics/channels', { token: head.token })
    assert.equal(own.status, 200)
    assert.deepEqual(
      own.body.channels.map((c: any) => c.channel),
      ['mp', 'sub', 'other'],
    )
    assert.deepEqual(
      own.body.departments.map((d: any) => d.departmentId),
      [C02],
    )
    assert.equal((await t.api('get', `/api/metrics/channels?departmentId=${C01}`, { token: head.token })).status, 403)
  })

  test('the monthly report has a channel sheet', async () => {
    clock.set(new Date('2026-12-01T02:00:00Z'))
    const made = await t.api('post', '/api/reports/2026-11/regenerate', { token: admin })
    assert.equal(made.status, 201, JSON.stringify(made.body))
    const res = await fetch(`${t.url}/api/reports/2026-11/download`, { headers: { authorization: `Bearer ${admin}` } })
    assert.equal(res.status, 200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never)
    const ws = wb.getWorksheet('渠道')
    assert.ok(ws, 'a 渠道 sheet')
    const rows: unknown[][] = []
    ws.eachRow((row, n) => n > 1 && rows.push((row.values as unknown[]).slice(1)))
    const whole = rows.find((r) => r[0] === '全校' && r[1] === '公众号（文章、菜单、模板消息）')
    assert.deepEqual(whole, ['全校', '公众号（文章、菜单、模板消息）', 2, 2, 1, 0.5])
    assert.ok(rows.some((r) => r[0] === '机电工程学院' && r[1] === '小程序码（海报）'))
  })
})

describe('公众号 网页授权 sign-in', () => {
  test('the authorize URL goes to WeChat with snsapi_base and comes back to our page with a code', async () => {
    const redirect = `${t.url}/?from=mp#/pages/article/index?id=x`
    const res = await t.api('get', `/api/auth/official-account/authorize-url?redirect=${encodeURIComponent(redirect)}`)
    assert.equal(res.status, 200, JSON.stringify(res.body))
    const url = new URL(res.body.url)
    assert.equal(url.origin + url.pathname, `${t.standin.baseUrl}/connect/oauth2/authorize`)
    assert.equal(url.searchParams.get('appid'), t.standin.mpAppid)
    assert.equal(url.searchParams.get('scope'), 'snsapi_base')
    assert.equal(url.hash, '#wechat_redirect')
    const consent = await fetch(res.body.url, { redirect: 'manual' })
    assert.equal(consent.status, 302)
    const back = new URL(consent.headers.get('location')!)
    assert.equal(back.origin, t.url)
    assert.ok(back.searchParams.get('code'))
    assert.equal(back.searchParams.get('state'), 'mp')
    const signedIn = await t.api('post', '/api/auth/official-account', { body: { code: back.searchParams.get('code') } })
    assert.equal(signedIn.status, 200)
    assert.ok(signedIn.body.token)

    const foreign = await t.api('get', `/api/auth/official-account/authorize-url?redirect=${encodeURIComponent('https://evil.example.com/')}`)
    assert.equal(foreign.status, 400)
    const reused = await t.api('post', '/api/auth/official-account', { body: { code: back.searchParams.get('code') } })
    assert.equal(reused.status, 401)
    assert.equal(reused.body.error.code, 'WECHAT_CODE_USED')
  })

  test('a student who uses the mini-program and the 公众号 page is one account (same unionid)', async () => {
    const mini = await miniReader('both-apps')
    const web = await t.api('post', '/api/auth/official-account', { body: { code: t.standin.oauthCode('both-apps') } })
    assert.equal(web.status, 200)
    assert.equal(web.body.user.id, mini.userId)
    const user = (await User.findById(mini.userId).lean())!
    assert.equal(user.mpOpenid, t.standin.mpOpenidFor('both-apps'))
    assert.equal(user.unionid, t.standin.unionidFor('both-apps'))
  })

  test('a web-only account is merged into the mini-program account once that shows the same unionid', async () => {
    const id = await published('合并账号')
    // A mini-program account from before unionids (bound to the roster).
    const legacy = await miniReader('merge-me', 'CH5')
    await User.updateOne({ _id: legacy.userId }, { $unset: { unionid: 1 } })
    // They had started the article in the mini-program (30 %).
    await t.api('post', '/api/progress/heartbeats', {
      token: legacy.token,
      body: { heartbeats: [{ sessionId: 'merge-legacy-1', seq: 0, item: { kind: 'article', id }, depth: 0.3, engagedSeconds: 0 }] },
    })
    // The same student opens a 公众号 link in WeChat's browser: a separate account for now.
    const web = await t.api('post', '/api/auth/official-account', { body: { code: t.standin.oauthCode('merge-me') } })
    assert.notEqual(web.body.user.id, legacy.userId)
    assert.equal((await t.api('get', `/api/articles/${id}?ch=mp`, { token: web.body.token })).status, 200)
    await readToEnd(web.body.token, id)

    // Next mini-program sign-in: WeChat now gives the unionid; the web account folds in.
    const again = await miniReader('merge-me')
    assert.equal(again.userId, legacy.userId)
    const keep = (await User.findById(legacy.userId).lean())!
    const gone = (await User.findById(web.body.user.id).lean())!
    assert.equal(keep.mpOpenid, t.standin.mpOpenidFor('merge-me'))
    assert.equal(keep.unionid, t.standin.unionidFor('merge-me'))
    assert.equal(gone.disabled, true)
    assert.equal(String(gone.mergedInto), legacy.userId)
    // Their reading is the bound student's now, and counts for the department (C02).
    const progress = await ItemProgress.findOne({ userId: legacy.userId, itemKey: `article:${id}` }).lean()
    assert.equal(progress?.completed, true)
    assert.equal(String(progress?.departmentId), C02)
    const arrival = await ItemArrival.findOne({ userId: legacy.userId, itemKey: `article:${id}` }).lean()
    assert.equal(arrival?.channel, 'mp')
    assert.equal(String(arrival?.departmentId), C02)
    // The article's counters count this student once, read to the end.
    const stats = (await ItemStats.findById(`article:${id}`).lean()) as Record<string, number> | null
    assert.deepEqual([stats?.opens, stats?.completions, stats?.d3, stats?.d9], [1, 1, 0, 1])
    const mine = await t.api('get', '/api/me/reading-progress', { token: again.token })
    assert.ok(JSON.stringify(mine.body).includes(id))
    // The 公众号 sign-in now lands on the one account.
    const web2 = await t.api('post', '/api/auth/official-account', { body: { code: t.standin.oauthCode('merge-me') } })
    assert.equal(web2.body.user.id, legacy.userId)
  })
})
