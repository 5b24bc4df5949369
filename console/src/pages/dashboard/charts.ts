import type { ChannelRowOut, DashboardOut, DepartmentRowOut, TallyOut } from '@contract/metrics'

/**
 * The dashboard's charts as ECharts options, from the dashboard answer. Plain TypeScript (no
 * ECharts import), unit tested in tests/client/console-dashboard.test.ts.
 */

export const percent = (rate: number) => `${(Math.round(rate * 1000) / 10).toFixed(1)}%`

const axisPercent = { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } } as const

/** Departments with people, best 知晓率 first (the server's rank order), and those without people, not ranked. */
export function splitDepartments(departments: readonly DepartmentRowOut[]): { ranked: DepartmentRowOut[]; empty: DepartmentRowOut[] } {
  const ranked = departments.filter((d) => d.roster > 0).sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.awarenessRate - a.awarenessRate)
  const empty = departments.filter((d) => d.roster === 0)
  return { ranked, empty }
}

type Day = DashboardOut['daily'][number]

/** Every day of the month up to `today` (YYYY-MM-DD, Beijing), days without activity as zeros. */
export function monthDays(daily: readonly Day[], month: string, today: string): Day[] {
  const byDay = new Map(daily.map((d) => [d.day, d]))
  const [y, m] = month.split('-').map(Number) as [number, number]
  const length = new Date(Date.UTC(y, m, 0)).getUTCDate()
  const out: Day[] = []
  for (let i = 1; i <= length; i++) {
    const day = `${month}-${String(i).padStart(2, '0')}`
    if (day > today) break
    out.push(byDay.get(day) ?? { day, active: 0, completions: 0, quizAttempts: 0, firstOpens: 0 })
  }
  return out
}

/** 每日趋势: one line per daily figure, the month's days on a date axis. */
export function trendOption(daily: readonly Day[]) {
  const days = daily.map((d) => d.day.slice(5)) // MM-DD
  const line = (name: string, data: number[]) => ({ name, type: 'line', smooth: true, showSymbol: days.length < 20, data })
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 24, top: 40, bottom: 40 },
    xAxis: { type: 'category', boundaryGap: false, data: days, name: '日期', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: '人数 / 次数', minInterval: 1 },
    series: [
      line(
        '首次触达（人）',
        daily.map((d) => d.firstOpens),
      ),
      line(
        '读完（篇次）',
        daily.map((d) => d.completions),
      ),
      line(
        '答题（次）',
        daily.map((d) => d.quizAttempts),
      ),
      line(
        '当日参与（人）',
        daily.map((d) => d.active),
      ),
    ],
  }
}

/** 各部门知晓率: bars best first, the college's rate as a dashed line. */
export function departmentOption(ranked: readonly DepartmentRowOut[], overall: TallyOut) {
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: number) => percent(v),
    },
    legend: { top: 0 },
    grid: { left: 56, right: 80, top: 40, bottom: 96 },
    xAxis: { type: 'category', data: ranked.map((d) => d.name), axisLabel: { interval: 0, rotate: ranked.length > 8 ? 35 : 0 } },
    yAxis: axisPercent,
    series: [
      {
        name: '知晓率',
        type: 'bar',
        data: ranked.map((d) => d.awarenessRate),
        label: { show: true, position: 'top', formatter: (p: { value: number }) => percent(p.value) },
        markLine: {
          symbol: 'none',
          lineStyle: { type: 'dashed' },
          label: { formatter: `全校 ${percent(overall.awarenessRate)}`, position: 'end' },
          data: [{ yAxis: overall.awarenessRate, name: '全校平均' }],
        },
      },
      { name: '参与率', type: 'bar', data: ranked.map((d) => d.participationRate) },
    ],
  }
}

/** 漏斗: 花名册 → 触达 → 读完 → 答题通过 → 知晓, each with its count and share of the roster. */
export function funnelOption(o: TallyOut) {
  const steps = [
    { name: '花名册', value: o.roster },
    { name: '触达', value: o.reached },
    { name: '读完必读', value: o.readThrough },
    { name: '答题通过', value: o.quizPassed },
    { name: '知晓', value: o.aware },
  ]
  const share = (v: number) => (o.roster ? percent(v / o.roster) : '—')
  return {
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: number }) => `${p.name}：${p.value} 人（${share(p.value)}）` },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '4%',
        width: '52%',
        min: 0,
        max: Math.max(1, o.roster),
        minSize: '4%',
        gap: 4,
        label: { show: true, position: 'right', formatter: (p: { name: string; value: number }) => `${p.name} ${p.value} 人 · ${share(p.value)}` },
        labelLine: { show: true },
        data: steps,
      },
    ],
  }
}

export const DEPTH_BUCKETS = Array.from({ length: 10 }, (_, i) => `${i * 10}–${i * 10 + 10}%`)

/** 阅读深度: readers by the deepest tenth they reached, labelled buckets, counts on the bars. */
export function depthOption(item: DashboardOut['items'][number]) {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v} 人` },
    grid: { left: 48, right: 24, top: 32, bottom: 72 },
    xAxis: { type: 'category', data: DEPTH_BUCKETS, name: '读到的位置', nameLocation: 'middle', nameGap: 52, axisLabel: { interval: 0, rotate: 35 } },
    yAxis: { type: 'value', name: '读者（人）', minInterval: 1 },
    series: [{ name: '读者', type: 'bar', data: item.depthDeciles, label: { show: true, position: 'top' } }],
  }
}

/** 渠道: first opens per channel and how many of them were read to the end. */
export function channelOption(channels: readonly ChannelRowOut[]) {
  const rows = channels.filter((c) => c.opens > 0)
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 160, right: 48, top: 40, bottom: 32 },
    yAxis: { type: 'category', data: rows.map((c) => c.name), inverse: true },
    xAxis: { type: 'value', minInterval: 1, name: '次' },
    series: [
      { name: '打开', type: 'bar', data: rows.map((c) => c.opens), label: { show: true, position: 'right' } },
      { name: '读完', type: 'bar', data: rows.map((c) => c.completed), label: { show: true, position: 'right' } },
    ],
  }
}
