import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ManualClock } from '../../server/clock'
import { Department } from '../../server/modules/departments/model'
import { Chapter } from '../../server/modules/handbook/model'
import { Person } from '../../server/modules/roster/model'
import { maskName } from '../../server/modules/quiz/boards'
import { rightOptionIds, seedConstructedBank, wrongOptionId } from '../helpers/bank'
import { useTestServer } from '../helpers/server'

const clock = new ManualClock('2026-11-20T02:00:00Z')
let admin: string
const t = useTestServer({ clock }, async () => {
  await seedConstructedBank(2, 6)
  admin = (await t.signInAdmin('publicity_admin')).token
})

async function createExam(title: string, extra: Record<string, unknown> = {}) {
  const res = await t.api('post', '/api/admin/exams', {
    token: admin,
    body: {
      title,
      blueprint: [{ type: 'truefalse', count: 2, points: 50 }],
      timeLimitSeconds: 600,
      opensAt: new Date(clock.now().getTime() - 1000).toISOString(),
      published: true,
      maxAttempts: 5,
      ...extra,
    },
  })
  assert.equal(res.status, 201, JSON.stringify(res.body))
  return res.body.exam.id as string
}

/** Takes the exam answering `right` questions right and the rest wrong, `seconds` after starting. */
async function takeExam(token: string, examId: string, right: number, seconds = 90) {
  const paper = (await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token })).body
  for (const [i, item] of paper.items.entries())
    await t.api('put', `/api/quiz/attempts/${paper.attemptId}/answers`, {
      token,
      body: { questionId: item.id, selected: i < right ? await rightOptionIds(item) : [await wrongOptionId(item)] },
    })
  clock.advance(seconds * 1000)
  const result = await t.api('post', `/api/quiz/attempts/${paper.attemptId}/submit`, { token })
  assert.equal(result.status, 200, JSON.stringify(result.body))
  return result.body
}

async function bindTo(token: string, number: string, name: string, departmentId: string) {
  await Person.create({ number, name, type: 'student', departmentId })
  const res = await t.api('put', '/api/me/binding', { token, body: { number, name } })
  assert.equal(res.status, 200, JSON.stringify(res.body))
}

describe('exam results can be reopened', () => {
  test('the result has correct count, time used and the rank in the department; 我的考试 and the exam list reopen it', async () => {
    const examId = await createExam('成绩回看')
    const dept = await t.departmentId('C01')
    const a = await t.signInReader()
    const b = await t.signInReader()
    await bindTo(a.token, 'R-A', '赵一', dept)
    await bindTo(b.token, 'R-B', '钱二', dept)
    const bResult = await takeExam(b.token, examId, 2)
    assert.deepEqual([bResult.passed, bResult.pointsAwarded], [true, 10])
    const result = await takeExam(a.token, examId, 1, 75)
    assert.deepEqual([result.score, result.correctCount, result.questionCount, result.timeUsedSeconds], [50, 1, 2, 75])
    assert.deepEqual(result.departmentRank, { rank: 2, of: 2 }, 'b scored 100, a 50')

    // Later: the list of my results and the exam list both point at this attempt, and it opens again.
    const mine = (await t.api('get', '/api/quiz/results', { token: a.token })).body.results
    assert.equal(mine.length, 1)
    assert.deepEqual([mine[0].examTitle, mine[0].score, mine[0].passed], ['成绩回看', 50, false])
    const listed = (await t.api('get', '/api/quiz/exams', { token: a.token })).body.exams.find((e: any) => e.id === examId)
    assert.equal(listed.lastResultAttemptId, mine[0].attemptId)
    const reopened = await t.api('get', `/api/quiz/attempts/${mine[0].attemptId}/review`, { token: a.token })
    assert.equal(reopened.status, 200)
    assert.equal(reopened.body.score, 50)
    assert.equal(reopened.body.items.length, 2)
    assert.ok(
      reopened.body.items.every((i: any) => i.selected.length === 1),
      'review keeps what the reader chose',
    )

    // Nobody else can open it.
    const other = await t.signInReader()
    assert.equal((await t.api('get', `/api/quiz/attempts/${mine[0].attemptId}/review`, { token: other.token })).status, 404)
    assert.deepEqual((await t.api('get', '/api/quiz/results', { token: other.token })).body.results, [])
  })

  test('an unbound reader has no department rank; a second attempt is listed first', async () => {
    const examId = await createExam('无部门')
    const r = await t.signInReader()
    const first = await takeExam(r.token, examId, 0)
    assert.equal(first.departmentRank, null)
    const second = await takeExam(r.token, examId, 2)
    assert.equal(second.pointsAwarded, 10)
    assert.equal((await takeExam(r.token, examId, 2)).pointsAwarded, 0, 'an exam pays once')
    const mine = (await t.api('get', '/api/quiz/results', { token: r.token })).body.results
    assert.deepEqual(
      mine.map((m: any) => [m.attemptNo, m.score]),
      [
        [3, 100],
        [2, 100],
        [1, 0],
      ],
    )
    assert.equal(mine[1].attemptId, second.attemptId)
  })
})

describe('points tasks', () => {
  test('tasks show progress x/y and points against the cap; the daily quiz counts answered questions and pays at the end', async () => {
    const r = await t.signInReader()
    const tasksOf = async () => (await t.api('get', '/api/quiz/points', { token: r.token })).body.tasks as any[]
    const before = await tasksOf()
    assert.deepEqual(
      before.map((k) => k.name),
      ['阅读文章', '学习章节', '有效学习时长', '每日一练', '挑战答题', '知识竞赛'],
    )
    const daily = () => before.find((k) => k.kind === 'daily')
    assert.deepEqual([daily().done, daily().target, daily().earned, daily().cap, daily().complete], [0, 5, 0, 5, false])
    assert.match(before.find((k) => k.kind === 'chapter').rule, /每日上限 6 分/)

    const quiz = (await t.api('get', '/api/quiz/daily', { token: r.token })).body
    let last: any
    for (const [i, q] of quiz.items.entries()) {
      last = (await t.api('post', '/api/quiz/daily/answer', { token: r.token, body: { questionId: q.id, selected: await rightOptionIds(q) } })).body
      if (i === 1) assert.equal((await tasksOf()).find((k) => k.kind === 'daily').done, 2)
    }
    assert.equal(last.pointsAwarded, 5)
    const after = (await tasksOf()).find((k) => k.kind === 'daily')
    assert.deepEqual([after.done, after.earned, after.complete], [5, 5, true])
  })

  test('reading a chapter to the end: listed as in progress below 100% until the engaged time is there, then completed and paid once', async () => {
    const r = await t.signInReader()
    const chapter = (await Chapter.findOne({ key: 'test-ch2' }).lean())!
    const item = { kind: 'chapter', id: String(chapter._id) }
    const listed = async () => (await t.api('get', '/api/handbook/chapters', { token: r.token })).body.chapters.find((c: any) => c.id === item.id)
    const beat = (seq: number, depth: number, engagedSeconds: number) =>
      t.api('post', '/api/progress/heartbeats', { token: r.token, body: { heartbeats: [{ sessionId: 'chapter-read-1', seq, item, depth, engagedSeconds }] } })
    await beat(0, 1, 0)
    clock.advance(5_000)
    await beat(1, 1, 5)
    const scrolledThrough = await listed()
    assert.equal(scrolledThrough.state, 'reading')
    assert.equal(scrolledThrough.depth, 1)
    assert.ok(scrolledThrough.progress < 1, `progress ${scrolledThrough.progress} must stay below 100% before completion`)
    assert.ok(scrolledThrough.remainingSeconds > 0)

    clock.advance(40_000)
    await beat(2, 1, 40)
    const done = await listed()
    assert.deepEqual([done.state, done.progress, done.remainingSeconds], ['completed', 1, 0])
    const chapterTask = (await t.api('get', '/api/quiz/points', { token: r.token })).body.tasks.find((k: any) => k.kind === 'chapter')
    assert.deepEqual([chapterTask.done, chapterTask.target, chapterTask.earned], [1, 3, 2])
    clock.advance(20_000)
    await beat(3, 1, 20)
    assert.equal((await t.api('get', '/api/quiz/points', { token: r.token })).body.tasks.find((k: any) => k.kind === 'chapter').earned, 2, 'a chapter pays once')
  })
})

describe('challenge rules', () => {
  test('the rules state time per question, lives and points; the personal best follows the runs', async () => {
    const r = await t.signInReader()
    const rules = (await t.api('get', '/api/quiz/challenge', { token: r.token })).body
    assert.deepEqual(rules, { secondsPerQuestion: 20, lives: 1, pointsPerRightAnswer: 1, pointsDailyCap: 6, best: 0 })
    const start = (await t.api('post', '/api/quiz/challenge', { token: r.token })).body
    const attemptId = start.attemptId
    let question = start.question
    const right = await t.api('post', `/api/quiz/challenge/${attemptId}/answer`, { token: r.token, body: { questionId: question.id, selected: await rightOptionIds(question) } })
    question = right.body.question
    await t.api('post', `/api/quiz/challenge/${attemptId}/answer`, { token: r.token, body: { questionId: question.id, selected: [await wrongOptionId(question)] } })
    assert.equal((await t.api('get', '/api/quiz/challenge', { token: r.token })).body.best, 1)
  })
})

describe('leaderboards', () => {
  test('departments per capita exclude departments with nobody on the roster; the reader is marked, others masked', async () => {
    const empty = await Department.create({ code: 'EMPTY1', name: '空部门', kind: 'college', active: true })
    const big = await t.departmentId('C01')
    const small = await t.departmentId('C02')
    const examId = await createExam('排行人均')
    const readers = []
    for (const [i, dept] of [big, big, small].entries()) {
      const r = await t.signInReader()
      await bindTo(r.token, `LB-${i}`, ['孙小三', '李四', '周五'][i], dept)
      readers.push(r)
    }
    await takeExam(readers[0].token, examId, 2) // 10 points (passed)
    await takeExam(readers[2].token, examId, 2) // 10 points (passed)

    const boards = (await t.api('get', '/api/quiz/leaderboards', { token: readers[1].token })).body
    const ids = boards.departments.byPointsPerCapita.map((d: any) => d.departmentId)
    assert.ok(!ids.includes(String(empty._id)), 'a department with nobody on the roster has no rate')
    assert.ok(!boards.departments.byPassRate.some((d: any) => d.departmentId === String(empty._id)))
    const row = (id: string) => boards.departments.byPointsPerCapita.find((d: any) => d.departmentId === id)
    assert.equal(row(small).pointsPerCapita, row(small).points / row(small).roster)
    assert.equal(row(big).pointsPerCapita, Math.round((row(big).points / row(big).roster) * 100) / 100)
    assert.equal(boards.departments.myDepartmentId, big)

    // In C01's board: the viewer (李四, 0 points) is marked with their own name; the other reader is masked.
    const names = boards.readers.rows.map((r: any) => [r.name, r.me])
    assert.deepEqual(
      names.find(([, me]: [string, boolean]) => me),
      ['李四', true],
    )
    assert.ok(names.some(([n]: [string]) => n === '孙*三'))
    assert.ok(!names.some(([n]: [string]) => n === '孙小三'), 'other readers are masked')
    assert.equal(boards.readers.me.name, '李四')
    assert.equal(boards.readers.departmentName, (await Department.findById(big).lean())!.name)
  })

  test('names are masked keeping the first and last character', () => {
    assert.deepEqual([maskName('张三'), maskName('张三丰'), maskName('欧阳小锋'), maskName('')], ['张*', '张*丰', '欧**锋', '同学'])
  })
})
