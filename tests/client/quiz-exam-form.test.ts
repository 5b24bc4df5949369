import assert from 'node:assert/strict'
import { test } from 'node:test'
import { blueprintTotals, draftFromExam, emptyDraft, examBody } from '../../src/admin/quiz/examForm'
import { beijingMoment } from '../../src/services/datetime'

const now = new Date('2026-11-20T02:00:00Z') // 10:00 Beijing

test('a filled-in form becomes the exam body the API takes, times in Beijing time', () => {
  const draft = { ...emptyDraft(now), title: ' 期末竞赛 ', closes: true, closesDate: '2026-11-27', closesTime: '18:30', passPercent: '75', lateSubmission: 'refuse' as const }
  draft.rules = [
    { chapterId: 'c1', type: 'single', count: '4', points: '2.5' },
    { chapterId: null, type: null, count: '2', points: '5' },
  ]
  const { body, error } = examBody(draft)
  assert.equal(error, null)
  assert.deepEqual(body!.blueprint, [
    { chapterId: 'c1', type: 'single', count: 4, points: 2.5 },
    { chapterId: null, type: null, count: 2, points: 5 },
  ])
  assert.equal(body!.title, '期末竞赛')
  assert.equal(body!.opensAt, '2026-11-20T02:00:00.000Z')
  assert.equal(body!.closesAt, '2026-11-27T10:30:00.000Z')
  assert.equal(body!.passMark, 0.75)
  assert.equal(body!.timeLimitSeconds, 20 * 60)
  assert.equal(body!.lateSubmission, 'refuse')
  assert.deepEqual(blueprintTotals(draft.rules), { questions: 6, points: 20 })
})

test('problems are reported before anything is sent', () => {
  const base = { ...emptyDraft(now), title: '竞赛' }
  assert.match(examBody({ ...base, title: ' ' }).error!, /名称/)
  assert.match(examBody({ ...base, closes: true, closesDate: '2026-11-20', closesTime: '09:00' }).error!, /结束时间须晚于开始时间/)
  assert.match(examBody({ ...base, rules: [{ chapterId: null, type: null, count: '0', points: '5' }] }).error!, /第 1 条规则：题数/)
  assert.match(examBody({ ...base, passPercent: '120' }).error!, /及格线/)
  assert.match(examBody({ ...base, opensDate: '2026-02-30' }).error!, /开始时间无效/)
  assert.equal(beijingMoment('2026-02-30', '10:00'), null)
})

test('an exam loaded for editing round-trips', () => {
  const { body } = examBody({ ...emptyDraft(now), title: '往返', closes: true, closesDate: '2026-12-01', closesTime: '08:00' })
  assert.deepEqual(examBody(draftFromExam(body!)).body, body)
})
