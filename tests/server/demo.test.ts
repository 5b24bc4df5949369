import assert from 'node:assert/strict'
import { test } from 'node:test'
import mongoose, { Types } from 'mongoose'
import { ManualClock, shanghaiMonth } from '../../server/clock'
import { Article } from '../../server/modules/articles/model'
import { Campaign } from '../../server/modules/campaigns/model'
import { DemoManifest } from '../../server/modules/demo/model'
import { Department } from '../../server/modules/departments/model'
import { loadReport } from '../../server/modules/metrics/report'
import { Person } from '../../server/modules/roster/model'
import { User } from '../../server/modules/users/model'
import { databaseIsEmpty, DEMO_ACCOUNTS, seedDemo, seedDemoOnFirstStart } from '../../server/seed/demo'
import { SUPERADMIN_PASSWORD, useTestServer } from '../helpers/server'

// A fresh development install shows meaningful figures: the demo seed writes 30 days of
// activity in the real paths' shapes and the real metrics pipeline computes the dashboard,
// the 发而未看 lists and the monthly report from it. Removal takes exactly that data away.

const clock = new ManualClock('2026-11-27T06:00:00Z')
let realReader: { token: string; userId: string }
let realArticleId: string
let realCampaignId: string
let seedMs = 0
let firstOverview: Record<string, number>

/** Every document of the collections real data lives in, to compare before and after. */
const REAL_COLLECTIONS = [
  'campaigns',
  'departments',
  'people',
  'users',
  'articles',
  'item_progress',
  'person_summaries',
  'activity_days',
  'completion_times',
  'item_arrivals',
  'item_stats',
  'quiz_attempts',
  'tips',
  'tip_audit',
  'chapters',
  'questions',
  'exams',
  'points',
  'reading_sessions',
  'engagement_clocks',
]
async function realRows(exclude: { campaignId?: Types.ObjectId; personIds?: Types.ObjectId[]; userIds?: Types.ObjectId[] } = {}) {
  const db = mongoose.connection.db!
  const out: Record<string, string[]> = {}
  for (const name of REAL_COLLECTIONS) {
    const docs = await db.collection(name).find({}).toArray()
    out[name] = docs
      .filter((d) => {
        if (exclude.campaignId && (String(d.campaignId) === String(exclude.campaignId) || String(d._id) === String(exclude.campaignId))) return false
        if (exclude.personIds?.some((id) => String(id) === String(d._id))) return false
        if (exclude.userIds?.some((id) => String(id) === String(d._id) || String(id) === String(d.userId))) return false
        return true
      })
      .map((d) => JSON.stringify(d))
      .sort()
  }
  return out
}
let before: Record<string, string[]>
let superadminToken: string

const t = useTestServer({ clock }, async () => {
  // Real data first: a person on the roster, a reader bound to them who read a real article,
  // and a real tip, all in the first (real) campaign.
  const C01 = await t.departmentId('C01')
  await Person.create({ number: 'REAL001', name: '真实甲', type: 'student', departmentId: C01, className: '真实班', active: true })
  realReader = await t.signInReader('real-reader')
  assert.equal((await t.api('put', '/api/me/binding', { token: realReader.token, body: { number: 'REAL001', name: '真实甲' } })).status, 200)
  const real = (await t.api('get', '/api/campaigns/current')).body.campaign
  realCampaignId = real.id
  realArticleId = String((await Article.findOne({ campaignId: real.id, status: 'published' }).lean())!._id)
  const beat = (seq: number, engagedSeconds: number) =>
    t.api('post', '/api/progress/heartbeats', {
      token: realReader.token,
      body: { heartbeats: [{ sessionId: 'real-session-1', seq, item: { kind: 'article', id: realArticleId }, depth: 1, engagedSeconds }] },
    })
  await beat(0, 0)
  clock.advance(40_000)
  const read = await beat(1, 40)
  assert.equal(read.status, 200, JSON.stringify(read.body))
  const tip = await t.api('post', '/api/tips', { token: realReader.token, body: { category: 'other', description: '真实举报：校门口有人发放可疑借贷传单。' } })
  assert.equal(tip.status, 201, JSON.stringify(tip.body))
  superadminToken = (await t.api('post', '/api/auth/password', { body: { username: 'admin', password: SUPERADMIN_PASSWORD } })).body.token
  before = await realRows()

  const started = Date.now()
  const result = await seedDemo(t.deps)
  seedMs = Date.now() - started
  assert.equal(result.created, true)
  console.log(`demo seed: ${seedMs} ms (${JSON.stringify(result.counts)}) steps: ${JSON.stringify(result.phases)}`)
})

const demoCampaign = async () => (await Campaign.findOne({ demo: true }).lean())!
const superadmin = async () => superadminToken
const signIn = async (username: string) => {
  const account = DEMO_ACCOUNTS.find((a) => a.username === username)!
  const res = await t.api('post', '/api/auth/password', { body: { username, password: account.password } })
  assert.equal(res.status, 200, `demo account ${username} signs in with its documented password`)
  return res.body.token as string
}

test('the demo campaign is marked, current, and about 2,000 people are on the roster in every department', async () => {
  const campaign = await demoCampaign()
  assert.ok(campaign.title.startsWith('【演示】'))
  assert.equal((await t.api('get', '/api/campaigns/current')).body.campaign.id, String(campaign._id))
  const manifest = (await DemoManifest.findById('demo').lean())!
  assert.ok(manifest.personIds.length >= 1900 && manifest.personIds.length <= 2100, `${manifest.personIds.length} people`)
  const perDept = await Person.aggregate([{ $match: { _id: { $in: manifest.personIds } } }, { $group: { _id: '$departmentId', n: { $sum: 1 } } }])
  assert.equal(perDept.length, await Department.countDocuments())
  const sample = await Person.findOne({ _id: { $in: manifest.personIds }, type: 'student' }).lean()
  assert.match(sample!.number, /^20\d{8}$/)
  assert.match(sample!.name, /^[\u4e00-\u9fa5]{2,3}$/)
  assert.match(sample!.className!, /^[\u4e00-\u9fa5]+\d{4}班$/)
  assert.ok(seedMs < 60_000, `seeding took ${seedMs} ms`)
})

test('the dashboard has spread: some departments lag far behind others on 知晓率, with a daily rhythm and push-day spikes', async () => {
  const token = await signIn('demo_publicity')
  const res = await t.api('get', '/api/metrics/dashboard', { token })
  assert.equal(res.status, 200)
  const m = res.body
  assert.ok(m.campaign.title.startsWith('【演示】'))
  assert.ok(m.overview.roster >= 1900)
  assert.ok(m.overview.awarenessRate > 0.2 && m.overview.awarenessRate < 0.9, `overall awareness ${m.overview.awarenessRate}`)
  const rates = new Map<string, number>(m.departments.map((d: any) => [d.code, d.awarenessRate]))
  assert.ok(rates.get('C02')! - rates.get('C04')! > 0.3, `信息工程 ${rates.get('C02')} vs 汽车工程 ${rates.get('C04')}`)
  const sorted = [...rates.values()].sort((a, b) => a - b)
  assert.ok(sorted[sorted.length - 1] - sorted[0] > 0.4, 'best and worst department are far apart')
  assert.equal(m.departments[0].rank, 1)
  assert.ok(m.items.length >= 6 && m.items.every((i: any) => i.opens > 0))
  // Activity on most days of the month so far, with the push days standing out.
  assert.ok(m.daily.length >= 20, `${m.daily.length} active days`)
  const opensOn = (day: string) => m.daily.find((d: any) => d.day === day)?.firstOpens ?? 0
  // The window starts 2026-10-28; articles are pushed on its days 18 and 23 (11-15, 11-20).
  for (const [pushDay, later] of [
    ['2026-11-15', '2026-11-17'],
    ['2026-11-20', '2026-11-22'],
  ]) {
    assert.ok(opensOn(pushDay) > 2 * opensOn(later), `push day ${pushDay}: ${opensOn(pushDay)} first opens, two days later ${opensOn(later)}`)
  }
  assert.ok(m.quizzes[0].attempts > 0 && m.quizzes[0].passed > 0)
})

test('a lagging department head signs in and sees a long 发而未看 list; their figures come from the same snapshot', async () => {
  const token = await signIn('demo_dept')
  const C04 = await t.departmentId('C04')
  const unread = await t.api('get', `/api/metrics/departments/${C04}/unread`, { token })
  assert.equal(unread.status, 200)
  assert.ok(unread.body.people.length > 100, `${unread.body.people.length} unread`)
  assert.ok(unread.body.people.some((p: any) => p.opened) && unread.body.people.some((p: any) => !p.opened))
  const dept = await t.api('get', `/api/metrics/departments/${C04}`, { token })
  assert.ok(dept.body.department.awarenessRate < 0.5)
  assert.ok(dept.body.classes.length >= 4)
})

test('the monthly report of last month was generated by the report job with figures', async () => {
  const token = await signIn('demo_publicity')
  const list = await t.api('get', '/api/reports', { token })
  assert.equal(list.status, 200)
  assert.deepEqual(
    list.body.reports.map((r: any) => [r.month, r.trigger]),
    [['2026-10', 'schedule']],
  )
  const download = await t.api('get', '/api/reports/2026-10/download', { token })
  assert.equal(download.status, 200)
  assert.match(download.headers.get('content-type') ?? '', /spreadsheetml/)
  const { data } = await loadReport((await demoCampaign())._id, '2026-10')
  assert.ok(data.overview.roster >= 1900)
  assert.ok(data.overview.reached > 0 && data.overview.participating > 0 && data.overview.aware > 0, JSON.stringify(data.overview))
  assert.ok(data.departments.some((d) => d.awarenessRate > 0))
})

test('tips exist in several workflow states and the demo security officer sees them', async () => {
  const token = await signIn('demo_security')
  const inbox = await t.api('get', '/api/security/tips', { token })
  assert.equal(inbox.status, 200)
  const statuses = new Set(inbox.body.tips.map((x: any) => x.status))
  assert.ok(statuses.size >= 3, [...statuses].join(','))
  assert.ok(statuses.has('received') && statuses.has('closed'))
})

test('seeding an already seeded database is a no-op; test and production starts never seed', async () => {
  const people = await Person.countDocuments()
  const again = await seedDemo(t.deps)
  assert.equal(again.created, false)
  assert.equal(await Person.countDocuments(), people)
  assert.equal(await Campaign.countDocuments({ demo: true }), 1)

  assert.equal(await databaseIsEmpty(), false)
  // The start path with an empty database: only development seeds.
  for (const NODE_ENV of ['test', 'production'] as const) {
    const deps = { ...t.deps, config: { ...t.deps.config, NODE_ENV } }
    assert.equal(await seedDemoOnFirstStart(deps, true), null, NODE_ENV)
  }
  assert.equal(await seedDemoOnFirstStart({ ...t.deps, config: { ...t.deps.config, NODE_ENV: 'development', DEMO_DATA: false } }, true), null, 'DEMO_DATA=false')
  await assert.rejects(seedDemo({ ...t.deps, config: { ...t.deps.config, NODE_ENV: 'production' } }), /开发环境/)
})

test('GET /api/demo is for the superadmin; DELETE removes exactly the demo data and leaves real data as it was', async () => {
  const publicity = await signIn('demo_publicity')
  assert.equal((await t.api('get', '/api/demo', { token: publicity })).status, 403)
  assert.equal((await t.api('delete', '/api/demo', { token: publicity })).status, 403)
  const token = await superadmin()
  const status = await t.api('get', '/api/demo', { token })
  assert.equal(status.status, 200)
  assert.equal(status.body.present, true)
  assert.ok(status.body.campaign.title.startsWith('【演示】'))
  assert.ok(status.body.counts.people >= 1900 && status.body.counts.readers > 1000 && status.body.counts.accounts === 3)
  const me = await t.api('get', '/api/me', { token })
  assert.ok(me.body.abilities.includes('demo.manage'))

  const campaign = await demoCampaign()
  const manifest = (await DemoManifest.findById('demo').lean())!
  const firstDashboard = await t.api('get', '/api/metrics/dashboard', { token: publicity })
  firstOverview = firstDashboard.body.overview

  const removed = await t.api('delete', '/api/demo', { token })
  assert.equal(removed.status, 200)
  assert.equal(removed.body.removed, true)
  assert.deepEqual(removed.body.counts, status.body.counts)

  // No demo rows anywhere.
  for (const model of Object.values(mongoose.models)) {
    if (model.modelName === 'DemoManifest') continue
    if (model.schema.path('campaignId')) assert.equal(await model.countDocuments({ campaignId: campaign._id }), 0, model.modelName)
    if (model.schema.path('userId')) assert.equal(await model.countDocuments({ userId: { $in: manifest.userIds } }), 0, model.modelName)
  }
  assert.equal(await Campaign.countDocuments({ _id: campaign._id }), 0)
  assert.equal(await Person.countDocuments({ _id: { $in: manifest.personIds } }), 0)
  assert.equal(await User.countDocuments({ _id: { $in: manifest.userIds } }), 0)
  assert.equal(await User.countDocuments({ username: /^demo_/ }), 0)

  // Real data exactly as before the demo seed.
  assert.deepEqual(await realRows(), before)
  assert.equal((await t.api('get', '/api/campaigns/current')).body.campaign.id, realCampaignId)
  const mine = await t.api('get', '/api/me', { token: realReader.token })
  assert.equal(mine.status, 200)
  assert.ok(mine.body.user.person, 'the real reader is still bound')

  // The demo accounts' sessions end with them.
  assert.equal((await t.api('get', '/api/me', { token: publicity })).status, 401)
  const after = await t.api('get', '/api/demo', { token })
  assert.equal(after.body.present, false)
  assert.equal(after.body.counts.people, 0)
  assert.equal((await t.api('delete', '/api/demo', { token })).body.removed, false)
  // The install is no longer empty: the next start does not seed it again.
  assert.equal(await seedDemoOnFirstStart(t.deps, await databaseIsEmpty()), null)
})

test('the demo data is deterministic: seeding again after removal gives the same figures; a seed cut short is redone', async () => {
  const again = await seedDemo(t.deps)
  assert.equal(again.created, true)
  // A seed that stopped half-way (manifest not complete) is cleared and written again, once.
  await DemoManifest.updateOne({ _id: 'demo' }, { $set: { complete: false } })
  const redone = await seedDemo(t.deps)
  assert.equal(redone.created, true)
  assert.equal(await Campaign.countDocuments({ demo: true }), 1)
  assert.equal(await Person.countDocuments(), 1 + again.counts!.people, 'the real person and one demo roster, not two')
  const token = await signIn('demo_publicity')
  const m = await t.api('get', '/api/metrics/dashboard', { token })
  assert.deepEqual(m.body.overview, firstOverview)
  assert.equal(m.body.month, shanghaiMonth(clock.now()))
})
