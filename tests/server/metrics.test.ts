import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import ExcelJS from 'exceljs'
import { ManualClock } from '../../server/clock'
import { jobs } from '../../server/jobs'
import { JobRunner } from '../../server/jobs/scheduler'
import { Article } from '../../server/modules/articles/model'
import { Question } from '../../server/modules/handbook/model'
import { MonthlyReport } from '../../server/modules/metrics/model'
import { Person } from '../../server/modules/roster/model'
import { closeTestDb, startTestServer, type TestServer } from '../helpers/server'

/**
 * A constructed dataset with figures computed by hand (see the comments at each assertion).
 *
 * Roster: C01 机电 — P1 (class A), P2 (A), P3 (B), P4 (B, inactive); C02 信息 — P5 (X), P6 (X).
 * Campaign 1 (扫黑除恶) has required articles R1, R2 and an optional O1.
 *  U1 = P1 completes R1 and R2 in November            → reached, read-through, aware, participating
 *  U2 = P2 opens R1 (depth 0.5), passes the exam in Nov → reached, quiz passed, aware, participating
 *  U3 = P3 completes R1 in October                     → reached (participating only in October)
 *  U4 = P4 (inactive) completes R1 and R2              → in no rate
 *  U5 = P5 completes the required article of campaign 2 only
 *  P6 never signs in; U7 is signed in but never bound, and completes R1 and R2 → in no rate
 */
const clock = new ManualClock('2026-10-15T02:00:00Z')
let t: TestServer
let admin: string
let c1: string
let c2: string
let R1: string
let R2: string
let C01: string
let C02: string
const users: Record<string, { token: string; userId: string }> = {}

const BODY = '扫黑除恶，人人有责。'.repeat(10) // 100 characters: 15 s reading time, 4.5 s needed

async function article(title: string, required: boolean, campaignId?: string) {
  const res = await t.api('post', '/api/admin/articles', { token: admin, body: { title, bodyMarkdown: BODY, required, ...(campaignId ? { campaignId } : {}) } })
  await t.api('post', `/api/admin/articles/${res.body.article.id}/publish`, { token: admin })
  return res.body.article.id as string
}

let session = 0
async function read(token: string, id: string, depth: number, complete: boolean) {
  const sid = `metrics-session-${++session}`
  await t.api('post', '/api/progress/heartbeats', { token, body: { heartbeats: [{ sessionId: sid, seq: 0, item: { kind: 'article', id }, depth, engagedSeconds: 0 }] } })
  if (!complete) return
  clock.advance(20_000)
  const res = await t.api('post', '/api/progress/heartbeats', { token, body: { heartbeats: [{ sessionId: sid, seq: 1, item: { kind: 'article', id }, depth, engagedSeconds: 20 }] } })
  assert.equal(res.body.items[0].completed, true)
}

async function wechatReader(seed: string, number?: string) {
  const res = await t.api('post', '/api/auth/wechat', { body: { code: `${seed}:1` } })
  const token = res.body.token as string
  if (number) {
    const p = await Person.findOne({ number }).lean()
    await t.api('put', '/api/me/binding', { token, body: { number, name: p!.name } })
  }
  return { token, userId: res.body.user.id as string }
}

before(async () => {
  t = await startTestServer({ clock })
  admin = (await t.signInAdmin('publicity_admin')).token
  await Article.updateMany({}, { $set: { status: 'archived' } }) // seeded articles are not part of this dataset
  c1 = (await t.api('get', '/api/campaigns/current')).body.campaign.id
  const created = await t.api('post', '/api/admin/campaigns', { token: admin, body: { slug: 'fanzha', title: '反诈宣传', startAt: '2026-08-01T00:00:00+08:00' } })
  c2 = created.body.campaign.id
  C01 = await t.departmentId('C01')
  C02 = await t.departmentId('C02')
  for (const [number, dept, className, active] of [['P1', C01, 'A', true], ['P2', C01, 'A', true], ['P3', C01, 'B', true], ['P4', C01, 'B', false], ['P5', C02, 'X', true], ['P6', C02, 'X', true]] as const) {
    await Person.create({ number, name: `人${number}`, type: 'student', departmentId: dept, className, active: true })
    if (!active) await Person.updateOne({ number }, { $set: { active: false } })
  }
  // Bind before deactivating P4's entry would refuse the binding, so bind first, then deactivate.
  await Person.updateOne({ number: 'P4' }, { $set: { active: true } })
  R1 = await article('必读一', true)
  R2 = await article('必读二', true)
  await article('选读', false)
  const C2R = await article('反诈必读', true, c2)

  users.U3 = await wechatReader('u3', 'P3')
  await read(users.U3.token, R1, 1, true) // October

  clock.set('2026-11-20T02:00:00Z')
  users.U1 = await wechatReader('u1', 'P1')
  await read(users.U1.token, R1, 1, true)
  await read(users.U1.token, R2, 1, true)
  users.U2 = await wechatReader('u2', 'P2')
  await read(users.U2.token, R1, 0.5, false)
  users.U4 = await wechatReader('u4', 'P4')
  await read(users.U4.token, R1, 1, true)
  await read(users.U4.token, R2, 1, true)
  await Person.updateOne({ number: 'P4' }, { $set: { active: false } })
  users.U5 = await wechatReader('u5', 'P5')
  await read(users.U5.token, C2R, 1, true)
  users.U7 = await wechatReader('u7')
  await read(users.U7.token, R1, 1, true)
  await read(users.U7.token, R2, 1, true)

  const exam = await t.api('post', '/api/admin/exams', { token: admin, body: { title: '统计测试竞赛', blueprint: [{ type: 'truefalse', count: 1, points: 100 }], timeLimitSeconds: 600, opensAt: '2026-10-01T00:00:00+08:00', published: true } })
  const paper = await t.api('post', `/api/quiz/exams/${exam.body.exam.id}/attempts`, { token: users.U2.token })
  const q = await Question.findById(paper.body.items[0].id).lean()
  await t.api('put', `/api/quiz/attempts/${paper.body.attemptId}/answers`, { token: users.U2.token, body: { questionId: q!._id.toString(), selected: q!.answer } })
  await t.api('post', `/api/quiz/attempts/${paper.body.attemptId}/submit`, { token: users.U2.token })
})
after(async () => {
  await t.stop()
  await closeTestDb()
})

const dashboard = (month: string, campaignId = c1) => t.api('get', `/api/metrics/dashboard?month=${month}&campaignId=${campaignId}&refresh=true`, { token: admin })
const dept = (body: any, id: string) => body.departments.find((d: any) => d.departmentId === id)

describe('awareness and participation on a constructed dataset', () => {
  test('overview: roster 5 (P4 inactive, U7 unbound excluded), reached 3, read-through 1, passed 1, aware 2, participating 2', async () => {
    const res = await dashboard('2026-11')
    assert.equal(res.status, 200, JSON.stringify(res.body))
    assert.deepEqual(
      { ...res.body.overview },
      { roster: 5, reached: 3, readThrough: 1, quizPassed: 1, aware: 2, participating: 2, reachRate: 0.6, readThroughRate: 0.2, quizPassRate: 0.2, awarenessRate: 0.4, participationRate: 0.4 },
    )
    assert.equal(res.body.requiredItems, 2)
  })

  test('participation follows the period: in October only P3 took part', async () => {
    const res = await dashboard('2026-10')
    assert.equal(res.body.overview.participating, 1)
    assert.equal(res.body.overview.participationRate, 0.2)
    assert.equal(res.body.overview.aware, 2, 'awareness is cumulative, not per period')
  })

  test('per department and per class', async () => {
    const res = await dashboard('2026-11')
    const jidian = dept(res.body, C01)
    // C01 roster P1, P2, P3: reached 3/3, read-through 1/3, aware 2/3, participating 2/3.
    assert.deepEqual([jidian.roster, jidian.reached, jidian.readThrough, jidian.aware, jidian.participating], [3, 3, 1, 2, 2])
    assert.deepEqual([jidian.reachRate, jidian.readThroughRate, jidian.awarenessRate, jidian.participationRate], [1, 0.3333, 0.6667, 0.6667])
    const xinxi = dept(res.body, C02)
    assert.deepEqual([xinxi.roster, xinxi.reached, xinxi.aware, xinxi.awarenessRate], [2, 0, 0, 0], 'P5 read only in campaign 2')
    assert.equal(jidian.rank, 1)
    const classA = res.body.classes.find((c: any) => c.departmentId === C01 && c.className === 'A')
    const classB = res.body.classes.find((c: any) => c.departmentId === C01 && c.className === 'B')
    assert.deepEqual([classA.roster, classA.aware, classA.awarenessRate], [2, 2, 1])
    assert.deepEqual([classB.roster, classB.aware, classB.reached], [1, 0, 1], 'P4 (inactive) is not in class B')
  })

  test('per item: opens, completions, average depth and engaged time, readers per depth decile (every reader counts)', async () => {
    const res = await dashboard('2026-11')
    const r1 = res.body.items.find((i: any) => i.itemKey === `article:${R1}`)
    // R1 opened by U1, U2, U3, U4, U7; completed by all but U2; depths 1,0.5,1,1,1.
    assert.deepEqual([r1.opens, r1.completions], [5, 4])
    assert.equal(r1.averageDepth, 0.9) // (4 × 1 + 0.5) / 5
    assert.equal(r1.averageEngagedSeconds, 16) // 4 × 20 s / 5 readers
    assert.deepEqual(r1.depthDeciles, [0, 0, 0, 0, 0, 1, 0, 0, 0, 4])
    const r2 = res.body.items.find((i: any) => i.itemKey === `article:${R2}`)
    assert.deepEqual([r2.opens, r2.completions, r2.depthDeciles[9]], [3, 3, 3])
  })

  test('a second campaign has its own figures and leaves the first untouched', async () => {
    const res = await dashboard('2026-11', c2)
    assert.deepEqual([res.body.overview.roster, res.body.overview.reached, res.body.overview.readThrough, res.body.overview.aware, res.body.overview.awarenessRate], [5, 1, 1, 1, 0.2])
    assert.equal(dept(res.body, C02).aware, 1)
  })

  test('the daily series counts active roster people per day', async () => {
    const res = await dashboard('2026-11')
    const day = res.body.daily.find((d: any) => d.day === '2026-11-20')
    // U1 completed, U2 took a quiz, U4 (bound, later inactive) completed: 3 active roster-bound people.
    assert.equal(day.active, 3)
  })
})

describe('department accountability', () => {
  test('a dept_admin sees their own department only; others get 403', async () => {
    const head = (await t.signInAdmin('dept_admin', { departmentCode: 'C01' })).token
    const own = await t.api('get', `/api/metrics/departments/${C01}?month=2026-11&refresh=true`, { token: head })
    assert.equal(own.status, 200)
    assert.equal(own.body.department.awarenessRate, 0.6667)
    for (const path of [`/api/metrics/departments/${C02}`, `/api/metrics/departments/${C02}/unread`, `/api/reports/2026-11/departments/${C02}/download`]) {
      const other = await t.api('get', path, { token: head })
      assert.equal(other.status, 403, path)
    }
    assert.equal((await t.api('post', `/api/metrics/departments/${C02}/remind`, { token: head })).status, 403)
    assert.equal((await t.api('get', '/api/metrics/dashboard', { token: head })).status, 403)

    const unread = await t.api('get', `/api/metrics/departments/${C01}/unread`, { token: head })
    assert.deepEqual(unread.body.people.map((p: any) => p.number), ['P2', 'P3'], 'P1 is through; P4 is inactive')
    const xlsx = await fetch(`${t.url}/api/metrics/departments/${C01}/unread?format=xlsx`, { headers: { authorization: `Bearer ${head}` } })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await xlsx.arrayBuffer())
    assert.equal(wb.worksheets[0].getRow(2).getCell(1).value, 'P2')
  })

  test('reminders go to unread people who allowed them, at most once a day per person', async () => {
    const head = (await t.signInAdmin('dept_admin', { departmentCode: 'C01' })).token
    await t.api('put', '/api/me/subscriptions', { token: users.U2.token, body: { accepted: ['tmpl-campaign-news'] } })
    await t.api('put', '/api/me/subscriptions', { token: users.U1.token, body: { accepted: ['tmpl-campaign-news'] } })
    const first = await t.api('post', `/api/metrics/departments/${C01}/remind`, { token: head })
    assert.deepEqual([first.body.unread, first.body.subscribed, first.body.sent], [2, 1, 1], 'U1 is through: not reminded')
    assert.equal(t.standin.sent.filter((m) => m.touser === t.standin.openidFor('u2')).length, 1)
    await t.api('put', '/api/me/subscriptions', { token: users.U2.token, body: { accepted: ['tmpl-campaign-news'] } })
    const again = await t.api('post', `/api/metrics/departments/${C01}/remind`, { token: head })
    assert.deepEqual([again.body.sent, again.body.alreadyRemindedToday], [0, 1])
    clock.advance(24 * 3600_000)
    const nextDay = await t.api('post', `/api/metrics/departments/${C01}/remind`, { token: head })
    assert.equal(nextDay.body.sent, 1)
    clock.set('2026-11-20T06:00:00Z')
  })
})

describe('monthly report', () => {
  test('two job runners produce one report per campaign for last month; regenerating adds a version; the workbook equals the API', async () => {
    const at = new Date('2026-12-01T00:00:00Z') // 08:00 on the 1st in Shanghai
    clock.set(at)
    const a = new JobRunner(t.deps, jobs)
    const b = new JobRunner(t.deps, jobs)
    const ran = await Promise.all([a.tick('monthly-report', at), b.tick('monthly-report', at)])
    assert.equal(ran.filter(Boolean).length, 1)
    assert.equal(await MonthlyReport.countDocuments({ month: '2026-11', campaignId: c1 }), 1)
    assert.equal(await MonthlyReport.countDocuments({ month: '2026-11', campaignId: c2 }), 1)

    const regen = await t.api('post', '/api/reports/2026-11/regenerate', { token: admin })
    assert.equal(regen.status, 201)
    assert.equal(regen.body.report.version, 2)
    const list = await t.api('get', '/api/reports', { token: admin })
    assert.deepEqual(list.body.reports.filter((r: any) => r.month === '2026-11').map((r: any) => [r.version, r.trigger]), [[2, 'manual'], [1, 'schedule']])

    const api = (await dashboard('2026-11')).body
    const download = await fetch(`${t.url}/api/reports/2026-11/download`, { headers: { authorization: `Bearer ${admin}` } })
    assert.equal(download.status, 200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await download.arrayBuffer())
    assert.deepEqual(wb.worksheets.map((w) => w.name), ['总览', '部门', '班级', '学习内容', '答题', '线索统计'])
    const overview = new Map<string, unknown>()
    wb.getWorksheet('总览')!.eachRow((r) => overview.set(String(r.getCell(1).value), r.getCell(2).value))
    assert.equal(overview.get('知晓率'), api.overview.awarenessRate)
    assert.equal(overview.get('参与率'), api.overview.participationRate)
    assert.equal(overview.get('花名册人数'), api.overview.roster)
    assert.equal(wb.getWorksheet('总览')!.getRow(14).getCell(2).numFmt, '0.0%')
    const deptSheet = wb.getWorksheet('部门')!
    const headers = (deptSheet.getRow(1).values as string[]).slice(1)
    deptSheet.eachRow((row, n) => {
      if (n === 1) return
      const values = (row.values as unknown[]).slice(1)
      const fromApi = api.departments.find((d: any) => d.name === values[headers.indexOf('部门')])
      assert.equal(values[headers.indexOf('知晓率')], fromApi.awarenessRate)
      assert.equal(values[headers.indexOf('参与人数')], fromApi.participating)
    })

    const head = (await t.signInAdmin('dept_admin', { departmentCode: 'C01' })).token
    const part = await fetch(`${t.url}/api/reports/2026-11/departments/${C01}/download`, { headers: { authorization: `Bearer ${head}` } })
    const partWb = new ExcelJS.Workbook()
    await partWb.xlsx.load(await part.arrayBuffer())
    assert.deepEqual(partWb.worksheets.map((w) => w.name), ['部门', '班级'])
    assert.equal(partWb.getWorksheet('部门')!.rowCount, 2, 'only their own department')
  })
})
