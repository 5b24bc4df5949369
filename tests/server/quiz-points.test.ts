import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ManualClock } from '../../server/clock'
import { Chapter } from '../../server/modules/handbook/model'
import { PointsEntry } from '../../server/modules/quiz/model'
import { awardPoints } from '../../server/modules/quiz/points'
import { rightOptionIds, wrongOptionId, seedConstructedBank } from '../helpers/bank'
import { useTestServer } from '../helpers/server'

const clock = new ManualClock('2026-11-20T02:00:00Z')
let admin: string
const t = useTestServer({ clock }, async () => {
  await seedConstructedBank(2, 6) // two true/false questions for the exam below
  admin = (await t.signInAdmin('publicity_admin')).token
})

const today = async (token: string, kind: string) => (await t.api('get', '/api/quiz/points', { token })).body.today.find((k: any) => k.kind === kind).earned as number
const paidTo = async (userId: string, kind: string) => (await PointsEntry.find({ userId, kind }).lean()).reduce((s, e) => s + e.points, 0)

describe('daily caps hold under concurrency', () => {
  test('twelve article completions at once pay 6 (the cap), not 12', async () => {
    const reader = await t.signInReader()
    const paid = await Promise.all(Array.from({ length: 12 }, (_, i) => awardPoints(reader.userId, null, 'article', `article:c${i}`, clock.now())))
    assert.equal(
      paid.reduce((a, b) => a + b, 0),
      6,
    )
    assert.equal(await paidTo(reader.userId, 'article'), 6)
    assert.equal(await today(reader.token, 'article'), 6)
  })

  test('awards of 2 against a cap of 6 with 5 left: one is paid in part, the total stops at the cap', async () => {
    const reader = await t.signInReader()
    await awardPoints(reader.userId, null, 'chapter', 'chapter:first', clock.now()) // 2 of 6
    const paid = await Promise.all(Array.from({ length: 5 }, (_, i) => awardPoints(reader.userId, null, 'chapter', `chapter:c${i}`, clock.now())))
    assert.equal(
      paid.reduce((a, b) => a + b, 0),
      4,
    )
    assert.equal(await paidTo(reader.userId, 'chapter'), 6)
  })

  test('the same item awarded concurrently pays once', async () => {
    const reader = await t.signInReader()
    const paid = await Promise.all(Array.from({ length: 5 }, () => awardPoints(reader.userId, null, 'article', 'article:same', clock.now())))
    assert.deepEqual(paid.sort(), [0, 0, 0, 0, 1])
  })
})

describe('points come through the normal paths', () => {
  let session = 0
  /** Reads an item to completion through the heartbeat endpoint, as the app does. */
  async function read(token: string, item: { kind: 'article' | 'chapter'; id: string }) {
    const sessionId = `points-session-${++session}`
    await t.api('post', '/api/progress/heartbeats', { token, body: { heartbeats: [{ sessionId, seq: 0, item, depth: 0.5, engagedSeconds: 0 }] } })
    clock.advance(40_000)
    const done = await t.api('post', '/api/progress/heartbeats', { token, body: { heartbeats: [{ sessionId, seq: 1, item, depth: 1, engagedSeconds: 40 }] } })
    assert.equal(done.status, 200, JSON.stringify(done.body))
    assert.equal(done.body.items[0].completed, true, JSON.stringify(done.body))
  }

  test('reading a handbook chapter to the end earns chapter points', async () => {
    const reader = await t.signInReader()
    const chapter = (await Chapter.findOne({ key: 'test-ch1' }).lean())!
    await read(reader.token, { kind: 'chapter', id: String(chapter._id) })
    assert.equal(await today(reader.token, 'chapter'), 2)
  })

  test('reading a published article to the end earns article points', async () => {
    const created = await t.api('post', '/api/admin/articles', { token: admin, body: { title: '积分测试文章', bodyMarkdown: '扫黑除恶，人人有责。'.repeat(20), required: false } })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    await t.api('post', `/api/admin/articles/${created.body.article.id}/publish`, { token: admin })
    const reader = await t.signInReader()
    await read(reader.token, { kind: 'article', id: created.body.article.id })
    assert.equal(await today(reader.token, 'article'), 1)
  })

  test('passing an exam earns exam points; failing does not', async () => {
    const exam = await t.api('post', '/api/admin/exams', {
      token: admin,
      body: { title: '积分竞赛', blueprint: [{ type: 'truefalse', count: 2, points: 50 }], timeLimitSeconds: 600, opensAt: clock.now().toISOString(), published: true },
    })
    const take = async (pass: boolean) => {
      const reader = await t.signInReader()
      const paper = (await t.api('post', `/api/quiz/exams/${exam.body.exam.id}/attempts`, { token: reader.token })).body
      for (const item of paper.items)
        await t.api('put', `/api/quiz/attempts/${paper.attemptId}/answers`, {
          token: reader.token,
          body: { questionId: item.id, selected: pass ? await rightOptionIds(item) : [await wrongOptionId(item)] },
        })
      const result = await t.api('post', `/api/quiz/attempts/${paper.attemptId}/submit`, { token: reader.token })
      assert.equal(result.body.passed, pass)
      return today(reader.token, 'exam')
    }
    assert.equal(await take(true), 10)
    assert.equal(await take(false), 0)
  })

  test('a challenge run earns a point per question in the streak', async () => {
    const reader = await t.signInReader()
    let { attemptId, question } = (await t.api('post', '/api/quiz/challenge', { token: reader.token })).body
    for (let i = 0; i < 2; i++) {
      const res = await t.api('post', `/api/quiz/challenge/${attemptId}/answer`, {
        token: reader.token,
        body: { questionId: question.id, selected: await rightOptionIds(question) },
      })
      question = res.body.question
    }
    const end = await t.api('post', `/api/quiz/challenge/${attemptId}/answer`, {
      token: reader.token,
      body: { questionId: question.id, selected: [await wrongOptionId(question)] },
    })
    assert.deepEqual([end.body.ended, end.body.streak, end.body.pointsAwarded], [true, 2, 2])
    assert.equal(await today(reader.token, 'challenge'), 2)
  })
})
