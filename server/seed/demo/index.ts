import { Types } from 'mongoose'
import { ManualClock, shanghaiDay, shanghaiDayStart, shanghaiMonth } from '../../clock'
import type { AppDeps } from '../../deps'
import { renderArticleBody, plainText } from '../../modules/articles/render'
import { Article } from '../../modules/articles/model'
import { hashPassword } from '../../modules/auth/service'
import { Campaign } from '../../modules/campaigns/model'
import { forgetCampaign } from '../../modules/campaigns/service'
import { ItemArrival } from '../../modules/channels/model'
import type { Channel } from '../../modules/channels/channels'
import { DEMO_MANIFEST_ID, DemoManifest } from '../../modules/demo/model'
import { removeDemo } from '../../modules/demo/service'
import { Department } from '../../modules/departments/model'
import { Chapter, Question, type QuestionDoc } from '../../modules/handbook/model'
import { markAllMetricsDirty, refreshSnapshot } from '../../modules/metrics/service'
import { createMonthlyReport } from '../../modules/metrics/report'
import { previousMonth } from '../../modules/metrics/jobs'
import { EngagementClock, ItemProgress, ItemStats, ReadingSession } from '../../modules/progress/model'
import { depthDecile, estimateReadingSeconds } from '../../modules/progress/service'
import { AnswerLog, Exam, ExamSeat, PointsDay, PointsEntry, QuizAttempt } from '../../modules/quiz/model'
import { POINT_RULES, type PointKind } from '../../modules/quiz/points'
import { STANDARD_EXAM } from '../../modules/quiz/seed'
import { scoreAnswer, shuffle } from '../../modules/quiz/scoring'
import { Person } from '../../modules/roster/model'
import { ActivityDay, CompletionTimes, PersonSummary } from '../../modules/summary/model'
import { forgetIdentities } from '../../modules/summary/service'
import { createTipCipher } from '../../modules/tips/crypto'
import { Tip } from '../../modules/tips/model'
import { TipRateLimiter } from '../../modules/tips/rate-limit'
import { changeStatus, normalizeCode, submitTip, type TipContext } from '../../modules/tips/service'
import { User } from '../../modules/users/model'
import { FIRST_CAMPAIGN } from '../campaign'
import { DEMO_ARTICLES, DEMO_PREFIX, DEMO_TIPS, OUTCOMES } from './content'
import { demoRoster } from './people'
import { DemoRandom } from './random'

/**
 * Demo data for a development install: a campaign marked 【演示】 with ~2,000 people on the
 * roster, published articles and 30 days of reading and quiz activity, written in the shapes
 * the real paths write (progress, summaries, activity days, arrivals, attempts, points), so
 * the metrics pipeline computes the dashboard and the monthly report from them. Deterministic
 * for a given seed and clock. See docs/demo.md.
 */

export const DEMO_SEED = 20261127
export const DEMO_DAYS = 30

/** Demo sign-in accounts (development only; the passwords are in the README). */
export const DEMO_ACCOUNTS = [
  { username: 'demo_publicity', password: 'demo-publicity', nickname: '演示·宣传部管理员', roles: ['publicity_admin'] as const, departmentCode: null },
  { username: 'demo_dept', password: 'demo-dept', nickname: '演示·汽车工程学院负责人', roles: ['dept_admin'] as const, departmentCode: 'C04' },
  { username: 'demo_security', password: 'demo-security', nickname: '演示·保卫处', roles: ['security_officer'] as const, departmentCode: null },
]

/**
 * How engaged each department is (0–1): some lag far behind, as in a real college. The
 * spread is what the dashboard's ranking and the 发而未看 lists are there to show.
 */
export const DEPARTMENT_ENGAGEMENT: Record<string, number> = {
  C01: 0.78,
  C02: 0.93,
  C03: 0.6,
  C04: 0.3,
  C05: 0.4,
  C06: 0.72,
  C07: 0.88,
  C08: 0.96,
  O01: 0.9,
  O02: 0.84,
  O03: 0.95,
  O04: 0.8,
  O05: 0.68,
  O06: 0.97,
  O07: 0.55,
  O08: 0.25,
}

/** Share of activity per hour of the day (Shanghai): mornings, lunch and evenings. */
const HOUR_WEIGHTS = [0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.5, 1.5, 2, 1.2, 1, 1.2, 2.5, 2.2, 1, 0.9, 1, 1.2, 1.8, 2.6, 3, 2.8, 2, 0.8]
const HOURS = HOUR_WEIGHTS.map((_, h) => h)
const CHANNELS: Channel[] = ['mp', 'sub', 'share', 'code', 'link', 'tl', 'search', 'direct']
const CHANNEL_WEIGHTS = [40, 22, 12, 8, 5, 3, 2, 8]
const SCENE: Record<string, number> = { mp: 1058, sub: 1014, share: 1007, code: 1047, link: 1194, tl: 1155, search: 1005, direct: 1001 }
const PUSH_HOUR = 8

export interface DemoSeedResult {
  created: boolean
  campaignId: string
  counts?: Record<string, number>
  ms?: number
  phases?: Record<string, number>
}

type Id = Types.ObjectId
type Deps = Pick<AppDeps, 'config' | 'logger' | 'clock'> & Partial<Pick<AppDeps, 'wechat'>>

/** Whether the database has nothing in it yet (the first start of an install). */
export async function databaseIsEmpty(): Promise<boolean> {
  const [campaigns, people, users, manifest] = await Promise.all([
    Campaign.estimatedDocumentCount(),
    Person.estimatedDocumentCount(),
    User.estimatedDocumentCount(),
    DemoManifest.estimatedDocumentCount(),
  ])
  return campaigns + people + users + manifest === 0
}

/**
 * Seeds the demo data unless it is there already (a removed demo is seeded again only when
 * asked: `npm run seed -- --demo`; the start path seeds empty databases only). Needs the
 * regular seed (departments, the first campaign and its handbook) first. Never in production.
 */
export async function seedDemo(deps: Deps, opts: { seed?: number } = {}): Promise<DemoSeedResult> {
  if (deps.config.NODE_ENV === 'production') throw new Error('演示数据只能用于开发环境')
  const existing = await DemoManifest.findById(DEMO_MANIFEST_ID).lean()
  if (existing && !existing.removedAt && existing.complete) return { created: false, campaignId: String(existing.campaignId) }
  // A seed that stopped half-way (crash, Ctrl-C) is cleared and written again.
  if (existing && !existing.removedAt) await removeDemo(deps.clock.now())
  const started = Date.now()
  // Milliseconds per step, returned for the report of how long seeding takes.
  const phases: Record<string, number> = {}
  let mark = started
  const lap = (name: string) => {
    const t = Date.now()
    phases[name] = t - mark
    mark = t
  }
  const seed = opts.seed ?? DEMO_SEED
  const rng = new DemoRandom(seed)
  const now = deps.clock.now()
  const windowStart = shanghaiDayStart(shanghaiDay(new Date(now.getTime() - DEMO_DAYS * 86400_000)))
  const day = (n: number) => new Date(windowStart.getTime() + n * 86400_000)

  const departments = await Department.find({}, { code: 1, kind: 1 }).lean()
  const deptByCode = new Map(departments.map((d) => [d.code, d]))
  const source = await Campaign.findOne({ slug: FIRST_CAMPAIGN.slug }).lean()
  if (!source || departments.length === 0) throw new Error('run the regular seed before the demo seed')

  // The demo campaign is the current one while it exists: it starts after every other campaign.
  const latest = await Campaign.findOne({ status: 'active' }, { startAt: 1 }).sort({ startAt: -1 }).lean()
  const startAt = new Date(Math.min(now.getTime(), Math.max(day(-1).getTime(), (latest?.startAt.getTime() ?? 0) + 1000)))
  const campaignId = new Types.ObjectId()
  await DemoManifest.updateOne(
    { _id: DEMO_MANIFEST_ID },
    { $set: { campaignId, personIds: [], userIds: [], accountIds: [], seed, createdAt: now, complete: false, removedAt: null } },
    { upsert: true },
  )
  await Campaign.create({
    _id: campaignId,
    slug: `demo-${shanghaiDay(now).replaceAll('-', '')}`,
    title: `${DEMO_PREFIX}${FIRST_CAMPAIGN.title}`,
    subtitle: '演示数据：模拟 2,000 名师生 30 天的阅读与答题，可由超级管理员一键删除',
    description: `${DEMO_PREFIX}本专项活动及其花名册、文章、答题和举报均为演示数据，用于第一次启动时展示统计效果。正式使用前请由超级管理员删除演示数据（DELETE /api/demo 或 npm run seed -- --no-demo）。`,
    status: 'active',
    startAt,
    settings: source.settings,
    tipCategories: source.tipCategories,
    demo: true,
  })
  forgetCampaign(campaignId)

  // Accounts: a publicity admin (author of the articles), a department head, a security officer.
  const accountIds = DEMO_ACCOUNTS.map(() => new Types.ObjectId())
  await DemoManifest.updateOne({ _id: DEMO_MANIFEST_ID }, { $set: { accountIds, userIds: accountIds } })
  for (const [i, a] of DEMO_ACCOUNTS.entries()) {
    const _id = accountIds[i]
    await User.create({
      _id,
      username: a.username,
      nickname: a.nickname,
      roles: [...a.roles],
      passwordHash: await hashPassword(a.password),
      ...(a.departmentCode ? { departmentId: deptByCode.get(a.departmentCode)!._id } : {}),
    })
  }
  const [authorId, , officerId] = accountIds

  // The handbook (chapters and questions) and the standing contest, copied from the first campaign.
  const chapters = await Chapter.find({ campaignId: source._id }).sort({ order: 1 }).lean()
  const chapterIds = new Map(chapters.map((c) => [String(c._id), new Types.ObjectId()]))
  await Chapter.insertMany(chapters.map(({ _id, createdAt: _c, updatedAt: _u, ...c }) => ({ ...c, _id: chapterIds.get(String(_id)), campaignId })))
  const questions = (await Question.find({ campaignId: source._id, active: true }).lean<QuestionDoc[]>()).map(({ createdAt: _c, updatedAt: _u, ...q }) => ({
    ...q,
    _id: new Types.ObjectId(),
    campaignId,
    chapterId: chapterIds.get(String(q.chapterId))!,
  }))
  await Question.insertMany(questions)
  const examId = new Types.ObjectId()
  const examOpens = day(2)
  await Exam.create({
    _id: examId,
    campaignId,
    ...STANDARD_EXAM,
    title: `${DEMO_PREFIX}${STANDARD_EXAM.title}`,
    opensAt: examOpens,
    passMark: source.settings?.passMark ?? 0.6,
    published: true,
  })
  const passMark = source.settings?.passMark ?? 0.6

  // Articles, published on push days at 08:00.
  const collegeIds = departments.filter((d) => d.kind === 'college').map((d) => d._id)
  const articles = DEMO_ARTICLES.map((a) => {
    const bodyHtml = renderArticleBody(a.bodyMarkdown)
    const publishedAt = new Date(day(a.publishDay).getTime() + PUSH_HOUR * 3600_000)
    return {
      _id: new Types.ObjectId(),
      campaignId,
      title: a.title,
      summary: a.summary,
      bodyMarkdown: a.bodyMarkdown,
      bodyHtml,
      readingSeconds: estimateReadingSeconds(plainText(bodyHtml), source.settings?.charsPerMinute ?? 400),
      tags: a.tags,
      required: a.required,
      audienceDepartmentIds: a.collegesOnly ? collegeIds : [],
      status: 'published' as const,
      publishedAt,
      authorId,
      pushRequestedAt: null,
      createdAt: new Date(publishedAt.getTime() - 3600_000),
    }
  })
  await Article.insertMany(articles)
  lap('campaign, accounts, handbook copy, articles')

  // The roster, and the readers who bound to it.
  const roster = demoRoster(rng).map((p) => ({ ...p, _id: new Types.ObjectId(), departmentId: deptByCode.get(p.departmentCode)!._id }))
  await DemoManifest.updateOne({ _id: DEMO_MANIFEST_ID }, { $set: { personIds: roster.map((p) => p._id) } })
  await Person.insertMany(
    roster.map((p) => ({ _id: p._id, number: p.number, name: p.name, type: p.type, departmentId: p.departmentId, className: p.className, active: true, joinedAt: day(-1) })),
    { ordered: false },
  )
  lap('roster')

  const classFactor = new Map<string, number>()
  const factorOf = (p: (typeof roster)[number]) => {
    const key = `${p.departmentCode}|${p.className ?? ''}`
    if (!classFactor.has(key)) classFactor.set(key, DEPARTMENT_ENGAGEMENT[p.departmentCode] * (p.className ? rng.normal(1, 0.12, 0.6, 1.3) : 1))
    return Math.min(1, Math.max(0.05, classFactor.get(key)!))
  }
  const at = (dayIndex: number, minHour = 0) => {
    const hours = HOURS.filter((h) => h >= minHour)
    const hour = rng.weighted(
      hours,
      hours.map((h) => HOUR_WEIGHTS[h]),
    )
    return new Date(day(dayIndex).getTime() + hour * 3600_000 + rng.int(0, 3599) * 1000)
  }
  const neededSeconds = (readingSeconds: number) => Math.min(source.settings?.minEngagedSeconds ?? 30, (source.settings?.engagedShareOfReadingTime ?? 0.3) * readingSeconds)

  const users: Record<string, unknown>[] = []
  const progress: Record<string, unknown>[] = []
  const sessions: Record<string, unknown>[] = []
  const arrivals: Record<string, unknown>[] = []
  const summaries: Record<string, unknown>[] = []
  const days = new Map<string, { campaignId: Id; userId: Id; personId: Id; departmentId: Id; day: string; completions: number; quizAttempts: number; opens: number }>()
  const completionTimes: Record<string, unknown>[] = []
  const clocks: Record<string, unknown>[] = []
  const attempts: Record<string, unknown>[] = []
  const seats: Record<string, unknown>[] = []
  const answers: Record<string, unknown>[] = []
  const points: Record<string, unknown>[] = []
  const pointsDays = new Map<string, { _id: string; userId: Id; kind: string; day: string; total: number }>()
  const itemStats = new Map<string, Record<string, number> & { campaignId?: never }>()
  const chapterItems = chapters.map((c) => ({ key: `chapter:${chapterIds.get(String(c._id))}`, readingSeconds: c.readingSeconds || 120 }))

  const bumpDay = (u: { userId: Id; personId: Id; departmentId: Id }, when: Date, field: 'completions' | 'quizAttempts' | 'opens') => {
    const d = shanghaiDay(when)
    const key = `${u.userId}:${d}`
    const row = days.get(key) ?? { campaignId, userId: u.userId, personId: u.personId, departmentId: u.departmentId, day: d, completions: 0, quizAttempts: 0, opens: 0 }
    row[field]++
    days.set(key, row)
  }
  const award = (userId: Id, kind: PointKind, refKey: string, when: Date) => {
    const d = shanghaiDay(when)
    const id = `${userId}:${kind}:${d}`
    const counter = pointsDays.get(id) ?? { _id: id, userId, kind, day: d, total: 0 }
    const paid = Math.max(0, Math.min(POINT_RULES[kind].points, POINT_RULES[kind].dailyCap - counter.total))
    counter.total += paid
    pointsDays.set(id, counter)
    points.push({ userId, campaignId, kind, refKey, points: paid, day: d, at: when })
  }
  const stat = (key: string) => {
    const s =
      itemStats.get(key) ??
      (Object.fromEntries(['opens', 'completions', 'depthSum', 'engagedSum', ...Array.from({ length: 10 }, (_, i) => `d${i}`)].map((k) => [k, 0])) as Record<string, number>)
    itemStats.set(key, s as never)
    return s
  }

  for (const person of roster) {
    const f = factorOf(person)
    if (!rng.chance(0.4 + 0.55 * f)) continue // never bound an account: in every 发而未看 list
    const userId = new Types.ObjectId()
    const who = { userId, personId: person._id, departmentId: person.departmentId }
    users.push({ _id: userId, nickname: person.name, roles: ['reader'], openid: `demo-${person.number}`, personId: person._id, subscriptions: [], lastLoginAt: null })
    const opened: string[] = []
    const completed: string[] = []
    const times: Record<string, Date> = {}
    const events: Date[] = []
    let firstOpenedAt: Date | null = null
    let firstCompletedAt: Date | null = null

    const read = (key: string, readingSeconds: number, firstOpen: Date, completeChance: number, channel: Channel | null) => {
      if (firstOpen >= now) return
      const done = rng.chance(completeChance)
      const needed = neededSeconds(readingSeconds)
      const engagedSeconds = Math.round((done ? Math.max(needed + 1, readingSeconds * rng.between(0.4, 1.3)) : rng.between(2, Math.max(3, needed * 0.9))) * 10) / 10
      const maxDepth = Math.round((done ? rng.between(0.9, 1) : rng.between(0.05, 0.86)) * 100) / 100
      const completedAt = new Date(firstOpen.getTime() + Math.ceil(engagedSeconds + rng.int(5, 60)) * 1000)
      if (done && completedAt >= now) return
      const lastSeenAt = done ? completedAt : new Date(firstOpen.getTime() + Math.ceil(engagedSeconds + 10) * 1000)
      const sessionId = `demo-${userId}-${progress.length}`
      const seq = Math.max(1, Math.ceil(engagedSeconds / 10))
      progress.push({
        userId,
        campaignId,
        itemKey: key,
        departmentId: person.departmentId,
        maxDepth,
        engagedSeconds,
        completed: done,
        ...(done ? { completedAt } : {}),
        firstOpenedAt: firstOpen,
        lastSeenAt,
        applied: { [sessionId]: seq },
      })
      sessions.push({
        _id: sessionId,
        userId,
        itemKey: key,
        startedAt: firstOpen,
        creditFrom: new Date(firstOpen.getTime() - 12_000),
        lastAt: lastSeenAt,
        lastClientAt: lastSeenAt.getTime(),
        lastSeq: seq,
      })
      const s = stat(key)
      s.opens++
      s.depthSum += maxDepth
      s.engagedSum += engagedSeconds
      s[`d${depthDecile(maxDepth)}`]++
      opened.push(key)
      bumpDay(who, firstOpen, 'opens')
      events.push(firstOpen, lastSeenAt)
      if (!firstOpenedAt || firstOpen < firstOpenedAt) firstOpenedAt = firstOpen
      if (channel) arrivals.push({ userId, campaignId, itemKey: key, departmentId: person.departmentId, channel, scene: SCENE[channel], at: firstOpen, completed: done })
      if (done) {
        s.completions++
        completed.push(key)
        times[key] = completedAt
        bumpDay(who, completedAt, 'completions')
        if (!firstCompletedAt || completedAt < firstCompletedAt) firstCompletedAt = completedAt
        award(userId, key.startsWith('article:') ? 'article' : 'chapter', key, completedAt)
      }
    }

    for (const [k, spec] of DEMO_ARTICLES.entries()) {
      const a = articles[k]
      if (spec.collegesOnly && person.type !== 'student') continue
      if (!rng.chance(spec.required ? 0.3 + 0.68 * f : 0.15 + 0.45 * f)) continue
      // Most opens come on the push day; the rest trickle in over the following days.
      const lag = rng.chance(0.35 + 0.3 * f) ? 0 : 1 + Math.floor(rng.exponential(2.5))
      const when = at(spec.publishDay + lag, lag === 0 ? PUSH_HOUR : 0)
      read(`article:${a._id}`, a.readingSeconds, when, 0.45 + 0.5 * f, lag === 0 ? rng.weighted(['mp', 'sub'] as Channel[], [2, 1]) : rng.weighted(CHANNELS, CHANNEL_WEIGHTS))
    }
    if (rng.chance(0.55 * f)) {
      for (const c of shuffle(chapterItems, () => rng.next()).slice(0, rng.int(1, 4))) read(c.key, c.readingSeconds, at(rng.int(0, DEMO_DAYS - 1)), 0.7, null)
    }

    let quizAttempts = 0
    let quizPassedAt: Date | null = null
    if (rng.chance(0.1 + 0.65 * f)) {
      let when = at(rng.int(2, DEMO_DAYS - 1))
      let skill = rng.normal(0.5 + 0.35 * f, 0.15, 0.1, 1)
      for (let attemptNo = 1; attemptNo <= STANDARD_EXAM.maxAttempts && when < now; attemptNo++) {
        const attemptId = new Types.ObjectId()
        const paper = shuffle(questions, () => rng.next()).slice(0, 20)
        let score = 0
        const items = paper.map((q) => {
          const right = rng.chance(skill)
          const wrongPick = q.options.find((o) => !q.answer.includes(o.id))?.id
          const selected = right || !wrongPick ? [...q.answer] : [wrongPick]
          const { correct, earned } = scoreAnswer(q, selected, 5)
          score += earned
          return {
            questionId: q._id,
            optionOrder: shuffle(
              q.options.map((o) => o.id),
              () => rng.next(),
            ),
            points: 5,
            selected,
            answeredAt: when,
            correct,
            earned,
          }
        })
        const startedAt = new Date(when.getTime() - rng.int(240, 1100) * 1000)
        const passed = score / 100 >= passMark
        attempts.push({
          _id: attemptId,
          userId,
          campaignId,
          kind: 'exam',
          examId,
          attemptNo,
          items,
          status: 'submitted',
          startedAt,
          deadline: new Date(startedAt.getTime() + STANDARD_EXAM.timeLimitSeconds * 1000),
          submittedAt: when,
          submittedBy: 'reader',
          leaves: 0,
          score,
          maxScore: 100,
          passed,
          streak: 0,
          createdAt: startedAt,
          updatedAt: when,
        })
        seats.push({ userId, examId, attemptNo, attemptId, at: startedAt })
        for (const [i, item] of items.entries())
          answers.push({ userId, campaignId, questionId: item.questionId, chapterId: paper[i].chapterId, mode: 'exam', selected: item.selected, correct: item.correct, at: when })
        quizAttempts++
        bumpDay(who, when, 'quizAttempts')
        events.push(startedAt, when)
        if (passed) {
          quizPassedAt = when
          award(userId, 'exam', `exam:${examId}`, when)
          break
        }
        if (!rng.chance(0.6)) break
        skill = Math.min(1, skill + 0.12)
        when = new Date(when.getTime() + rng.int(1, 4) * 86400_000)
      }
    }

    if (events.length === 0) {
      users[users.length - 1].lastLoginAt = null
      continue
    }
    const first = new Date(Math.min(...events.map((e) => e.getTime())))
    const last = new Date(Math.max(...events.map((e) => e.getTime())))
    users[users.length - 1].lastLoginAt = new Date(Math.floor(last.getTime() / 3600_000) * 3600_000)
    summaries.push({
      campaignId,
      userId,
      personId: person._id,
      departmentId: person.departmentId,
      className: person.className,
      itemsOpened: opened,
      itemsCompleted: completed,
      quizAttempts,
      quizPassed: !!quizPassedAt,
      firstReachedAt: first,
      ...(firstOpenedAt ? { firstOpenedAt } : {}),
      ...(firstCompletedAt ? { firstCompletedAt } : {}),
      ...(quizPassedAt ? { quizPassedAt } : {}),
      lastActiveAt: last,
      createdAt: first,
      updatedAt: last,
    })
    if (completed.length) completionTimes.push({ _id: `${campaignId}:${userId}`, campaignId, userId, t: times })
    if (opened.length) clocks.push({ _id: userId, creditedUntil: last, firstContactAt: first })
  }

  lap('simulation (in memory)')
  // Bulk writes, in the order the real paths would leave them readable.
  const insert = async (model: { modelName: string; insertMany: (docs: never[], opts: object) => Promise<unknown> }, docs: unknown[]) => {
    const t = Date.now()
    for (let i = 0; i < docs.length; i += 2000) await model.insertMany(docs.slice(i, i + 2000) as never[], { ordered: false, lean: true })
    phases[`${model.modelName} ×${docs.length}`] = Date.now() - t
  }
  // Ids first: a crash during the inserts leaves nothing that removal would not find.
  await DemoManifest.updateOne({ _id: DEMO_MANIFEST_ID }, { $set: { userIds: [...users.map((u) => u._id as Id), ...accountIds] } })
  await insert(User, users)
  await Promise.all([
    insert(ItemProgress, progress),
    insert(ReadingSession, sessions),
    insert(ItemArrival, arrivals),
    insert(PersonSummary, summaries),
    insert(ActivityDay, [...days.values()]),
    insert(CompletionTimes, completionTimes),
    insert(EngagementClock, clocks),
    insert(QuizAttempt, attempts),
    insert(ExamSeat, seats),
    insert(AnswerLog, answers),
    insert(PointsEntry, points),
    insert(PointsDay, [...pointsDays.values()]),
    insert(
      ItemStats,
      [...itemStats].map(([key, s]) => ({ _id: key, campaignId, ...s })),
    ),
  ])

  lap('activity inserts')
  const tips = await seedDemoTips(deps, campaignId, officerId, day)
  lap('tips')
  await DemoManifest.updateOne({ _id: DEMO_MANIFEST_ID }, { $set: { complete: true } })

  // The figures come from the real pipeline: the dashboard snapshot (and 发而未看 lists) and
  // the monthly report job's report for the month before.
  forgetIdentities()
  await markAllMetricsDirty()
  const fullDeps = { ...deps, wechat: deps.wechat } as AppDeps
  await refreshSnapshot(fullDeps, campaignId, shanghaiMonth(now))
  lap('dashboard snapshot')
  await createMonthlyReport(campaignId, previousMonth(now), 'schedule', now)
  lap('monthly report')

  const counts = {
    people: roster.length,
    readers: users.length,
    articles: articles.length,
    progress: progress.length,
    quizAttempts: attempts.length,
    tips,
  }
  const ms = Date.now() - started
  deps.logger.debug({ phases }, 'demo seed steps (ms)')
  return { created: true, campaignId: String(campaignId), counts, ms, phases }
}

/** Tips through the real submission and workflow (sealed fields, hour-rounded times, audit). */
async function seedDemoTips(deps: Deps, campaignId: Id, officerId: Id, day: (n: number) => Date): Promise<number> {
  const clock = new ManualClock(day(0))
  const ctx: TipContext = {
    deps: { ...deps, clock } as AppDeps,
    cipher: createTipCipher(deps.config.TIP_ENCRYPTION_KEY),
    limiter: new TipRateLimiter(clock),
  }
  const steps: Record<string, ('verifying' | 'transferred' | 'closed')[]> = {
    received: [],
    verifying: ['verifying'],
    transferred: ['verifying', 'transferred'],
    closed: ['verifying', 'closed'],
  }
  let n = 0
  for (const t of DEMO_TIPS) {
    clock.set(new Date(day(t.day).getTime() + (10 + n) * 3600_000))
    const who = { userId: String(new Types.ObjectId()), ip: `10.0.0.${n + 1}` }
    const receipt = await submitTip(ctx, who, {
      category: t.category,
      description: t.description,
      location: t.location,
      occurredAt: '',
      people: '',
      anonymous: t.anonymous,
      ...(t.anonymous ? {} : { contact: { name: '演示同学', phone: '13800000000' } }),
      attachmentIds: [],
    })
    const tip = await Tip.findOne({ codeHash: { $in: ctx.cipher.lookupHashes(`tip-code:${normalizeCode(receipt.trackingCode)}`) } }, { _id: 1, campaignId: 1 }).lean()
    if (!tip || String(tip.campaignId) !== String(campaignId)) throw new Error('demo tip landed outside the demo campaign')
    for (const status of steps[t.status]) {
      clock.advance(26 * 3600_000)
      await changeStatus(ctx, String(officerId), String(tip._id), {
        status,
        publicNote: status === 'verifying' ? '【演示】保卫处已受理，正在核实。' : undefined,
        outcome: status === 'closed' ? OUTCOMES.closed : undefined,
      })
    }
    n++
  }
  return n
}

/**
 * The start path (server/index.ts): a development install whose database was empty before the
 * regular seed gets the demo data, unless DEMO_DATA=false. Production and test never do.
 */
export async function seedDemoOnFirstStart(deps: Deps, databaseWasEmpty: boolean): Promise<DemoSeedResult | null> {
  if (deps.config.NODE_ENV !== 'development' || !deps.config.DEMO_DATA || !databaseWasEmpty) return null
  return seedDemo(deps)
}
