import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ManualClock } from '../../server/clock'
import { Question } from '../../server/modules/handbook/model'
import { awardPoints } from '../../server/modules/quiz/points'
import { assertNoAnswerLeak, rightOptionIds, seedConstructedBank } from '../helpers/bank'
import { useTestServer } from '../helpers/server'

// 23:30 in Shanghai on the 20th (15:30 UTC).
const clock = new ManualClock('2026-11-20T15:30:00Z')
const t = useTestServer({ clock }, async () => {
  await seedConstructedBank(3, 6) // 24 questions
})

const ids = (body: any) => body.items.map((i: any) => i.id)

describe('daily quiz (每日一练)', () => {
  test('is the same all day (Asia/Shanghai), prefers unseen questions, and changes the next day', async () => {
    const reader = await t.signInReader()
    const first = await t.api('get', '/api/quiz/daily', { token: reader.token })
    assert.equal(first.status, 200)
    assert.equal(first.body.items.length, 5)
    assert.equal(first.body.day, '2026-11-20')
    assertNoAnswerLeak(first.body, 'daily')

    clock.advance(20 * 60_000) // 23:50 Shanghai: same day
    assert.deepEqual(ids((await t.api('get', '/api/quiz/daily', { token: reader.token })).body), ids(first.body))

    // Answer today's set; feedback comes with each answer.
    for (const item of first.body.items) {
      const res = await t.api('post', '/api/quiz/daily/answer', { token: reader.token, body: { questionId: item.id, selected: await rightOptionIds(item) } })
      assert.equal(res.body.correct, true)
    }
    const again = await t.api('post', '/api/quiz/daily/answer', { token: reader.token, body: { questionId: first.body.items[0].id, selected: ['a'] } })
    assert.equal(again.status, 409)

    clock.advance(15 * 60_000) // 00:05 Shanghai on the 21st (still the 20th in UTC)
    const next = await t.api('get', '/api/quiz/daily', { token: reader.token })
    assert.equal(next.body.day, '2026-11-21')
    const overlap = ids(next.body).filter((id: string) => ids(first.body).includes(id))
    assert.deepEqual(overlap, [], "yesterday's (now seen) questions are not repeated while unseen ones remain")

    // Another reader gets their own set.
    const other = await t.signInReader()
    const theirs = await t.api('get', '/api/quiz/daily', { token: other.token })
    assert.notDeepEqual(ids(theirs.body), ids(next.body))
  })

  test("a question outside today's set is refused", async () => {
    const reader = await t.signInReader()
    const today = ids((await t.api('get', '/api/quiz/daily', { token: reader.token })).body)
    const outside = await Question.findOne({ _id: { $nin: today } }).lean()
    const res = await t.api('post', '/api/quiz/daily/answer', { token: reader.token, body: { questionId: String(outside!._id), selected: ['a'] } })
    assert.equal(res.status, 400)
    assert.equal(res.body.error.code, 'NOT_IN_DAILY_SET')
  })
})

describe('study points (学习积分)', () => {
  test('finishing the daily quiz earns its points once; every kind stops at its daily cap; a new day starts afresh', async () => {
    const reader = await t.signInReader()
    const today = (await t.api('get', '/api/quiz/daily', { token: reader.token })).body
    let awarded = 0
    for (const item of today.items) {
      const res = await t.api('post', '/api/quiz/daily/answer', { token: reader.token, body: { questionId: item.id, selected: [item.options[0].id] } })
      assert.equal(res.status, 200, JSON.stringify(res.body))
      awarded += res.body.pointsAwarded
    }
    assert.equal(awarded, 5)

    // Article completions: 1 point each, capped at 6 a day; the same article never twice.
    const at = clock.now()
    const results = []
    for (let i = 0; i < 9; i++) results.push(await awardPoints(reader.userId, null, 'article', `article:${i}`, at))
    assert.deepEqual(results, [1, 1, 1, 1, 1, 1, 0, 0, 0])
    assert.equal(await awardPoints(reader.userId, null, 'article', 'article:0', at), 0)

    const summary = (await t.api('get', '/api/quiz/points', { token: reader.token })).body
    const article = summary.today.find((k: any) => k.kind === 'article')
    assert.deepEqual([article.earned, article.cap], [6, 6])
    assert.equal(summary.todayTotal, 11)
    assert.equal(summary.total, 11)

    clock.advance(24 * 3600_000)
    assert.equal(await awardPoints(reader.userId, null, 'article', 'article:100', clock.now()), 1)
    const later = (await t.api('get', '/api/quiz/points', { token: reader.token })).body
    assert.equal(later.todayTotal, 1)
    assert.equal(later.total, 12)
  })
})
