/**
 * Ingest benchmark (issue 15): 200 readers at once sending reading heartbeats to the real
 * server, on the embedded database preloaded with a college: 20,000 roster people, each a
 * bound reader with progress on all 30 items (600k item_progress rows, and the sessions,
 * clocks and summaries the real code keeps). The same load then goes to a bare Koa +
 * @koa/bodyparser app, the HTTP ceiling of this machine. Results: bench/results/ingest.{json,md}.
 *
 * Processes, for honest figures on 2 cores: the app runs as the real process entry
 * (`node --import tsx server/index.ts`, MONGODB_URI pointing at the preloaded embedded
 * database), the ceiling app in a child process of its own, and the load generator in
 * another (bench/load-generator.ts), so it never shares an event loop with the server it
 * measures. All of them, and the database, share the same cores: the figures are for one
 * machine doing everything.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import mongoose, { Types } from 'mongoose'
import { DRIVER_OPTIONS } from '../server/db/connection'
import { startEmbeddedDb } from '../server/db/embedded'
import { createLogger } from '../server/logger'
// Every model registers itself here, so all indexes exist before the bulk inserts.
import '../server/modules'
import { insertPublishedArticles } from './articles'
import type { LoadOptions, LoadReader, LoadResult, ResponseCheck } from './load-generator'
import { round1 } from './stats'
import { Campaign } from '../server/modules/campaigns/model'
import { Department } from '../server/modules/departments/model'
import { EngagementClock, ItemProgress, ItemStats, ReadingSession } from '../server/modules/progress/model'
import { Person } from '../server/modules/roster/model'
import { ActivityDay, CompletionTimes, PersonSummary } from '../server/modules/summary/model'
import { User } from '../server/modules/users/model'
import { runSeed } from '../server/seed'

const ROOT = path.resolve(__dirname, '..')
// Sizes can be shrunk for a quick try of the benchmark itself (BENCH_INGEST_PEOPLE=2000 BENCH_INGEST_SECONDS=5).
const PEOPLE = Number(process.env.BENCH_INGEST_PEOPLE ?? 20_000)
const ITEMS = 30
const BATCH = 5_000
const READERS = 200
const WARMUP_S = 3
const MEASURE_S = Number(process.env.BENCH_INGEST_SECONDS ?? 20)
/**
 * The headline (paced) phase warms up and is measured for longer: it follows the closed loop,
 * whose garbage both processes are still collecting in its first seconds, and its slow requests
 * come in rare bursts (why: bench/run.ts, the report).
 */
const PACED_WARMUP_S = 10
const PACED_MEASURE_S = Number(process.env.BENCH_INGEST_PACED_SECONDS ?? 60)
const REQUEST_TIMEOUT_MS = 10_000
/** Upper bound on one reader's requests in a run (the loops also stop on time). */
const MAX_REQUESTS_PER_READER = 50_000
const DB_NAME = 'bench_ingest'
const GOALS = { reqPerSec: 1_000, p99Ms: 50, errors: 0, javaRssMiB: 700 }

/** Resident and peak memory of a process (MiB), from /proc. */
function memoryOf(pid: number): { rssMiB: number; peakRssMiB: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
    return { rssMiB: Math.round(kib('VmRSS') / 1024), peakRssMiB: Math.round(kib('VmHWM') / 1024) }
  } catch {
    return null
  }
}

/** The -Xmx the embedded database runs with, from its command line. */
function javaHeapCap(pid: number): string | null {
  try {
    return /-Xmx(\S+)/.exec(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' '))?.[1] ?? null
  } catch {
    return null
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
function cpuSecondsOf(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100 // utime, stime in clock ticks (100 Hz)
  } catch {
    return NaN
  }
}

// The driver's collections, whatever their document type: docs are built to match each one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function insertInBatches(collection: { insertMany(docs: any[], opts?: { ordered: boolean }): Promise<unknown> }, docs: Iterable<object>): Promise<number> {
  let batch: object[] = []
  let n = 0
  for (const doc of docs) {
    batch.push(doc)
    if (batch.length === BATCH) {
      await collection.insertMany(batch, { ordered: false })
      n += batch.length
      batch = []
    }
  }
  if (batch.length) await collection.insertMany(batch, { ordered: false })
  return n + batch.length
}

/**
 * The college as the real code would have stored it after a campaign of reading: every
 * person bound to a reader account, progress on every item, an earlier reading session,
 * engagement clocks, summaries, completion times, a day of activity, item counters.
 */
async function preload() {
  const logger = createLogger('silent')
  await runSeed({ logger, superadminPassword: 'bench-superadmin-pw' })
  const campaign = (await Campaign.findOne({}, { _id: 1 }).sort({ _id: 1 }).lean())!
  const departments = await Department.find({}, { _id: 1 }).sort({ order: 1 }).lean()
  const author = new Types.ObjectId()
  const at = new Date(Date.now() - 7 * 24 * 3600_000)
  const articles = await insertPublishedArticles(campaign._id, author, at, ITEMS, '基准文章')
  const keys = articles.map((a) => `article:${a._id}`)
  const people = Array.from({ length: PEOPLE }, (_, i) => {
    const departmentId = departments[i % departments.length]._id
    return { personId: new Types.ObjectId(), userId: new Types.ObjectId(), departmentId, className: `班${i % 500}`, i }
  })
  // Depth and engagement of person i on item j: a spread of partly and fully read items.
  const depthOf = (i: number, j: number) => ((i * 7 + j) % 10) / 10 + 0.05
  const engagedOf = (i: number, j: number) => ((i + j) % 6) * 10
  const completedOf = (i: number, j: number) => depthOf(i, j) >= 0.9 && engagedOf(i, j) >= 30

  const started = performance.now()
  const counts: Record<string, number> = {}
  counts.roster_people = await insertInBatches(
    Person.collection,
    people.map((p) => ({
      _id: p.personId,
      number: `S${String(p.i).padStart(6, '0')}`,
      name: `学生${p.i}`,
      type: 'student',
      departmentId: p.departmentId,
      className: p.className,
      active: true,
    })),
  )
  counts.users = await insertInBatches(
    User.collection,
    people.map((p) => ({
      _id: p.userId,
      nickname: `读者${p.i}`,
      roles: ['reader'],
      deviceId: `bench-reader-${String(p.i).padStart(6, '0')}`,
      personId: p.personId,
      subscriptions: [],
      disabled: false,
      sessionVersion: 0,
      lastLoginAt: at,
      createdAt: at,
      updatedAt: at,
    })),
  )
  counts.item_progress = await insertInBatches(
    ItemProgress.collection,
    (function* () {
      for (const p of people)
        for (let j = 0; j < ITEMS; j++) {
          const completed = completedOf(p.i, j)
          yield {
            userId: p.userId,
            campaignId: campaign._id,
            itemKey: keys[j],
            departmentId: p.departmentId,
            maxDepth: depthOf(p.i, j),
            engagedSeconds: engagedOf(p.i, j),
            completed,
            ...(completed ? { completedAt: at } : {}),
            firstOpenedAt: at,
            lastSeenAt: at,
          }
        }
    })(),
  )
  // One earlier session per person, not one per progress row: the hot path finds a session by
  // _id only, and 600k more rows would double the preload on a busy 2-core machine.
  counts.reading_sessions = await insertInBatches(
    ReadingSession.collection,
    people.map((p) => ({
      _id: `earlier-${p.i}`,
      userId: p.userId,
      itemKey: keys[p.i % ITEMS],
      startedAt: at,
      creditFrom: at,
      lastAt: at,
      lastClientAt: at.getTime(),
      lastSeq: 10,
    })),
  )
  counts.engagement_clocks = await insertInBatches(
    EngagementClock.collection,
    people.map((p) => ({ _id: p.userId, creditedUntil: at, firstContactAt: at })),
  )
  counts.person_summaries = await insertInBatches(
    PersonSummary.collection,
    people.map((p) => {
      const completed = keys.filter((_, j) => completedOf(p.i, j))
      return {
        campaignId: campaign._id,
        userId: p.userId,
        personId: p.personId,
        departmentId: p.departmentId,
        className: p.className,
        itemsOpened: keys,
        itemsCompleted: completed,
        quizAttempts: 0,
        quizPassed: false,
        firstReachedAt: at,
        firstOpenedAt: at,
        ...(completed.length ? { firstCompletedAt: at } : {}),
        lastActiveAt: at,
        createdAt: at,
        updatedAt: at,
      }
    }),
  )
  counts.completion_times = await insertInBatches(
    CompletionTimes.collection,
    people
      .filter((p) => keys.some((_, j) => completedOf(p.i, j)))
      .map(
        (p) =>
          ({
            _id: `${campaign._id}:${p.userId}`,
            campaignId: campaign._id,
            userId: p.userId,
            t: Object.fromEntries(keys.filter((_, j) => completedOf(p.i, j)).map((k) => [k, at])),
          }) as never,
      ),
  )
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at)
  counts.activity_days = await insertInBatches(
    ActivityDay.collection,
    people.map((p) => ({
      campaignId: campaign._id,
      userId: p.userId,
      personId: p.personId,
      departmentId: p.departmentId,
      day,
      completions: keys.filter((_, j) => completedOf(p.i, j)).length,
      quizAttempts: 0,
      opens: ITEMS,
    })),
  )
  const stats = keys.map((k, j) => {
    const deciles: Record<string, number> = {}
    let depthSum = 0
    let engagedSum = 0
    let completions = 0
    for (const p of people) {
      const d = depthOf(p.i, j)
      deciles[`d${Math.min(9, Math.floor(d * 10))}`] = (deciles[`d${Math.min(9, Math.floor(d * 10))}`] ?? 0) + 1
      depthSum += d
      engagedSum += engagedOf(p.i, j)
      if (completedOf(p.i, j)) completions++
    }
    return { _id: k, campaignId: campaign._id, opens: PEOPLE, completions, depthSum, engagedSum, ...deciles }
  })
  counts.item_stats = await insertInBatches(ItemStats.collection, stats as never[])
  const seconds = (performance.now() - started) / 1000
  const docs = Object.values(counts).reduce((a, b) => a + b, 0)
  return { articles: articles.map((a) => String(a._id)), people, counts, preloadSeconds: round1(seconds), docsPerSecond: Math.round(docs / seconds) }
}

/** node's arguments in `npm start` ("exec node <args>"): the benchmark runs the server exactly as it is started. */
function startCommandArgs(): string[] {
  const start = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  const match = /^exec node (.+)$/.exec(start)
  if (!match) throw new Error(`npm start is not "exec node …": ${start}`)
  return match[1].split(/\s+/)
}

/** Starts a process and waits for the line that says where it listens. */
function startListening(
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  ready: (msg: { url?: string; msg?: string }) => string | null,
): Promise<{ child: ChildProcess; url: string }> {
  // The server's request log goes to a file, not through this process: reading ~1,000
  // lines a second here would take CPU from the load generator.
  const out = fs.openSync(logFile, 'w')
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', out, out] })
  fs.closeSync(out)
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 120_000
    const poll = setInterval(() => {
      const lines = fs.readFileSync(logFile, 'utf8').split('\n')
      for (const line of lines) {
        try {
          const url = ready(JSON.parse(line))
          if (url) {
            clearInterval(poll)
            return resolve({ child, url })
          }
        } catch {
          /* not a JSON line */
        }
      }
      if (Date.now() > deadline || child.exitCode !== null) {
        clearInterval(poll)
        child.kill('SIGKILL')
        reject(new Error(`${args.join(' ')} did not start:\n${lines.slice(-20).join('\n')}`))
      }
    }, 200)
  })
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const force = setTimeout(() => child.kill('SIGKILL'), 20_000)
  await exited
  clearTimeout(force)
}

/**
 * Runs one load phase in a child process of its own (bench/load-generator.ts): a small heap
 * with nothing but the HTTP client, so its garbage collection takes little CPU from the
 * server it measures. In this process (mongoose, the preload's data, the server's modules) the
 * generator's full collections came every few seconds, and on 2 cores their marking threads
 * showed up as bursts of slow requests.
 */
function runLoad(target: string, readers: LoadReader[], check: ResponseCheck, paceMs = 0, warmupS = WARMUP_S, measureS = MEASURE_S): Promise<LoadResult> {
  const options: LoadOptions = {
    target,
    readers,
    check,
    paceMs,
    warmupS,
    measureS,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    maxRequestsPerReader: MAX_REQUESTS_PER_READER,
    samplesFile: process.env.BENCH_INGEST_SAMPLES,
  }
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'load-generator.ts'), [], { execArgv: ['--max-semi-space-size=64', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    let result: LoadResult | null = null
    child.on('message', (message) => (result = message as LoadResult))
    child.on('error', reject)
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`the load generator exited with ${code} before reporting`))))
    child.send(options)
  })
}

export async function runIngestBench() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ingest-'))
  const db = await startEmbeddedDb({ dataDir: path.join(dir, 'db') })
  const children: ChildProcess[] = []
  try {
    await mongoose.connect(db.uri, { dbName: DB_NAME, ...DRIVER_OPTIONS })
    await Promise.all(Object.values(mongoose.models).map((m) => m.createIndexes()))
    const data = await preload()
    const javaAfterPreload = memoryOf(db.pid)

    // The real server: the process entry, against the preloaded database.
    // BENCH_INGEST_CPU_PROF=<dir>: the app writes a V8 CPU profile there when it stops.
    // BENCH_INGEST_APP_FLAGS: more node flags for the app, e.g. --trace-gc (its output lands in the kept log).
    const appArgs = startCommandArgs()
    const profile = [
      ...(process.env.BENCH_INGEST_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_INGEST_CPU_PROF)}`] : []),
      ...(process.env.BENCH_INGEST_APP_FLAGS ?? '').split(' ').filter(Boolean),
    ]
    const app = await startListening(
      [...profile, ...appArgs],
      {
        ...process.env,
        NODE_ENV: 'development', // the development sign-in gives each simulated reader a token
        PORT: '0',
        HOST: '127.0.0.1',
        MONGODB_URI: db.uri,
        DB_NAME,
        SERVE_H5: 'false',
        JOBS_ENABLED: 'false',
        LOG_LEVEL: 'info', // as in production: one log line per request
        WECHAT_API_BASE: '',
        SUPERADMIN_PASSWORD: 'bench-superadmin-pw',
      },
      path.join(dir, 'app.log'),
      (msg) => (msg.url && /服务已启动/.test(msg.msg ?? '') ? msg.url : null),
    )
    children.push(app.child)

    // 200 of the college's readers, spread over the roster and the items, each signed in.
    const readers: { token: string; userId: string; articleId: string; sessionId: string }[] = []
    for (let r = 0; r < READERS; r++) {
      const person = data.people[r * Math.floor(PEOPLE / READERS)]
      const res = await fetch(`${app.url}/api/auth/dev`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ deviceId: `bench-reader-${String(person.i).padStart(6, '0')}` }),
      })
      if (res.status !== 200) throw new Error(`dev sign-in → ${res.status} ${await res.text()}`)
      const { token, user } = (await res.json()) as { token: string; user: { id: string } }
      if (user.id !== String(person.userId)) throw new Error('the dev sign-in did not find the preloaded reader')
      readers.push({ token, userId: user.id, articleId: data.articles[r % ITEMS], sessionId: `bench-session-${r}-${Date.now()}` })
    }

    const load0 = os.loadavg()
    const cpu0 = { app: cpuSecondsOf(app.child.pid!), db: cpuSecondsOf(db.pid) }
    const appLoad = await runLoad(app.url, readers, 'heartbeat')
    const cpu = {
      appSeconds: round1(cpuSecondsOf(app.child.pid!) - cpu0.app),
      dbSeconds: round1(cpuSecondsOf(db.pid) - cpu0.db),
      generatorSeconds: round1(appLoad.cpuSeconds),
    }
    // CPU per request does not depend on what else runs on the machine: the figure to compare
    // across runs, and the bound it sets if every core served this load and nothing else.
    const perRequestMs = (s: number) => Math.round((s * 1000 * 100) / appLoad.allRequests) / 100
    const cpuPerRequest = { appMs: perRequestMs(cpu.appSeconds), dbMs: perRequestMs(cpu.dbSeconds), generatorMs: perRequestMs(cpu.generatorSeconds) }
    const cpuBoundReqPerSec = Math.round((os.cpus().length * 1000) / (cpuPerRequest.appMs + cpuPerRequest.dbMs + cpuPerRequest.generatorMs))
    const load1 = os.loadavg()
    const javaAfterLoad = memoryOf(db.pid)
    const appMemory = memoryOf(app.child.pid!)

    // What was acknowledged is stored: each reader's progress is at least its last acknowledged depth.
    const countNotStored = async (acked: Map<string, number>, sessionOf: (r: (typeof readers)[number]) => string) => {
      let n = 0
      for (const r of readers) {
        const depth = acked.get(sessionOf(r))
        if (depth === undefined) continue
        const row = await ItemProgress.findOne({ userId: r.userId, itemKey: `article:${r.articleId}` }, { maxDepth: 1 }).lean()
        if (!row || row.maxDepth < depth) n++
      }
      return n
    }
    const notStored = await countNotStored(new Map(appLoad.ackedDepth), (r) => r.sessionId)
    // The headline: a fixed arrival rate, each reader sending on its own timer (real readers send
    // one every 15–30 s; here every 200 ms at 1,000 req/s), not as fast as answers come back.
    const pacedRate = Number(process.env.BENCH_INGEST_PACED_RATE ?? GOALS.reqPerSec)
    const pacedCpu0 = { app: cpuSecondsOf(app.child.pid!), db: cpuSecondsOf(db.pid) }
    const paced = await runLoad(
      app.url,
      readers.map((r) => ({ ...r, sessionId: `${r.sessionId}-paced` })),
      'heartbeat',
      (READERS * 1000) / pacedRate,
      PACED_WARMUP_S,
      PACED_MEASURE_S,
    )
    const perPacedRequestMs = (s: number) => Math.round((s * 1000 * 100) / paced.allRequests) / 100
    const pacedCpuPerRequest = {
      appMs: perPacedRequestMs(cpuSecondsOf(app.child.pid!) - pacedCpu0.app),
      dbMs: perPacedRequestMs(cpuSecondsOf(db.pid) - pacedCpu0.db),
      generatorMs: perPacedRequestMs(paced.cpuSeconds),
    }
    const pacedNotStored = await countNotStored(new Map(paced.ackedDepth), (r) => `${r.sessionId}-paced`)
    const load2 = os.loadavg()
    await stopProcess(app.child)

    // The ceiling: bare Koa + body parser answering {ok:true}, same readers, same bodies.
    const ceilingApp = await startListening(
      [
        '-e',
        `const Koa = require('koa'); const { bodyParser } = require('@koa/bodyparser');
         const app = new Koa(); app.use(bodyParser()); app.use((ctx) => { ctx.body = { ok: true } });
         const server = app.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port })));
         process.on('SIGTERM', () => process.exit(0));`,
      ],
      process.env,
      path.join(dir, 'ceiling.log'),
      (msg) => msg.url ?? null,
    )
    children.push(ceilingApp.child)
    const ceiling = await runLoad(ceilingApp.url, readers, 'ok')
    await stopProcess(ceilingApp.child)

    const { ackedDepth: _a, cpuSeconds: _ac, ...appFigures } = appLoad
    const { ackedDepth: _c, cpuSeconds: _cc, ...ceilingFigures } = ceiling
    const { ackedDepth: _p, cpuSeconds: _pc, ...pacedFigures } = paced
    const ratio = Math.round((appLoad.reqPerSec / ceiling.reqPerSec) * 1000) / 1000
    // The goals are read at the paced load (see bench/results/ingest.md on Little's law); the
    // back-to-back run is the capacity figure and must be error-free too.
    const meets = {
      reqPerSec: paced.reqPerSec >= GOALS.reqPerSec,
      p99Ms: paced.p99Ms < GOALS.p99Ms,
      errors: paced.errors === GOALS.errors && appLoad.errors === GOALS.errors,
      javaRss: (javaAfterLoad?.rssMiB ?? Infinity) <= GOALS.javaRssMiB,
    }
    return {
      machine: {
        cpus: os.cpus().length,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        loadAverageBefore: load0.map(round1),
        loadAverageAfter: load1.map(round1),
      },
      dataset: { rosterPeople: PEOPLE, items: ITEMS, documents: data.counts, preloadSeconds: data.preloadSeconds, preloadDocsPerSecond: data.docsPerSecond },
      appCommand: `node ${appArgs.join(' ')}`,
      load: {
        readers: READERS,
        warmupSeconds: WARMUP_S,
        measuredSeconds: MEASURE_S,
        pacedWarmupSeconds: PACED_WARMUP_S,
        pacedMeasuredSeconds: PACED_MEASURE_S,
        heartbeatsPerRequest: 1,
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
      },
      app: { ...appFigures, acknowledgedButNotStored: notStored },
      paced: { offeredReqPerSec: pacedRate, ...pacedFigures, acknowledgedButNotStored: pacedNotStored, cpuPerRequest: pacedCpuPerRequest, loadAverageAfter: load2.map(round1) },
      ceiling: ceilingFigures,
      appToCeilingRatio: ratio,
      cpuDuringAppLoad: { ...cpu, requests: appLoad.allRequests, perRequest: cpuPerRequest, cpuBoundReqPerSec },
      memory: { javaAfterPreload, javaAfterLoad, appServerAfterLoad: appMemory, javaHeapCap: javaHeapCap(db.pid) },
      goals: GOALS,
      meets,
      meetsAll: Object.values(meets).every(Boolean) && notStored === 0 && pacedNotStored === 0,
    }
  } finally {
    for (const child of children) await stopProcess(child)
    await mongoose.disconnect()
    await db.stop()
    // BENCH_INGEST_KEEP=1 keeps the app's log (and the database) for diagnosis.
    if (process.env.BENCH_INGEST_KEEP) console.error(`bench-ingest: kept ${dir}`)
    else fs.rmSync(dir, { recursive: true, force: true })
  }
}
