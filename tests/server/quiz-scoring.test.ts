import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { scoreAnswer, seededRandom, shuffle } from '../../server/modules/quiz/scoring'
import { itemStatistics } from '../../server/modules/quiz/stats'

describe('scoring', () => {
  test('single choice and true/false: exactly the right option', () => {
    const single = { type: 'single', answer: ['c'] }
    assert.deepEqual(scoreAnswer(single, ['c'], 2), { correct: true, earned: 2 })
    assert.deepEqual(scoreAnswer(single, ['a'], 2), { correct: false, earned: 0 })
    assert.deepEqual(scoreAnswer(single, [], 2), { correct: false, earned: 0 })
    const tf = { type: 'truefalse', answer: ['b'] }
    assert.equal(scoreAnswer(tf, ['b'], 1).correct, true)
    assert.equal(scoreAnswer(tf, ['a'], 1).correct, false)
  })

  test('multiple choice is all-or-nothing by default', () => {
    const q = { type: 'multiple', answer: ['a', 'c', 'd'] }
    assert.deepEqual(scoreAnswer(q, ['d', 'a', 'c'], 3), { correct: true, earned: 3 })
    assert.deepEqual(scoreAnswer(q, ['a', 'c'], 3), { correct: false, earned: 0 })
    assert.deepEqual(scoreAnswer(q, ['a', 'b', 'c', 'd'], 3), { correct: false, earned: 0 })
  })

  test('multiple choice with partial credit: (right − wrong) / right, never below 0', () => {
    const q = { type: 'multiple', answer: ['a', 'c', 'd'] }
    assert.deepEqual(scoreAnswer(q, ['a', 'c'], 3, true), { correct: false, earned: 2 }) // (2−0)/3 × 3
    assert.deepEqual(scoreAnswer(q, ['a', 'c', 'b'], 3, true), { correct: false, earned: 1 }) // (2−1)/3 × 3
    assert.deepEqual(scoreAnswer(q, ['a', 'b', 'c', 'd'], 3, true), { correct: false, earned: 2 }) // (3−1)/3 × 3
    assert.deepEqual(scoreAnswer(q, ['b'], 3, true), { correct: false, earned: 0 })
    // Partial credit never applies to single choice.
    assert.deepEqual(scoreAnswer({ type: 'single', answer: ['a'] }, ['b'], 3, true), { correct: false, earned: 0 })
  })

  test('shuffled options are scored by id, whatever order they were shown in', () => {
    const q = { type: 'single', answer: ['b'] }
    const shown = shuffle(['a', 'b', 'c', 'd'], seededRandom('paper-1'))
    const picked = shown[shown.indexOf('b')] // the reader taps the position where "b" was shown
    assert.equal(scoreAnswer(q, [picked], 1).correct, true)
    assert.notDeepEqual(shuffle(['a', 'b', 'c', 'd', 'e', 'f'], seededRandom('x')), ['a', 'b', 'c', 'd', 'e', 'f'])
  })
})

describe('item statistics', () => {
  test('match hand-computed values on a constructed set of attempts', () => {
    const questions = [
      { id: 'q1', stem: 'Q1', answer: ['a'], options: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }, { id: 'c', text: 'C' }] },
      { id: 'q2', stem: 'Q2', answer: ['b'], options: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }] },
      { id: 'q3', stem: 'Q3', answer: ['a'], options: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }] },
    ]
    const r = (q1: string, q2: string, q3: string) => ({
      items: [
        { questionId: 'q1', selected: [q1], earned: q1 === 'a' ? 1 : 0, points: 1 },
        { questionId: 'q2', selected: [q2], earned: q2 === 'b' ? 1 : 0, points: 1 },
        { questionId: 'q3', selected: [q3], earned: q3 === 'a' ? 1 : 0, points: 1 },
      ],
    })
    // Item scores (q1,q2,q3) and totals:
    // P1 1,1,0 = 2 | P2 1,1,0 = 2 | P3 1,0,1 = 2 | P4 0,0,1 = 1 | P5 0,0,1 = 1
    const attempts = [r('a', 'b', 'b'), r('a', 'b', 'b'), r('a', 'a', 'a'), r('b', 'a', 'a'), r('b', 'a', 'a')]
    const s = itemStatistics(questions, attempts)
    // Totals 2,2,2,1,1: mean 8/5 = 1.6; sample variance = (3×0.16 + 2×0.36)/4 = 0.3, SD = √0.3.
    assert.equal(s.mean, 1.6)
    assert.equal(s.sd, Math.round(Math.sqrt(0.3) * 10000) / 10000)
    // Item sample variances: q1 (3 of 5 right) 0.3, q2 (2 of 5) 0.3, q3 (3 of 5) 0.3;
    // α = 3/2 × (1 − 0.9/0.3) = −3.
    assert.equal(s.cronbachAlpha, -3)
    const [q1, q2, q3] = s.items
    assert.deepEqual([q1.facility, q2.facility, q3.facility], [0.6, 0.4, 0.6])
    // Groups of round(0.27 × 5) = 1: top = P1 (first of the ties at 2), bottom = P5.
    assert.deepEqual([q1.discrimination, q2.discrimination, q3.discrimination], [1, 1, -1])
    assert.deepEqual(q2.optionCounts, { a: 3, b: 2 })
    assert.ok(q2.flags.some((f) => f.includes('错误选项')), 'wrong option A chosen 3× vs right B 2×')
    assert.ok(q3.flags.some((f) => f.includes('区分度为负')))
    assert.deepEqual(q1.flags, [])
  })
})
