import { Types } from 'mongoose'
import { shanghaiMonth } from '../../clock'
import type { AppDeps } from '../../deps'
import { forbidden } from '../../errors'
import type { AuthUser } from '../auth/roles'
import { Article } from '../articles/model'
import { getCampaign } from '../campaigns/service'
import { Department } from '../departments/model'
import { Chapter } from '../handbook/model'
import { ItemStats } from '../progress/model'
import { QuizAttempt, Exam } from '../quiz/model'
import { Person } from '../roster/model'
import { ActivityDay, PersonSummary } from '../summary/model'
import { tipStatistics } from '../tips/service'
import { notThrough, rankDepartments, tally, tallyBy, type PersonFacts, type Tally } from './definitions'
import { MetricsDirty, MetricsSnapshot } from './model'

type Id = string | Types.ObjectId

/** A change that touches every campaign (roster import, binding): marks the 'all' key. */
export async function markAllMetricsDirty(): Promise<void> {
  await MetricsDirty.updateOne({ _id: 'all' }, { $set: { at: new Date() } }, { upsert: true })
}

export function monthRange(month: string): { from: Date; to: Date; firstDay: string; lastDay: string } {
  const [y, m] = month.split('-').map(Number)
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
  return { from: new Date(`${month}-01T00:00:00+08:00`), to: new Date(`${next}-01T00:00:00+08:00`), firstDay: `${month}-01`, lastDay: `${month}-31` }
}

/** Item keys every reader must complete for read-through: published required articles and required chapters. */
export async function requiredItemKeys(campaignId: Id): Promise<string[]> {
  const articles = await Article.find({ campaignId, status: 'published', required: true }, { _id: 1 }).lean()
  const chapters = await Chapter.find({ campaignId, required: true }, { _id: 1 }).lean()
  return [...articles.map((a) => `article:${a._id}`), ...chapters.map((c) => `chapter:${c._id}`)]
}

/** The roster joined with each person's campaign summary (in memory: FerretDB has no $lookup). */
export async function loadFacts(campaignId: Id, departmentId?: string): Promise<PersonFacts[]> {
  const persons = await Person.find({ active: true, ...(departmentId ? { departmentId } : {}) }, { departmentId: 1, className: 1, number: 1, name: 1 }).lean()
  const summaries = await PersonSummary.find({ campaignId, personId: { $ne: null } }, { personId: 1, itemsOpened: 1, itemsCompleted: 1, quizPassed: 1 }).lean()
  const byPerson = new Map(summaries.map((s) => [String(s.personId), s]))
  return persons.map((p) => {
    const s = byPerson.get(String(p._id))
    return {
      personId: String(p._id),
      departmentId: String(p.departmentId),
      className: p.className ?? null,
      opened: (s?.itemsOpened?.length ?? 0) > 0,
      completed: new Set(s?.itemsCompleted ?? []),
      quizPassed: !!s?.quizPassed,
    }
  })
}

/** Roster people who completed an item or submitted a quiz attempt in the period. */
export async function participantsIn(campaignId: Id, month: string): Promise<Set<string>> {
  const { firstDay, lastDay } = monthRange(month)
  const days = await ActivityDay.find(
    { campaignId, personId: { $ne: null }, day: { $gte: firstDay, $lte: lastDay }, $or: [{ completions: { $gt: 0 } }, { quizAttempts: { $gt: 0 } }] },
    { personId: 1 },
  ).lean()
  return new Set(days.map((d) => String(d.personId)))
}

async function itemFigures(campaignId: Id) {
  const stats = await ItemStats.find({ campaignId }).lean()
  const ids = (kind: string) => stats.map((s) => String(s._id)).filter((id) => id.startsWith(`${kind}:`)).map((id) => id.slice(kind.length + 1))
  const titles = new Map<string, { title: string; required: boolean }>()
  for (const a of await Article.find({ _id: { $in: ids('article') } }, { title: 1, required: 1 }).lean()) titles.set(`article:${a._id}`, { title: a.title, required: !!a.required })
  for (const c of await Chapter.find({ _id: { $in: ids('chapter') } }, { title: 1, required: 1 }).lean()) titles.set(`chapter:${c._id}`, { title: c.title, required: !!c.required })
  const avg = (sum: number, n: number) => (n ? Math.round((sum / n) * 100) / 100 : 0)
  const s = stats as unknown as Record<string, number | string>[]
  return s
    .map((row) => {
      const key = String(row._id)
      const opens = Number(row.opens ?? 0)
      return {
        itemKey: key,
        kind: key.split(':')[0],
        title: titles.get(key)?.title ?? '（已删除）',
        required: titles.get(key)?.required ?? false,
        opens,
        completions: Number(row.completions ?? 0),
        averageDepth: avg(Number(row.depthSum ?? 0), opens),
        averageEngagedSeconds: avg(Number(row.engagedSum ?? 0), opens),
        depthDeciles: Array.from({ length: 10 }, (_, i) => Number(row[`d${i}`] ?? 0)),
      }
    })
    .sort((a, b) => b.opens - a.opens)
}

async function dailySeries(campaignId: Id, month: string) {
  const { firstDay, lastDay } = monthRange(month)
  const rows = await ActivityDay.find({ campaignId, personId: { $ne: null }, day: { $gte: firstDay, $lte: lastDay } }, { day: 1, opens: 1, completions: 1, quizAttempts: 1 }).lean()
  const byDay = new Map<string, { day: string; active: number; completions: number; quizAttempts: number; firstOpens: number }>()
  for (const r of rows) {
    const d = byDay.get(r.day) ?? { day: r.day, active: 0, completions: 0, quizAttempts: 0, firstOpens: 0 }
    if (r.completions > 0 || r.quizAttempts > 0) d.active++
    d.completions += r.completions
    d.quizAttempts += r.quizAttempts
    d.firstOpens += r.opens
    byDay.set(r.day, d)
  }
  return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day))
}

async function quizFigures(campaignId: Id, month: string) {
  const { from, to } = monthRange(month)
  const exams = await Exam.find({ campaignId }, { title: 1, passMark: 1 }).lean()
  const attempts = await QuizAttempt.find({ campaignId, kind: 'exam', status: { $in: ['submitted', 'expired'] }, submittedAt: { $gte: from, $lt: to } }, { examId: 1, userId: 1, passed: 1, score: 1, maxScore: 1 }).lean()
  return exams.map((e) => {
    const mine = attempts.filter((a) => String(a.examId) === String(e._id))
    const takers = new Set(mine.map((a) => String(a.userId)))
    const passers = new Set(mine.filter((a) => a.passed).map((a) => String(a.userId)))
    const scores = mine.map((a) => (a.maxScore ? (a.score ?? 0) / a.maxScore : 0))
    return {
      examId: String(e._id),
      title: e.title,
      attempts: mine.length,
      takers: takers.size,
      passed: passers.size,
      averageScoreRate: scores.length ? Math.round((scores.reduce((x, y) => x + y, 0) / scores.length) * 10000) / 10000 : 0,
    }
  })
}

export interface DepartmentRow extends Tally {
  departmentId: string
  name: string
  code: string
  rank: number
}

/** Every figure of the dashboard and the monthly report for one campaign and month. */
export async function computeMetrics(campaignId: Id, month: string) {
  const campaign = await getCampaign(campaignId)
  const [facts, participants, required, departments] = await Promise.all([loadFacts(campaignId), participantsIn(campaignId, month), requiredItemKeys(campaignId), Department.find({}).sort({ order: 1 }).lean()])
  const byDept = tallyBy(facts, (p) => p.departmentId, required, participants)
  const empty = tally([], required, participants)
  const deptRows = rankDepartments(
    departments.filter((d) => d.active || byDept.has(String(d._id))).map((d) => ({ departmentId: String(d._id), name: d.name, code: d.code, ...(byDept.get(String(d._id)) ?? empty) })),
  )
  const byClass = tallyBy(facts, (p) => `${p.departmentId}|${p.className ?? ''}`, required, participants)
  const classes = [...byClass].map(([key, t]) => {
    const [departmentId, className] = key.split('|')
    return { departmentId, className: className || '（未分班）', ...t }
  })
  const { from, to } = monthRange(month)
  return {
    campaign: { id: String(campaign._id), title: campaign.title },
    month,
    requiredItems: required.length,
    overview: tally(facts, required, participants),
    departments: deptRows as DepartmentRow[],
    classes,
    items: await itemFigures(campaignId),
    daily: await dailySeries(campaignId, month),
    quizzes: await quizFigures(campaignId, month),
    tips: await tipStatistics(campaignId, { from, to }),
  }
}
export type Metrics = Awaited<ReturnType<typeof computeMetrics>>

const refreshing = new Set<string>()

/**
 * The dashboard's figures: the stored snapshot when nothing changed since it was computed;
 * otherwise the stale one is served while a refresh runs (or computed now when `refresh` is
 * asked or none exists yet).
 */
export async function dashboardMetrics(deps: AppDeps, campaignId: Id, month: string = shanghaiMonth(deps.clock.now()), opts: { refresh?: boolean } = {}) {
  const id = `${campaignId}:${month}`
  const [snapshot, dirty, dirtyAll] = await Promise.all([MetricsSnapshot.findById(id).lean(), MetricsDirty.findById(String(campaignId)).lean(), MetricsDirty.findById('all').lean()])
  const changedAt = Math.max(dirty?.at?.getTime() ?? 0, dirtyAll?.at?.getTime() ?? 0)
  const fresh = !!snapshot?.computedAt && snapshot.computedAt.getTime() >= changedAt
  if (snapshot && (fresh || !opts.refresh)) {
    if (!fresh && !refreshing.has(id)) {
      refreshing.add(id)
      void refreshSnapshot(deps, campaignId, month)
        .catch((err) => deps.logger.error({ err }, 'metrics refresh failed'))
        .finally(() => refreshing.delete(id))
    }
    return { ...(snapshot.data as Metrics), computedAt: snapshot.computedAt!.toISOString(), stale: !fresh }
  }
  const computed = await refreshSnapshot(deps, campaignId, month)
  return { ...computed.data, computedAt: computed.computedAt.toISOString(), stale: false }
}

export async function refreshSnapshot(_deps: AppDeps, campaignId: Id, month: string) {
  // Wall clock, like the change marks it is compared with (cache bookkeeping, not business time).
  const computedAt = new Date()
  const data = await computeMetrics(campaignId, month)
  await MetricsSnapshot.updateOne({ _id: `${campaignId}:${month}` }, { $set: { campaignId, month, computedAt, data } }, { upsert: true })
  return { data, computedAt }
}

/** dept_admin sees only their own department; publicity admins see any. */
export function assertDepartmentAccess(user: AuthUser, departmentId: string): void {
  if (user.roles.includes('publicity_admin')) return
  if (user.roles.includes('dept_admin') && user.departmentId === departmentId) return
  throw forbidden('只能查看本部门的数据', 'OTHER_DEPARTMENT')
}

/** 发而未看: people of the department who have not completed the required material. */
export async function unreadList(campaignId: Id, departmentId: string) {
  const required = await requiredItemKeys(campaignId)
  const facts = await loadFacts(campaignId, departmentId)
  const missing = new Set(notThrough(facts, required).map((p) => p.personId))
  const persons = await Person.find({ _id: { $in: [...missing].map((id) => new Types.ObjectId(id)) } }, { number: 1, name: 1, className: 1, type: 1 }).sort({ className: 1, number: 1 }).lean()
  const byId = new Map(facts.map((f) => [f.personId, f]))
  return persons.map((p) => {
    const f = byId.get(String(p._id))!
    return { personId: String(p._id), number: p.number, name: p.name, className: p.className ?? null, type: p.type, opened: f.opened, completedRequired: required.filter((k) => f.completed.has(k)).length, required: required.length }
  })
}
