import assert from 'node:assert/strict'
import { test } from 'node:test'
import { beijingMonth, countOf, monthsUpTo, previousMonthOf, reportMonthChoice } from '../../src/services/metrics'

test('months are Beijing months; the list of months to regenerate starts at this month', () => {
  assert.equal(beijingMonth(new Date('2026-11-30T16:30:00Z')), '2026-12', '00:30 on 1 December in Beijing')
  assert.equal(previousMonthOf('2027-01'), '2026-12')
  assert.deepEqual(monthsUpTo('2027-02', 4), ['2027-02', '2027-01', '2026-12', '2026-11'])
})

test('the report month offered first is last month when it has a report, else the newest', () => {
  const r = (month: string, version = 1) => ({ month, version, createdAt: '', trigger: 'schedule' as const })
  const now = new Date('2026-12-05T02:00:00Z')
  assert.deepEqual(reportMonthChoice([r('2026-10'), r('2026-11', 2), r('2026-11')], now), { months: ['2026-11', '2026-10'], initial: '2026-11' })
  assert.deepEqual(reportMonthChoice([r('2026-09'), r('2026-10')], now), { months: ['2026-10', '2026-09'], initial: '2026-10' })
  assert.deepEqual(reportMonthChoice([], now), { months: [], initial: null })
})

test('overview cards show the count behind each rate', () => {
  const t = {
    roster: 6,
    reached: 4,
    readThrough: 2,
    quizPassed: 1,
    aware: 3,
    participating: 4,
    reachRate: 0.6667,
    readThroughRate: 0.3333,
    quizPassRate: 0.1667,
    awarenessRate: 0.5,
    participationRate: 0.6667,
  }
  assert.equal(countOf(t, 'awarenessRate'), '3/6 人')
  assert.equal(countOf(t, 'readThroughRate'), '2/6 人')
})
