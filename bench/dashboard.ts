/**
 * Dashboard benchmark: 20,000 roster people and 30 items on the embedded database (2-core
 * machine). Measures the dashboard API (overview + department table) as admins call it, also
 * while a recompute runs (the stale-snapshot path), the background recompute that feeds it,
 * and one department's 发而未看 list. Results: bench/results/dashboard.{json,md}.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import bcrypt from 'bcryptjs'
import mongoose, { Types } from 'mongoose'
import { createApp, listen } from '../server/app'
import { shanghaiMonth, systemClock } from '../server/clock'
import { loadConfig } from '../server/config'
import { startEmbeddedDb } from '../server/db/embedded'
import { createLogger } from '../server/logger'
import { insertPublishedArticles } from './articles'
import { percentile } from './stats'
import { Campaign } from '../server/modules/campaigns/model'
import { Department } from '../server/modules/departments/model'
import { previousMonth } from '../server/modules/metrics/jobs'
import { MetricsDirty } from '../server/modules/metrics/model'
import { computeMetrics } from '../server/modules/metrics/service'
import { ItemStats } from '../server/modules/progress/model'
import { Person } from '../server/modules/roster/model'
import { ActivityDay, CompletionTimes, PersonSummary } from '../server/modules/summary/model'
import { User } from '../server/modules/users/model'
import { WechatClient } from '../server/wechat/client'

const PEOPLE = 20_000
const ITEMS = 30
const RUNS = 15
const UNREAD_RUNS = 5

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => percentile(sorted, q)
  return { runs: samples.length, medianMs: Math.round(at(0.5)), p95Ms: Math.round(at(0.95)), maxMs: Math.round(sorted[sorted.length - 1]) }
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now()
  const value = await fn()
  return [performance.now() - start, value]
}

export async function runDashboardBench() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-dashboard-'))
  const db = await startEmbeddedDb({ dataDir: dir })
  try {
    await mongoose.connect(db.uri, { dbName: 'bench' })
    await Promise.all(Object.values(mongoose.models).map((m) => m.createIndexes()))
    const campaign = await Campaign.create({ slug: 'bench', title: '基准测试', startAt: new Date('2026-09-01T00:00:00+08:00') })
    const departments = await Department.insertMany(Array.from({ length: 16 }, (_, i) => ({ code: `D${i}`, name: `部门${i}`, kind: i < 8 ? 'college' : 'office', order: i })))
    const author = new Types.ObjectId()
    // The current month is measured (what the dashboard shows); facts date from early last month,
    // so the report of last month (figures as of its end) sees them too.
    const month = shanghaiMonth(new Date())
    const lastMonth = previousMonth(new Date())
    const at = new Date(`${lastMonth}-02T10:00:00+08:00`)
    const articles = await insertPublishedArticles(campaign._id, author, at, ITEMS, '文章')
    const keys = articles.map((a) => `article:${a._id}`)

    const seedStart = performance.now()
    const persons = Array.from({ length: PEOPLE }, (_, i) => ({
      _id: new Types.ObjectId(),
      number: `S${String(i).padStart(6, '0')}`,
      name: `学生${i}`,
      type: 'student',
      departmentId: departments[i % 16]._id,
      className: `班${i % 500}`,
      active: i % 50 !== 0,
    }))
    for (let i = 0; i < PEOPLE; i += 2000) await Person.collection.insertMany(persons.slice(i, i + 2000))
    const summaries = persons.map((p, i) => {
      const opened = keys.slice(0, i % (ITEMS + 1))
      const completed = opened.slice(0, Math.floor(opened.length * 0.8))
      return {
        campaignId: campaign._id,
        userId: new Types.ObjectId(),
        personId: p._id,
        departmentId: p.departmentId,
        className: p.className,
        itemsOpened: opened,
        itemsCompleted: completed,
        quizAttempts: i % 3,
        quizPassed: i % 4 === 0,
        // The times that let figures be taken as of a month's end.
        ...(opened.length ? { firstOpenedAt: at } : {}),
        ...(i % 4 === 0 ? { quizPassedAt: at } : {}),
      }
    })
    for (let i = 0; i < PEOPLE; i += 2000) await PersonSummary.collection.insertMany(summaries.slice(i, i + 2000))
    const times = summaries
      .filter((x) => x.itemsCompleted.length)
      .map((x) => ({ _id: `${campaign._id}:${x.userId}`, campaignId: campaign._id, userId: x.userId, t: Object.fromEntries(x.itemsCompleted.map((k) => [k, at])) }))
    for (let i = 0; i < times.length; i += 2000) await CompletionTimes.collection.insertMany(times.slice(i, i + 2000) as never[])
    const days = summaries
      .filter((_, i) => i % 2 === 0)
      .map((s, i) => ({
        campaignId: campaign._id,
        userId: s.userId,
        personId: s.personId,
        departmentId: s.departmentId,
        day: `${month}-${String((i % 28) + 1).padStart(2, '0')}`,
        completions: i % 3,
        quizAttempts: i % 2,
        opens: 1,
      }))
    for (let i = 0; i < days.length; i += 2000) await ActivityDay.collection.insertMany(days.slice(i, i + 2000))
    await ItemStats.insertMany(
      keys.map((k, i) => ({ _id: k, campaignId: campaign._id, opens: PEOPLE - i * 300, completions: PEOPLE - i * 400, depthSum: 12000, engagedSum: 900000, d9: 10000, d5: 3000 })),
    )
    const seedMs = performance.now() - seedStart

    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' })
    const logger = createLogger('silent')
    const deps = { config, logger, clock: systemClock, wechat: new WechatClient({ baseUrl: 'http://127.0.0.1:9', appid: 'x', secret: 'y', clock: systemClock, logger }) }
    await User.create({ username: 'bench', nickname: 'bench', roles: ['publicity_admin'], passwordHash: await bcrypt.hash('bench-password', 4) })
    const { app } = createApp(deps)
    const { server, url } = await listen(app, 0)
    const token = (
      await (
        await fetch(`${url}/api/auth/password`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'bench', password: 'bench-password' }),
        })
      ).json()
    ).token
    const get = async (p: string) => {
      const res = await fetch(url + p, { headers: { authorization: `Bearer ${token}` } })
      if (res.status !== 200) throw new Error(`${p} → ${res.status}`)
      return res.json()
    }

    const recompute: number[] = []
    for (let i = 0; i < 3; i++) recompute.push((await time(() => computeMetrics(campaign._id, month, new Date())))[0])
    // Last month's report: figures as of its end, which also reads the per-item completion times.
    const report: number[] = []
    for (let i = 0; i < 2; i++) report.push((await time(() => computeMetrics(campaign._id, lastMonth, new Date())))[0])
    const [firstMs] = await time(() => get(`/api/metrics/dashboard?campaignId=${campaign._id}&month=${month}`))
    const overview: number[] = []
    const department: number[] = []
    let checked: { roster: number; awarenessRate: number } | null = null
    for (let i = 0; i < RUNS; i++) {
      const [ms, body] = await time(() => get(`/api/metrics/dashboard?campaignId=${campaign._id}&month=${month}`))
      overview.push(ms)
      checked = body.overview
      department.push((await time(() => get(`/api/metrics/departments/${departments[i % 16]._id}?campaignId=${campaign._id}&month=${month}`)))[0])
    }

    // The 发而未看 list of one department (1,250 people): reads that department's summaries only.
    const unread: number[] = []
    let unreadPeople = 0
    for (let i = 0; i < UNREAD_RUNS; i++) {
      const [ms, body] = await time(() => get(`/api/metrics/departments/${departments[i % 16]._id}/unread?campaignId=${campaign._id}`))
      unread.push(ms)
      unreadPeople = body.people.length
    }

    // The dashboard while a recompute runs: something changed, so the stored snapshot is
    // served marked stale and the first such request starts the recompute in the background.
    await MetricsDirty.updateOne({ _id: String(campaign._id) }, { $set: { at: new Date() } }, { upsert: true })
    // The recompute runs on the server's event loop: how long it held every other request up.
    const loopDelay = monitorEventLoopDelay({ resolution: 5 })
    loopDelay.enable()
    const staleOverview: number[] = []
    const staleDepartment: number[] = []
    let staleServed = 0
    for (let i = 0; i < RUNS; i++) {
      const [ms, body] = await time(() => get(`/api/metrics/dashboard?campaignId=${campaign._id}&month=${month}`))
      staleOverview.push(ms)
      if (body.stale) staleServed++
      staleDepartment.push((await time(() => get(`/api/metrics/departments/${departments[i % 16]._id}?campaignId=${campaign._id}&month=${month}`)))[0])
    }
    // Let the background recompute finish before the database stops.
    for (let i = 0; i < 120 && (await get(`/api/metrics/dashboard?campaignId=${campaign._id}&month=${month}`)).stale; i++) await new Promise((r) => setTimeout(r, 500))
    loopDelay.disable()

    server.close()
    return {
      machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      dataset: { rosterPeople: PEOPLE, activeRosterPeople: checked?.roster, items: ITEMS, activityDays: days.length, seedMs: Math.round(seedMs) },
      dashboardOverviewApi: stats(overview),
      departmentTableApi: stats(department),
      firstDashboardRequestMs: Math.round(firstMs),
      backgroundRecompute: stats(recompute),
      lastMonthReportCompute: stats(report),
      dashboardWhileRecomputing: { ...stats(staleOverview), servedStale: staleServed },
      departmentTableWhileRecomputing: stats(staleDepartment),
      eventLoopDelayWhileRecomputingMs: { p99: Math.round(loopDelay.percentile(99) / 1e6), max: Math.round(loopDelay.max / 1e6) },
      unreadListOneDepartment: { ...stats(unread), people: unreadPeople },
      awarenessRate: checked?.awarenessRate,
      targetMs: 500,
      meetsTarget: [overview, department, staleOverview, staleDepartment].every((x) => stats(x).p95Ms < 500),
    }
  } finally {
    await mongoose.disconnect()
    await db.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
