import assert from 'node:assert/strict'
import { test } from 'node:test'
import { classify, notThrough, onRosterAt, progressAsOf, rankDepartments, rate, requiredFor, tally, tallyBy, type PersonFacts } from '../../server/modules/metrics/definitions'

const person = (id: string, dept: string, o: Partial<PersonFacts> = {}): PersonFacts => ({
  personId: id,
  departmentId: dept,
  className: null,
  opened: false,
  completed: new Set(),
  quizPassed: false,
  required: [],
  ...o,
})

test('aware = read-through (every required item completed) or quiz passed', () => {
  const required = ['article:1', 'article:2']
  const none = new Set<string>()
  assert.equal(classify(person('a', 'd', { opened: true, completed: new Set(required), required }), none).aware, true)
  assert.equal(classify(person('b', 'd', { opened: true, completed: new Set(['article:1']), required }), none).aware, false)
  assert.equal(classify(person('c', 'd', { quizPassed: true, required }), none).aware, true)
  // No required items: nobody is read-through; awareness can only come from the quiz.
  assert.equal(classify(person('d', 'd', { opened: true, completed: new Set(['article:1']) }), none).readThrough, false)
})

test('what is required depends on the department: whole-roster items, and items for that department', () => {
  const items = [
    { key: 'article:all', audienceDepartmentIds: [] },
    { key: 'article:c01', audienceDepartmentIds: ['C01'] },
    { key: 'article:c01c03', audienceDepartmentIds: ['C01', 'C03'] },
    { key: 'chapter:1', audienceDepartmentIds: [] },
  ]
  assert.deepEqual(requiredFor(items, 'C01'), ['article:all', 'article:c01', 'article:c01c03', 'chapter:1'])
  assert.deepEqual(requiredFor(items, 'C02'), ['article:all', 'chapter:1'])
  assert.deepEqual(requiredFor(items, 'C03'), ['article:all', 'article:c01c03', 'chapter:1'])
  // A C02 person who completed the whole-roster items is through, though C01's article is open.
  const c02 = person('p', 'C02', { completed: new Set(['article:all', 'chapter:1']), required: requiredFor(items, 'C02') })
  const c01 = person('q', 'C01', { completed: new Set(['article:all', 'chapter:1']), required: requiredFor(items, 'C01') })
  assert.equal(classify(c02, new Set()).readThrough, true)
  assert.equal(classify(c01, new Set()).readThrough, false)
  assert.deepEqual(
    notThrough([c02, c01]).map((p) => p.personId),
    ['q'],
  )
})

test('rates divide by the roster and round to 4 places; an empty roster gives 0', () => {
  assert.equal(rate(1, 3), 0.3333)
  assert.equal(rate(2, 3), 0.6667)
  assert.equal(rate(0, 0), 0)
  const r = ['r']
  const people = [person('a', 'x', { opened: true, completed: new Set(['r']), required: r }), person('b', 'x', { opened: true, required: r }), person('c', 'y', { required: r })]
  const t = tally(people, new Set(['a']))
  assert.deepEqual(
    { ...t },
    {
      roster: 3,
      reached: 2,
      readThrough: 1,
      quizPassed: 0,
      aware: 1,
      participating: 1,
      reachRate: 0.6667,
      readThroughRate: 0.3333,
      quizPassRate: 0,
      awarenessRate: 0.3333,
      participationRate: 0.3333,
    },
  )
  const byDept = tallyBy(people, (p) => p.departmentId, new Set(['a']))
  assert.equal(byDept.get('x')!.awarenessRate, 0.5)
  assert.equal(byDept.get('y')!.roster, 1)
  assert.deepEqual(
    notThrough(people).map((p) => p.personId),
    ['b', 'c'],
  )
})

test('facts as of a cut-off: only what happened before it counts; untimed (older) facts count', () => {
  const nov = new Date('2026-11-01T00:00:00+08:00')
  const s = {
    itemsOpened: ['a', 'b'],
    itemsCompleted: ['a', 'b'],
    quizPassed: true,
    firstOpenedAt: new Date('2026-10-20T00:00:00Z'),
    completedAt: { a: new Date('2026-10-20T00:00:00Z'), b: new Date('2026-11-03T00:00:00Z') },
    quizPassedAt: new Date('2026-10-31T16:00:00Z'), // 00:00 on 1 November in Shanghai: not in October
  }
  const oct = progressAsOf(s, nov)
  assert.deepEqual([oct.opened, [...oct.completed], oct.quizPassed], [true, ['a'], false])
  const now = progressAsOf(s)
  assert.deepEqual([now.opened, [...now.completed], now.quizPassed], [true, ['a', 'b'], true])
  const early = progressAsOf(s, new Date('2026-10-01T00:00:00+08:00'))
  assert.deepEqual([early.opened, early.completed.size, early.quizPassed], [false, 0, false])
  const legacy = progressAsOf({ itemsOpened: ['a'], itemsCompleted: ['a'], quizPassed: true }, nov)
  assert.deepEqual([legacy.opened, legacy.completed.size, legacy.quizPassed], [true, 1, true])
  assert.deepEqual(progressAsOf(undefined, nov), { opened: false, completed: new Set(), quizPassed: false })
})

test('the roster as of a cut-off: joined before it, and active or left after it', () => {
  const cut = new Date('2026-11-01T00:00:00+08:00')
  assert.equal(onRosterAt({ active: true }, cut), true)
  assert.equal(onRosterAt({ active: true, joinedAt: new Date('2026-11-05T00:00:00Z') }, cut), false, 'joined after the month')
  assert.equal(onRosterAt({ active: true, joinedAt: new Date('2026-11-05T00:00:00Z') }), true, 'on the roster now')
  assert.equal(onRosterAt({ active: false, leftAt: new Date('2026-11-20T00:00:00Z') }, cut), true, 'left after the month')
  assert.equal(onRosterAt({ active: false, leftAt: new Date('2026-10-20T00:00:00Z') }, cut), false, 'left during or before the month')
  assert.equal(onRosterAt({ active: false }, cut), false, 'left at an unknown time')
  assert.equal(onRosterAt({ active: false, leftAt: new Date('2026-11-20T00:00:00Z') }), false, 'not on the roster now')
})

test('departments rank by awareness rate, then participation rate, not by size; ties share a rank; empty departments are not ranked', () => {
  const ranked = rankDepartments([
    { name: 'big', roster: 900, awarenessRate: 0.5, participationRate: 0.9 },
    { name: 'empty', roster: 0, awarenessRate: 0, participationRate: 0 },
    { name: 'small', roster: 10, awarenessRate: 1, participationRate: 0.1 },
    { name: 'mid', roster: 100, awarenessRate: 0.5, participationRate: 0.95 },
    { name: 'twin', roster: 20, awarenessRate: 0.5, participationRate: 0.95 },
    { name: 'last', roster: 5, awarenessRate: 0, participationRate: 0 },
  ])
  assert.deepEqual(
    ranked.map((r) => [r.name, r.rank]),
    [
      ['small', 1],
      ['mid', 2],
      ['twin', 2],
      ['big', 4],
      ['last', 5],
      ['empty', null],
    ],
  )
})
