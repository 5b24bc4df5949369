import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, test } from 'node:test'
import { Types } from 'mongoose'
import { ManualClock } from '../../server/clock'
import { Question } from '../../server/modules/handbook/model'
import { Exam, ExamSeat, QuizAttempt } from '../../server/modules/quiz/model'
import { PersonSummary } from '../../server/modules/summary/model'
import { assertNoAnswerLeak, rightOptionIds, wrongOptionId, seedConstructedBank } from '../helpers/bank'
import { useTestServer } from '../helpers/server'

const clock = new ManualClock('2026-11-20T02:00:00Z')
let admin: string
const t = useTestServer({ clock }, async () => {
  await seedConstructedBank(2, 6)
  admin = (await t.signInAdmin('publicity_admin')).token
})

async function createExam(overrides: Record<string, unknown> = {}) {
  const res = await t.api('post', '/api/admin/exams', {
    token: admin,
    body: {
      title: '测试竞赛',
      blueprint: [
        { type: 'single', count: 4, points: 5 },
        { type: 'multiple', count: 1, points: 10 },
        { type: 'truefalse', count: 2, points: 5 },
      ],
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

describe('exams', () => {
  test('no answer material before submission; a full-marks paper scores 100% with shuffled options mapped back', async () => {
    const examId = await createExam({ shuffleOptions: true })
    const reader = await t.signInReader()
    const started = await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })
    assert.equal(started.status, 201)
    assertNoAnswerLeak(started.body, 'start')
    assert.equal(started.body.items.length, 7)
    const attemptId = started.body.attemptId

    let moved = 0
    for (const item of started.body.items) {
      // Option ids say nothing about the stored order (not a, b, c…), and options did move.
      assert.ok(
        item.options.every((o: any) => !/^[a-h]$/.test(o.id)),
        'option ids are opaque',
      )
      const stored = (await Question.findById(item.id).lean())!.options.map((o) => o.text)
      if (item.options.some((o: any, i: number) => o.text !== stored[i])) moved++
      // The reader taps the options whose text is right, wherever they are shown.
      const save = await t.api('put', `/api/quiz/attempts/${attemptId}/answers`, { token: reader.token, body: { questionId: item.id, selected: await rightOptionIds(item) } })
      assert.equal(save.status, 200)
      assertNoAnswerLeak(save.body, 'save')
    }
    assert.ok(moved > 0, 'options were shuffled on at least one question')
    const paper = await t.api('get', `/api/quiz/attempts/${attemptId}`, { token: reader.token })
    assertNoAnswerLeak(paper.body, 'paper')
    // Resuming (starting again while open) gives the same paper, still without answers.
    const resumed = await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })
    assert.equal(resumed.body.attemptId, attemptId)
    assertNoAnswerLeak(resumed.body, 'resume')
    assert.deepEqual(
      resumed.body.items.map((i: any) => i.options.map((o: any) => o.id)),
      started.body.items.map((i: any) => i.options.map((o: any) => o.id)),
    )
    const early = await t.api('get', `/api/quiz/attempts/${attemptId}/review`, { token: reader.token })
    assert.equal(early.status, 409)
    assertNoAnswerLeak(early.body, 'early review')
    const list = await t.api('get', '/api/quiz/exams', { token: reader.token })
    assertNoAnswerLeak(
      list.body.exams.map((e: any) => ({ ...e, bestScore: undefined, passed: undefined })),
      'exam list',
    )

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
      const pick = i < 2 ? await rightOptionIds(item) : [await wrongOptionId(item)]
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
    await t.api('put', `/api/quiz/attempts/${started.body.attemptId}/answers`, { token: reader.token, body: { questionId: first.id, selected: await rightOptionIds(first) } })
    clock.advance(61_000)
    const late = await t.api('put', `/api/quiz/attempts/${started.body.attemptId}/answers`, {
      token: reader.token,
      body: { questionId: second.id, selected: await rightOptionIds(second) },
    })
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
    await t.api('put', `/api/quiz/attempts/${started.body.attemptId}/answers`, { token: reader.token, body: { questionId: item.id, selected: await rightOptionIds(item) } })
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
    // The stored id of an option is not accepted: readers only ever see (and send) public ids.
    assert.equal(
      (await t.api('put', `/api/quiz/attempts/${started.body.attemptId}/answers`, { token: a.token, body: { questionId: item.id, selected: ['a'] } })).body.error?.code,
      'BAD_OPTION',
    )
    assert.equal(
      (
        await t.api('put', `/api/quiz/attempts/${started.body.attemptId}/answers`, {
          token: a.token,
          body: { questionId: '0123456789abcdef01234567', selected: [item.options[0].id] },
        })
      ).status,
      400,
    )
    assert.equal(
      (await t.api('post', '/api/admin/exams', { token: admin, body: { title: 'x', blueprint: [], timeLimitSeconds: 60, opensAt: new Date().toISOString() } })).status,
      400,
    )
    assert.equal((await t.api('post', '/api/admin/exams', { token: a.token, body: {} })).status, 403)
  })
})

describe('attempts under concurrency', () => {
  test('five parallel starts with one attempt allowed create exactly one attempt', async () => {
    const examId = await createExam({ maxAttempts: 1 })
    const reader = await t.signInReader()
    const starts = await Promise.all(Array.from({ length: 5 }, () => t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })))
    assert.equal(await QuizAttempt.countDocuments({ userId: reader.userId, examId }), 1)
    const ok = starts.filter((s) => s.status === 201)
    assert.ok(ok.length >= 1, JSON.stringify(starts.map((s) => [s.status, s.body.error?.code])))
    assert.equal(new Set(ok.map((s) => s.body.attemptId)).size, 1, 'every successful start is the same attempt')
    for (const s of starts) if (s.status !== 201) assert.equal(s.status, 409)
    await t.api('post', `/api/quiz/attempts/${ok[0].body.attemptId}/submit`, { token: reader.token })
    const again = await Promise.all(Array.from({ length: 3 }, () => t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })))
    assert.deepEqual(
      again.map((s) => s.status),
      [409, 409, 409],
    )
    assert.equal(await QuizAttempt.countDocuments({ userId: reader.userId, examId }), 1)
  })

  test('a double tap does not use up a second attempt', async () => {
    const examId = await createExam({ maxAttempts: 3 })
    const reader = await t.signInReader()
    await Promise.all(Array.from({ length: 5 }, () => t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })))
    const attempts = await QuizAttempt.find({ userId: reader.userId, examId }).lean()
    assert.deepEqual(
      attempts.map((a) => a.attemptNo),
      [1],
    )
  })

  test("a start that counts a double tap's seat before that attempt is written resumes it instead of opening a second attempt", async () => {
    const examId = await createExam({ maxAttempts: 3 })
    const reader = await t.signInReader()
    // The first tap has claimed seat 1 and is about to write its attempt.
    const firstId = new Types.ObjectId()
    await ExamSeat.create({ userId: reader.userId, examId, attemptNo: 1, attemptId: firstId, at: clock.now() })
    const second = t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })
    await sleep(300)
    const exam = (await Exam.findById(examId).lean())!
    const q = (await Question.findOne({ type: 'single' }).lean())!
    await QuizAttempt.create({
      _id: firstId,
      userId: reader.userId,
      campaignId: exam.campaignId,
      kind: 'exam',
      examId,
      attemptNo: 1,
      items: [{ questionId: q._id, optionOrder: q.options.map((o) => o.id), points: 5 }],
      startedAt: clock.now(),
      deadline: new Date(clock.now().getTime() + 600_000),
      maxScore: 5,
    })
    const res = await second
    assert.equal(res.status, 201, JSON.stringify(res.body))
    assert.equal(res.body.attemptId, String(firstId))
    assert.deepEqual(
      (await QuizAttempt.find({ userId: reader.userId, examId }).lean()).map((a) => a.attemptNo),
      [1],
    )
    assert.deepEqual(
      (await ExamSeat.find({ userId: reader.userId, examId }).lean()).map((s) => s.attemptNo),
      [1],
      'the second seat is given back',
    )
  })

  test('when writing the attempt fails after its seat was claimed, the seat is given back', async (tt) => {
    const examId = await createExam({ maxAttempts: 1 })
    const reader = await t.signInReader()
    const failing = tt.mock.method(QuizAttempt, 'create', async () => {
      throw new Error('write failed')
    })
    const failed = await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })
    failing.mock.restore()
    assert.equal(failed.status, 500)
    assert.equal(await ExamSeat.countDocuments({ userId: reader.userId, examId }), 0)
    // The one attempt allowed is still there.
    const retried = await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })
    assert.equal(retried.status, 201, JSON.stringify(retried.body))
    assert.equal((await QuizAttempt.findById(retried.body.attemptId).lean())!.attemptNo, 1)
  })

  test('leaves are counted atomically: six at once are six', async () => {
    const examId = await createExam({ maxLeaves: 10 })
    const reader = await t.signInReader()
    const started = await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })
    await Promise.all(Array.from({ length: 6 }, () => t.api('post', `/api/quiz/attempts/${started.body.attemptId}/leave`, { token: reader.token })))
    assert.equal((await QuizAttempt.findById(started.body.attemptId).lean())!.leaves, 6)
  })

  test('an attempt that expires under "refuse" is counted once in the summary, however many requests see it expire', async () => {
    const examId = await createExam({ timeLimitSeconds: 60, lateSubmission: 'refuse' })
    const reader = await t.signInReader()
    const started = await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })
    clock.advance(120_000)
    const views = await Promise.all(Array.from({ length: 5 }, () => t.api('get', `/api/quiz/attempts/${started.body.attemptId}`, { token: reader.token })))
    assert.ok(views.every((v) => v.body.status === 'expired'))
    assert.equal((await PersonSummary.findOne({ userId: reader.userId }).lean())!.quizAttempts, 1)
  })
})

describe('time and exam window', () => {
  test("the deadline never runs past the exam's close time", async () => {
    const closesAt = new Date(clock.now().getTime() + 120_000)
    const examId = await createExam({ timeLimitSeconds: 600, closesAt: closesAt.toISOString() })
    const reader = await t.signInReader()
    const started = await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })
    assert.equal(started.body.deadline, closesAt.toISOString())
  })

  test('under "refuse", a submission a few seconds late (network latency) is still scored; later it is refused', async () => {
    const examId = await createExam({ timeLimitSeconds: 60, lateSubmission: 'refuse' })
    const reader = await t.signInReader()
    const started = await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })
    const item = started.body.items[0]
    clock.advance(62_000) // 2 s after the deadline: the last answer and the app's automatic submission arrive
    await answerRightAndSubmit(reader.token, started.body.attemptId, item)

    const second = await t.signInReader()
    const other = await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: second.token })
    assert.equal(other.status, 201)
    clock.advance(66_000) // 6 s after that deadline: beyond the grace
    const late = await t.api('post', `/api/quiz/attempts/${other.body.attemptId}/submit`, { token: second.token })
    assert.equal(late.status, 409)
    assert.equal(late.body.error.code, 'TIME_UP')
  })

  test('unpublishing an exam does not strand an open attempt: it can be resumed, answered and submitted; new starts are refused', async () => {
    const examId = await createExam()
    const reader = await t.signInReader()
    const started = await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })
    assert.equal((await t.api('put', `/api/admin/exams/${examId}`, { token: admin, body: { published: false } })).status, 200)

    const list = await t.api('get', '/api/quiz/exams', { token: reader.token })
    assert.equal(list.body.exams.find((e: any) => e.id === examId)?.openAttemptId, started.body.attemptId)
    const resumed = await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: reader.token })
    assert.equal(resumed.body.attemptId, started.body.attemptId)
    const item = resumed.body.items[0]
    await answerRightAndSubmit(reader.token, started.body.attemptId, item)

    const newcomer = await t.signInReader()
    assert.equal((await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token: newcomer.token })).status, 404)
    assert.equal(
      (await t.api('get', '/api/quiz/exams', { token: newcomer.token })).body.exams.some((e: any) => e.id === examId),
      false,
    )
  })
})

describe('exam settings checked by the server', () => {
  const base = () => ({ title: '校验', blueprint: [{ type: 'single', count: 2, points: 5 }], timeLimitSeconds: 600, opensAt: clock.now().toISOString() })

  test('the close time must be after the open time, on create and on update', async () => {
    const bad = await t.api('post', '/api/admin/exams', { token: admin, body: { ...base(), closesAt: new Date(clock.now().getTime() - 1000).toISOString() } })
    assert.equal(bad.status, 400)
    const examId = await createExam()
    const patch = await t.api('put', `/api/admin/exams/${examId}`, { token: admin, body: { closesAt: new Date(clock.now().getTime() - 3600_000).toISOString() } })
    assert.equal(patch.status, 400)
    assert.match(patch.body.error.message, /结束时间须晚于开始时间/)
    // The console puts the message under the 结束时间 field: the same detail shape as schema errors.
    assert.deepEqual(patch.body.error.details, [{ in: 'body', field: 'closesAt', message: '结束时间须晚于开始时间' }])
    const ok = await t.api('put', `/api/admin/exams/${examId}`, {
      token: admin,
      body: { closesAt: new Date(clock.now().getTime() + 3600_000).toISOString(), passMark: 0.8, maxLeaves: 1, lateSubmission: 'refuse' },
    })
    assert.equal(ok.status, 200)
    assert.deepEqual(
      [ok.body.exam.passMark, ok.body.exam.maxLeaves, ok.body.exam.lateSubmission, ok.body.exam.title],
      [0.8, 1, 'refuse', '测试竞赛'],
      'fields not named stay as they were',
    )
  })

  test('a blueprint the bank cannot fill is refused, naming the rule', async () => {
    // Constructed chapter 1: 6 single-choice, 1 multiple-choice, 1 true/false question.
    const chapter = String((await Question.findOne({ stem: '第1章多选题：哪些正确？' }).lean())!.chapterId)
    const tooMany = await t.api('post', '/api/admin/exams', {
      token: admin,
      body: {
        ...base(),
        blueprint: [
          { type: 'single', count: 2, points: 5 },
          { chapterId: chapter, type: 'multiple', count: 2, points: 5 },
        ],
      },
    })
    assert.equal(tooMany.status, 400)
    assert.equal(tooMany.body.error.code, 'BLUEPRINT_UNFILLABLE')
    assert.match(tooMany.body.error.message, /第 2 条.*多选.*需要 2 题.*只有 1 题/)
    // 7 of any type and 6 single-choice from the same 8 questions cannot both be met.
    const overlap = await t.api('post', '/api/admin/exams', {
      token: admin,
      body: {
        ...base(),
        blueprint: [
          { chapterId: chapter, count: 7, points: 1 },
          { chapterId: chapter, type: 'single', count: 6, points: 1 },
        ],
      },
    })
    assert.equal(overlap.status, 400)
    assert.match(overlap.body.error.message, /第 1 条.*需要 7 题.*只有 8 题.*6 题可能已被其他规则抽走/)
    // 2 of any type and 6 single-choice fit, and every paper drawn from it is full.
    const fits = await t.api('post', '/api/admin/exams', {
      token: admin,
      body: {
        ...base(),
        blueprint: [
          { chapterId: chapter, count: 2, points: 1 },
          { chapterId: chapter, type: 'single', count: 6, points: 1 },
        ],
        published: true,
      },
    })
    assert.equal(fits.status, 201, JSON.stringify(fits.body))
    for (let i = 0; i < 3; i++) {
      const paper = await t.api('post', `/api/quiz/exams/${fits.body.exam.id}/attempts`, { token: (await t.signInReader()).token })
      assert.equal(paper.status, 201, JSON.stringify(paper.body))
      assert.equal(new Set(paper.body.items.map((q: any) => q.id)).size, 8)
    }
    const patch = await t.api('put', `/api/admin/exams/${fits.body.exam.id}`, {
      token: admin,
      body: { blueprint: [{ chapterId: chapter, type: 'truefalse', count: 3, points: 1 }] },
    })
    assert.equal(patch.status, 400)
    assert.equal(patch.body.error.code, 'BLUEPRINT_UNFILLABLE')
  })
})

/** Answers one question right and submits the attempt: both answered 200, scored the question's points. */
async function answerRightAndSubmit(token: string, attemptId: string, item: { id: string; points: number; options: { id: string; text: string }[] }) {
  const answered = await t.api('put', `/api/quiz/attempts/${attemptId}/answers`, { token, body: { questionId: item.id, selected: await rightOptionIds(item) } })
  assert.equal(answered.status, 200)
  const submitted = await t.api('post', `/api/quiz/attempts/${attemptId}/submit`, { token })
  assert.equal(submitted.status, 200)
  assert.equal(submitted.body.score, item.points)
}
