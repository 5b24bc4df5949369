import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ManualClock } from '../../server/clock'
import { Chapter, Question } from '../../server/modules/handbook/model'
import { Person } from '../../server/modules/roster/model'
import { assertNoAnswerLeak, rightOptionIds, wrongOptionId } from '../helpers/bank'
import { useTestServer } from '../helpers/server'

const clock = new ManualClock('2026-11-20T02:00:00Z')
const t = useTestServer({ clock })

describe('challenge (挑战答题)', () => {
  test('answer until the first mistake; the server times each question; the best streak is kept', async () => {
    const reader = await t.signInReader()
    const start = await t.api('post', '/api/quiz/challenge', { token: reader.token })
    assert.equal(start.status, 201)
    assertNoAnswerLeak(start.body.question, 'challenge question')
    let { attemptId, question } = start.body
    for (let i = 0; i < 3; i++) {
      clock.advance(5_000)
      const res = await t.api('post', `/api/quiz/challenge/${attemptId}/answer`, {
        token: reader.token,
        body: { questionId: question.id, selected: await rightOptionIds(question) },
      })
      assert.equal(res.body.correct, true)
      assert.equal(res.body.streak, i + 1)
      assertNoAnswerLeak(res.body.question, 'next challenge question')
      question = res.body.question
    }
    clock.advance(21_000) // over the 20 s limit: even the right answer ends the run
    const late = await t.api('post', `/api/quiz/challenge/${attemptId}/answer`, {
      token: reader.token,
      body: { questionId: question.id, selected: await rightOptionIds(question) },
    })
    assert.deepEqual([late.body.timedOut, late.body.ended, late.body.streak, late.body.best], [true, true, 3, 3])
    const after = await t.api('post', `/api/quiz/challenge/${attemptId}/answer`, { token: reader.token, body: { questionId: question.id, selected: ['a'] } })
    assert.equal(after.status, 409)

    // A worse second run keeps the best of 3.
    const again = await t.api('post', '/api/quiz/challenge', { token: reader.token })
    const lost = await t.api('post', `/api/quiz/challenge/${again.body.attemptId}/answer`, {
      token: reader.token,
      body: { questionId: again.body.question.id, selected: [await wrongOptionId(again.body.question)] },
    })
    assert.deepEqual([lost.body.ended, lost.body.streak, lost.body.best], [true, 0, 3])
  })
})

describe('leaderboards and item statistics', () => {
  test('departments are ranked by pass rate and by share of roster taking part; readers within my department by points', async () => {
    const admin = (await t.signInAdmin('publicity_admin')).token
    const exam = await t.api('post', '/api/admin/exams', {
      token: admin,
      body: {
        title: '排行测试',
        blueprint: [{ type: 'truefalse', count: 2, points: 50 }],
        timeLimitSeconds: 600,
        opensAt: new Date(clock.now().getTime() - 1000).toISOString(),
        published: true,
        shuffleQuestions: false,
      },
    })
    const big = await t.departmentId('C01')
    const small = await t.departmentId('C02')
    // C01: 4 people, 2 take part, 1 passes. C02: 1 person, takes part and passes.
    const people = [
      ['B1', big],
      ['B2', big],
      ['B3', big],
      ['B4', big],
      ['S1', small],
    ] as const
    for (const [number, departmentId] of people) await Person.create({ number, name: `人${number}`, type: 'student', departmentId })
    const take = async (number: string, pass: boolean) => {
      const r = await t.signInReader()
      await t.api('put', '/api/me/binding', { token: r.token, body: { number, name: `人${number}` } })
      const paper = await t.api('post', `/api/quiz/exams/${exam.body.exam.id}/attempts`, { token: r.token })
      for (const item of paper.body.items) {
        const right = await rightOptionIds(item)
        await t.api('put', `/api/quiz/attempts/${paper.body.attemptId}/answers`, {
          token: r.token,
          body: { questionId: item.id, selected: pass ? right : item.options.map((o: any) => o.id).filter((id: string) => !right.includes(id)) },
        })
      }
      await t.api('post', `/api/quiz/attempts/${paper.body.attemptId}/submit`, { token: r.token })
      return r
    }
    const b1 = await take('B1', true)
    await take('B2', false)
    await take('S1', true)

    const boards = (await t.api('get', '/api/quiz/leaderboards', { token: b1.token })).body
    const row = (list: any[], id: string) => list.find((d) => d.departmentId === id)
    assert.deepEqual([row(boards.departments.byPassRate, big).passRate, row(boards.departments.byPassRate, small).passRate], [0.5, 1])
    assert.deepEqual([row(boards.departments.byParticipation, big).participationShare, row(boards.departments.byParticipation, small).participationShare], [0.5, 1])
    assert.equal(boards.departments.byPassRate[0].departmentId, small, 'the small department is not disadvantaged')
    assert.deepEqual(
      boards.readers.rows.map((r: any) => [r.name, r.me]),
      [
        ['人B1', true],
        ['人*2', false],
      ],
      'B1 earned exam points, B2 none; the other reader is masked',
    )
    assert.ok(boards.readers.rows[0].points > 0)

    const stats = await t.api('get', `/api/admin/exams/${exam.body.exam.id}/statistics`, { token: admin })
    assert.equal(stats.status, 200)
    assert.equal(stats.body.attempts, 3)
    assert.equal(stats.body.mean, 66.6667) // scores 100, 0, 100 → 200 / 3, rounded to 4 places
    assert.equal(stats.body.sd, 57.735) // √(((100 − 66.67)² × 2 + 66.67²) / 2)
    // Papers drawn at random from all the bank's true/false questions: α over them would mean nothing.
    assert.equal(stats.body.cronbachAlpha, null)
    assert.match(stats.body.alphaNote, /随机抽题/)
  })

  test('statistics use attempt number 1 of each reader; α is computed when everyone had the same questions', async () => {
    const admin = (await t.signInAdmin('publicity_admin')).token
    // A chapter with exactly three true/false questions: every paper has the same three.
    const perChapter = await Question.aggregate<{ _id: unknown; n: number }>([{ $match: { active: true, type: 'truefalse' } }, { $group: { _id: '$chapterId', n: { $sum: 1 } } }])
    const chapter = (await Chapter.findById(perChapter.find((c) => c.n === 3)!._id).lean())!
    const exam = await t.api('post', '/api/admin/exams', {
      token: admin,
      body: {
        title: '首次作答',
        blueprint: [{ chapterId: String(chapter._id), type: 'truefalse', count: 3, points: 1 }],
        timeLimitSeconds: 60,
        lateSubmission: 'refuse',
        maxAttempts: 2,
        opensAt: new Date(clock.now().getTime() - 1000).toISOString(),
        published: true,
      },
    })
    assert.equal(exam.status, 201, JSON.stringify(exam.body))
    const examId = exam.body.exam.id
    const start = async (token: string) => (await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token })).body
    // Answers right the questions whose id is among the first `rightCount` ids (in id order), wrong the rest.
    const take = async (token: string, rightCount: number) => {
      const paper = await start(token)
      const ordered = [...paper.items].sort((a: any, b: any) => a.id.localeCompare(b.id))
      for (const [i, item] of ordered.entries()) {
        const selected = i < rightCount ? await rightOptionIds(item) : [await wrongOptionId(item)]
        await t.api('put', `/api/quiz/attempts/${paper.attemptId}/answers`, { token, body: { questionId: item.id, selected } })
      }
      const done = await t.api('post', `/api/quiz/attempts/${paper.attemptId}/submit`, { token })
      assert.equal(done.status, 200, JSON.stringify(done.body))
    }
    const [r1, r2, r3, r4] = [await t.signInReader(), await t.signInReader(), await t.signInReader(), await t.signInReader()]
    await start(r4.token) // R4's first attempt will run out of time and be refused
    await take(r1.token, 3)
    await take(r2.token, 1)
    await take(r3.token, 0)
    clock.advance(120_000)
    await take(r4.token, 3) // R4's second attempt: not a first attempt
    await take(r1.token, 0) // R1's second attempt: not counted either

    const stats = (await t.api('get', `/api/admin/exams/${examId}/statistics`, { token: admin })).body
    assert.equal(stats.attempts, 3)
    assert.equal(stats.refusedFirstAttempts, 1)
    // Totals 3, 1, 0: mean 4/3; item variances 1/3 each, total variance 7/3; α = 3/2 × (1 − 1 / (7/3)) = 6/7.
    assert.equal(stats.mean, 1.3333)
    assert.equal(stats.cronbachAlpha, 0.8571)
    assert.equal(stats.alphaNote, null)
    const item = stats.items[0]
    assert.deepEqual(
      item.options.map((o: any) => o.text),
      ['正确', '错误'],
    )
    assert.equal(
      item.options.reduce((n: number, o: any) => n + o.count, 0),
      3,
    )
  })
})
