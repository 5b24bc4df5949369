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

  test('shuffled options are scored by what was picked, not where it was shown', () => {
    // Options 甲乙丙丁 stored as a–d; 丙 (c) is right. Show them in each of the 24 orders and
    // let the reader tap by position; the expectation comes from the texts, not from shuffle().
    const q = { type: 'single', answer: ['c'] }
    const stored = [
      { id: 'a', text: '甲' },
      { id: 'b', text: '乙' },
      { id: 'c', text: '丙' },
      { id: 'd', text: '丁' },
    ]
    const orders: (typeof stored)[] = []
    const permute = (rest: typeof stored, acc: typeof stored) =>
      rest.length ? rest.forEach((o, i) => permute([...rest.slice(0, i), ...rest.slice(i + 1)], [...acc, o])) : orders.push(acc)
    permute(stored, [])
    assert.equal(orders.length, 24)
    let rightByOldPosition = 0
    for (const shown of orders) {
      const tappedText = (text: string) => shown.find((o) => o.text === text)!.id
      assert.equal(scoreAnswer(q, [tappedText('丙')], 1).correct, true, `丙 is right wherever it is shown: ${shown.map((o) => o.text).join('')}`)
      assert.equal(scoreAnswer(q, [tappedText('甲')], 1).correct, false)
      // Tapping the third position (where 丙 is stored) is right only when 丙 is shown there: 6 of 24 orders.
      if (scoreAnswer(q, [shown[2].id], 1).correct) rightByOldPosition++
    }
    assert.equal(rightByOldPosition, 6)
    // Multiple choice by ids in any order.
    assert.equal(scoreAnswer({ type: 'multiple', answer: ['b', 'd'] }, ['d', 'b'], 1).correct, true)
  })

  test('shuffle is a permutation and seeded shuffles repeat', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f']
    const once = shuffle(items, seededRandom('x'))
    assert.deepEqual([...once].sort(), items)
    assert.deepEqual(shuffle(items, seededRandom('x')), once)
    assert.notDeepEqual(once, items)
  })
})

describe('item statistics', () => {
  test('match hand-computed values on a constructed set of attempts', () => {
    const questions = [
      {
        id: 'q1',
        stem: 'Q1',
        answer: ['a'],
        options: [
          { id: 'a', text: 'A' },
          { id: 'b', text: 'B' },
          { id: 'c', text: 'C' },
        ],
      },
      {
        id: 'q2',
        stem: 'Q2',
        answer: ['b'],
        options: [
          { id: 'a', text: 'A' },
          { id: 'b', text: 'B' },
        ],
      },
      {
        id: 'q3',
        stem: 'Q3',
        answer: ['a'],
        options: [
          { id: 'a', text: 'A' },
          { id: 'b', text: 'B' },
        ],
      },
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
    assert.ok(
      q2.flags.some((f) => f.includes('错误选项')),
      'wrong option A chosen 3× vs right B 2×',
    )
    assert.ok(q3.flags.some((f) => f.includes('区分度为负')))
    assert.deepEqual(q1.flags, [])
    assert.equal(s.alphaNote, null)
    assert.deepEqual(
      q2.options.map((o) => [o.id, o.count, o.share, o.correct]),
      [
        ['a', 3, 0.6, false],
        ['b', 2, 0.4, true],
      ],
    )
  })

  test('α is not reported when readers answered different questions (random papers), nor with fewer than two attempts', () => {
    const questions = ['q1', 'q2', 'q3'].map((id) => ({
      id,
      stem: id,
      answer: ['a'],
      options: [
        { id: 'a', text: 'A' },
        { id: 'b', text: 'B' },
      ],
    }))
    const item = (questionId: string, right: boolean) => ({ questionId, selected: [right ? 'a' : 'b'], earned: right ? 1 : 0, points: 1 })
    const differentPapers = [{ items: [item('q1', true), item('q2', true)] }, { items: [item('q2', false), item('q3', true)] }, { items: [item('q1', false), item('q3', false)] }]
    const s = itemStatistics(questions, differentPapers)
    assert.equal(s.cronbachAlpha, null)
    assert.match(s.alphaNote!, /题目不同/)
    assert.deepEqual(
      s.items.map((i) => i.responses),
      [2, 2, 2],
    )
    const one = itemStatistics(questions, [{ items: [item('q1', true), item('q2', true), item('q3', false)] }])
    assert.equal(one.cronbachAlpha, null)
    assert.match(one.alphaNote!, /少于 2 人/)
  })
})
