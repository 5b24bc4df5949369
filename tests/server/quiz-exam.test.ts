import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ManualClock } from '../../server/clock'
import { Question } from '../../server/modules/handbook/model'
import { seedHandbook } from '../../server/modules/handbook/service'
import { WrongAnswer } from '../../server/modules/quiz/model'
import { PersonSummary } from '../../server/modules/summary/model'
import { Campaign } from '../../server/modules/campaigns/model'
import { assertNoAnswerLeak, constructedBank } from '../helpers/bank'
import { closeTestDb, startTestServer, type TestServer } from '../helpers/server'

const clock = new ManualClock('2026-11-20T02:00:00Z')
let t: TestServer
let admin: string

before(async () => {
  t = await startTestServer({ clock })
  const campaign = await Campaign.findOne({ slug: 'saoheichue' }).lean()
  await seedHandbook(campaign!._id, constructedBank(2, 6))
  admin = (await t.signInAdmin('publicity_admin')).token
})
after(async () => {
  await t.stop()
  await closeTestDb()
})

async function createExam(overrides: Record<string, unknown> = {}) {
  const res = await t.api('post', '/api/admin/exams', {
    token: admin,
    body: {
      title: '测试竞赛',
      blueprint: [{ type: 'single', count: 4, points: 5 }, { type: 'multiple', count: 1, points: 10 }, { type: 'truefalse', count: 2, points: 5 }],
      timeLimitSeconds: 600,
      maxAttempts: 2,
      opensAt: new Date(clock.now().getTime() - 60_000).toISOString(),
      published: true,
      ...overrides,
    },
  })
  assert.equal(res.status, 201, JSON.stringify(res.body))
  return res.body.exam.id as string
}

async function correctIds(questionId: string) {
  return (await Question.findById(questionId).lean())!.answer
}

describe('exams', () => {
  test('no answer material before submission; a full-marks paper scores 100% with shuffled options mapped back', async () => {
    const examId = await createExam({ shuffleOptions: true })
    const reader = await t.signInReader()
    const started = await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })
    assert.equal(started.status, 201)
    assertNoAnswerLeak(started.body, 'start')
    assert.equal(started.body.items.length, 7)
    const attemptId = started.body.attemptId

    let shuffled = 0
    for (const item of started.body.items) {
      if (item.options.map((o: any) => o.id).join('') !== [...item.options.map((o: any) => o.id)].sort().join('')) shuffled++
      const save = await t.api('put', `/api/quiz/attempts/${attemptId}/answers`, { token: reader.token, body: { questionId: item.id, selected: await correctIds(item.id) } })
      assert.equal(save.status, 200)
      assertNoAnswerLeak(save.body, 'save')
    }
    assert.ok(shuffled > 0, 'options were shuffled on at least one question')
    const paper = await t.api('get', `/api/quiz/attempts/${attemptId}`, { token: reader.token })
    assertNoAnswerLeak(paper.body, 'paper')
    const early = await t.api('get', `/api/quiz/attempts/${attemptId}/review`, { token: reader.token })
    assert.equal(early.status, 409)
    assertNoAnswerLeak(early.body, 'early review')
    const list = await t.api('get', '/api/quiz/exams', { token: reader.token })
    assertNoAnswerLeak(list.body.exams.map((e: any) => ({ ...e, bestScore: undefined, passed: undefined })), 'exam list')

    const result = await t.api('post', `/api/quiz/attempts/${attemptId}/submit`, { token: reader.token })
    assert.equal(result.status, 200)
    assert.equal(result.body.score, 40)
    assert.equal(result.body.maxScore, 40)
    assert.equal(result.body.passed, true)
    assert.ok(result.body.items.every((i: any) => i.correct && i.explanation && i.basis))
    const summary = await PersonSummary.findOne({ userId: reader.userId }).lean()
    assert.equal(summary!.quizPassed, true)
    assert.equal(summary!.quizAttempts, 1)
  })

  test('wrong answers are scored 0, fail the exam below the pass mark, and land in the wrong-answer book', async () => {
    const examId = await createExam()
    const reader = await t.signInReader()
    const started = await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })
    const attemptId = started.body.attemptId
    const wrongOnes: string[] = []
    for (const [i, item] of started.body.items.entries()) {
      const right = await correctIds(item.id)
      const wrong = item.options.map((o: any) => o.id).filter((id: string) => !right.includes(id)).slice(0, 1)
      const pick = i < 2 ? right : wrong
      if (i >= 2) wrongOnes.push(item.id)
      await t.api('put', `/api/quiz/attempts/${attemptId}/answers`, { token: reader.token, body: { questionId: item.id, selected: pick } })
    }
    const result = await t.api('post', `/api/quiz/attempts/${attemptId}/submit`, { token: reader.token })
    assert.equal(result.body.passed, false)
    assert.ok(result.body.score < 0.6 * 40)
    const book = await t.api('get', '/api/quiz/wrong-book', { token: reader.token })
    assert.deepEqual(book.body.items.map((i: any) => i.questionId).sort(), [...wrongOnes].sort())
    const summary = await PersonSummary.findOne({ userId: reader.userId }).lean()
    assert.equal(summary!.quizPassed, false)
    assert.equal(summary!.quizAttempts, 1)
  })

  test('attempts beyond the limit are refused with 409', async () => {
    const examId = await createExam({ maxAttempts: 1 })
    const reader = await t.signInReader()
    const first = await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })
    // Starting again while open resumes the same attempt.
    const resumed = await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })
    assert.equal(resumed.body.attemptId, first.body.attemptId)
    await t.api('post', `/api/quiz/attempts/${first.body.attemptId}/submit`, { token: reader.token })
    const second = await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })
    assert.equal(second.status, 409)
    assert.equal(second.body.error.code, 'ATTEMPTS_EXHAUSTED')
  })

  test('after the time limit (server clock): "score-at-limit" scores what was saved by the deadline', async () => {
    const examId = await createExam({ timeLimitSeconds: 60, lateSubmission: 'score-at-limit' })
    const reader = await t.signInReader()
    const started = await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })
    const [first, second] = started.body.items
    await t.api('put', `/api/quiz/attempts/${started.body.attemptId}/answers`, { token: reader.token, body: { questionId: first.id, selected: await correctIds(first.id) } })
    clock.advance(61_000)
    const late = await t.api('put', `/api/quiz/attempts/${started.body.attemptId}/answers`, { token: reader.token, body: { questionId: second.id, selected: await correctIds(second.id) } })
    assert.equal(late.status, 409)
    const result = await t.api('post', `/api/quiz/attempts/${started.body.attemptId}/submit`, { token: reader.token })
    assert.equal(result.status, 409, 'already submitted at the limit')
    const review = await t.api('get', `/api/quiz/attempts/${started.body.attemptId}/review`, { token: reader.token })
    assert.equal(review.body.submittedBy, 'time-limit')
    assert.equal(review.body.score, first.points)
  })

  test('after the time limit: "refuse" refuses the submission and the attempt expires unscored', async () => {
    const examId = await createExam({ timeLimitSeconds: 60, lateSubmission: 'refuse' })
    const reader = await t.signInReader()
    const started = await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })
    const item = started.body.items[0]
    await t.api('put', `/api/quiz/attempts/${started.body.attemptId}/answers`, { token: reader.token, body: { questionId: item.id, selected: await correctIds(item.id) } })
    clock.advance(90_000)
    const late = await t.api('post', `/api/quiz/attempts/${started.body.attemptId}/submit`, { token: reader.token })
    assert.equal(late.status, 409)
    assert.equal(late.body.error.code, 'TIME_UP')
    const review = await t.api('get', `/api/quiz/attempts/${started.body.attemptId}/review`, { token: reader.token })
    assert.equal(review.body.status, 'expired')
    assert.equal(review.body.score, 0)
  })

  test('leaving the page more often than allowed submits the attempt', async () => {
    const examId = await createExam({ maxLeaves: 1 })
    const reader = await t.signInReader()
    const started = await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })
    const once = await t.api('post', `/api/quiz/attempts/${started.body.attemptId}/leave`, { token: reader.token })
    assert.deepEqual([once.body.leaves, once.body.submitted], [1, false])
    const twice = await t.api('post', `/api/quiz/attempts/${started.body.attemptId}/leave`, { token: reader.token })
    assert.equal(twice.body.submitted, true)
    const review = await t.api('get', `/api/quiz/attempts/${started.body.attemptId}/review`, { token: reader.token })
    assert.equal(review.body.submittedBy, 'leave-limit')
  })

  test("bad input and other readers' attempts are refused", async () => {
    const examId = await createExam()
    const a = await t.signInReader()
    const b = await t.signInReader()
    const started = await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: a.token })
    const item = started.body.items[0]
    assert.equal((await t.api('get', `/api/quiz/attempts/${started.body.attemptId}`, { token: b.token })).status, 404)
    assert.equal((await t.api('put', `/api/quiz/attempts/${started.body.attemptId}/answers`, { token: a.token, body: { questionId: item.id, selected: ['z'] } })).status, 400)
    assert.equal((await t.api('put', `/api/quiz/attempts/${started.body.attemptId}/answers`, { token: a.token, body: { questionId: '0123456789abcdef01234567', selected: ['a'] } })).status, 400)
    assert.equal((await t.api('post', '/api/admin/exams', { token: admin, body: { title: 'x', blueprint: [], timeLimitSeconds: 60, opensAt: new Date().toISOString() } })).status, 400)
    assert.equal((await t.api('post', '/api/admin/exams', { token: a.token, body: {} })).status, 403)
  })
})

describe('wrong-answer book schedule', () => {
  test('reviews at 1, 2, 4, 7, 15 days; mastered after three right answers in a row', async () => {
    const reader = await t.signInReader()
    const q = (await Question.findOne({ type: 'single' }).lean())!
    const wrong = q.options.find((o) => !q.answer.includes(o.id))!.id
    const answer = (selected: string[]) => t.api('post', '/api/quiz/practice/answer', { token: reader.token, body: { questionId: String(q._id), selected } })
    const wrongRes = await answer([wrong])
    assert.equal(wrongRes.body.correct, false)
    assert.ok(wrongRes.body.explanation, 'practice gives instant feedback')
    const entry = async () => (await WrongAnswer.findOne({ userId: reader.userId, questionId: q._id }).lean())!
    const day = 24 * 3600_000
    const gap = async () => Math.round(((await entry()).nextReviewAt.getTime() - clock.now().getTime()) / day)
    assert.equal(await gap(), 1)
    await answer(q.answer)
    assert.equal(await gap(), 2)
    await answer(q.answer)
    assert.equal(await gap(), 4)
    assert.equal((await entry()).mastered, false)
    await answer(q.answer)
    assert.equal((await entry()).mastered, true)
    // A new mistake brings it back to the start.
    await answer([wrong])
    assert.deepEqual([(await entry()).mastered, await gap(), (await entry()).wrongCount], [false, 1, 2])

    const xlsx = await fetch(`${t.url}/api/quiz/wrong-book/export`, { headers: { authorization: `Bearer ${reader.token}` } })
    assert.equal(xlsx.status, 200)
    const ExcelJS = (await import('exceljs')).default
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await xlsx.arrayBuffer())
    assert.equal(wb.worksheets[0].getRow(2).getCell(1).value, q.stem)
  })
})
