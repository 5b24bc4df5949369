/**
 * 有效学习时长: engaged time credited per reader per Asia/Shanghai day, counted by the same
 * clock write that grants it (docs/quiz.md, "Study points"), and the task on 学习积分.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ManualClock } from '../../server/clock'
import { applyHeartbeats, engagedSecondsOn } from '../../server/modules/progress/service'
import { ItemProgress } from '../../server/modules/progress/model'
import { failingAt } from '../helpers/db'
import { useTestServer } from '../helpers/server'

const clock = new ManualClock('2026-11-20T02:00:00Z') // 10:00 in Shanghai
let admin: string
let articleId: string
const t = useTestServer({ clock }, async () => {
  admin = (await t.signInAdmin('publicity_admin')).token
  const created = await t.api('post', '/api/admin/articles', {
    token: admin,
    body: { title: '学习时长测试文章', bodyMarkdown: '扫黑除恶，人人有责。'.repeat(200), required: false },
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  articleId = created.body.article.id
  await t.api('post', `/api/admin/articles/${articleId}/publish`, { token: admin })
})

let sessionCounter = 0
const newSession = () => `engaged-${Date.now()}-${++sessionCounter}`
const hb = (sessionId: string, seq: number, engagedSeconds: number) => ({ sessionId, seq, item: { kind: 'article' as const, id: articleId }, depth: 0.5, engagedSeconds })
const send = (token: string, heartbeats: unknown[]) => t.api('post', '/api/progress/heartbeats', { token, body: { heartbeats } })
const day = () => new Date(clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10)

async function minutesTask(token: string) {
  const res = await t.api('get', '/api/quiz/points', { token })
  assert.equal(res.status, 200, JSON.stringify(res.body))
  return res.body.tasks.find((k: { kind: string }) => k.kind === 'minutes') as {
    name: string
    done: number
    target: number
    unit: string
    earned: number
    cap: number
    complete: boolean
  }
}

/** A reader on the page for `minutes`, the app's heartbeat every 30 s claiming 30 s engaged. */
async function readFor(token: string, minutes: number, sessionId = newSession()) {
  for (let seq = 0; seq < minutes * 2; seq++) {
    clock.advance(30_000)
    const res = await send(token, [hb(sessionId, seq, 30)])
    assert.equal(res.status, 200, JSON.stringify(res.body))
  }
  return sessionId
}

describe('engaged minutes per day', () => {
  test('minutes accumulate from heartbeats and show as 有效学习时长 x/30 分钟, one point per 5 minutes', async () => {
    const r = await t.signInReader()
    const before = await minutesTask(r.token)
    assert.deepEqual([before.name, before.done, before.target, before.unit, before.earned, before.cap], ['有效学习时长', 0, 30, '分钟', 0, 6])

    await readFor(r.token, 12)
    const record = (await ItemProgress.findOne({ userId: r.userId, itemKey: `article:${articleId}` }).lean())!
    // The first heartbeat gets the first-contact allowance (12 s of its 30): the day holds what the item got.
    assert.equal(await engagedSecondsOn(r.userId, day()), record.engagedSeconds)
    assert.ok(record.engagedSeconds >= 11.5 * 60, `engaged ${record.engagedSeconds}`)
    const after = await minutesTask(r.token)
    assert.equal(after.done, Math.floor(record.engagedSeconds / 60))
    assert.equal(after.earned, 2, '10 whole minutes → 2 points')
    assert.equal(after.complete, false)
  })

  test('the daily cap: 40 minutes pay 6 points and the task shows 30/30, complete', async () => {
    const r = await t.signInReader()
    await readFor(r.token, 40)
    const task = await minutesTask(r.token)
    assert.deepEqual([task.done, task.target, task.earned, task.complete], [30, 30, 6, true])
  })

  test('a resend of stored heartbeats adds nothing to the day', async () => {
    const r = await t.signInReader()
    const s = await readFor(r.token, 3)
    const total = await engagedSecondsOn(r.userId, day())
    // The app resends when it missed the answer: the same batches again, later.
    clock.advance(60_000)
    for (let seq = 0; seq < 6; seq++) assert.equal((await send(r.token, [hb(s, seq, 30)])).status, 200)
    assert.equal(await engagedSecondsOn(r.userId, day()), total)
  })

  test('days are Asia/Shanghai days: time before and after 00:00 there counts on two days', async () => {
    const r = await t.signInReader()
    clock.set('2026-11-21T15:55:00Z') // 23:55 in Shanghai
    const s = await readFor(r.token, 4) // until 23:59
    const first = await engagedSecondsOn(r.userId, '2026-11-21')
    clock.advance(60_000) // 00:00:00; the next heartbeats arrive on the 22nd
    for (let seq = 8; seq < 12; seq++) {
      clock.advance(30_000)
      await send(r.token, [hb(s, seq, 30)])
    }
    assert.ok(first >= 3.5 * 60, `first day ${first}`)
    assert.equal(await engagedSecondsOn(r.userId, '2026-11-21'), first)
    assert.equal(await engagedSecondsOn(r.userId, '2026-11-22'), 120)
    assert.equal((await minutesTask(r.token)).done, 2)
  })
})

describe('a failure between the writes of a batch does not double-count the day', () => {
  // After the clock's write (batched path, then the one-request path of two sessions): its credit is counted; the resend reuses it.
  for (const { target, sessions } of [
    { target: 'item_progress.bulkWrite', sessions: 1 },
    { target: 'reading_sessions.bulkWrite', sessions: 1 },
    { target: 'item_progress.findOneAndUpdate', sessions: 2 },
    { target: 'reading_sessions.updateOne', sessions: 2 },
  ]) {
    test(`failing at ${target}: the resend counts the engaged time once`, async () => {
      const r = await t.signInReader()
      const s = newSession()
      clock.advance(60_000)
      await send(r.token, [hb(s, 0, 0)]) // first contact: the allowance is spent here, not below
      clock.advance(40_000)
      const batch = sessions === 1 ? [hb(s, 1, 30)] : [hb(s, 1, 30), hb(newSession(), 0, 0)]
      const before = await engagedSecondsOn(r.userId, day())
      await failingAt(target, () => applyHeartbeats(r.userId, batch, clock.now()))
      assert.equal((await send(r.token, batch)).status, 200)
      assert.equal(await engagedSecondsOn(r.userId, day()), before + 30)
      assert.equal(await engagedSecondsOn(r.userId, day()), (await ItemProgress.findOne({ userId: r.userId, itemKey: `article:${articleId}` }).lean())!.engagedSeconds)
      await send(r.token, batch)
      assert.equal(await engagedSecondsOn(r.userId, day()), before + 30, 'a further resend adds nothing')
    })
  }
})
