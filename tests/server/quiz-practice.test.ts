import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ManualClock } from '../../server/clock'
import { Chapter, Question } from '../../server/modules/handbook/model'
import mongoose from 'mongoose'
import { AnswerLog, WrongAnswer } from '../../server/modules/quiz/model'
import { assertNoAnswerLeak, rightOptionIds, wrongOptionId, seedConstructedBank } from '../helpers/bank'
import { useTestServer } from '../helpers/server'

// 10:00 in Shanghai on 20 November.
const clock = new ManualClock('2026-11-20T02:00:00Z')
let admin: string
let chapterId: string
const t = useTestServer({ clock }, async () => {
  await seedConstructedBank(2, 6)
  chapterId = String((await Chapter.findOne({ key: 'test-ch1' }).lean())!._id)
  admin = (await t.signInAdmin('publicity_admin')).token
})

const practise = (token: string, questionId: string, selected: string[], mode: 'practice' | 'review' = 'practice') =>
  t.api('post', '/api/quiz/practice/answer', { token, body: { questionId, selected, mode } })
const unanswered = (body: any) => body.items.filter((i: any) => !i.answered)

describe('no answers before the reader answers', () => {
  test('chapter practice: unanswered questions carry no answer; answered ones do, and practice resumes after them', async () => {
    const reader = await t.signInReader()
    const first = await t.api('get', `/api/quiz/practice/chapters/${chapterId}`, { token: reader.token })
    assert.equal(first.status, 200)
    assertNoAnswerLeak(first.body, 'practice chapter')
    assert.equal(first.body.resumeAt, 0)

    const q = first.body.items[0]
    const wrong = await wrongOptionId(q)
    const res = await practise(reader.token, q.id, [wrong])
    assert.deepEqual([res.status, res.body.correct], [200, false])
    assert.deepEqual(res.body.answer, await rightOptionIds(q), 'the verdict comes in the ids the reader was shown')

    const resumed = await t.api('get', `/api/quiz/practice/chapters/${chapterId}`, { token: reader.token })
    assert.equal(resumed.body.resumeAt, 1)
    assert.deepEqual(resumed.body.items[0].answered.selected, [wrong])
    assert.ok(resumed.body.items[0].answered.explanation)
    assertNoAnswerLeak(unanswered(resumed.body), 'unanswered items on resume')
  })

  test('read mode (背题) shows every card with its answer, in the same option ids as practice', async () => {
    const reader = await t.signInReader()
    const read = await t.api('get', `/api/handbook/chapters/${chapterId}`, { token: reader.token })
    assert.equal(read.status, 200)
    const practice = await t.api('get', `/api/quiz/practice/chapters/${chapterId}`, { token: reader.token })
    assert.deepEqual(
      read.body.chapter.cards.map((c: any) => c.options),
      practice.body.items.map((i: any) => i.options),
    )
    for (const card of read.body.chapter.cards) {
      assert.deepEqual(card.answer, await rightOptionIds(card))
      assert.ok(card.explanation && card.basis)
    }
  })

  test('wrong-answer book: the list and the review carry no answer for questions still under review', async () => {
    const reader = await t.signInReader()
    const chapter = (await t.api('get', `/api/quiz/practice/chapters/${chapterId}`, { token: reader.token })).body
    for (const q of chapter.items.slice(0, 3)) await practise(reader.token, q.id, [await wrongOptionId(q)])
    const book = await t.api('get', '/api/quiz/wrong-book', { token: reader.token })
    assert.equal(book.body.items.length, 3)
    assertNoAnswerLeak(book.body, 'wrong-answer book')
    const review = await t.api('get', '/api/quiz/wrong-book/practice', { token: reader.token })
    assert.equal(review.body.items.length, 3)
    assertNoAnswerLeak(review.body, 'wrong-answer review')
  })
})

describe('practice does not answer what the reader is being tested on', () => {
  test('a question of my open exam paper is refused until I hand in', async () => {
    const exam = await t.api('post', '/api/admin/exams', {
      token: admin,
      body: { title: '锁定', blueprint: [{ chapterId, count: 3, points: 1 }], timeLimitSeconds: 600, opensAt: clock.now().toISOString(), published: true },
    })
    const reader = await t.signInReader()
    const paper = (await t.api('post', `/api/quiz/exams/${exam.body.exam.id}/attempts`, { token: reader.token })).body
    const item = paper.items[0]
    for (const mode of ['practice', 'review'] as const) {
      const refused = await practise(reader.token, item.id, [item.options[0].id], mode)
      assert.equal(refused.status, 409)
      assert.equal(refused.body.error.code, 'QUESTION_IN_OPEN_EXAM')
      assertNoAnswerLeak(refused.body, 'refusal')
    }
    // Another reader without that paper may practise it.
    assert.equal((await practise((await t.signInReader()).token, item.id, [item.options[0].id])).status, 200)
    await t.api('post', `/api/quiz/attempts/${paper.attemptId}/submit`, { token: reader.token })
    assert.equal((await practise(reader.token, item.id, [item.options[0].id])).status, 200)
  })

  test('the current challenge question is refused while its time runs', async () => {
    const reader = await t.signInReader()
    const challenge = (await t.api('post', '/api/quiz/challenge', { token: reader.token })).body
    const refused = await practise(reader.token, challenge.question.id, [challenge.question.options[0].id])
    assert.equal(refused.status, 409)
    assert.equal(refused.body.error.code, 'QUESTION_IN_CHALLENGE')
    clock.advance(21_000)
    assert.equal((await practise(reader.token, challenge.question.id, [challenge.question.options[0].id])).status, 200)
  })

  test("today's daily question is refused until I answer it in the daily quiz", async () => {
    const reader = await t.signInReader()
    const item = (await t.api('get', '/api/quiz/daily', { token: reader.token })).body.items[0]
    const refused = await practise(reader.token, item.id, [item.options[0].id])
    assert.equal(refused.status, 409)
    assert.equal(refused.body.error.code, 'QUESTION_IN_DAILY')
    await t.api('post', '/api/quiz/daily/answer', { token: reader.token, body: { questionId: item.id, selected: [item.options[0].id] } })
    assert.equal((await practise(reader.token, item.id, [item.options[0].id])).status, 200)
  })
})

describe('wrong-answer book schedule', () => {
  test('1, 2, 4 days to mastery (three due right answers in a row), then 7 and 15 days to consolidate; early answers are practice only', async () => {
    clock.set('2026-11-20T02:00:00Z') // 10:00 Shanghai
    const reader = await t.signInReader()
    const q = (await Question.findOne({ stem: '第2章单选题1：哪个是正确的？' }).lean())!
    const shown = (await t.api('get', `/api/quiz/practice/chapters/${q.chapterId}`, { token: reader.token })).body.items.find((i: any) => i.id === String(q._id))
    const right = await rightOptionIds(shown)
    const wrong = [await wrongOptionId(shown)]
    const answer = async (selected: string[]) => {
      const res = await practise(reader.token, String(q._id), selected, 'review')
      assert.equal(res.status, 200, JSON.stringify(res.body))
      assert.ok(res.body.explanation, 'instant feedback')
    }
    const entry = async () => (await WrongAnswer.findOne({ userId: reader.userId, questionId: q._id }).lean())!
    const state = async () => {
      const e = await entry()
      return { stage: e.stage, streak: e.correctStreak, mastered: e.mastered, next: e.nextReviewAt ? e.nextReviewAt.toISOString() : null }
    }
    const shanghai = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString()
    const at = (iso: string) => clock.set(iso)

    await answer(wrong)
    assert.deepEqual(await state(), { stage: 0, streak: 0, mastered: false, next: shanghai('2026-11-21') })
    await answer(right) // same day: not due, practice only
    assert.deepEqual(await state(), { stage: 0, streak: 0, mastered: false, next: shanghai('2026-11-21') })

    at('2026-11-21T01:00:00Z') // 09:00 on the 21st: due
    await answer(right)
    assert.deepEqual(await state(), { stage: 1, streak: 1, mastered: false, next: shanghai('2026-11-23') })
    at('2026-11-22T01:00:00Z')
    await answer(right) // a day early: changes nothing
    assert.deepEqual(await state(), { stage: 1, streak: 1, mastered: false, next: shanghai('2026-11-23') })
    at('2026-11-23T01:00:00Z')
    await answer(right)
    assert.deepEqual(await state(), { stage: 2, streak: 2, mastered: false, next: shanghai('2026-11-27') })
    const book = (await t.api('get', '/api/quiz/wrong-book', { token: reader.token })).body
    assert.deepEqual([book.due, book.items[0].due], [0, false])
    at('2026-11-27T01:00:00Z')
    assert.equal((await t.api('get', '/api/quiz/wrong-book', { token: reader.token })).body.due, 1)
    await answer(right)
    assert.deepEqual(await state(), { stage: 3, streak: 3, mastered: true, next: shanghai('2026-12-04') })
    // Mastered: the book now shows its answer.
    const mastered = (await t.api('get', '/api/quiz/wrong-book', { token: reader.token })).body.items[0]
    assert.deepEqual([mastered.mastered, mastered.answer], [true, right])

    at('2026-12-04T01:00:00Z')
    await answer(right)
    assert.deepEqual(await state(), { stage: 4, streak: 4, mastered: true, next: shanghai('2026-12-19') })
    at('2026-12-19T01:00:00Z')
    assert.equal((await t.api('get', '/api/quiz/wrong-book/practice', { token: reader.token })).body.items.length, 1, 'due for its 15-day review')
    await answer(right)
    assert.deepEqual(await state(), { stage: 5, streak: 5, mastered: true, next: null })
    assert.equal((await t.api('get', '/api/quiz/wrong-book/practice', { token: reader.token })).body.items.length, 0, 'schedule complete')

    // A new mistake starts it over.
    await answer(wrong)
    assert.deepEqual(await state(), { stage: 0, streak: 0, mastered: false, next: shanghai('2026-12-20') })
    assert.equal((await entry()).wrongCount, 2)

    const xlsx = await fetch(`${t.url}/api/quiz/wrong-book/export`, { headers: { authorization: `Bearer ${reader.token}` } })
    assert.equal(xlsx.status, 200)
    const ExcelJS = (await import('exceljs')).default
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await xlsx.arrayBuffer())
    assert.equal(wb.worksheets[0].getRow(2).getCell(1).value, q.stem)
  })

  test('a right answer in an exam at a due review counts too; a wrong one anywhere starts over', async () => {
    clock.set('2026-11-20T02:00:00Z')
    const reader = await t.signInReader()
    const chapter = (await t.api('get', `/api/quiz/practice/chapters/${chapterId}`, { token: reader.token })).body
    const q = chapter.items.find((i: any) => i.type === 'truefalse')
    await practise(reader.token, q.id, [await wrongOptionId(q)])
    clock.set('2026-11-21T02:00:00Z')
    const exam = await t.api('post', '/api/admin/exams', {
      token: admin,
      body: { title: '复习计入', blueprint: [{ chapterId, type: 'truefalse', count: 1, points: 1 }], timeLimitSeconds: 600, opensAt: clock.now().toISOString(), published: true },
    })
    const paper = (await t.api('post', `/api/quiz/exams/${exam.body.exam.id}/attempts`, { token: reader.token })).body
    await t.api('put', `/api/quiz/attempts/${paper.attemptId}/answers`, { token: reader.token, body: { questionId: q.id, selected: await rightOptionIds(paper.items[0]) } })
    await t.api('post', `/api/quiz/attempts/${paper.attemptId}/submit`, { token: reader.token })
    const e = (await WrongAnswer.findOne({ userId: reader.userId, questionId: q.id }).lean())!
    assert.deepEqual([e.stage, e.correctStreak], [1, 1])
  })
})

describe('a practice answer sent again is recorded once', () => {
  const answerOnce = (token: string, questionId: string, selected: string[], answerId: string) =>
    t.api('post', '/api/quiz/practice/answer', { token, body: { questionId, selected, answerId } })

  test('a retry after a lost reply: one log row, one mistake in the wrong-answer book', async () => {
    const reader = await t.signInReader()
    const q = (await t.api('get', `/api/quiz/practice/chapters/${chapterId}`, { token: reader.token })).body.items[2]
    const wrong = await wrongOptionId(q)
    const first = await answerOnce(reader.token, q.id, [wrong], 'answer-retry-1')
    const again = await answerOnce(reader.token, q.id, [wrong], 'answer-retry-1')
    assert.deepEqual([first.status, again.status], [200, 200])
    assert.deepEqual(again.body, first.body, 'the resend gets the same verdict')
    assert.equal(await AnswerLog.countDocuments({ userId: reader.userId, questionId: q.id }), 1)
    assert.equal((await WrongAnswer.findOne({ userId: reader.userId, questionId: q.id }).lean())?.wrongCount, 1)
    // A new answer (another id) to the same question is a new answer.
    await answerOnce(reader.token, q.id, [wrong], 'answer-retry-2')
    assert.equal(await AnswerLog.countDocuments({ userId: reader.userId, questionId: q.id }), 2)
    assert.equal((await WrongAnswer.findOne({ userId: reader.userId, questionId: q.id }).lean())?.wrongCount, 2)
    // The first one arriving again after the second (a late retry) still counts once.
    await answerOnce(reader.token, q.id, [wrong], 'answer-retry-1')
    assert.equal(await AnswerLog.countDocuments({ userId: reader.userId, questionId: q.id }), 2)
    assert.equal((await WrongAnswer.findOne({ userId: reader.userId, questionId: q.id }).lean())?.wrongCount, 2)
  })

  test('a failure between the log and the wrong-answer book: the resend completes it, once', async () => {
    const reader = await t.signInReader()
    const q = (await t.api('get', `/api/quiz/practice/chapters/${chapterId}`, { token: reader.token })).body.items[3]
    const wrong = await wrongOptionId(q)
    let failed = false
    mongoose.set('debug', (collection: string, method: string) => {
      if (!failed && collection === 'wrong_answers' && method === 'updateOne') {
        failed = true
        throw new Error('injected failure')
      }
    })
    try {
      assert.equal((await answerOnce(reader.token, q.id, [wrong], 'answer-crash-1')).status, 500)
    } finally {
      mongoose.set('debug', false)
    }
    assert.ok(failed)
    assert.equal(await WrongAnswer.countDocuments({ userId: reader.userId, questionId: q.id }), 0, 'the book missed it')
    assert.equal((await answerOnce(reader.token, q.id, [wrong], 'answer-crash-1')).status, 200)
    assert.equal(await AnswerLog.countDocuments({ userId: reader.userId, questionId: q.id }), 1)
    assert.equal((await WrongAnswer.findOne({ userId: reader.userId, questionId: q.id }).lean())?.wrongCount, 1)
  })
})
