import assert from 'node:assert/strict'
import { test } from 'node:test'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { ManualClock } from '../../server/clock'
import { Article } from '../../server/modules/articles/model'
import { Question } from '../../server/modules/handbook/model'
import { Person } from '../../server/modules/roster/model'
import { onBrowserPages } from '../helpers/browser'
import { answerDialog, assertNoDeveloperText, consoleScreenshot, newConsolePage, openConsolePage, shownDialog, signInConsole, useConsoleFixture } from '../helpers/console'
import type { TestServer } from '../helpers/server'

// The server's clock starts at now and is moved on by hand, so reading time passes without waiting.
const clock = new ManualClock(new Date())
const fixture = useConsoleFixture({ clock })

const BODY = Array.from({ length: 20 }, (_, i) => `第${i + 1}条：遇到套路贷要报警。`).join('\n\n')
let session = 0

/**
 * A small campaign: C01 机电 has 4 people (甲 reads both required articles, 乙 reads one half-way,
 * 丙 passes the contest, 丁 does nothing), C02 has 3 (戊 reads both, 己 and 庚 do nothing); the other
 * seeded departments have nobody on the roster. Readers come through the official account (mp)
 * or a URL Link (link).
 */
async function buildCampaign(t: TestServer, admin: string) {
  await Article.updateMany({}, { $set: { status: 'archived' } }) // seeded articles are not part of this dataset
  const C01 = await t.departmentId('C01')
  const C02 = await t.departmentId('C02')
  const people = [
    ['D001', '甲', C01, '机电2601'],
    ['D002', '乙', C01, '机电2601'],
    ['D003', '丙', C01, '机电2602'],
    ['D004', '丁', C01, '机电2602'],
    ['D005', '戊', C02, '信息2601'],
    ['D006', '己', C02, '信息2601'],
    ['D007', '庚', C02, '信息2602'],
  ] as const
  for (const [number, name, departmentId, className] of people) await Person.create({ number, name, type: 'student', departmentId, className, active: true })
  const articles: string[] = []
  for (const title of ['认清套路贷', '扫黑除恶知识十问']) {
    const created = await t.api('post', '/api/admin/articles', { token: admin, body: { title, bodyMarkdown: BODY, required: true } })
    await t.api('post', `/api/admin/articles/${created.body.article.id}/publish`, { token: admin })
    articles.push(created.body.article.id)
  }
  const reader = async (number: string, name: string) => {
    const res = await t.api('post', '/api/auth/wechat', { body: { code: `console-${number}:1` } })
    await t.api('put', '/api/me/binding', { token: res.body.token, body: { number, name } })
    return res.body.token as string
  }
  const beat = (token: string, sid: string, seq: number, id: string, depth: number, engagedSeconds: number) =>
    t.api('post', '/api/progress/heartbeats', { token, body: { heartbeats: [{ sessionId: sid, seq, item: { kind: 'article', id }, depth, engagedSeconds }] } })
  const read = async (token: string, id: string, ch: string, depth: number) => {
    await t.api('get', `/api/articles/${id}?ch=${ch}`, { token })
    const sid = `console-session-${++session}`
    await beat(token, sid, 0, id, depth, 0)
    clock.advance(40_000)
    await beat(token, sid, 1, id, depth, 40)
  }
  const jia = await reader('D001', '甲')
  for (const id of articles) await read(jia, id, 'mp', 1)
  await read(await reader('D002', '乙'), articles[0]!, 'link', 0.45)
  const wu = await reader('D005', '戊')
  for (const id of articles) await read(wu, id, 'mp', 1)

  const exam = await t.api('post', '/api/admin/exams', {
    token: admin,
    body: {
      title: '知识竞赛',
      blueprint: [{ type: 'truefalse', count: 1, points: 100 }],
      timeLimitSeconds: 600,
      opensAt: new Date(clock.now().getTime() - 3600_000).toISOString(),
      published: true,
    },
  })
  const bing = await reader('D003', '丙')
  const paper = await t.api('post', `/api/quiz/exams/${exam.body.exam.id}/attempts`, { token: bing })
  const item = paper.body.items[0]
  const q = (await Question.findById(item.id).lean())!
  const right = new Set(q.options.filter((o) => q.answer.includes(o.id)).map((o) => o.text))
  const selected = item.options.filter((o: { text: string }) => right.has(o.text)).map((o: { id: string }) => o.id)
  await t.api('put', `/api/quiz/attempts/${paper.body.attemptId}/answers`, { token: bing, body: { questionId: item.id, selected } })
  const submitted = await t.api('post', `/api/quiz/attempts/${paper.body.attemptId}/submit`, { token: bing })
  assert.equal(submitted.body.passed, true)
  return { C01, C02 }
}

/** The text of a chart's SVG (axis labels, data labels, the average line's label). */
const chartText = (page: Page, selector: string) => page.locator(`${selector} svg text`).allTextContents()

test('the dashboard explains its rates, draws trend, department, funnel, depth and channel charts from the data, and a department’s unread list exports and reminds', async () => {
  const t = fixture.server()
  const admin = await newConsolePage(fixture.browser())
  const head = await newConsolePage(fixture.browser())
  await onBrowserPages({ 'console-dashboard': admin, 'console-dept-head': head }, async () => {
    const p = admin.page
    const token = await signInConsole(p, t, 'publicity_admin', 'console-dashboard')
    const { C01 } = await buildCampaign(t, token)
    const api = (await t.api('get', '/api/metrics/dashboard?refresh=true', { token })).body
    assert.deepEqual([api.overview.roster, api.overview.reached, api.overview.readThrough, api.overview.quizPassed, api.overview.aware], [7, 3, 2, 1, 3])

    await openConsolePage(p, t, '/dashboard')
    await p.locator('.kpi').first().waitFor()
    // KPI: 知晓率 3 / 7 = 42.9 %, its definition on hover.
    const awareness = p.locator('.kpi', { hasText: '知晓率' })
    await awareness.getByText('42.9%').waitFor()
    await awareness.getByText('3 / 7 人').waitFor()
    await awareness.getByLabel('知晓率的定义').hover()
    await p
      .getByRole('tooltip')
      .getByText(/知晓率 = 阅读完成或答题通过/)
      .waitFor()

    // Trend: a date axis with today's day, lines drawn.
    const today = new Date(clock.now().getTime() + 8 * 3600_000).toISOString().slice(5, 10)
    await p.locator('.trend-chart svg text', { hasText: today }).waitFor({ state: 'attached' })
    // Four lines drawn over the axes: more paths than an empty grid.
    assert.ok((await p.locator('.trend-chart svg path').count()) > 10)
    const trend = await chartText(p, '.trend-chart')
    assert.ok(trend.includes(today), `trend axis has ${today}: ${trend.join(' ')}`)
    assert.ok(trend.includes('日期'))
    // Departments: bars for the two with people, best first (机电 2/4 = 50 %, 信息 1/3 = 33.3 %), the college's line labelled.
    const depts = await chartText(p, '.department-chart')
    assert.ok(depts.indexOf('机电工程学院') >= 0 && depts.indexOf('机电工程学院') < depts.indexOf('信息工程学院'), depts.join(' | '))
    for (const label of ['50.0%', '33.3%', '全校 42.9%']) assert.ok(depts.includes(label), `${label} in ${depts.join(' | ')}`)
    // Departments without people: listed as 无人员, not drawn, not ranked.
    assert.ok(!depts.includes('保卫处'))
    await p.locator('.empty-departments .ant-tag').first().waitFor()
    await p.locator('.empty-departments').getByText('保卫处').waitFor()
    const rows = p.locator('.department-table tbody tr')
    assert.deepEqual(await rows.locator('td:first-child').allTextContents(), ['1', '2'])
    // Funnel with counts and shares; depth buckets labelled; channels by name.
    const funnel = await chartText(p, '.funnel-chart')
    assert.ok(
      funnel.some((x) => x === '触达 3 人 · 42.9%'),
      funnel.join(' | '),
    )
    assert.ok(funnel.some((x) => x === '知晓 3 人 · 42.9%'))
    const depth = await chartText(p, '.depth-chart')
    assert.ok(depth.includes('0–10%') && depth.includes('90–100%'), depth.join(' '))
    const channels = await chartText(p, '.channel-chart')
    assert.ok(channels.some((x) => x.startsWith('公众号')) && channels.some((x) => x.startsWith('URL Link')), channels.join(' | '))
    await consoleScreenshot(p, 'dashboard')
    await assertNoDeveloperText(p, 'dashboard')

    // A department: its rank, and its unread list (乙 opened, 丙 passed the quiz but did not read, 丁 never opened).
    await p.locator('.department-table').getByRole('link', { name: '机电工程学院' }).click()
    await p.waitForURL(new RegExp(`/admin/departments/${C01}`))
    await p.locator('.unread-table tbody tr', { hasText: '丁' }).waitFor()
    assert.deepEqual(await p.locator('.unread-table tbody tr td:nth-child(2)').allTextContents(), ['乙', '丙', '丁'])
    await p.locator('.unread-table tbody tr', { hasText: '乙' }).getByText('已打开，未读完').waitFor()
    await p.locator('.department-figures').getByText('第 1 名 / 共 2 个部门').waitFor()
    const [download] = await Promise.all([p.waitForEvent('download'), p.locator('.export-unread').click()])
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await download.createReadStream().then(async (s) => Buffer.concat(await s.toArray()))) as never)
    const names = wb.worksheets[0]!.getColumn(2).values.slice(2).map(String)
    assert.deepEqual(names.sort(), ['丁', '丙', '乙'])
    assert.match(download.suggestedFilename(), /发而未看名单-机电工程学院\.xlsx/)

    await p.locator('.remind-unread').click()
    await shownDialog(p, '提醒 3 位尚未读完的人员？')
    await consoleScreenshot(p, 'department-remind-confirm')
    await answerDialog(p, '提醒 3 位尚未读完的人员？', '发送提醒')
    await p
      .locator('.ant-message')
      .getByText(/未订阅消息|已向/)
      .waitFor({ timeout: 10_000 })
    await consoleScreenshot(p, 'department')
    await assertNoDeveloperText(p, 'department')

    await openConsolePage(p, t, '/reports')
    await p.locator('.reports-table').waitFor()
    await consoleScreenshot(p, 'reports')
    await assertNoDeveloperText(p, 'reports')

    // A department head: only their department, straight from 部门数据.
    const h = head.page
    await signInConsole(h, t, 'dept_admin', 'console-head', { departmentCode: 'C01' })
    const menu = h.locator('.ant-pro-sider .ant-menu')
    assert.equal(await menu.getByText('数据看板').count(), 0)
    await menu.getByText('部门数据').click()
    await h.waitForURL(new RegExp(`/admin/departments/${C01}`))
    await h.locator('.unread-table tbody tr', { hasText: '丁' }).waitFor()
    assert.equal(await h.locator('.department-picker').count(), 0)
    await consoleScreenshot(h, 'department-head')
    await assertNoDeveloperText(h, 'department head')
  })
})
