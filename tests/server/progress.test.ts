import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ManualClock } from '../../server/clock'
import { ItemProgress, ReadingSession } from '../../server/modules/progress/model'
import { ActivityDay, PersonSummary } from '../../server/modules/summary/model'
import { closeTestDb, startTestServer, type TestServer } from '../helpers/server'

const clock = new ManualClock('2026-11-20T02:00:00Z')
let t: TestServer
let admin: string
let articleId: string
let readingSeconds: number

// 200 Chinese characters at 400 a minute = 30 s estimated; needed engagement = min(30, 30% × 30) = 9 s.
const BODY = '扫黑除恶专项斗争事关社会大局稳定和国家长治久安。'.repeat(10).slice(0, 200)

before(async () => {
  t = await startTestServer({ clock })
  admin = (await t.signInAdmin('publicity_admin')).token
  const created = await t.api('post', '/api/admin/articles', { token: admin, body: { title: '进度测试文章', bodyMarkdown: BODY, required: true } })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  articleId = created.body.article.id
  readingSeconds = created.body.article.readingSeconds
  await t.api('post', `/api/admin/articles/${articleId}/publish`, { token: admin })
})
after(async () => {
  await t.stop()
  await closeTestDb()
})

let sessionCounter = 0
const newSession = () => `session-${Date.now()}-${++sessionCounter}`
const hb = (sessionId: string, seq: number, depth: number, engagedSeconds: number) => ({ sessionId, seq, item: { kind: 'article', id: articleId }, depth, engagedSeconds })

async function send(token: string, heartbeats: unknown[]) {
  return t.api('post', '/api/progress/heartbeats', { token, body: { heartbeats } })
}

async function record(userId: string) {
  return ItemProgress.findOne({ userId, itemKey: `article:${articleId}` }).lean()
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
    assert.deepEqual(first.body.accepted, [{ sessionId: s, seq: 0 }, { sessionId: s, seq: 1 }])
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
    assert.equal(days.reduce((n, d) => n + d.completions, 0), 1)

    // More reading afterwards does not complete it "again".
    clock.advance(10_000)
    await send(r.token, [hb(s, 3, 1, 10)])
    const daysAfter = await ActivityDay.find({ userId: r.userId }).lean()
    assert.equal(daysAfter.reduce((n, d) => n + d.completions, 0), 1)
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
    const tooMany = await send(r.token, Array.from({ length: 101 }, (_, i) => hb(s, i, 0.1, 0)))
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
})
