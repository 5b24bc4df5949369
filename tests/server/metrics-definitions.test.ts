import assert from 'node:assert/strict'
import { test } from 'node:test'
import { classify, notThrough, rankDepartments, rate, tally, tallyBy, type PersonFacts } from '../../server/modules/metrics/definitions'

const person = (id: string, dept: string, o: Partial<PersonFacts> = {}): PersonFacts => ({ personId: id, departmentId: dept, className: null, opened: false, completed: new Set(), quizPassed: false, ...o })

test('aware = read-through (every required item completed) or quiz passed', () => {
  const required = ['article:1', 'article:2']
  const none = new Set<string>()
  assert.equal(classify(person('a', 'd', { opened: true, completed: new Set(required) }), required, none).aware, true)
  assert.equal(classify(person('b', 'd', { opened: true, completed: new Set(['article:1']) }), required, none).aware, false)
  assert.equal(classify(person('c', 'd', { quizPassed: true }), required, none).aware, true)
  // No required items: nobody is read-through; awareness can only come from the quiz.
  assert.equal(classify(person('d', 'd', { opened: true, completed: new Set(['article:1']) }), [], none).readThrough, false)
})

test('rates divide by the roster and round to 4 places; an empty roster gives 0', () => {
  assert.equal(rate(1, 3), 0.3333)
  assert.equal(rate(2, 3), 0.6667)
  assert.equal(rate(0, 0), 0)
  const people = [person('a', 'x', { opened: true, completed: new Set(['r']) }), person('b', 'x', { opened: true }), person('c', 'y')]
  const t = tally(people, ['r'], new Set(['a']))
  assert.deepEqual(
    { ...t },
    { roster: 3, reached: 2, readThrough: 1, quizPassed: 0, aware: 1, participating: 1, reachRate: 0.6667, readThroughRate: 0.3333, quizPassRate: 0, awarenessRate: 0.3333, participationRate: 0.3333 },
  )
  const byDept = tallyBy(people, (p) => p.departmentId, ['r'], new Set(['a']))
  assert.equal(byDept.get('x')!.awarenessRate, 0.5)
  assert.equal(byDept.get('y')!.roster, 1)
  assert.deepEqual(notThrough(people, ['r']).map((p) => p.personId), ['b', 'c'])
})

test('departments rank by awareness rate, then participation rate, not by size', () => {
  const ranked = rankDepartments([
    { name: 'big', awarenessRate: 0.5, participationRate: 0.9 },
    { name: 'small', awarenessRate: 1, participationRate: 0.1 },
    { name: 'mid', awarenessRate: 0.5, participationRate: 0.95 },
  ])
  assert.deepEqual(ranked.map((r) => [r.name, r.rank]), [['small', 1], ['mid', 2], ['big', 3]])
})
