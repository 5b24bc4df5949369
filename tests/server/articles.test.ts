import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import sharp from 'sharp'
import { ManualClock } from '../../server/clock'
import { claimOnce } from '../../server/db/claims'
import { jobs } from '../../server/jobs'
import { JobRunner } from '../../server/jobs/scheduler'
import { JobRun } from '../../server/jobs/lease'
import { Article, ArticleDelivery } from '../../server/modules/articles/model'
import { queueRequestedPushes, sendDuePushes } from '../../server/modules/articles/push'
import { publishDueArticles } from '../../server/modules/articles/service'
import { Media } from '../../server/modules/media/model'
import { Person } from '../../server/modules/roster/model'
import { User } from '../../server/modules/users/model'
import { useTestServer } from '../helpers/server'

const clock = new ManualClock('2026-11-20T01:00:00Z')
let admin: string
const TEMPLATE = 'tmpl-campaign-news'
const t = useTestServer({ clock }, async () => {
  admin = (await t.signInAdmin('publicity_admin')).token
})

async function createArticle(body: Record<string, unknown>) {
  const res = await t.api('post', '/api/admin/articles', { token: admin, body: { title: '测试文章', bodyMarkdown: '正文内容', ...body } })
  assert.equal(res.status, 201, JSON.stringify(res.body))
  return res.body.article.id as string
}

/** A WeChat reader (openid) who accepted the news subscription template. */
async function subscribedReader(seed: string, subscribe = true) {
  const res = await t.api('post', '/api/auth/wechat', { body: { code: `${seed}:1` } })
  if (subscribe) await t.api('put', '/api/me/subscriptions', { token: res.body.token, body: { accepted: [TEMPLATE] } })
  return { token: res.body.token as string, userId: res.body.user.id as string, openid: t.standin.openidFor(seed) }
}

describe('article bodies', () => {
  test('scripts, event handlers and javascript: links never reach readers', async () => {
    const id = await createArticle({
      bodyMarkdown:
        '# 标题\n\n<script>alert(1)</script>\n\n[点我](javascript:alert(2)) [正常链接](https://example.org)\n\n<img src="x" onerror="alert(3)">\n\n<a href="JaVaScRiPt:alert(4)">x</a>\n\n**加粗**',
    })
    await t.api('post', `/api/admin/articles/${id}/publish`, { token: admin })
    const reader = await t.signInReader()
    const res = await t.api('get', `/api/articles/${id}`, { token: reader.token })
    assert.equal(res.status, 200)
    const html: string = res.body.article.bodyHtml
    assert.doesNotMatch(html, /<script/i)
    assert.doesNotMatch(html, /javascript:/i)
    assert.doesNotMatch(html, /onerror/i)
    assert.match(html, /<h1>标题<\/h1>/)
    assert.match(html, /<strong>加粗<\/strong>/)
    assert.match(html, /href="https:\/\/example.org"/)
  })

  test('the mini-program gets the body as a tree: images it can preview (fitted), links it can copy, nothing unsafe', async () => {
    const id = await createArticle({
      bodyMarkdown: '第一段 [链接](https://example.org/?a=1&b=2)。\n\n![图](/api/media/0123456789abcdef01234567)\n\n<img src="x" onerror="alert(1)">',
    })
    await t.api('post', `/api/admin/articles/${id}/publish`, { token: admin })
    const reader = await t.signInReader()
    const { article } = (await t.api('get', `/api/articles/${id}`, { token: reader.token })).body
    assert.match(article.bodyHtml, /<img src="\/api\/media\/0123456789abcdef01234567" alt="图" style="max-width:100%;height:auto" \/>/)
    assert.deepEqual(article.bodyNodes[0], { t: 'p', c: ['第一段 ', { t: 'a', a: { href: 'https://example.org/?a=1&b=2' }, c: ['链接'] }, '。'] })
    assert.deepEqual(article.bodyNodes[1], { t: 'p', c: [{ t: 'img', a: { src: '/api/media/0123456789abcdef01234567', alt: '图' } }] })
    assert.doesNotMatch(JSON.stringify(article.bodyNodes), /onerror|alert/)
  })

  test('the preview renders the same sanitized HTML', async () => {
    const res = await t.api('post', '/api/admin/articles/preview', { token: admin, body: { bodyMarkdown: '<script>x</script>\n\n*斜体*' } })
    assert.equal(res.status, 200)
    assert.equal(res.body.html.trim(), '<p><em>斜体</em></p>')
  })
})

describe('publishing workflow', () => {
  test('draft → scheduled → draft → published → archived, with clear refusals', async () => {
    const id = await createArticle({ title: '流程' })
    const reader = await t.signInReader()
    assert.equal((await t.api('get', `/api/articles/${id}`, { token: reader.token })).status, 404, 'drafts are invisible')

    const past = await t.api('post', `/api/admin/articles/${id}/schedule`, { token: admin, body: { publishAt: new Date(clock.now().getTime() - 60_000).toISOString() } })
    assert.equal(past.status, 400)
    assert.equal(past.body.error.code, 'PUBLISH_AT_IN_PAST')

    const scheduled = await t.api('post', `/api/admin/articles/${id}/schedule`, { token: admin, body: { publishAt: new Date(clock.now().getTime() + 3600_000).toISOString() } })
    assert.equal(scheduled.body.article.status, 'scheduled')
    const unpublished = await t.api('post', `/api/admin/articles/${id}/unpublish`, { token: admin })
    assert.equal(unpublished.body.article.status, 'draft')
    assert.equal(unpublished.body.article.publishAt, null)

    const published = await t.api('post', `/api/admin/articles/${id}/publish`, { token: admin })
    assert.equal(published.body.article.status, 'published')
    assert.equal((await t.api('get', `/api/articles/${id}`, { token: reader.token })).status, 200)
    const again = await t.api('post', `/api/admin/articles/${id}/publish`, { token: admin })
    assert.equal(again.status, 409)

    await t.api('post', `/api/admin/articles/${id}/archive`, { token: admin })
    assert.equal((await t.api('get', `/api/articles/${id}`, { token: reader.token })).status, 404)
    const edit = await t.api('put', `/api/admin/articles/${id}`, { token: admin, body: { title: '改' } })
    assert.equal(edit.status, 409)
  })

  test('bad article input is refused and nothing is stored', async () => {
    const before = await Article.countDocuments()
    for (const body of [
      { title: '' },
      { title: 'x', audienceDepartmentIds: ['0123456789abcdef01234567'] },
      { title: 'x', coverImageId: '0123456789abcdef01234567' },
      { title: 'x', status: 'published' },
    ]) {
      const res = await t.api('post', '/api/admin/articles', { token: admin, body })
      assert.equal(res.status, 400, JSON.stringify(body))
    }
    assert.equal(await Article.countDocuments(), before)
  })
})

describe('reader feed', () => {
  test('newest first, paged, limited to my audience, with my reading state', async () => {
    const xinxi = await t.departmentId('C02')
    const jidian = await t.departmentId('C01')
    await Person.create({ number: 'F001', name: '王五', type: 'student', departmentId: xinxi })
    const bound = await t.signInReader()
    await t.api('put', '/api/me/binding', { token: bound.token, body: { number: 'F001', name: '王五' } })
    const unbound = await t.signInReader()

    const forAll = await createArticle({ title: '全体必读', required: true })
    await t.api('post', `/api/admin/articles/${forAll}/publish`, { token: admin })
    clock.advance(60_000)
    const forXinxi = await createArticle({ title: '信息学院专属', audienceDepartmentIds: [xinxi] })
    await t.api('post', `/api/admin/articles/${forXinxi}/publish`, { token: admin })
    clock.advance(60_000)
    const forJidian = await createArticle({ title: '机电学院专属', audienceDepartmentIds: [jidian] })
    await t.api('post', `/api/admin/articles/${forJidian}/publish`, { token: admin })

    const feed = await t.api('get', '/api/articles?pageSize=50', { token: bound.token })
    const titles = feed.body.items.map((i: any) => i.title)
    assert.ok(titles.indexOf('信息学院专属') < titles.indexOf('全体必读'), 'newest first')
    assert.ok(!titles.includes('机电学院专属'))
    const item = feed.body.items.find((i: any) => i.title === '全体必读')
    assert.equal(item.state, 'unread')
    assert.equal(item.required, true)

    const unboundTitles = (await t.api('get', '/api/articles?pageSize=50', { token: unbound.token })).body.items.map((i: any) => i.title)
    assert.ok(unboundTitles.includes('全体必读'))
    assert.ok(!unboundTitles.includes('信息学院专属'))
    assert.equal((await t.api('get', `/api/articles/${forJidian}`, { token: bound.token })).status, 404)

    const page1 = await t.api('get', '/api/articles?pageSize=1&page=1', { token: bound.token })
    const page2 = await t.api('get', '/api/articles?pageSize=1&page=2', { token: bound.token })
    assert.equal(page1.body.items.length, 1)
    assert.equal(page1.body.hasMore, true)
    assert.notEqual(page1.body.items[0].id, page2.body.items[0].id)

    await t.api('post', '/api/progress/heartbeats', {
      token: bound.token,
      body: { heartbeats: [{ sessionId: 'feed-session-1', seq: 0, item: { kind: 'article', id: forAll }, depth: 0.42, engagedSeconds: 0 }] },
    })
    const after = await t.api('get', '/api/articles?pageSize=50', { token: bound.token })
    const reading = after.body.items.find((i: any) => i.id === forAll)
    assert.equal(reading.state, 'reading')
    assert.equal(reading.depth, 0.42)

    const progress = await t.api('get', '/api/me/reading-progress', { token: bound.token })
    assert.ok(progress.body.requiredRemaining.some((i: any) => i.id === forAll))
    assert.ok(progress.body.inProgress.some((i: any) => i.id === forAll))
  })
})

describe('scheduled publishing and pushes', () => {
  test('two job runners started together publish a due article once and send one message per subscribed reader', async () => {
    const alice = await subscribedReader('push-alice')
    const bob = await subscribedReader('push-bob')
    const carol = await subscribedReader('push-carol', false)
    const dave = await subscribedReader('push-dave')
    t.standin.refusing.add(dave.openid)
    t.standin.failNextSends(1, -1) // WeChat busy once: retried

    const id = await createArticle({ title: '定时推送' })
    const publishAt = new Date(clock.now().getTime() + 5 * 60_000)
    await t.api('post', `/api/admin/articles/${id}/schedule`, { token: admin, body: { publishAt: publishAt.toISOString() } })

    const runnerA = new JobRunner(t.deps, jobs)
    const runnerB = new JobRunner(t.deps, jobs)
    // A tick before the time publishes nothing.
    await runnerA.tick('publish-due-articles', new Date(publishAt.getTime() - 60_000))
    assert.equal((await Article.findById(id).lean())!.status, 'scheduled')

    clock.set(publishAt)
    const ran = await Promise.all([runnerA.tick('publish-due-articles', publishAt), runnerB.tick('publish-due-articles', publishAt)])
    assert.deepEqual(ran.filter(Boolean).length, 1, 'exactly one runner ran this minute')
    assert.equal((await Article.findById(id).lean())!.status, 'published')
    assert.equal(await JobRun.countDocuments({ job: 'publish-due-articles', key: publishAt.toISOString().slice(0, 16), status: 'done' }), 1)

    // The push job sends the messages, one runner per minute.
    const pushed = await Promise.all([runnerA.tick('send-article-pushes', publishAt), runnerB.tick('send-article-pushes', publishAt)])
    assert.deepEqual(pushed.filter(Boolean).length, 1, 'exactly one runner sent this minute')
    const messages = t.standin.sent.filter((m) => m.page === `pages/article/index?id=${id}&ch=sub`)
    assert.deepEqual(messages.map((m) => m.touser).sort(), [alice.openid, bob.openid].sort())
    assert.ok(!messages.some((m) => m.touser === carol.openid))
    const deliveries = await ArticleDelivery.find({ articleId: id }).lean()
    assert.deepEqual(deliveries.map((d) => d.status).sort(), ['refused', 'sent', 'sent'])

    // The next minute, and direct concurrent re-runs, send nothing more.
    clock.advance(60_000)
    await Promise.all([
      runnerA.tick('publish-due-articles'),
      runnerB.tick('publish-due-articles'),
      publishDueArticles(t.deps, clock.now()),
      runnerA.tick('send-article-pushes'),
      runnerB.tick('send-article-pushes'),
      queueRequestedPushes(t.deps, clock.now()).then(() => sendDuePushes(t.deps)),
    ])
    assert.equal(t.standin.sent.filter((m) => m.page === `pages/article/index?id=${id}&ch=sub`).length, 2)
    // One-time subscriptions are used up by the send.
    assert.deepEqual((await User.findById(alice.userId).lean())!.subscriptions, [])
  })

  test('concurrent publishers claim each due article exactly once', async () => {
    const ids = [await createArticle({ title: 'A' }), await createArticle({ title: 'B' }), await createArticle({ title: 'C' })]
    const at = new Date(clock.now().getTime() + 60_000)
    for (const id of ids) await t.api('post', `/api/admin/articles/${id}/schedule`, { token: admin, body: { publishAt: at.toISOString() } })
    const results = await Promise.all([publishDueArticles(t.deps, at), publishDueArticles(t.deps, at), publishDueArticles(t.deps, at)])
    assert.deepEqual(results.flat().sort(), [...ids].sort())
  })
})

describe('the push outbox', () => {
  /** One run of the push job in the next minute (each minute runs once). */
  const pushTick = (advanceMs = 60_000) => {
    clock.advance(advanceMs)
    return new JobRunner(t.deps, jobs).tick('send-article-pushes', clock.now())
  }
  const messagesFor = (id: string, openid: string) => t.standin.sent.filter((m) => m.page === `pages/article/index?id=${id}&ch=sub` && m.touser === openid)

  test('publishing answers at once; the push job sends the messages', async () => {
    const readers = await Promise.all(['quick-1', 'quick-2', 'quick-3'].map((seed) => subscribedReader(seed)))
    const id = await createArticle({ title: '立即发布不等推送' })
    const published = await t.api('post', `/api/admin/articles/${id}/publish`, { token: admin })
    assert.equal(published.status, 200)
    assert.equal(published.body.article.pushPending, true)
    assert.equal(t.standin.sent.filter((m) => m.page === `pages/article/index?id=${id}&ch=sub`).length, 0, 'nothing is sent inside the request')

    assert.equal(await pushTick(), true)
    for (const r of readers) assert.equal(messagesFor(id, r.openid).length, 1)
    const detail = await t.api('get', `/api/admin/articles/${id}`, { token: admin })
    assert.deepEqual(detail.body.deliveries, { sent: 3 })
    assert.equal(detail.body.article.pushPending, false)
    assert.equal(detail.body.article.status, 'published')
  })

  test('a failed send is retried after its backoff and the reader gets one message', async () => {
    const erin = await subscribedReader('retry-erin')
    const id = await createArticle({ title: '重试推送' })
    await t.api('post', `/api/admin/articles/${id}/publish`, { token: admin })
    t.standin.failNextSends(2, -1) // WeChat busy for the send and its quick retry

    await pushTick()
    let row = (await ArticleDelivery.findOne({ articleId: id, userId: erin.userId }).lean())!
    assert.equal(row.status, 'failed')
    assert.equal(row.attempts, 1)
    assert.equal(row.nextAttemptAt!.getTime(), clock.now().getTime() + 60_000)
    assert.equal(messagesFor(id, erin.openid).length, 0)
    assert.deepEqual((await t.api('get', `/api/admin/articles/${id}`, { token: admin })).body.deliveries, { failed: 1 })

    await pushTick(30_000) // backoff not over yet
    assert.equal(messagesFor(id, erin.openid).length, 0)

    await pushTick(30_000)
    row = (await ArticleDelivery.findOne({ articleId: id, userId: erin.userId }).lean())!
    assert.equal(row.status, 'sent')
    assert.equal(row.attempts, 2)
    assert.equal(messagesFor(id, erin.openid).length, 1)

    await pushTick(10 * 60_000)
    assert.equal(messagesFor(id, erin.openid).length, 1, 'sent rows are never sent again')
  })

  test('a reader WeChat does not know (40003) is not retried in later rounds, nor pushed to again', async () => {
    const hana = await subscribedReader('unknown-hana')
    const id = await createArticle({ title: '无效的接收者' })
    await t.api('post', `/api/admin/articles/${id}/publish`, { token: admin })
    t.standin.failNextSends(1, 40003)

    await pushTick()
    const row = (await ArticleDelivery.findOne({ articleId: id, userId: hana.userId }).lean())!
    assert.equal(row.status, 'failed')
    assert.equal(row.nextAttemptAt, null, 'no later round is planned')
    await pushTick(60 * 60_000)
    assert.equal(messagesFor(id, hana.openid).length, 0)
    assert.equal((await ArticleDelivery.findOne({ articleId: id, userId: hana.userId }).lean())!.attempts, 1)
    assert.deepEqual((await User.findById(hana.userId).lean())!.subscriptions, [])
  })

  test('the message fits the configured template: keys, WeChat value rules, miniprogram_state, and the channel in its page', async () => {
    const ivy = await subscribedReader('format-ivy')
    const id = await createArticle({ title: '关于开展扫黑除恶专项斗争线索摸排工作的通知（第二批）', summary: '' })
    await t.api('post', `/api/admin/articles/${id}/publish`, { token: admin })
    await pushTick()
    const [message] = messagesFor(id, ivy.openid)
    assert.ok(message, 'the stand-in accepted it (it answers 47003 for keys or values WeChat would refuse)')
    assert.deepEqual(Object.keys(message.data).sort(), ['thing1', 'thing2'])
    assert.equal([...message.data.thing1!.value].length, 20)
    assert.ok(message.data.thing1!.value.endsWith('…'))
    assert.equal(message.miniprogram_state, 'formal')
  })

  for (const [errcode, what] of [
    [47003, 'data format'],
    [41030, 'a page the released version lacks'],
  ] as const) {
    test(`WeChat refusing our message (${errcode}, ${what}) is not retried, and the reader keeps their consent`, async () => {
      const jack = await subscribedReader(`mistake-${errcode}`)
      const id = await createArticle({ title: `错误 ${errcode}` })
      await t.api('post', `/api/admin/articles/${id}/publish`, { token: admin })
      t.standin.failNextSends(1, errcode, jack.openid)
      await pushTick()
      const row = (await ArticleDelivery.findOne({ articleId: id, userId: jack.userId }).lean())!
      assert.equal(row.status, 'failed')
      assert.equal(row.attempts, 1)
      assert.equal(row.nextAttemptAt, null, 'no later round')
      assert.match(String(row.lastError), new RegExp(String(errcode)))
      await pushTick(60 * 60_000)
      assert.equal(messagesFor(id, jack.openid).length, 0)
      assert.deepEqual((await User.findById(jack.userId).lean())!.subscriptions, [TEMPLATE], 'the consent was not used')
    })
  }

  test('a refused message (43101) drops that consent and is not retried', async () => {
    const kim = await subscribedReader('refusing-kim')
    t.standin.refusing.add(kim.openid)
    const id = await createArticle({ title: '拒收' })
    await t.api('post', `/api/admin/articles/${id}/publish`, { token: admin })
    await pushTick()
    const row = (await ArticleDelivery.findOne({ articleId: id, userId: kim.userId }).lean())!
    assert.equal(row.status, 'refused')
    assert.equal(row.nextAttemptAt, null)
    assert.deepEqual((await User.findById(kim.userId).lean())!.subscriptions, [])
    t.standin.refusing.delete(kim.openid)
  })

  for (const [errcode, how] of [
    [42001, 'expired'],
    [40001, 'replaced by another instance'],
  ] as const) {
    test(`an access token ${how} (${errcode}) is refreshed and the message goes out in the same round`, async () => {
      const lee = await subscribedReader(`token-${errcode}`)
      const id = await createArticle({ title: `令牌 ${errcode}` })
      await t.api('post', `/api/admin/articles/${id}/publish`, { token: admin })
      await t.deps.wechat.getAccessToken()
      if (errcode === 42001) t.standin.expireTokens()
      else t.standin.failNextSends(1, 40001, lee.openid)
      const tokensBefore = t.standin.tokenRequests
      await pushTick()
      assert.equal(messagesFor(id, lee.openid).length, 1)
      assert.equal((await ArticleDelivery.findOne({ articleId: id, userId: lee.userId }).lean())!.attempts, 1)
      assert.equal(t.standin.tokenRequests, tokensBefore + 1, 'one fresh token')
    })
  }

  test("a row left 'sending' by a crashed sender is sent once its lease expires; a live lease is left alone", async () => {
    const frank = await subscribedReader('stale-frank')
    const gina = await subscribedReader('stale-gina')
    const id = await createArticle({ title: '崩溃后补发' })
    await t.api('post', `/api/admin/articles/${id}/publish`, { token: admin })
    await Article.updateOne({ _id: id }, { $set: { pushRequestedAt: null } }) // already queued by the crashed run:
    const now = clock.now().getTime()
    await ArticleDelivery.create({ articleId: id, userId: frank.userId, status: 'sending', attempts: 1, owner: 'crashed', leaseUntil: new Date(now - 1000) })
    await ArticleDelivery.create({ articleId: id, userId: gina.userId, status: 'sending', attempts: 1, owner: 'alive', leaseUntil: new Date(now + 60_000) })

    await pushTick()
    assert.equal(messagesFor(id, frank.openid).length, 1)
    assert.equal(messagesFor(id, gina.openid).length, 0, 'another sender still holds it')
    const frankRow = (await ArticleDelivery.findOne({ articleId: id, userId: frank.userId }).lean())!
    assert.equal(frankRow.status, 'sent')
    assert.equal(frankRow.attempts, 2)
    assert.equal(frankRow.page, `pages/article/index?id=${id}&ch=sub`)

    await pushTick(2 * 60_000) // gina's sender died too: its lease runs out
    assert.equal(messagesFor(id, gina.openid).length, 1)
    assert.equal(messagesFor(id, frank.openid).length, 1)
  })

  test('concurrent senders send each queued message once', async () => {
    const readers = await Promise.all(Array.from({ length: 8 }, (_, i) => subscribedReader(`concurrent-${i}`)))
    const id = await createArticle({ title: '并发发送' })
    await t.api('post', `/api/admin/articles/${id}/publish`, { token: admin })
    await queueRequestedPushes(t.deps, clock.now())
    await Promise.all([sendDuePushes(t.deps), sendDuePushes(t.deps), sendDuePushes(t.deps)])
    for (const r of readers) assert.equal(messagesFor(id, r.openid).length, 1, r.openid)
    assert.equal(await ArticleDelivery.countDocuments({ articleId: id, status: 'sent' }), 8)
  })

  test('messages of an article withdrawn before they went out are cancelled, and sent when it is published again', async () => {
    const hana = await subscribedReader('withdrawn-hana')
    const id = await createArticle({ title: '撤回后不推送' })
    await t.api('post', `/api/admin/articles/${id}/publish`, { token: admin })
    await queueRequestedPushes(t.deps, clock.now())
    await t.api('post', `/api/admin/articles/${id}/unpublish`, { token: admin })
    await sendDuePushes(t.deps)
    assert.equal(messagesFor(id, hana.openid).length, 0)
    assert.equal((await ArticleDelivery.findOne({ articleId: id, userId: hana.userId }).lean())!.status, 'cancelled')

    await t.api('post', `/api/admin/articles/${id}/publish`, { token: admin })
    await pushTick()
    assert.equal(messagesFor(id, hana.openid).length, 1)
  })
})

describe('recovery from a crashed publisher', () => {
  test('a leftover publication claim from a crashed run blocks neither the job nor publish-now', async () => {
    const scheduled = await createArticle({ title: '崩溃的定时发布' })
    const at = new Date(clock.now().getTime() + 60_000)
    await t.api('post', `/api/admin/articles/${scheduled}/schedule`, { token: admin, body: { publishAt: at.toISOString() } })
    const draft = await createArticle({ title: '崩溃的立即发布' })
    // What a run that crashed between claiming and publishing left behind (the old claim keys).
    for (const id of [scheduled, draft]) {
      const a = (await Article.findById(id).lean())!
      assert.equal(await claimOnce(`publish:${id}:${a.updatedAt.getTime()}`, clock.now(), 'crashed'), true)
    }
    await JobRun.create({
      _id: `publish-due-articles:${at.toISOString().slice(0, 16)}`,
      job: 'publish-due-articles',
      key: at.toISOString().slice(0, 16),
      owner: 'crashed',
      status: 'running',
      leaseUntil: new Date(at.getTime() - 1),
      startedAt: new Date(at.getTime() - 60_000),
    })

    clock.set(at)
    assert.equal(await new JobRunner(t.deps, jobs).tick('publish-due-articles', at), true, 'the expired run is taken over')
    assert.equal((await Article.findById(scheduled).lean())!.status, 'published')
    const now = await t.api('post', `/api/admin/articles/${draft}/publish`, { token: admin })
    assert.equal(now.status, 200, JSON.stringify(now.body))
    assert.equal(now.body.article.status, 'published')
  })
})

describe('article images', () => {
  test('images are checked by content; a text file named .jpg is refused and nothing stored', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#c8161d' } })
      .png()
      .toBuffer()
    const ok = new FormData()
    ok.append('file', new Blob([png], { type: 'image/png' }), 'cover.png')
    const uploaded = await t.api('post', '/api/admin/media', { token: admin, rawBody: ok })
    assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body))
    const image = await fetch(t.url + uploaded.body.url)
    assert.equal(image.headers.get('content-type'), 'image/png')
    assert.equal((await sharp(Buffer.from(await image.arrayBuffer())).metadata()).width, 4)

    const before = await Media.countDocuments()
    const fake = new FormData()
    fake.append('file', new Blob([Buffer.from('not really a picture')], { type: 'image/jpeg' }), 'photo.jpg')
    const refused = await t.api('post', '/api/admin/media', { token: admin, rawBody: fake })
    assert.equal(refused.status, 400)
    assert.equal(refused.body.error.code, 'NOT_AN_IMAGE')
    assert.equal(await Media.countDocuments(), before)

    const reader = await t.signInReader()
    assert.equal((await t.api('post', '/api/admin/media', { token: reader.token, rawBody: ok })).status, 403)
  })
})
