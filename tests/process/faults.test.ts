import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import mongoose from 'mongoose'
import { exited, isAlive, javaChildren, startServerProcess, waitUntil, type ServerProcess } from '../helpers/process'

/**
 * Faults as they happen in the field, on the real process entry with the embedded database:
 * readers keep sending heartbeats (batches over two reading sessions, as the client's queue
 * sends them) and practice answers while the database process is
 * SIGKILLed, then while the server process itself is SIGKILLed. Every write the server
 * acknowledged (2xx, and for heartbeats listed as accepted) must still be there afterwards;
 * during the database outage the only failure a reader may see is 503 with Retry-After.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-faults-'))
const READERS = 10
/** A reader's request that takes longer than this counts as a hang. */
const REQUEST_TIMEOUT_MS = 8_000
const PAUSE_BETWEEN_REQUESTS_MS = 40

let server: ServerProcess | null = null
after(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGTERM')
    await exited(server.child)
  }
  fs.rmSync(dataDir, { recursive: true, force: true })
})

interface Outcome {
  kind: 'heartbeat' | 'answer'
  reader: string
  sentAt: number
  doneAt: number
  /** HTTP status, or 0 when there was no answer (connection error or timeout). */
  status: number
  retryAfter: string | null
  error?: string
  body?: string
}

interface Question {
  id: string
  optionId: string
}

/** A reading session of one article. */
interface Reading {
  articleId: string
  sessionId: string
  /** When the session started: heartbeat n was made at startedAt + n × 20 ms, the same on every resend. */
  startedAt: number
  /** Next heartbeat to send (resent unchanged until acknowledged, like the client's queue). */
  seq: number
  ackedDepth: number
  acked: number
}

interface Reader {
  token: string
  userId: string
  /** Two articles read at once, so a request carries a batch: two heartbeats of the first, one of the second. */
  readings: Reading[]
  questions: Question[]
  nextQuestion: number
  ackedQuestions: Set<string>
  /** The answerId of every acknowledged practice answer. */
  ackedAnswers: string[]
}

const depthOf = (seq: number) => Math.min(1, seq / 5000)

async function call(url: string, method: string, token: string | null, body?: unknown): Promise<{ status: number; retryAfter: string | null; text: string } | { error: string }> {
  try {
    const res = await fetch(url, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
    return { status: res.status, retryAfter: res.headers.get('retry-after'), text: await res.text() }
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } }
    return { error: e.name === 'TimeoutError' ? `timeout after ${REQUEST_TIMEOUT_MS} ms` : `${e.name}: ${e.cause?.code ?? e.message}` }
  }
}

async function getJson(base: string, p: string, token: string) {
  const res = await call(base + p, 'GET', token)
  if ('error' in res || res.status !== 200) throw new Error(`GET ${p} → ${JSON.stringify(res)}`)
  return JSON.parse(res.text)
}

/** Requests under way, by kind: the database is killed while writes of both kinds are in flight. */
const inFlight = { heartbeat: 0, answer: 0 }

/** One reader's loop: a heartbeat batch with growing seqs and depths, then a practice answer. */
async function readLoop(base: () => string, r: Reader, outcomes: Outcome[], stop: { now: boolean }) {
  for (let round = 0; !stop.now && round < 10_000; round++) {
    const [first, second] = r.readings
    const heartbeat = (reading: Reading, seq: number) => ({
      sessionId: reading.sessionId,
      seq,
      item: { kind: 'article', id: reading.articleId },
      depth: depthOf(seq),
      engagedSeconds: 1,
      at: reading.startedAt + seq * 20,
    })
    const batch = [heartbeat(first, first.seq), heartbeat(first, first.seq + 1), heartbeat(second, second.seq)]
    const sentAt = Date.now()
    inFlight.heartbeat++
    const res = await call(`${base()}/api/progress/heartbeats`, 'POST', r.token, { heartbeats: batch, sentAt })
    inFlight.heartbeat--
    outcomes.push(toOutcome('heartbeat', r.userId, sentAt, res))
    if (!('error' in res) && res.status === 200) {
      const accepted = JSON.parse(res.text).accepted as { sessionId: string; seq: number }[]
      for (const reading of r.readings) {
        const mine = batch.filter((h) => h.sessionId === reading.sessionId)
        for (const h of mine) {
          if (!accepted.some((a) => a.sessionId === h.sessionId && a.seq === h.seq)) continue
          reading.ackedDepth = Math.max(reading.ackedDepth, h.depth)
          reading.acked = Math.max(reading.acked, h.seq)
        }
        // Move on once the whole part of the batch is stored; otherwise send it again.
        if (mine.every((h) => accepted.some((a) => a.sessionId === h.sessionId && a.seq === h.seq))) reading.seq += mine.length
      }
    }

    {
      const q = r.questions[r.nextQuestion % r.questions.length]
      const at = Date.now()
      // Named like the client names it, the same name on every resend.
      const answerId = `fault-${r.userId}-${r.nextQuestion}`
      inFlight.answer++
      const answered = await call(`${base()}/api/quiz/practice/answer`, 'POST', r.token, { questionId: q.id, selected: [q.optionId], mode: 'practice', answerId })
      inFlight.answer--
      outcomes.push(toOutcome('answer', r.userId, at, answered))
      if (!('error' in answered) && answered.status === 200) {
        r.ackedQuestions.add(q.id)
        r.ackedAnswers.push(answerId)
        r.nextQuestion++
      }
    }
    await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_REQUESTS_MS))
  }
}

/** One practice answer, recorded as acknowledged when answered 200. */
async function answerOnce(base: string, r: Reader, answerId: string, q: Question, outcomes: Outcome[]) {
  const at = Date.now()
  const res = await call(`${base}/api/quiz/practice/answer`, 'POST', r.token, { questionId: q.id, selected: [q.optionId], mode: 'practice', answerId })
  outcomes.push(toOutcome('answer', r.userId, at, res))
  if (!('error' in res) && res.status === 200) {
    r.ackedQuestions.add(q.id)
    r.ackedAnswers.push(answerId)
  }
}

function toOutcome(kind: Outcome['kind'], reader: string, sentAt: number, res: Awaited<ReturnType<typeof call>>): Outcome {
  const doneAt = Date.now()
  if ('error' in res) return { kind, reader, sentAt, doneAt, status: 0, retryAfter: null, error: res.error }
  return { kind, reader, sentAt, doneAt, status: res.status, retryAfter: res.retryAfter, ...(res.status >= 300 ? { body: res.text.slice(0, 300) } : {}) }
}

const describeOutcome = (o: Outcome) => `${o.kind} ${o.status || o.error}${o.body ? ` ${o.body}` : ''}`
/** What the server logged about failures other than the expected 503s. */
const serverErrors = (s: ServerProcess) =>
  s.logs.filter((l) => l.level >= 50 && l.status !== 503 && !/embedded database stopped/.test(l.msg)).map((l) => JSON.stringify(l).slice(0, 600))

const readers: Reader[] = []

describe('database faults while readers are reading (real process, embedded database)', () => {
  test('the embedded database is SIGKILLed: only 503s with Retry-After, service back within 10 s by itself, no acknowledged write lost', async (t) => {
    server = await startServerProcess(dataDir)
    const s = server
    assert.ok(s.dbPid > 0 && isAlive(s.dbPid), 'the embedded database pid is logged')
    assert.ok(s.dbUri, 'the embedded database uri is logged')

    // Readers, the seeded articles and practice questions they work on.
    for (let i = 0; i < READERS; i++) {
      const res = await call(`${s.url}/api/auth/dev`, 'POST', null, { deviceId: `fault-reader-${i}-${process.pid}` })
      assert.ok(!('error' in res) && res.status === 200, JSON.stringify(res))
      const { token, user } = JSON.parse(res.text)
      const reading = (n: number): Reading => ({ articleId: '', sessionId: `fault-session-${i}-${n}-${Date.now()}`, startedAt: Date.now(), seq: 1, ackedDepth: 0, acked: 0 })
      readers.push({ token, userId: user.id, readings: [reading(0), reading(1)], questions: [], nextQuestion: 0, ackedQuestions: new Set(), ackedAnswers: [] })
    }
    const articles = (await getJson(s.url, '/api/articles?pageSize=50', readers[0].token)).items as { id: string }[]
    assert.ok(articles.length > 0, 'the seed publishes articles to read')
    const chapters = (await getJson(s.url, '/api/handbook/chapters', readers[0].token)).chapters as { id: string }[]
    const questions: Question[] = []
    for (const c of chapters) {
      for (const item of (await getJson(s.url, `/api/quiz/practice/chapters/${c.id}`, readers[0].token)).items) questions.push({ id: item.id, optionId: item.options[0].id })
    }
    assert.ok(questions.length >= 20, `the seed has practice questions (${questions.length})`)
    readers.forEach((r, i) => {
      r.readings[0].articleId = articles[i % articles.length].id
      r.readings[1].articleId = articles[(i + 1) % articles.length].id
      // Each reader answers distinct questions, so every acknowledged answer is one to find again.
      r.questions = [...questions.slice((i * 7) % questions.length), ...questions.slice(0, (i * 7) % questions.length)]
    })

    // Health, watched throughout: it must say the database is down during the outage.
    const health: { at: number; status: number; db?: string }[] = []
    const stop = { now: false }
    const watchHealth = (async () => {
      while (!stop.now) {
        const res = await call(`${s.url}/api/health`, 'GET', null)
        let db: string | undefined
        if (!('error' in res)) db = /"db":"(\w+)"/.exec(res.text)?.[1]
        health.push({ at: Date.now(), status: 'error' in res ? 0 : res.status, db })
        await new Promise((r) => setTimeout(r, 100))
      }
    })()

    const outcomes: Outcome[] = []
    const loops = readers.map((r) => readLoop(() => s.url, r, outcomes, stop))
    await new Promise((r) => setTimeout(r, 3_000))
    const beforeKill = outcomes.length
    assert.ok(outcomes.filter((o) => o.status === 200).length > READERS, 'readers are being served before the fault')

    // The kill lands while writes are under way in the database: besides the readers' own
    // loops, a burst of answers (as when a class answers together), the kill a little before
    // they would typically be answered.
    const answerTimes = outcomes
      .filter((o) => o.kind === 'answer' && o.status === 200)
      .map((o) => o.doneAt - o.sentAt)
      .sort((a, b) => a - b)
    const typicalAnswerMs = answerTimes[Math.floor(answerTimes.length / 2)] ?? 20
    const burst = Promise.all(readers.flatMap((r) => [0, 1, 2].map((k) => answerOnce(s.url, r, `fault-burst-${r.userId}-${k}`, r.questions[k], outcomes))))
    await new Promise((resolve) => setTimeout(resolve, Math.max(5, typicalAnswerMs * 0.6)))
    const killedAt = Date.now()
    const killedPid = s.dbPid
    process.kill(killedPid, 'SIGKILL')
    await burst
    // The server restarts it by itself and says so.
    const restarted = await waitUntil(() => s.logs.some((l) => /embedded database restarted/.test(l.msg)), 15_000)
    // Service is back when a request sent after the first 503 is answered 2xx.
    const back = () => {
      const first503 = outcomes.slice(beforeKill).find((o) => o.status === 503)
      return first503 ? outcomes.find((o) => o.sentAt > first503.doneAt && o.status === 200) : undefined
    }
    await waitUntil(() => !!back(), 15_000)
    // Some more reading after the recovery, then stop.
    await new Promise((r) => setTimeout(r, 3_000))
    stop.now = true
    await Promise.all([...loops, watchHealth])

    const during = outcomes.slice(beforeKill)
    const failures = during.filter((o) => o.status !== 200)
    const notClean = failures.filter((o) => o.status !== 503 || !o.retryAfter)
    const recovered = back()
    t.diagnostic(
      `requests from the kill on: ${during.length}, not 2xx: ${failures.length} (${failures.filter((o) => o.status === 503).length} × 503), service back ${recovered ? `${recovered.doneAt - killedAt} ms` : 'never'} after the kill; acknowledged in all: ${readers.reduce((n, r) => n + r.readings.reduce((m, x) => m + x.acked, 0), 0)} heartbeats, ${readers.reduce((n, r) => n + r.ackedAnswers.length, 0)} practice answers`,
    )
    assert.ok(restarted, `the server restarts its database by itself:\n${s.output.slice(-20).join('\n')}`)
    const newPid = s.logs.find((l) => /embedded database restarted/.test(l.msg))!.pid
    assert.notEqual(newPid, killedPid)
    assert.deepEqual(javaChildren(s.child.pid!), [newPid], 'one database process: the new one')
    assert.equal(
      notClean.length,
      0,
      `during the outage readers saw only 503 with Retry-After, but ${notClean.length} of ${failures.length} failures were not:\n${notClean.map(describeOutcome).join('\n')}\nserver errors logged:\n${serverErrors(s).join('\n')}`,
    )
    // While the database is known to be down, requests are refused at once, not held.
    assert.ok(failures.length > 0, 'readers were answered 503 during the outage')
    assert.ok(recovered, 'service came back')
    assert.ok(recovered.doneAt - killedAt < 10_000, `service back ${recovered.doneAt - killedAt} ms after the kill (limit 10 s)`)
    assert.ok(
      health.some((h) => h.at > killedAt && h.status === 503 && h.db === 'down'),
      '/api/health said the database was down',
    )
    const lastHealth = health.at(-1)!
    assert.deepEqual([lastHealth.status, lastHealth.db], [200, 'ok'], '/api/health is ok again')
    // Everyone is served again, not just one lucky reader.
    for (const r of readers) {
      assert.ok(
        outcomes.some((o) => o.reader === r.userId && o.sentAt > recovered.doneAt && o.status === 200),
        `reader ${r.userId} is served again after the recovery`,
      )
    }

    await assertNothingAcknowledgedLost(s)
  })

  test('then the server process is SIGKILLed while readers write, and restarted: no acknowledged write lost', async (t) => {
    assert.ok(server, 'the previous test started the server')
    const first = server
    const dbPid = javaChildren(first.child.pid!)[0]
    assert.ok(dbPid, 'the server runs its database')

    let base = first.url
    const stop = { now: false }
    const outcomes: Outcome[] = []
    const loops = readers.map((r) => readLoop(() => base, r, outcomes, stop))
    await new Promise((r) => setTimeout(r, 2_000))
    first.child.kill('SIGKILL')
    await exited(first.child)
    stop.now = true
    await Promise.all(loops)
    assert.ok(outcomes.filter((o) => o.status === 200).length > READERS, 'readers were writing up to the crash')
    // The database notices its parent is gone (stdin closes) and exits; the data directory is free again.
    assert.ok(await waitUntil(() => !isAlive(dbPid), 10_000), 'the database exits with the server')

    t.diagnostic(`requests while the server was killed: ${outcomes.length} (${outcomes.filter((o) => o.status === 200).length} answered 200)`)
    server = await startServerProcess(dataDir)
    base = server.url
    await assertNothingAcknowledgedLost(server)
  })
})

/**
 * Every acknowledged heartbeat and practice answer is stored: as the reader sees it (article
 * depth, answered questions in practice) and exactly in the database (depth to the last digit).
 */
async function assertNothingAcknowledgedLost(s: ServerProcess) {
  for (const r of readers) {
    for (const reading of r.readings) {
      const article = (await getJson(s.url, `/api/articles/${reading.articleId}`, r.token)).article
      assert.ok(article.depth >= Math.round(reading.ackedDepth * 100) / 100, `reader ${r.userId}: depth ${article.depth} shown, ${reading.ackedDepth} acknowledged`)
    }

    const answeredByChapter = new Set<string>()
    for (const c of (await getJson(s.url, '/api/handbook/chapters', r.token)).chapters as { id: string }[]) {
      for (const item of (await getJson(s.url, `/api/quiz/practice/chapters/${c.id}`, r.token)).items) if (item.answered) answeredByChapter.add(item.id)
    }
    const missing = [...r.ackedQuestions].filter((id) => !answeredByChapter.has(id))
    assert.deepEqual(missing, [], `reader ${r.userId}: acknowledged practice answers missing`)
  }

  // Exactly, in the database the server runs (its uri is in the server's log).
  const conn = await mongoose.createConnection(s.dbUri, { dbName: 'campus_campaign', serverSelectionTimeoutMS: 5_000 }).asPromise()
  try {
    for (const r of readers) {
      const userId = new mongoose.Types.ObjectId(r.userId)
      for (const reading of r.readings) {
        const row = await conn.db!.collection('item_progress').findOne({ userId, itemKey: `article:${reading.articleId}` })
        assert.ok(
          (row?.maxDepth ?? 0) >= reading.ackedDepth,
          `reader ${r.userId}, article ${reading.articleId}: maxDepth ${row?.maxDepth} stored, ${reading.ackedDepth} acknowledged`,
        )
      }
      // Each answer is logged under its answerId (answerKey `<userId>:<answerId>`), once.
      const logged = new Set(
        (
          await conn
            .db!.collection('answer_log')
            .find({ userId, mode: 'practice' }, { projection: { answerKey: 1 } })
            .toArray()
        ).map((a) => a.answerKey),
      )
      assert.deepEqual(
        r.ackedAnswers.filter((id) => !logged.has(`${r.userId}:${id}`)),
        [],
        `reader ${r.userId}: acknowledged answers not in answer_log`,
      )
    }
  } finally {
    await conn.close()
  }
}
