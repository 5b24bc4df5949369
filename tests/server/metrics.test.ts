import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import ExcelJS from 'exceljs'
import { ManualClock } from '../../server/clock'
import { jobs } from '../../server/jobs'
import { JobRun } from '../../server/jobs/lease'
import { JobRunner, nextRuns } from '../../server/jobs/scheduler'
import { Article } from '../../server/modules/articles/model'
import { Campaign } from '../../server/modules/campaigns/model'
import { Question } from '../../server/modules/handbook/model'
import { monthlyReportJob } from '../../server/modules/metrics/jobs'
import { MonthlyReport } from '../../server/modules/metrics/model'
import { ITEMS_SHEET } from '../../server/modules/metrics/report'
import { Person } from '../../server/modules/roster/model'
import { useTestServer } from '../helpers/server'

/**
 * A constructed dataset with figures computed by hand (see the comments at each assertion).
 *
 * Roster: C01 机电 — P1 (class A), P2 (A), P3 (B), P4 (B; leaves the roster on 20 Nov);
 *         C02 信息 — P5 (X), P6 (X), P8 (Y; joins the roster on 10 Nov).
 * Campaign 1 (扫黑除恶), all published on 15 Oct: required R1 and R2 for everyone, required R3
 * for C01 only, optional O1. Campaign 2 (反诈): required C2R.
 * October:
 *  U3 = P3 completes R1; U4 = P4 completes R1.
 * November (the 20th):
 *  U1 = P1 completes R1, R2, R3                           → read-through
 *  U2 = P2 reads R1 to 30 %, then on to 60 % (not complete), passes the exam → quiz passed
 *  U3 = P3 submits the exam without answers (fails)      → participating, not aware
 *  U4 = P4 completes R2 and R3, then leaves the roster   → in no November figure
 *  U5 = P5 completes R1 and R2 (R3 is not for C02)       → read-through; and C2R in campaign 2
 *  U7 is signed in but never bound, completes R1 and R2  → in no rate (but in item figures)
 *  P6 and P8 never sign in.
 */
const clock = new ManualClock('2026-10-15T02:00:00Z')
let admin: string
let c1: string
let c2: string
let R1: string
let R2: string
let R3: string
let C01: string
let C02: string
const users: Record<string, { token: string; userId: string }> = {}
const t = useTestServer({ clock }, async () => {
  admin = (await t.signInAdmin('publicity_admin')).token
  await Article.updateMany({}, { $set: { status: 'archived' } }) // seeded articles are not part of this dataset
  c1 = (await t.api('get', '/api/campaigns/current')).body.campaign.id
  const created = await t.api('post', '/api/admin/campaigns', { token: admin, body: { slug: 'fanzha', title: '反诈宣传', startAt: '2026-08-01T00:00:00+08:00' } })
  c2 = created.body.campaign.id
  C01 = await t.departmentId('C01')
  C02 = await t.departmentId('C02')
  for (const [number, dept, className] of [
    ['P1', C01, 'A'],
    ['P2', C01, 'A'],
    ['P3', C01, 'B'],
    ['P4', C01, 'B'],
    ['P5', C02, 'X'],
    ['P6', C02, 'X'],
  ] as const) {
    await Person.create({ number, name: `人${number}`, type: 'student', departmentId: dept, className, active: true })
  }
  await Person.create({ number: 'P8', name: '人P8', type: 'student', departmentId: C02, className: 'Y', active: true, joinedAt: new Date('2026-11-10T00:00:00+08:00') })
  R1 = await article('必读一', true)
  R2 = await article('必读二', true)
  R3 = await article('机电必读', true, { audienceDepartmentIds: [C01] })
  await article('选读', false)
  const C2R = await article('反诈必读', true, { campaignId: c2 })

  users.U3 = await wechatReader('u3', 'P3')
  await read(users.U3.token, R1, 1, true) // October
  users.U4 = await wechatReader('u4', 'P4')
  await read(users.U4.token, R1, 1, true) // October

  clock.set('2026-11-20T02:00:00Z')
  users.U1 = await wechatReader('u1', 'P1')
  for (const id of [R1, R2, R3]) await read(users.U1.token, id, 1, true)
  users.U2 = await wechatReader('u2', 'P2')
  const sid = await read(users.U2.token, R1, 0.3, false)
  clock.advance(10_000)
  await beat(users.U2.token, sid, 1, R1, 0.6, 0) // deeper: moves from the 30–40 % decile to 60–70 %
  await read(users.U4.token, R2, 1, true)
  await read(users.U4.token, R3, 1, true)
  // P4 leaves: a complete roster import would do this.
  await Person.updateOne({ number: 'P4' }, { $set: { active: false, leftAt: clock.now() } })
  users.U5 = await wechatReader('u5', 'P5')
  await read(users.U5.token, C2R, 1, true)
  await read(users.U5.token, R1, 1, true)
  await read(users.U5.token, R2, 1, true)
  users.U7 = await wechatReader('u7')
  await read(users.U7.token, R1, 1, true)
  await read(users.U7.token, R2, 1, true)

  const exam = await t.api('post', '/api/admin/exams', {
    token: admin,
    body: { title: '统计测试竞赛', blueprint: [{ type: 'truefalse', count: 1, points: 100 }], timeLimitSeconds: 600, opensAt: '2026-10-01T00:00:00+08:00', published: true },
  })
  await examAttempt(exam.body.exam.id, users.U2.token, true)
  await examAttempt(exam.body.exam.id, users.U3.token, false)
})

const BODY = '扫黑除恶，人人有责。'.repeat(10) // 100 characters: 15 s reading time, 4.5 s needed

async function article(title: string, required: boolean, opts: { campaignId?: string; audienceDepartmentIds?: string[] } = {}) {
  const res = await t.api('post', '/api/admin/articles', { token: admin, body: { title, bodyMarkdown: BODY, required, ...opts } })
  assert.equal(res.status, 201, JSON.stringify(res.body))
  await t.api('post', `/api/admin/articles/${res.body.article.id}/publish`, { token: admin })
  return res.body.article.id as string
}

let session = 0
const beat = (token: string, sessionId: string, seq: number, id: string, depth: number, engagedSeconds: number) =>
  t.api('post', '/api/progress/heartbeats', { token, body: { heartbeats: [{ sessionId, seq, item: { kind: 'article', id }, depth, engagedSeconds }] } })

/** Opens an article at `depth`; with `complete`, stays 20 s (engaged), which completes it. */
async function read(token: string, id: string, depth: number, complete: boolean) {
  const sid = `metrics-session-${++session}`
  await beat(token, sid, 0, id, depth, 0)
  if (!complete) return sid
  clock.advance(20_000)
  const res = await beat(token, sid, 1, id, depth, 20)
  assert.equal(res.body.items[0].completed, true)
  return sid
}

async function wechatReader(seed: string, number?: string) {
  const res = await t.api('post', '/api/auth/wechat', { body: { code: `${seed}:1` } })
  const token = res.body.token as string
  if (number) {
    const p = await Person.findOne({ number }).lean()
    const bound = await t.api('put', '/api/me/binding', { token, body: { number, name: p!.name } })
    assert.equal(bound.status, 200, JSON.stringify(bound.body))
  }
  return { token, userId: res.body.user.id as string }
}

async function examAttempt(examId: string, token: string, answer: boolean) {
  const paper = await t.api('post', `/api/quiz/exams/${examId}/attempts`, { token })
  assert.equal(paper.status, 201, JSON.stringify(paper.body))
  if (answer) {
    // The right option, found by its text (the paper shows its own option ids).
    const item = paper.body.items[0]
    const q = (await Question.findById(item.id).lean())!
    const right = new Set(q.options.filter((o) => q.answer.includes(o.id)).map((o) => o.text))
    const selected = item.options.filter((o: { id: string; text: string }) => right.has(o.text)).map((o: { id: string }) => o.id)
    const saved = await t.api('put', `/api/quiz/attempts/${paper.body.attemptId}/answers`, { token, body: { questionId: item.id, selected } })
    assert.equal(saved.status, 200, JSON.stringify(saved.body))
  }
  const submitted = await t.api('post', `/api/quiz/attempts/${paper.body.attemptId}/submit`, { token })
  assert.equal(submitted.status, 200, JSON.stringify(submitted.body))
  assert.equal(submitted.body.passed, answer)
}

const dashboard = (month: string, campaignId = c1) => t.api('get', `/api/metrics/dashboard?month=${month}&campaignId=${campaignId}&refresh=true`, { token: admin })
const dept = (body: any, id: string) => body.departments.find((d: any) => d.departmentId === id)
const counts = (x: any) => [x.roster, x.reached, x.readThrough, x.quizPassed, x.aware, x.participating]

describe('awareness and participation on a constructed dataset', () => {
  test('November: roster 6 (P4 left, U7 unbound), reached 4, read-through 2 (P1; P5 without C01-only R3), passed 1, aware 3, participating 4', async () => {
    const res = await dashboard('2026-11')
    assert.equal(res.status, 200, JSON.stringify(res.body))
    assert.deepEqual(
      { ...res.body.overview },
      {
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
      },
    )
    assert.equal(res.body.requiredItems, 3)
    assert.equal(res.body.asOf, new Date('2026-12-01T00:00:00+08:00').toISOString())
  })

  test('October, as of its end: P4 was on the roster and P8 was not; nobody was aware yet', async () => {
    const res = await dashboard('2026-10')
    // Roster P1, P2, P3, P4, P5, P6. Reached: P3 and P4 (R1 in October). Nobody completed all of
    // R1–R3 or passed a quiz before 1 November. Participating in October: P3, P4.
    assert.deepEqual(
      { ...res.body.overview },
      {
        roster: 6,
        reached: 2,
        readThrough: 0,
        quizPassed: 0,
        aware: 0,
        participating: 2,
        reachRate: 0.3333,
        readThroughRate: 0,
        quizPassRate: 0,
        awarenessRate: 0,
        participationRate: 0.3333,
      },
    )
    assert.deepEqual(counts(dept(res.body, C01)), [4, 2, 0, 0, 0, 2])
    assert.deepEqual(counts(dept(res.body, C02)), [2, 0, 0, 0, 0, 0])
  })

  test('per department and per class; what is required depends on the department', async () => {
    const res = await dashboard('2026-11')
    const jidian = dept(res.body, C01)
    // C01 roster P1, P2, P3: all reached; P1 through; P2 passed; all three took part in November.
    assert.deepEqual(counts(jidian), [3, 3, 1, 1, 2, 3])
    assert.deepEqual([jidian.reachRate, jidian.readThroughRate, jidian.awarenessRate, jidian.participationRate], [1, 0.3333, 0.6667, 1])
    assert.equal(jidian.requiredItems, 3)
    const xinxi = dept(res.body, C02)
    // C02 roster P5, P6, P8: P5 is through with R1 and R2 (R3 is C01's).
    assert.deepEqual(counts(xinxi), [3, 1, 1, 0, 1, 1])
    assert.equal(xinxi.awarenessRate, 0.3333)
    assert.equal(xinxi.requiredItems, 2)
    assert.deepEqual([jidian.rank, xinxi.rank], [1, 2])
    assert.ok(
      res.body.departments.filter((d: any) => d.roster === 0).every((d: any) => d.rank === null),
      'departments with nobody on the roster are not ranked',
    )
    const cls = (d: string, name: string) => res.body.classes.find((c: any) => c.departmentId === d && c.className === name)
    assert.deepEqual([cls(C01, 'A').roster, cls(C01, 'A').aware, cls(C01, 'A').awarenessRate], [2, 2, 1])
    assert.deepEqual(
      [cls(C01, 'B').roster, cls(C01, 'B').aware, cls(C01, 'B').reached, cls(C01, 'B').participating],
      [1, 0, 1, 1],
      'P4 (left) is not in class B; P3 failed the exam',
    )
    assert.deepEqual([cls(C02, 'X').roster, cls(C02, 'X').aware, cls(C02, 'X').awarenessRate], [2, 1, 0.5])
    assert.deepEqual([cls(C02, 'Y').roster, cls(C02, 'Y').aware], [1, 0])
  })

  test('per item: opens, completions, average depth and engaged time, readers per depth decile (every reader counts)', async () => {
    const res = await dashboard('2026-11')
    const item = (id: string) => res.body.items.find((i: any) => i.itemKey === `article:${id}`)
    // R1 opened by U3, U4 (October), U1, U2, U5, U7; completed by all but U2 (60 %).
    assert.deepEqual([item(R1).opens, item(R1).completions], [6, 5])
    assert.equal(item(R1).averageDepth, 0.93) // (5 × 1 + 0.6) / 6 = 0.9333
    assert.equal(item(R1).averageEngagedSeconds, 16.67) // 5 × 20 s / 6 readers
    // U2 was counted in 30–40 % first, then moved to 60–70 %.
    assert.deepEqual(item(R1).depthDeciles, [0, 0, 0, 0, 0, 0, 1, 0, 0, 5])
    assert.deepEqual([item(R2).opens, item(R2).completions, item(R2).depthDeciles[9]], [4, 4, 4]) // U1, U4, U5, U7
    assert.deepEqual([item(R3).opens, item(R3).completions], [2, 2]) // U1, U4
  })

  test('a person in both campaigns counts in each; the second campaign has its own figures', async () => {
    const res = await dashboard('2026-11', c2)
    // Same roster of 6; only P5 read C2R.
    assert.deepEqual(counts(res.body.overview), [6, 1, 1, 0, 1, 1])
    assert.equal(res.body.overview.awarenessRate, 0.1667)
    assert.equal(dept(res.body, C02).aware, 1)
    assert.equal(dept((await dashboard('2026-11')).body, C02).aware, 1, 'P5 is aware in campaign 1 too')
  })

  test('the daily series counts roster people only', async () => {
    const res = await dashboard('2026-11')
    const day = res.body.daily.find((d: any) => d.day === '2026-11-20')
    // Active on the 20th: U1 and U5 completed items, U2 and U3 submitted the exam. U4 (left) and U7 (unbound) do not count.
    assert.deepEqual([day.active, day.completions, day.quizAttempts], [4, 5, 2])
  })

  test('quizzes of the month: attempts, takers, passes and the average score', async () => {
    const res = await dashboard('2026-11')
    const q = res.body.quizzes.find((x: any) => x.title === '统计测试竞赛')
    assert.deepEqual([q.attempts, q.takers, q.passed, q.averageScoreRate], [2, 2, 1, 0.5])
  })
})

describe('department accountability', () => {
  test('a dept_admin sees their own department only; others get 403', async () => {
    const head = (await t.signInAdmin('dept_admin', { departmentCode: 'C01' })).token
    const own = await t.api('get', `/api/metrics/departments/${C01}?month=2026-11&refresh=true`, { token: head })
    assert.equal(own.status, 200)
    assert.equal(own.body.department.awarenessRate, 0.6667)
    assert.equal(own.body.departmentsRanked, 2)
    for (const path of [
      `/api/metrics/departments/${C02}`,
      `/api/metrics/departments/${C02}/unread`,
      `/api/reports/2026-11/departments/${C02}/download`,
      '/api/reports/2026-11/download',
    ]) {
      const other = await t.api('get', path, { token: head })
      assert.equal(other.status, 403, path)
    }
    assert.equal((await t.api('post', `/api/metrics/departments/${C02}/remind`, { token: head })).status, 403)
    assert.equal((await t.api('post', '/api/reports/2026-11/regenerate', { token: head })).status, 403)
    assert.equal((await t.api('get', '/api/metrics/dashboard', { token: head })).status, 403)

    const unread = await t.api('get', `/api/metrics/departments/${C01}/unread`, { token: head })
    assert.deepEqual(
      unread.body.people.map((p: any) => [p.number, p.completedRequired, p.required]),
      [
        ['P2', 0, 3],
        ['P3', 1, 3],
      ],
      'P1 is through; P4 has left',
    )
    const xlsx = await fetch(`${t.url}/api/metrics/departments/${C01}/unread?format=xlsx`, { headers: { authorization: `Bearer ${head}` } })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await xlsx.arrayBuffer())
    assert.equal(wb.worksheets[0].getRow(2).getCell(1).value, 'P2')
  })

  test('发而未看 uses what is required of each department, and agrees with the reader\'s own "required remaining"', async () => {
    const c02 = await t.api('get', `/api/metrics/departments/${C02}/unread?campaignId=${c1}`, { token: admin })
    assert.deepEqual(
      c02.body.people.map((p: any) => [p.number, p.required]),
      [
        ['P6', 2],
        ['P8', 2],
      ],
      'P5 read R1 and R2; the C01-only article is not theirs',
    )
    const mine = async (u: string) => (await t.api('get', `/api/me/reading-progress?campaignId=${c1}`, { token: users[u].token })).body
    assert.deepEqual((await mine('U5')).requiredRemaining, [])
    assert.equal((await mine('U5')).totals.required, 2)
    const c01 = (await t.api('get', `/api/metrics/departments/${C01}/unread?campaignId=${c1}`, { token: admin })).body.people
    for (const [u, number] of [
      ['U2', 'P2'],
      ['U3', 'P3'],
    ]) {
      const row = c01.find((p: any) => p.number === number)
      const own = await mine(u)
      assert.equal(own.requiredRemaining.length, row.required - row.completedRequired, number)
      assert.equal(own.totals.required, row.required, number)
    }
  })

  test('reminders go to unread people who allowed them, once a day per person; a failed send can be retried; the campaign is the one asked for', async () => {
    const head = (await t.signInAdmin('dept_admin', { departmentCode: 'C01' })).token
    const remind = (campaignId = c1) => t.api('post', `/api/metrics/departments/${C01}/remind?campaignId=${campaignId}`, { token: head })
    const toU2 = () => t.standin.sent.filter((m) => m.touser === t.standin.openidFor('u2')).length
    await t.api('put', '/api/me/subscriptions', { token: users.U2.token, body: { accepted: ['tmpl-campaign-news'] } })
    await t.api('put', '/api/me/subscriptions', { token: users.U1.token, body: { accepted: ['tmpl-campaign-news'] } })

    t.standin.failNextSends(1)
    const failed = await remind()
    assert.deepEqual([failed.body.unread, failed.body.subscribed, failed.body.sent, failed.body.failed], [2, 1, 0, 1], 'U1 is through: not reminded')
    const retried = await remind()
    assert.deepEqual([retried.body.sent, retried.body.alreadyRemindedToday], [1, 0], 'the failed send did not use up the day')
    assert.equal(toU2(), 1)

    await t.api('put', '/api/me/subscriptions', { token: users.U2.token, body: { accepted: ['tmpl-campaign-news'] } })
    const again = await remind()
    assert.deepEqual([again.body.sent, again.body.alreadyRemindedToday], [0, 1])
    clock.advance(24 * 3600_000)
    const nextDay = await remind()
    assert.equal(nextDay.body.sent, 1)
    assert.equal(toU2(), 2)

    // In campaign 2 nobody of C01 read C2R: P1, P2, P3 are unread, and U1 (subscribed) is reminded.
    const other = await remind(c2)
    assert.deepEqual([other.body.unread, other.body.subscribed, other.body.sent], [3, 1, 1])
    clock.set('2026-11-20T06:00:00Z')
  })
})

describe('monthly report', () => {
  test('the job runs at 08:00 on the 1st, Asia/Shanghai', () => {
    assert.equal(monthlyReportJob.schedule, '0 8 1 * *')
    const runs = nextRuns(monthlyReportJob.schedule, 3)
    assert.equal(runs.length, 3)
    for (const at of runs) {
      assert.equal(at.toISOString().slice(8, 16), '01T00:00', `${at.toISOString()} is 08:00 on the 1st in Shanghai`)
    }
  })

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
    assert.deepEqual(
      list.body.reports.filter((r: any) => r.month === '2026-11').map((r: any) => [r.version, r.trigger]),
      [
        [2, 'manual'],
        [1, 'schedule'],
      ],
    )

    const api = (await dashboard('2026-11')).body
    const download = await fetch(`${t.url}/api/reports/2026-11/download`, { headers: { authorization: `Bearer ${admin}` } })
    assert.equal(download.status, 200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await download.arrayBuffer())
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['总览', '部门', '班级', ITEMS_SHEET, '答题', '线索统计', '渠道'],
    )
    assert.match(ITEMS_SHEET, /累计/)
    const overview = new Map<string, ExcelJS.Cell>()
    wb.getWorksheet('总览')!.eachRow((r) => overview.set(String(r.getCell(1).value), r.getCell(2)))
    assert.equal(overview.get('累计指标截至')!.value, '2026-11-30 23:59（北京时间）')
    assert.equal(overview.get('花名册人数')!.value, api.overview.roster)
    assert.equal(overview.get('知晓人数')!.value, 3)
    assert.equal(overview.get('知晓率')!.value, api.overview.awarenessRate)
    assert.equal(overview.get('知晓率')!.numFmt, '0.0%')
    assert.equal(overview.get('参与率')!.value, api.overview.participationRate)

    /** Rows of a sheet as objects keyed by its header row. */
    const rows = (name: string) => {
      const ws = wb.getWorksheet(name)!
      const headers = (ws.getRow(1).values as string[]).slice(1)
      const out: Record<string, unknown>[] = []
      ws.eachRow((row, n) => {
        if (n > 1) out.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])))
      })
      return out
    }
    const depts = rows('部门')
    assert.equal(depts.length, api.departments.length)
    for (const d of api.departments) {
      const row = depts.find((r) => r['部门'] === d.name)!
      assert.deepEqual(
        [row['排名'], row['必读项目数'], row['花名册人数'], row['知晓人数'], row['知晓率'], row['参与人数']],
        [d.rank ?? '—', d.requiredItems, d.roster, d.aware, d.awarenessRate, d.participating],
        d.name,
      )
    }
    const classes = rows('班级')
    assert.equal(classes.length, api.classes.length)
    for (const c of api.classes) {
      const name = dept(api, c.departmentId).name
      const row = classes.find((r) => r['部门'] === name && r['班级'] === c.className)!
      assert.deepEqual([row['花名册人数'], row['知晓人数'], row['知晓率'], row['参与率']], [c.roster, c.aware, c.awarenessRate, c.participationRate], `${name} ${c.className}`)
    }
    const items = rows(ITEMS_SHEET)
    assert.equal(items.length, api.items.length)
    for (const i of api.items) {
      const row = items.find((r) => r['内容'] === i.title)!
      assert.deepEqual(
        [row['打开人数'], row['完成人数'], row['平均阅读深度'], row['平均阅读时长（秒）']],
        [i.opens, i.completions, i.averageDepth, i.averageEngagedSeconds],
        i.title,
      )
      assert.deepEqual(
        Array.from({ length: 10 }, (_, k) => row[`${k * 10}–${k * 10 + 10}%`]),
        i.depthDeciles,
        i.title,
      )
    }
    const quizzes = rows('答题')
    assert.equal(quizzes.length, api.quizzes.length)
    for (const q of api.quizzes) {
      const row = quizzes.find((r) => r['竞赛'] === q.title)!
      assert.deepEqual([row['作答次数'], row['参加人数'], row['通过人数'], row['平均得分率']], [q.attempts, q.takers, q.passed, q.averageScoreRate], q.title)
    }

    const head = (await t.signInAdmin('dept_admin', { departmentCode: 'C01' })).token
    const part = await fetch(`${t.url}/api/reports/2026-11/departments/${C01}/download`, { headers: { authorization: `Bearer ${head}` } })
    const partWb = new ExcelJS.Workbook()
    await partWb.xlsx.load(await part.arrayBuffer())
    assert.deepEqual(
      partWb.worksheets.map((w) => w.name),
      ['部门', '班级', '渠道'],
    )
    assert.equal(partWb.getWorksheet('部门')!.rowCount, 2, 'only their own department')
  })

  test('October regenerated in December shows October as of its end, not December', async () => {
    clock.set('2026-12-10T02:00:00Z')
    const regen = await t.api('post', '/api/reports/2026-10/regenerate', { token: admin })
    assert.equal(regen.status, 201)
    const download = await fetch(`${t.url}/api/reports/2026-10/download`, { headers: { authorization: `Bearer ${admin}` } })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await download.arrayBuffer())
    const overview = new Map<string, unknown>()
    wb.getWorksheet('总览')!.eachRow((r) => overview.set(String(r.getCell(1).value), r.getCell(2).value))
    // See the October test above: roster 6, reached 2, nobody aware yet, 2 participating.
    assert.deepEqual(
      ['花名册人数', '触达人数', '阅读完成人数', '答题通过人数', '知晓人数', '参与人数'].map((k) => overview.get(k)),
      [6, 2, 0, 0, 0, 2],
    )
    assert.equal(overview.get('累计指标截至'), '2026-10-31 23:59（北京时间）')
    assert.equal((await t.api('post', '/api/reports/2027-01/regenerate', { token: admin })).status, 400, 'no report of a future month')
  })

  test('a missed or failed run is caught up after 08:00 on the 1st, once across runners; one failing campaign does not stop the others', async () => {
    // Campaigns that ended before December, or are drafts, get no December report.
    await Campaign.create({ slug: 'ended', title: '已结束', status: 'closed', startAt: new Date('2026-09-01T00:00:00+08:00'), endAt: new Date('2026-11-15T00:00:00+08:00') })
    await Campaign.create({ slug: 'draft', title: '草稿', status: 'draft', startAt: new Date('2026-09-01T00:00:00+08:00') })
    const a = new JobRunner(t.deps, jobs)
    const b = new JobRunner(t.deps, jobs)
    const december = () => MonthlyReport.find({ month: '2026-12' }, { campaignId: 1 }).lean()

    // 07:30 on 1 January: the run is not due yet.
    const early = new Date('2027-01-01T07:30:00+08:00')
    clock.set(early)
    assert.deepEqual(await Promise.all([a.catchUp('monthly-report', early), b.catchUp('monthly-report', early)]), [false, false])
    assert.equal((await december()).length, 0)

    // 13:17 on 1 January: the 08:00 run never happened (server down). A broken campaign fails.
    await Campaign.collection.insertOne({ _id: 'broken' as never, slug: 'broken', title: '损坏的数据', status: 'active', startAt: new Date('2026-09-01T00:00:00+08:00') })
    const late = new Date('2027-01-01T13:17:00+08:00')
    clock.set(late)
    const results = await Promise.allSettled([a.catchUp('monthly-report', late), b.catchUp('monthly-report', late)])
    assert.equal(results.filter((r) => r.status === 'rejected').length, 1, 'one runner ran it, and reports the failure')
    assert.equal(results.filter((r) => r.status === 'fulfilled' && r.value === false).length, 1, 'the other did not run it')
    assert.deepEqual((await december()).map((r) => String(r.campaignId)).sort(), [c1, c2].sort(), 'the healthy campaigns got their report')
    assert.equal((await JobRun.findById('monthly-report:2026-12').lean())!.status, 'failed')

    // The next hourly catch-up retries the failed run and only does what is missing.
    await Campaign.collection.deleteOne({ _id: 'broken' as never })
    const hourLater = new Date('2027-01-01T14:17:00+08:00')
    clock.set(hourLater)
    assert.deepEqual(await Promise.all([a.catchUp('monthly-report', hourLater), b.catchUp('monthly-report', hourLater)]).then((r) => r.filter(Boolean).length), 1)
    assert.equal((await december()).length, 2, 'no second report for a campaign that had one')
    assert.equal((await JobRun.findById('monthly-report:2026-12').lean())!.status, 'done')
    assert.equal(await a.catchUp('monthly-report', new Date('2027-01-01T15:17:00+08:00')), false, 'done: nothing more to do')
  })
})
