import assert from 'node:assert/strict'
import { test } from 'node:test'
import { bankItemStatistics, itemHints, type FirstAnswer } from '../../server/modules/handbook/item-stats'

/** n readers; reader i answers each question right when `right(i, question)` holds. */
function answers(n: number, questions: string[], right: (reader: number, q: string) => boolean): FirstAnswer[] {
  return Array.from({ length: n }, (_, i) => questions.map((q) => ({ userId: `u${String(i).padStart(3, '0')}`, questionId: q, correct: right(i, q) }))).flat()
}

test('facility is the share right; a question almost everyone gets right is called too easy, in words', () => {
  const stats = bankItemStatistics(answers(40, ['easy'], (i) => i < 38))
  const easy = stats.get('easy')!
  assert.equal(easy.responses, 40)
  assert.equal(easy.facility, 0.95)
  assert.equal(easy.hints[0].text, '太容易：95% 答对')
  assert.equal(easy.hints[0].level, 'warning')
})

test('a hard question is called too hard with its share', () => {
  const hard = bankItemStatistics(answers(20, ['hard'], (i) => i < 4)).get('hard')!
  assert.equal(hard.facility, 0.2)
  assert.equal(hard.hints[0].text, '太难：只有 20% 答对')
})

test('discrimination: strong readers right and weak readers wrong gives a high value and no warning', () => {
  // Readers 0–19 are strong (right on all), 20–39 weak (wrong on all but "x").
  const qs = ['a', 'b', 'c', 'x']
  const stats = bankItemStatistics(answers(40, qs, (i, q) => i < 20 || q === 'x'))
  assert.equal(stats.get('a')!.discrimination, 1)
  assert.equal(stats.get('a')!.facility, 0.5)
  assert.deepEqual(stats.get('a')!.hints, [])
  // Everyone right on x: no discrimination, and too easy.
  assert.equal(stats.get('x')!.discrimination, 0)
  assert.deepEqual(
    stats.get('x')!.hints.map((h) => h.text),
    ['太容易：100% 答对', '区分度低：成绩好与成绩差的人答对率只差 0%'],
  )
})

test('a question the strong readers get wrong is flagged as negative discrimination (a likely wrong answer key)', () => {
  const qs = ['a', 'b', 'c', 'd', 'odd']
  // Strong readers (0–19) right on a–d and wrong on "odd"; weak readers the other way round.
  const stats = bankItemStatistics(answers(40, qs, (i, q) => (q === 'odd' ? i >= 20 : i < 20)))
  assert.equal(stats.get('odd')!.discrimination, -1)
  assert.match(
    stats
      .get('odd')!
      .hints.map((h) => h.text)
      .join(),
    /区分度为负/,
  )
})

test('few answers: no discrimination below 10 readers, and a hint that the figures are indicative', () => {
  const few = bankItemStatistics(answers(5, ['q'], (i) => i < 3)).get('q')!
  assert.equal(few.discrimination, null)
  assert.equal(few.facility, 0.6)
  assert.deepEqual(
    few.hints.map((h) => [h.level, h.text]),
    [['info', '仅 5 人作答，数据仅供参考']],
  )
  assert.deepEqual(
    itemHints({ responses: 0, facility: null, discrimination: null }).map((h) => h.text),
    ['还没有人作答'],
  )
})
