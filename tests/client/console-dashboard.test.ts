import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { DepartmentRowOut, TallyOut } from '../../contract/metrics'
import { DEPTH_BUCKETS, departmentOption, depthOption, funnelOption, monthDays, percent, splitDepartments, trendOption } from '../../console/src/pages/dashboard/charts'
import { classesOf, remindSummary, unreadState } from '../../console/src/pages/departments/unread'

const tally = (roster: number, aware: number, participating = 0): TallyOut => ({
  roster,
  reached: aware,
  readThrough: aware,
  quizPassed: 0,
  aware,
  participating,
  reachRate: roster ? aware / roster : 0,
  readThroughRate: roster ? aware / roster : 0,
  quizPassRate: 0,
  awarenessRate: roster ? aware / roster : 0,
  participationRate: roster ? participating / roster : 0,
})
const dept = (name: string, roster: number, aware: number, rank: number | null): DepartmentRowOut => ({
  ...tally(roster, aware),
  departmentId: name,
  name,
  code: name,
  requiredItems: 2,
  rank,
})

describe('dashboard charts', () => {
  test('departments with people by rank; departments with nobody are set apart, never ranked or drawn', () => {
    const { ranked, empty } = splitDepartments([dept('保卫处', 0, 0, null), dept('信息', 3, 1, 2), dept('机电', 4, 2, 1)])
    assert.deepEqual(
      ranked.map((d) => d.name),
      ['机电', '信息'],
    )
    assert.deepEqual(
      empty.map((d) => d.name),
      ['保卫处'],
    )
    const option = departmentOption(ranked, tally(7, 3))
    assert.deepEqual(option.xAxis.data, ['机电', '信息'])
    assert.deepEqual(option.series[0]!.data, [0.5, 1 / 3])
    assert.equal(option.series[0]!.markLine!.label.formatter, '全校 42.9%')
  })

  test('the trend has every day of the month up to today on its axis, quiet days as zeros', () => {
    const days = monthDays([{ day: '2026-11-03', active: 2, completions: 3, quizAttempts: 1, firstOpens: 2 }], '2026-11', '2026-11-05')
    assert.deepEqual(
      days.map((d) => d.day),
      ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'],
    )
    const option = trendOption(days)
    assert.deepEqual(option.xAxis.data, ['11-01', '11-02', '11-03', '11-04', '11-05'])
    assert.deepEqual(option.series[1]!.data, [0, 0, 3, 0, 0])
    // A past month runs to its last day (30 in November).
    assert.equal(monthDays([], '2026-11', '2026-12-15').length, 30)
  })

  test('the funnel keeps its order and labels each step with its count and share of the roster', () => {
    const o = { ...tally(7, 3), reached: 3, readThrough: 2, quizPassed: 1 }
    const option = funnelOption(o)
    assert.equal(option.series[0]!.sort, 'none')
    const label = option.series[0]!.label.formatter
    assert.deepEqual(
      option.series[0]!.data.map((s) => label(s)),
      ['花名册 7 人 · 100.0%', '触达 3 人 · 42.9%', '读完必读 2 人 · 28.6%', '答题通过 1 人 · 14.3%', '知晓 3 人 · 42.9%'],
    )
    assert.equal(funnelOption(tally(0, 0)).series[0]!.label.formatter({ name: '触达', value: 0 }), '触达 0 人 · —')
  })

  test('depth buckets are labelled 0–10% … 90–100%', () => {
    assert.equal(DEPTH_BUCKETS.length, 10)
    assert.equal(DEPTH_BUCKETS[0], '0–10%')
    assert.equal(DEPTH_BUCKETS[9], '90–100%')
    const item = {
      itemKey: 'a',
      kind: 'article',
      title: '甲',
      required: true,
      opens: 3,
      completions: 2,
      averageDepth: 0.8,
      averageEngagedSeconds: 40,
      depthDeciles: [0, 0, 0, 0, 1, 0, 0, 0, 0, 2],
    }
    assert.deepEqual(depthOption(item).series[0]!.data, item.depthDeciles)
  })

  test('rates read as percentages with one decimal', () => {
    assert.equal(percent(0.4286), '42.9%')
    assert.equal(percent(1), '100.0%')
    assert.equal(percent(0), '0.0%')
  })
})

describe('the unread list', () => {
  test('states and class filters in words', () => {
    assert.equal(unreadState({ opened: false }), '未打开')
    assert.equal(unreadState({ opened: true }), '已打开，未读完')
    const person = (className: string | null) => ({
      personId: '1',
      departmentId: 'd',
      number: '1',
      name: '甲',
      className,
      type: 'student',
      opened: false,
      completedRequired: 0,
      required: 1,
    })
    assert.deepEqual(classesOf([person('机电2602'), person(null), person('机电2601'), person('机电2602')]), ['（无班级）', '机电2601', '机电2602'])
  })

  test('what 一键提醒 did, in one sentence', () => {
    assert.equal(remindSummary({ unread: 3, subscribed: 2, sent: 1, alreadyRemindedToday: 1, failed: 0 }), '已向 1 人发出提醒；1 人今天已提醒过；1 人未订阅消息，无法提醒')
    assert.equal(remindSummary({ unread: 0, subscribed: 0, sent: 0, alreadyRemindedToday: 0, failed: 0 }), '本部门没有需要提醒的人员')
    assert.equal(remindSummary({ unread: 2, subscribed: 2, sent: 1, alreadyRemindedToday: 0, failed: 1 }), '已向 1 人发出提醒；1 人发送失败')
  })
})
