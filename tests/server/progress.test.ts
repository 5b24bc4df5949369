import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ManualClock } from '../../server/clock'
import mongoose from 'mongoose'
import { claimOnce } from '../../server/db/claims'
import { applyHeartbeats, CLIENT_CLOCK_SKEW_MS, heartbeatBatchStats, creditEngagement, effectiveTime, MAX_OFFLINE_AGE_MS } from '../../server/modules/progress/service'
import { ItemProgress, ItemStats, ReadingSession } from '../../server/modules/progress/model'
import { ActivityDay, PersonSummary } from '../../server/modules/summary/model'
import { failingAt } from '../helpers/db'
import { useTestServer } from '../helpers/server'

const clock = new ManualClock('2026-11-20T02:00:00Z')
let admin: string
let articleId: string
let readingSeconds: number
const t = useTestServer({ clock }, async () => {
  admin = (await t.signInAdmin('publicity_admin')).token
  const created = await t.api('post', '/api/admin/articles', { token: admin, body: { title: '进度测试文章', bodyMarkdown: BODY, required: true } })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  articleId = created.body.article.id
  readingSeconds = created.body.article.readingSeconds
  await t.api('post', `/api/admin/articles/${articleId}/publish`, { token: admin })
})

// 200 Chinese characters at 400 a minute = 30 s estimated; needed engagement = min(30, 30% × 30) = 9 s.
const BODY = '扫黑除恶专项斗争事关社会大局稳定和国家长治久安。'.repeat(10).slice(0, 200)

let sessionCounter = 0
const newSession = () => `session-${Date.now()}-${++sessionCounter}`
const hb = (sessionId: string, seq: number, depth: number, engagedSeconds: number, id = articleId) => ({
  sessionId,
  seq,
  item: { kind: 'article' as const, id },
  depth,
  engagedSeconds,
})
/** A heartbeat the tracker stamped with its own clock (ms). */
const stamped = (sessionId: string, seq: number, depth: number, engagedSeconds: number, at: number, id = articleId) => ({ ...hb(sessionId, seq, depth, engagedSeconds, id), at })

async function publishArticle(title: string, body: string, extra: Record<string, unknown> = {}) {
  const created = await t.api('post', '/api/admin/articles', { token: admin, body: { title, bodyMarkdown: body, ...extra } })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  await t.api('post', `/api/admin/articles/${created.body.article.id}/publish`, { token: admin })
  return created.body.article as { id: string; readingSeconds: number }
}

// 2400 characters: 360 s estimated, so completion needs min(30 s, 30% × 360 s) = 30 s engaged.
const LONG_BODY = '扫黑除恶专项斗争事关社会大局稳定和国家长治久安。'.repeat(100).slice(0, 2400)

async function send(token: string, heartbeats: unknown[], sentAt?: number) {
  return t.api('post', '/api/progress/heartbeats', { token, body: { heartbeats, ...(sentAt ? { sentAt } : {}) } })
}

async function record(userId: string, id = articleId) {
  return ItemProgress.findOne({ userId, itemKey: `article:${id}` }).lean()
}

describe('reading progress heartbeats', () => {
  test('the estimated reading time follows 400 characters a minute', () => {
    assert.equal(readingSeconds, 30)
  })

  test('depth never decreases', async () => {
    const r = await t.signInReader()
    const s = newSession()
    await send(r.token, [hb(s, 0, 0.5, 0)])
    clock.advance(10_000)
    const res = await send(r.token, [hb(s, 1, 0.3, 5)])
    assert.equal(res.status, 200)
    assert.equal((await record(r.userId))!.maxDepth, 0.5)
    clock.advance(10_000)
    await send(r.token, [hb(s, 2, 0.7, 1)])
    assert.equal((await record(r.userId))!.maxDepth, 0.7)
  })

  test('replaying the same batch changes nothing and is acknowledged again', async () => {
    const r = await t.signInReader()
    const s = newSession()
    const batch = [hb(s, 0, 0.2, 0), hb(s, 1, 0.4, 3)]
    clock.advance(10_000)
    const first = await send(r.token, batch)
    assert.deepEqual(first.body.accepted, [
      { sessionId: s, seq: 0 },
      { sessionId: s, seq: 1 },
    ])
    const stored = await record(r.userId)
    const session = await ReadingSession.findById(s).lean()
    clock.advance(30_000)
    const replay = await send(r.token, batch)
    assert.deepEqual(replay.body.accepted, first.body.accepted)
    assert.deepEqual(await record(r.userId), stored)
    assert.deepEqual(await ReadingSession.findById(s).lean(), session)
  })

  test('a forged batch claiming 10 minutes of engagement in 10 seconds is capped by the server clock', async () => {
    const r = await t.signInReader()
    const s = newSession()
    await send(r.token, [hb(s, 0, 0.1, 0)])
    clock.advance(10_000)
    await send(r.token, [hb(s, 1, 0.2, 300), hb(s, 2, 0.3, 300)])
    const p = await record(r.userId)
    // 10 s of wall clock plus the 12 s first-contact allowance at most.
    assert.ok(p!.engagedSeconds <= 22, `engaged ${p!.engagedSeconds}`)
    assert.ok(p!.engagedSeconds >= 10)
  })

  test('completion flips exactly when depth ≥ 0.9 and engagement ≥ min(30 s, 30% of reading time)', async () => {
    const r = await t.signInReader()
    const s = newSession()
    await send(r.token, [hb(s, 0, 0.95, 0)])
    clock.advance(8_000)
    const almost = await send(r.token, [hb(s, 1, 0.95, 8)])
    assert.equal(almost.body.items[0].completed, false, 'deep enough but 8 s < 9 s')
    clock.advance(2_000)
    const done = await send(r.token, [hb(s, 2, 0.95, 1)])
    assert.equal(done.body.items[0].completed, true, '9 s reached')

    const p = await record(r.userId)
    assert.equal(p!.completed, true)
    const summary = await PersonSummary.findOne({ userId: r.userId }).lean()
    assert.deepEqual(summary!.itemsCompleted, [`article:${articleId}`])
    assert.deepEqual(summary!.itemsOpened, [`article:${articleId}`])
    const days = await ActivityDay.find({ userId: r.userId }).lean()
    assert.equal(
      days.reduce((n, d) => n + d.completions, 0),
      1,
    )

    // More reading afterwards does not complete it "again".
    clock.advance(10_000)
    await send(r.token, [hb(s, 3, 1, 10)])
    const daysAfter = await ActivityDay.find({ userId: r.userId }).lean()
    assert.equal(
      daysAfter.reduce((n, d) => n + d.completions, 0),
      1,
    )
  })

  test('deep but too short a visit does not complete', async () => {
    const r = await t.signInReader()
    const s = newSession()
    await send(r.token, [hb(s, 0, 1, 0)])
    clock.advance(5_000)
    await send(r.token, [hb(s, 1, 1, 5)])
    assert.equal((await record(r.userId))!.completed, false)
  })

  test("a reader's heartbeats never touch another reader's progress, nor another reader's session", async () => {
    const a = await t.signInReader()
    const b = await t.signInReader()
    const s = newSession()
    await send(a.token, [hb(s, 0, 0.3, 0)])
    const before = await record(a.userId)
    clock.advance(10_000)
    const hijack = await send(b.token, [hb(s, 1, 1, 10)])
    assert.equal(hijack.status, 200)
    assert.deepEqual(hijack.body.accepted, [])
    assert.equal(hijack.body.rejected[0].reason, 'SESSION_MISMATCH')
    assert.deepEqual(await record(a.userId), before)
    assert.equal(await record(b.userId), null)
  })

  test('bad input is refused with 400 and stores nothing', async () => {
    const r = await t.signInReader()
    const s = newSession()
    const cases: unknown[] = [
      [hb(s, 0, 1.5, 0)],
      [hb(s, -1, 0.5, 0)],
      [{ ...hb(s, 0, 0.5, 0), item: { kind: 'video', id: articleId } }],
      [{ ...hb(s, 0, 0.5, 0), sessionId: 'x' }],
      [hb(s, 0, 0.5, 0), { ...hb(s, 1, 0.5, 0), engagedSeconds: -3 }],
      [],
    ]
    for (const heartbeats of cases) {
      const res = await send(r.token, heartbeats as unknown[])
      assert.equal(res.status, 400, JSON.stringify(heartbeats))
      assert.equal(res.body.error.code, 'VALIDATION_FAILED')
    }
    const tooMany = await send(
      r.token,
      Array.from({ length: 101 }, (_, i) => hb(s, i, 0.1, 0)),
    )
    assert.equal(tooMany.status, 400)
    assert.equal(await record(r.userId), null)
    assert.equal(await ReadingSession.countDocuments({ _id: s }), 0)

    const noToken = await t.api('post', '/api/progress/heartbeats', { body: { heartbeats: [hb(s, 0, 0.1, 0)] } })
    assert.equal(noToken.status, 401)
  })

  test('heartbeats for an unknown or unpublished item are rejected, not stored', async () => {
    const r = await t.signInReader()
    const draft = await t.api('post', '/api/admin/articles', { token: admin, body: { title: '草稿', bodyMarkdown: '草稿内容' } })
    const s = newSession()
    const res = await send(r.token, [{ ...hb(s, 0, 0.5, 0), item: { kind: 'article', id: draft.body.article.id } }])
    assert.equal(res.status, 200)
    assert.equal(res.body.rejected[0].reason, 'ITEM_NOT_FOUND')
    assert.equal(await ItemProgress.countDocuments({ userId: r.userId }), 0)
  })

  test('completion needs depth 0.9: 0.89 does not complete, 0.9 does', async () => {
    const r = await t.signInReader()
    const s = newSession()
    await send(r.token, [hb(s, 0, 0.89, 0)])
    clock.advance(20_000)
    const shallow = await send(r.token, [hb(s, 1, 0.89, 20)])
    assert.equal(shallow.body.items[0].completed, false, '20 s engaged but depth 0.89')
    clock.advance(1_000)
    const deep = await send(r.token, [hb(s, 2, 0.9, 0)])
    assert.equal(deep.body.items[0].completed, true, 'depth 0.9 reached')
  })

  test('long articles need 30 s, not 30% of the reading time', async () => {
    const long = await publishArticle('三十秒规则', LONG_BODY)
    assert.equal(long.readingSeconds, 360)
    const r = await t.signInReader()
    const s = newSession()
    await send(r.token, [hb(s, 0, 1, 0, long.id)])
    clock.advance(29_900)
    const almost = await send(r.token, [hb(s, 1, 1, 29.9, long.id)])
    assert.equal(almost.body.items[0].engagedSeconds, 29.9)
    assert.equal(almost.body.items[0].completed, false, '29.9 s < 30 s')
    clock.advance(100)
    const done = await send(r.token, [hb(s, 2, 1, 0.1, long.id)])
    assert.equal(done.body.items[0].completed, true, '30 s reached, though 30% of 360 s would be 108 s')
  })
})

describe('engaged time cannot outrun the clock', () => {
  test('100 new sessions claiming an hour each at 0 s of wall clock get one allowance between them', async () => {
    const long = await publishArticle('多会话伪造', LONG_BODY)
    const r = await t.signInReader()
    const forged = Array.from({ length: 100 }, (_, i) => hb(`forged-${process.pid}-${i}`, 0, 1, 3600, long.id))
    const res = await send(r.token, forged)
    assert.equal(res.status, 200)
    assert.equal(res.body.accepted.length, 100)
    const p = (await record(r.userId, long.id))!
    assert.ok(p.engagedSeconds <= 12, `engaged ${p.engagedSeconds}`)
    assert.equal(p.completed, false)

    // Nor do client timestamps spread over the past help: the reader's time starts at first contact.
    const past = clock.now().getTime() - 6 * 24 * 3600_000
    const backdated = Array.from({ length: 100 }, (_, i) => stamped(`backdated-${process.pid}-${i}`, 0, 1, 3600, past + i * 3600_000, long.id))
    await send(r.token, backdated)
    const again = (await record(r.userId, long.id))!
    assert.ok(again.engagedSeconds <= 12, `engaged ${again.engagedSeconds}`)
    assert.equal(again.completed, false)
  })

  test('a reader cannot be engaged in two places at once: two articles read side by side share the wall clock', async () => {
    const a = await publishArticle('并排一', LONG_BODY)
    const b = await publishArticle('并排二', LONG_BODY)
    const r = await t.signInReader()
    const sa = newSession()
    const sb = newSession()
    await send(r.token, [hb(sa, 0, 0.5, 0, a.id), hb(sb, 0, 0.5, 0, b.id)])
    for (let i = 1; i <= 6; i++) {
      clock.advance(10_000)
      await send(r.token, [hb(sa, i, 0.5, 10, a.id), hb(sb, i, 0.5, 10, b.id)])
    }
    const total = (await record(r.userId, a.id))!.engagedSeconds + (await record(r.userId, b.id))!.engagedSeconds
    // 60 s of wall clock plus the one first-contact allowance of 12 s.
    assert.ok(total <= 72, `engaged ${total}`)
    assert.ok(total >= 60, `engaged ${total}`)
  })
})

describe('offline reading', () => {
  test('an article read offline and synced hours later completes, with the time it really took', async () => {
    const long = await publishArticle('离线阅读', LONG_BODY)
    const r = await t.signInReader()
    const opened = await t.api('get', `/api/articles/${long.id}`, { token: r.token })
    assert.equal(opened.status, 200)
    // The reader's phone runs 5 minutes behind; it stamps heartbeats with its own clock.
    const phoneOffset = -5 * 60_000
    const start = clock.now().getTime() + 2_000
    const s = newSession()
    const queued = [stamped(s, 0, 0, 0, start + phoneOffset, long.id)]
    for (let i = 1; i <= 12; i++) queued.push(stamped(s, i, i / 12, 10, start + i * 10_000 + phoneOffset, long.id))

    clock.advance(3 * 3600_000) // back online three hours later
    const res = await send(r.token, queued, clock.now().getTime() + phoneOffset)
    assert.equal(res.body.accepted.length, 13)
    const p = (await record(r.userId, long.id))!
    assert.equal(p.engagedSeconds, 120)
    assert.equal(p.completed, true)
  })

  test('offline timestamps are checked: engagement never exceeds the gap between them, nor lies before first contact', async () => {
    const long = await publishArticle('离线校验', LONG_BODY)
    const r = await t.signInReader()
    await t.api('get', `/api/articles/${long.id}`, { token: r.token })
    const firstContact = clock.now().getTime()
    const gap = newSession()
    const before = newSession()
    clock.advance(3600_000)
    const res = await send(
      r.token,
      [
        stamped(gap, 0, 0.5, 0, firstContact + 1_000, long.id),
        stamped(gap, 1, 0.5, 60, firstContact + 11_000, long.id), // 60 s claimed in a 10 s gap
        stamped(before, 0, 0.5, 0, firstContact - 3600_000, long.id),
        stamped(before, 1, 0.5, 600, firstContact - 3000_000, long.id), // an hour before the reader ever showed up
      ],
      clock.now().getTime(),
    )
    assert.equal(res.body.accepted.length, 4)
    assert.equal((await record(r.userId, long.id))!.engagedSeconds, 10)
  })
})

describe('timing rules', () => {
  const now = new Date('2026-11-20T02:00:00Z')
  const n = now.getTime()
  test('client timestamps are used within limits, shifted by the client clock offset', () => {
    assert.deepEqual(effectiveTime(n - 60_000, null, now), { time: n - 60_000, trusted: true })
    // A phone 5 minutes behind: its times are shifted by the offset its batch reveals.
    assert.deepEqual(effectiveTime(n - 360_000, null, now, n - 300_000), { time: n - 60_000, trusted: true })
    assert.deepEqual(effectiveTime(n - 60_000, null, now, n - 300_000), { time: n, trusted: false }, 'made after the batch was sent')
    assert.deepEqual(effectiveTime(undefined, null, now), { time: n, trusted: false })
    assert.deepEqual(effectiveTime(n + CLIENT_CLOCK_SKEW_MS + 1, null, now), { time: n, trusted: false }, 'from the future')
    assert.deepEqual(effectiveTime(n + 1000, null, now), { time: n, trusted: true }, 'a little ahead: clamped to now')
    assert.deepEqual(effectiveTime(n - MAX_OFFLINE_AGE_MS - 1, null, now), { time: n, trusted: false }, 'too old')
    assert.deepEqual(effectiveTime(n - 5000, n - 5000, now), { time: n, trusted: false }, 'not after the previous one')
  })

  test('credit never overlaps earlier credit and never runs past the heartbeat time', () => {
    assert.deepEqual(creditEngagement({ claimedSeconds: 10, time: n, creditedUntil: n - 60_000, sessionFloor: n - 10_000 }), { seconds: 10, creditedUntil: n })
    assert.deepEqual(creditEngagement({ claimedSeconds: 10, time: n, creditedUntil: n - 4_000, sessionFloor: n - 10_000 }), { seconds: 4, creditedUntil: n })
    assert.deepEqual(creditEngagement({ claimedSeconds: 2.3, time: n, creditedUntil: n - 60_000, sessionFloor: n - 60_000 }), { seconds: 2.3, creditedUntil: n - 57_700 })
    assert.deepEqual(creditEngagement({ claimedSeconds: 10, time: n - 5_000, creditedUntil: n, sessionFloor: 0 }), { seconds: 0, creditedUntil: n })
  })
})

describe('audience', () => {
  test('a reader outside the audience cannot record progress on an article they cannot open', async () => {
    const jidian = await t.departmentId('C01')
    const restricted = await publishArticle('机电学院专属进度', BODY, { audienceDepartmentIds: [jidian] })
    const outsider = await t.signInReader()
    assert.equal((await t.api('get', `/api/articles/${restricted.id}`, { token: outsider.token })).status, 404)
    const s = newSession()
    await send(outsider.token, [hb(s, 0, 1, 0, restricted.id)])
    clock.advance(20_000)
    const res = await send(outsider.token, [hb(s, 1, 1, 20, restricted.id)])
    assert.equal(res.status, 200)
    assert.deepEqual(
      res.body.rejected.map((x: { reason: string }) => x.reason),
      ['ITEM_NOT_FOUND'],
    )
    assert.equal(await record(outsider.userId, restricted.id), null)
    assert.equal(await ItemStats.countDocuments({ _id: `article:${restricted.id}` }), 0)
  })
})

describe('concurrent heartbeats', () => {
  test('the same batch sent 6 times in parallel counts once', async () => {
    const r = await t.signInReader()
    const s = newSession()
    await send(r.token, [hb(s, 0, 0.3, 0)])
    clock.advance(60_000)
    const batch = [hb(s, 1, 0.4, 10), hb(s, 2, 0.5, 10), hb(s, 3, 0.6, 10)]
    const answers = await Promise.all(Array.from({ length: 6 }, () => send(r.token, batch)))
    assert.ok(answers.every((a) => a.status === 200))
    const p = (await record(r.userId))!
    assert.equal(p.engagedSeconds, 30)
    assert.equal(p.maxDepth, 0.6)
  })

  test('20 readers opening and completing one article at the same time are all counted', async () => {
    const article = await publishArticle('并发阅读', BODY)
    const readers = await Promise.all(Array.from({ length: 20 }, () => t.signInReader()))
    const sessions = readers.map(() => newSession())
    await Promise.all(readers.map((r, i) => send(r.token, [hb(sessions[i], 0, 0.5, 0, article.id)])))
    clock.advance(15_000)
    await Promise.all(readers.map((r, i) => send(r.token, [hb(sessions[i], 1, 1, 10, article.id)])))
    const stats = (await ItemStats.findById(`article:${article.id}`).lean()) as Record<string, number> | null
    assert.equal(stats?.opens, 20)
    assert.equal(stats?.completions, 20)
    assert.equal(stats?.engagedSum, 200)
    assert.equal(stats?.d9, 20)
    assert.equal(await ItemProgress.countDocuments({ itemKey: `article:${article.id}`, completed: true }), 20)
  })

  test("one reader's sessions sending at the same time add up", async () => {
    const article = await publishArticle('一人多会话', LONG_BODY)
    const r = await t.signInReader()
    const sessions = Array.from({ length: 5 }, () => newSession())
    for (const s of sessions) await send(r.token, [hb(s, 0, 0.2, 0, article.id)])
    clock.advance(60_000)
    await Promise.all(sessions.map((s) => send(r.token, [hb(s, 1, 0.3, 10, article.id)])))
    assert.equal((await record(r.userId, article.id))!.engagedSeconds, 50)
    const stats = (await ItemStats.findById(`article:${article.id}`).lean()) as Record<string, number> | null
    assert.equal(stats?.engagedSum, 50)
    assert.equal(stats?.opens, 1)
  })
})

describe('completion and opening count once', () => {
  test("one reader's sessions completing the same article at the same time count one open and one completion", async () => {
    const article = await publishArticle('同时完成', BODY)
    const r = await t.signInReader()
    const sessions = Array.from({ length: 5 }, () => newSession())
    await Promise.all(sessions.map((s) => send(r.token, [hb(s, 0, 1, 0, article.id)])))
    clock.advance(20_000)
    await Promise.all(sessions.map((s) => send(r.token, [hb(s, 1, 1, 10, article.id)])))
    assert.equal((await record(r.userId, article.id))!.completed, true)
    const stats = (await ItemStats.findById(`article:${article.id}`).lean()) as Record<string, number> | null
    assert.equal(stats?.opens, 1)
    assert.equal(stats?.completions, 1)
    const days = await ActivityDay.find({ userId: r.userId }).lean()
    assert.equal(
      days.reduce((n, d) => n + d.completions, 0),
      1,
    )
    assert.equal(
      days.reduce((n, d) => n + d.opens, 0),
      1,
    )
  })

  test('a completion claim left by the old two-step completion does not keep the item from completing', async () => {
    const article = await publishArticle('遗留完成声明', BODY)
    const r = await t.signInReader()
    // The old code claimed `complete:<user>:<item>` and then set the flag in a second write;
    // a failure between the two left the item uncompletable for good.
    await claimOnce(`complete:${r.userId}:article:${article.id}`, clock.now())
    const s = newSession()
    await send(r.token, [hb(s, 0, 1, 0, article.id)])
    clock.advance(10_000)
    const res = await send(r.token, [hb(s, 1, 1, 10, article.id)])
    assert.equal(res.body.items[0].completed, true)
    const stats = (await ItemStats.findById(`article:${article.id}`).lean()) as Record<string, number> | null
    assert.equal(stats?.completions, 1)
  })
})

describe('the heartbeat hot path', () => {
  /** Database operations (reads and writes) the server issues while `run` runs. */
  async function countOperations(run: () => Promise<unknown>) {
    const ops: string[] = []
    mongoose.set('debug', (collection: string, method: string) => void ops.push(`${collection}.${method}`))
    try {
      await run()
    } finally {
      mongoose.set('debug', false)
    }
    return ops
  }

  test('a request costs a constant number of operations, whatever its number of heartbeats', async () => {
    const r = await t.signInReader()
    const s = newSession()
    await send(r.token, [hb(s, 0, 0.1, 0)])
    clock.advance(100_000)
    const batch = Array.from({ length: 10 }, (_, i) => hb(s, i + 1, 0.1 + i * 0.05, 10))
    const ops = await countOperations(() => applyHeartbeats(r.userId, batch, clock.now()))
    assert.equal((await record(r.userId))!.engagedSeconds, 100)
    // Reads: engagement clock, session, progress (and identity, article, campaign when not cached);
    // writes: engagement clock, progress, item counters, session.
    assert.ok(ops.length <= 10, `${ops.length} operations: ${ops.join(', ')}`)
    assert.equal(ops.filter((o) => o === 'reading_sessions.find').length, 1, 'the session is read once per batch')
    assert.equal(ops.filter((o) => o === 'engagement_clocks.find').length, 1, 'the engagement clock is read once per batch')
    assert.equal(ops.filter((o) => o === 'item_progress.bulkWrite').length, 1, 'one progress write for the whole session')
  })

  test("requests of 20 readers arriving together share the batch's operations, each answered as if alone", async () => {
    const readers = await Promise.all(Array.from({ length: 20 }, () => t.signInReader()))
    const sessions = readers.map(() => newSession())
    await Promise.all(readers.map((r, i) => send(r.token, [hb(sessions[i], 0, 0.1, 0)])))
    clock.advance(20_000)
    const before = heartbeatBatchStats()
    const answers: unknown[] = []
    const ops = await countOperations(async () => {
      answers.push(...(await Promise.all(readers.map((r, i) => applyHeartbeats(r.userId, [hb(sessions[i], 1, 0.2 + i / 100, 5)], clock.now(), undefined, { personId: null })))))
    })
    const after = heartbeatBatchStats()
    assert.equal(after.batches - before.batches, 1, 'one batch for the 20 requests')
    // The same reads and writes as one request alone: 3 reads, 4 bulk writes.
    assert.ok(ops.length <= 10, `${ops.length} operations: ${ops.join(', ')}`)
    for (const [i, r] of readers.entries()) {
      assert.deepEqual(answers[i], {
        accepted: [{ sessionId: sessions[i], seq: 1 }],
        rejected: [],
        items: [{ itemKey: `article:${articleId}`, maxDepth: 0.2 + i / 100, engagedSeconds: 5, completed: false }],
      })
      const p = (await record(r.userId))!
      assert.equal(p.maxDepth, 0.2 + i / 100)
      assert.equal(p.engagedSeconds, 5)
      assert.equal((await ReadingSession.findById(sessions[i]).lean())?.lastSeq, 1)
    }
  })
})

describe('a resend after a failure between the writes of a batch', () => {
  // A request of one session takes the batched path (bulk writes); one of several sessions is applied on its own.
  const writes = [
    ...['engagement_clocks.bulkWrite', 'item_progress.bulkWrite', 'item_stats.bulkWrite', 'person_summaries.findOneAndUpdate', 'reading_sessions.bulkWrite'].map((target) => ({
      target,
      sessions: 1,
    })),
    ...['engagement_clocks.updateOne', 'item_progress.findOneAndUpdate', 'item_stats.updateOne', 'person_summaries.findOneAndUpdate', 'reading_sessions.updateOne'].map(
      (target) => ({ target, sessions: 2 }),
    ),
  ]
  for (const { target, sessions } of writes) {
    test(`failing at ${target} (a request of ${sessions} session${sessions > 1 ? 's' : ''}): the resend is applied, once`, async () => {
      const r = await t.signInReader()
      const s = newSession()
      // A second session on the same item that claims nothing: the figures below stay those of the first.
      const batch = sessions === 1 ? [hb(s, 0, 0.6, 10)] : [hb(s, 0, 0.6, 10), hb(newSession(), 0, 0.2, 0)]
      await failingAt(target, () => applyHeartbeats(r.userId, batch, clock.now()))
      const res = await send(r.token, batch)
      assert.equal(res.status, 200)
      assert.deepEqual(
        res.body.accepted,
        batch.map((h) => ({ sessionId: h.sessionId, seq: h.seq })),
      )
      const p = (await record(r.userId))!
      assert.equal(p.maxDepth, 0.6, 'the depth of the resent heartbeat is stored')
      // The credit the failed try took on the engagement clock is given once: not twice, not lost.
      assert.equal(p.engagedSeconds, 10, 'engaged time counted once')
      const summary = await PersonSummary.findOne({ userId: r.userId }).lean()
      assert.deepEqual(summary?.itemsOpened, [`article:${articleId}`], 'the reader counts as reached')
      const days = await ActivityDay.find({ userId: r.userId }).lean()
      assert.deepEqual(
        days.map((d) => d.opens),
        [1],
        'the day counts one open',
      )
      assert.equal((await ReadingSession.findById(s).lean())?.lastSeq, 0)
      // A further resend changes nothing.
      await send(r.token, batch)
      const again = (await record(r.userId))!
      assert.equal(again.engagedSeconds, p.engagedSeconds)
    })
  }

  test('a completion interrupted before it was counted is counted on the resend', async () => {
    const r = await t.signInReader()
    const s = newSession()
    await send(r.token, [hb(s, 0, 0.3, 0)])
    clock.advance(60_000)
    const finishing = [hb(s, 1, 1, 30)]
    // Fails after the progress write, before the completion reaches the reader's summary.
    await failingAt('person_summaries.findOneAndUpdate', () => applyHeartbeats(r.userId, finishing, clock.now()))
    assert.equal((await send(r.token, finishing)).status, 200)
    assert.equal((await record(r.userId))?.completed, true)
    const summary = await PersonSummary.findOne({ userId: r.userId }).lean()
    assert.deepEqual(summary?.itemsCompleted, [`article:${articleId}`])
    const points = await mongoose.connection
      .db!.collection('points')
      .find({ userId: new mongoose.Types.ObjectId(r.userId), refKey: `article:${articleId}` })
      .toArray()
    assert.equal(points.length, 1, 'the completion earned its study points once')
  })

  test('the completion flipped by a failed try still earns points on the resend', async () => {
    const r = await t.signInReader()
    const s = newSession()
    await send(r.token, [hb(s, 0, 0.3, 0)])
    clock.advance(60_000)
    const finishing = [hb(s, 1, 1, 30)]
    // Fails right after the update that flips completed, before anyone is told.
    await failingAt('item_stats.bulkWrite', () => applyHeartbeats(r.userId, finishing, clock.now()))
    assert.equal((await send(r.token, finishing)).status, 200)
    const points = await mongoose.connection
      .db!.collection('points')
      .find({ userId: new mongoose.Types.ObjectId(r.userId), refKey: `article:${articleId}` })
      .toArray()
    assert.equal(points.length, 1)
  })

  test('the same first batch sent three times at once counts one open and one day', async () => {
    const r = await t.signInReader()
    const s = newSession()
    const batch = [hb(s, 0, 0.5, 5)]
    const answers = await Promise.all([send(r.token, batch), send(r.token, batch), send(r.token, batch)])
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 200],
    )
    const days = await ActivityDay.find({ userId: r.userId }).lean()
    assert.deepEqual(
      days.map((d) => d.opens),
      [1],
    )
    assert.equal((await ItemStats.findById(`article:${articleId}`).lean()) !== null, true)
    assert.equal((await record(r.userId))!.engagedSeconds, 5)
  })
})
