import type { DepartmentRowOut, UnreadPersonOut } from '../../../contract/metrics'
import { Types } from 'mongoose'
import { shanghaiMonth } from '../../clock'
import type { AppDeps } from '../../deps'
import { Article } from '../articles/model'
import { getCampaign } from '../campaigns/service'
import { Department } from '../departments/model'
import { Chapter } from '../handbook/model'
import { ItemStats } from '../progress/model'
import { QuizAttempt, Exam } from '../quiz/model'
import { Person } from '../roster/model'
import { ActivityDay, CompletionTimes, PersonSummary } from '../summary/model'
import { tipStatistics } from '../tips/service'
import { notThrough, onRosterAt, progressAsOf, rankDepartments, requiredFor, tally, tallyBy, type PersonFacts, type RequiredItem, type SummaryFacts } from './definitions'
import { MetricsDirty, MetricsSnapshot, UnreadSnapshot } from './model'

type Id = string | Types.ObjectId

/** A change that touches every campaign (roster import, binding): marks the 'all' key. */
export async function markAllMetricsDirty(): Promise<void> {
  // Wall clock on purpose: change marks are compared with snapshots' wall-clock computedAt (cache bookkeeping).
  await MetricsDirty.updateOne({ _id: 'all' }, { $set: { at: new Date() } }, { upsert: true })
}

/** The instant a Beijing calendar month starts (any year 0–9999; Date.UTC would read 0–99 as 19xx). */
function shanghaiMonthStart(year: number, monthIndex: number): Date {
  const at = new Date(0)
  at.setUTCFullYear(year, monthIndex, 1)
  return new Date(at.getTime() - 8 * 3600_000)
}

/** A Beijing calendar month "YYYY-MM" as [from, to). Works for every four-digit year, 0999 and 9999 too. */
export function monthRange(month: string): { from: Date; to: Date; firstDay: string; lastDay: string } {
  const [y, m] = month.split('-').map(Number)
  return { from: shanghaiMonthStart(y, m - 1), to: shanghaiMonthStart(y, m), firstDay: `${month}-01`, lastDay: `${month}-31` }
}

/**
 * Required items of the campaign with their audiences: published required articles (with
 * `asOf`, those published before it) and required handbook chapters (for everyone).
 */
export async function requiredItems(campaignId: Id, asOf?: Date): Promise<RequiredItem[]> {
  const articles = await Article.find({ campaignId, status: 'published', required: true }, { _id: 1, audienceDepartmentIds: 1, publishedAt: 1 }).lean()
  const chapters = await Chapter.find({ campaignId, required: true }, { _id: 1 }).lean()
  return [
    ...articles
      .filter((a) => !asOf || !a.publishedAt || a.publishedAt < asOf)
      .map((a) => ({ key: `article:${a._id}`, audienceDepartmentIds: (a.audienceDepartmentIds ?? []).map(String) })),
    ...chapters.map((c) => ({ key: `chapter:${c._id}`, audienceDepartmentIds: [] })),
  ]
}

export interface RosterPerson {
  _id: Types.ObjectId
  number: string
  name: string
  type: string
  departmentId: Types.ObjectId
  className?: string | null
}

/**
 * A whole campaign's reads come in batches of this many documents: the driver turns a batch
 * into objects in one go, and 20,000 summaries at once held the event loop (heartbeats
 * included) for half a second (bench/results/dashboard.md, requests while a recompute runs).
 */
const READ_BATCH = 2_000

/** Lets waiting requests run between the steps of a computation that takes seconds. */
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * The roster joined with each person's campaign summary (in memory: FerretDB has no $lookup).
 * With `asOf`, the roster and every cumulative fact as of that moment (exclusive); without,
 * the active roster now. Per-item completion times are read only when `asOf` has passed
 * (`now`): before that, every completion so far counts anyway. With `departmentId`, only
 * that department: its summaries are fetched by person, not by scanning the campaign's.
 */
export async function loadFacts(campaignId: Id, opts: { departmentId?: string } & ({ asOf?: undefined } | { asOf: Date; now: Date }) = {}) {
  const { departmentId, asOf } = opts
  const dept = departmentId ? { departmentId: new Types.ObjectId(departmentId) } : {}
  const [candidates, required] = await Promise.all([
    Person.find(asOf ? { $or: [{ active: true }, { leftAt: { $gte: asOf } }], ...dept } : { active: true, ...dept }, {
      number: 1,
      name: 1,
      type: 1,
      departmentId: 1,
      className: 1,
      active: 1,
      joinedAt: 1,
      leftAt: 1,
    })
      .batchSize(READ_BATCH)
      .lean(),
    requiredItems(campaignId, asOf),
  ])
  const roster = candidates.filter((p) => onRosterAt(p, asOf))
  const fields = { personId: 1, userId: 1, itemsOpened: 1, itemsCompleted: 1, quizPassed: 1, firstOpenedAt: 1, quizPassedAt: 1 }
  const ended = !!opts.asOf && opts.asOf.getTime() <= opts.now.getTime()
  const [summaries, times] = await Promise.all([
    departmentId
      ? PersonSummary.find({ campaignId, personId: { $in: roster.map((p) => p._id) } }, fields).lean()
      : PersonSummary.find({ campaignId, personId: { $ne: null } }, fields)
          .batchSize(READ_BATCH)
          .lean(),
    ended ? CompletionTimes.find({ campaignId }, { userId: 1, t: 1 }).batchSize(READ_BATCH).lean() : Promise.resolve([]),
  ])
  await yieldToRequests()
  const timesByUser = new Map(times.map((x) => [String(x.userId), x.t as unknown as Record<string, Date> | undefined]))
  const byPerson = new Map(summaries.map((s) => [String(s.personId), s]))
  const requiredByDept = new Map<string, string[]>()
  const facts: PersonFacts[] = roster.map((p) => {
    const d = String(p.departmentId)
    if (!requiredByDept.has(d)) requiredByDept.set(d, requiredFor(required, d))
    const s = byPerson.get(String(p._id))
    const progress = progressAsOf(s ? ({ ...s, completedAt: timesByUser.get(String(s.userId)) } as SummaryFacts) : undefined, asOf)
    return { personId: String(p._id), departmentId: d, className: p.className ?? null, ...progress, required: requiredByDept.get(d)! }
  })
  return { facts, required, persons: new Map(roster.map((p) => [String(p._id), p as RosterPerson])) }
}

/**
 * The month's activity days of bound readers: read once per computation, since both
 * participation and the daily series come from them (each read is a full scan on the
 * embedded database).
 */
async function activityIn(campaignId: Id, month: string) {
  const { firstDay, lastDay } = monthRange(month)
  return ActivityDay.find({ campaignId, personId: { $ne: null }, day: { $gte: firstDay, $lte: lastDay } }, { personId: 1, day: 1, opens: 1, completions: 1, quizAttempts: 1 })
    .batchSize(READ_BATCH)
    .lean()
}
type ActivityRow = Awaited<ReturnType<typeof activityIn>>[number]

/** Participation: completed an item or submitted a quiz attempt that day. */
const tookPart = (r: ActivityRow) => r.completions > 0 || r.quizAttempts > 0

/** People who completed an item or submitted a quiz attempt in the period. */
function participantsOf(rows: readonly ActivityRow[]): Set<string> {
  return new Set(rows.filter(tookPart).map((r) => String(r.personId)))
}

async function itemFigures(campaignId: Id) {
  const stats = await ItemStats.find({ campaignId }).lean()
  const ids = (kind: string) =>
    stats
      .map((s) => String(s._id))
      .filter((id) => id.startsWith(`${kind}:`))
      .map((id) => id.slice(kind.length + 1))
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

/** Per day of the month, what roster people did (`roster`: person ids counted). */
function dailySeries(rows: readonly ActivityRow[], roster: ReadonlySet<string>) {
  const byDay = new Map<string, { day: string; active: number; completions: number; quizAttempts: number; firstOpens: number }>()
  for (const r of rows) {
    if (!roster.has(String(r.personId))) continue
    const d = byDay.get(r.day) ?? { day: r.day, active: 0, completions: 0, quizAttempts: 0, firstOpens: 0 }
    if (tookPart(r)) d.active++
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
  const attempts = await QuizAttempt.find(
    { campaignId, kind: 'exam', status: { $in: ['submitted', 'expired'] }, submittedAt: { $gte: from, $lt: to } },
    { examId: 1, userId: 1, passed: 1, score: 1, maxScore: 1 },
  ).lean()
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

export type DepartmentRow = DepartmentRowOut

/**
 * Every figure of the dashboard and the monthly report for one campaign and month.
 * Cumulative figures (reached, read-through, quiz passed, aware) and the roster are as of
 * the end of the month (`asOf`); participation, the daily series and quizzes are within the
 * month; per-item figures are cumulative up to the computation (`itemsAsOf`).
 */
export async function computeMetrics(campaignId: Id, month: string, computedAt: Date) {
  return (await computeFigures(campaignId, month, computedAt)).metrics
}

/** computeMetrics, plus the per-person facts and roster it was computed from. */
async function computeFigures(campaignId: Id, month: string, computedAt: Date) {
  const { from, to } = monthRange(month)
  const campaign = await getCampaign(campaignId)
  const [{ facts, required, persons }, activity, departments] = await Promise.all([
    loadFacts(campaignId, { asOf: to, now: computedAt }),
    activityIn(campaignId, month),
    Department.find({}).sort({ order: 1 }).lean(),
  ])
  await yieldToRequests()
  const participants = participantsOf(activity)
  const byDept = tallyBy(facts, (p) => p.departmentId, participants)
  const empty = tally([], participants)
  const deptRows = rankDepartments(
    departments
      .filter((d) => d.active || byDept.has(String(d._id)))
      .map((d) => ({
        departmentId: String(d._id),
        name: d.name,
        code: d.code,
        requiredItems: requiredFor(required, String(d._id)).length,
        ...(byDept.get(String(d._id)) ?? empty),
      })),
  )
  await yieldToRequests()
  const byClass = tallyBy(facts, (p) => `${p.departmentId}|${p.className ?? ''}`, participants)
  const classes = [...byClass].map(([key, t]) => {
    const [departmentId, className] = key.split('|')
    return { departmentId, className: className || '（未分班）', ...t }
  })
  const metrics = {
    campaign: { id: String(campaign._id), title: campaign.title },
    month,
    /** Cumulative figures and the roster are as of this moment (the end of the month). */
    asOf: to.toISOString(),
    /** Per-item figures are cumulative up to this moment. */
    itemsAsOf: computedAt.toISOString(),
    /** Required items of any audience (per department: departments[].requiredItems). */
    requiredItems: required.length,
    overview: tally(facts, participants),
    departments: deptRows as DepartmentRow[],
    classes,
    items: await itemFigures(campaignId),
    daily: dailySeries(activity, new Set(facts.map((f) => f.personId))),
    quizzes: await quizFigures(campaignId, month),
    // As of the computation: live figures would otherwise date each new tip to the minute.
    tips: await tipStatistics(campaignId, { from, to }, computedAt),
  }
  // Every department gets an unread list, also one left out of the table (inactive, nobody on
  // the roster): it must not keep an old list, nor be recomputed on every request for lack of one.
  return { metrics, facts, persons, departmentIds: departments.map((d) => String(d._id)) }
}
export type Metrics = Awaited<ReturnType<typeof computeMetrics>>

/** When something last moved this campaign's figures (see markAllMetricsDirty). */
async function changedAt(campaignId: Id): Promise<number> {
  const [dirty, dirtyAll] = await Promise.all([MetricsDirty.findById(String(campaignId)).lean(), MetricsDirty.findById('all').lean()])
  return Math.max(dirty?.at?.getTime() ?? 0, dirtyAll?.at?.getTime() ?? 0)
}

/** Recomputes the snapshot in the background; one already under way will do. */
function refreshInBackground(deps: AppDeps, campaignId: Id, month: string): void {
  void refreshSnapshot(deps, campaignId, month, 0).catch((err) => deps.logger.error({ err }, 'metrics refresh failed'))
}

/**
 * The dashboard's figures: the stored snapshot when nothing changed since it was computed;
 * otherwise the stale one is served while a refresh runs (or computed now when `refresh` is
 * asked or none exists yet).
 */
export async function dashboardMetrics(deps: AppDeps, campaignId: Id, month: string = shanghaiMonth(deps.clock.now()), opts: { refresh?: boolean } = {}) {
  const [snapshot, changed] = await Promise.all([MetricsSnapshot.findById(`${campaignId}:${month}`).lean(), changedAt(campaignId)])
  const fresh = !!snapshot?.computedAt && snapshot.computedAt.getTime() >= changed
  if (snapshot && (fresh || !opts.refresh)) {
    if (!fresh) refreshInBackground(deps, campaignId, month)
    return { ...(snapshot.data as Metrics), computedAt: snapshot.computedAt!.toISOString(), stale: !fresh }
  }
  const computed = await refreshSnapshot(deps, campaignId, month, changed)
  return { ...computed.data, computedAt: computed.computedAt.toISOString(), stale: false }
}

type Refreshed = { data: Metrics; computedAt: Date }
/** Recomputations under way in this process, per campaign and month. */
const inFlight = new Map<string, { computedAt: Date; done: Promise<Refreshed> }>()

/**
 * Recomputes a month's snapshot, or joins the recomputation of it already under way if that
 * one started at or after `since` (wall-clock ms, like the change marks: it then sees every
 * change up to `since`), so the refresh job, a stale read and an admin's refresh arriving
 * together compute the figures once, not once each (seconds at 20,000 people).
 */
export function refreshSnapshot(deps: AppDeps, campaignId: Id, month: string, since: number = Date.now()): Promise<Refreshed> {
  const id = `${campaignId}:${month}`
  const running = inFlight.get(id)
  if (running && running.computedAt.getTime() >= since) return running.done
  // Wall clock, like the change marks it is compared with (cache bookkeeping, not business time).
  const computedAt = new Date()
  const done = recomputeSnapshot(deps, campaignId, month, computedAt).finally(() => {
    if (inFlight.get(id)?.done === done) inFlight.delete(id)
  })
  inFlight.set(id, { computedAt, done })
  return done
}

/**
 * Computes and stores a month's snapshot. For the current month it also stores each
 * department's 发而未看 list, which comes from the same per-person facts: reading one
 * department's summaries takes as long as reading all of them on the embedded database
 * (seconds at 20,000 people), so the list is kept with the figures instead of computed per request.
 */
async function recomputeSnapshot(deps: AppDeps, campaignId: Id, month: string, computedAt: Date): Promise<Refreshed> {
  const { metrics: data, facts, persons, departmentIds } = await computeFigures(campaignId, month, deps.clock.now())
  await MetricsSnapshot.updateOne({ _id: `${campaignId}:${month}` }, { $set: { campaignId, month, computedAt, data } }, { upsert: true })
  if (month === shanghaiMonth(deps.clock.now())) {
    const byDepartment = new Map<string, UnreadPerson[]>(departmentIds.map((d) => [d, []]))
    for (const person of unreadPeople(facts, persons)) byDepartment.get(person.departmentId)?.push(person)
    for (const [departmentId, people] of byDepartment) {
      await UnreadSnapshot.updateOne({ _id: `${campaignId}:${departmentId}` }, { $set: { computedAt, people } }, { upsert: true })
    }
  }
  return { data, computedAt }
}

export type UnreadPerson = UnreadPersonOut

/** 发而未看: roster people who have not completed the required material, by class and number. */
function unreadPeople(facts: PersonFacts[], persons: Map<string, RosterPerson>): UnreadPerson[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  return notThrough(facts)
    .map((f) => {
      const p = persons.get(f.personId)!
      return {
        personId: f.personId,
        departmentId: f.departmentId,
        number: p.number,
        name: p.name,
        className: p.className ?? null,
        type: p.type,
        opened: f.opened,
        completedRequired: f.required.filter((k) => f.completed.has(k)).length,
        required: f.required.length,
      }
    })
    .sort((a, b) => cmp(a.className ?? '', b.className ?? '') || cmp(a.number, b.number))
}

/** The department's 发而未看 list computed now (reminders: exact, and seconds at full size). */
export async function unreadList(campaignId: Id, departmentId: string): Promise<UnreadPerson[]> {
  const { facts, persons } = await loadFacts(campaignId, { departmentId })
  return unreadPeople(facts, persons)
}

/**
 * The department's 发而未看 list as stored with the current month's snapshot, like the
 * dashboard: stale while a refresh runs, recomputed first with `refresh` or when missing.
 */
export async function departmentUnread(deps: AppDeps, campaignId: Id, departmentId: string, opts: { refresh?: boolean } = {}) {
  const month = shanghaiMonth(deps.clock.now())
  const read = () => UnreadSnapshot.findById(`${campaignId}:${departmentId}`).lean()
  let [stored, changed] = await Promise.all([read(), changedAt(campaignId)])
  let fresh = !!stored && stored.computedAt.getTime() >= changed
  if (!stored || (!fresh && opts.refresh)) {
    await refreshSnapshot(deps, campaignId, month, changed)
    stored = await read()
    fresh = true
  } else if (!fresh) refreshInBackground(deps, campaignId, month)
  return { people: (stored?.people ?? []) as UnreadPerson[], computedAt: (stored?.computedAt ?? deps.clock.now()).toISOString(), stale: !fresh }
}
