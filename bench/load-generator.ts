/**
 * The ingest benchmark's load generator, run as a child process (bench/ingest.ts forks it for
 * each phase): it imports nothing but node's HTTP client, so its heap stays small and its
 * garbage collection takes little of the CPU it shares with the server it measures. It gets
 * its options as one IPC message and answers with one.
 */
import fs from 'node:fs'
import http from 'node:http'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { percentile, round1 } from './stats'

export interface LoadReader {
  token: string
  articleId: string
  sessionId: string
}

/** How an answer is judged: a heartbeat must be listed as accepted; the ceiling app answers {ok:true}. */
export type ResponseCheck = 'heartbeat' | 'ok'

export interface LoadOptions {
  target: string
  readers: LoadReader[]
  check: ResponseCheck
  /** Each reader sends one heartbeat every this many ms (a fixed arrival rate); 0: as soon as the last is answered. */
  paceMs: number
  warmupS: number
  measureS: number
  requestTimeoutMs: number
  maxRequestsPerReader: number
  /** BENCH_INGEST_SAMPLES: append every measured request's latency here. */
  samplesFile?: string
}

export interface LoadResult {
  readers: number
  seconds: number
  requests: number
  reqPerSec: number
  p50Ms: number
  p90Ms: number
  p99Ms: number
  maxMs: number
  errors: number
  problems: Record<string, number>
  generatorLoopDelayMs: { p99: number; max: number }
  /** p99 of each 10 s slice of the window (by start time): where the slow requests fell. */
  sliceP99Ms: number[]
  /** Each session's last acknowledged depth, to check afterwards that it was stored. */
  ackedDepth: [string, number][]
  /** Requests answered in the whole run, warm-up included (for CPU per request). */
  allRequests: number
  /** CPU the generator used (user + system), for CPU per request. */
  cpuSeconds: number
}

const SLICE_S = 10

const sortedMs = (samples: number[]) => samples.sort((a, b) => a - b)

function problemOf(check: ResponseCheck, text: string, seq: number): string | null {
  const body = JSON.parse(text) as { ok?: boolean; accepted?: { seq: number }[]; rejected?: { reason: string }[] }
  if (check === 'ok') return body.ok === true ? null : 'unexpected body'
  if (body.accepted?.some((a) => a.seq === seq)) return null
  return body.rejected?.length ? `rejected ${body.rejected[0].reason}` : 'not accepted'
}

function post(agent: http.Agent, url: URL, token: string, body: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` },
        timeout: timeoutMs,
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (d) => (text += d))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
        res.on('error', reject)
      },
    )
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)))
    req.on('error', reject)
    req.end(body)
  })
}

/**
 * One loop per reader, one request in flight each (keep-alive, one socket each), for the
 * warm-up and the measured window; only requests started inside the window count. A request
 * counts as an error when it is not answered 200, times out, fails to connect, or (heartbeats)
 * when its heartbeat is not listed as accepted.
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const cpu0 = process.cpuUsage()
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.readers.length })
  const url = new URL('/api/progress/heartbeats', o.target)
  // Typed arrays: a sample is two numbers, not an object the collector has to trace.
  const capacity = Math.ceil(o.readers.length * o.measureS * 1000 * 1.2) + 1000
  const startedAt = new Float64Array(capacity)
  const latencyMs = new Float64Array(capacity)
  const problems: Record<string, number> = {}
  let count = 0
  let errors = 0
  const start = performance.now()
  const windowStart = start + o.warmupS * 1000
  const end = windowStart + o.measureS * 1000
  const ackedDepth = new Map<string, number>()
  let allRequests = 0
  // The generator's own stalls would count as the server's latency: measured, to tell them apart.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 })
  loopDelay.enable()
  await Promise.all(
    o.readers.map(async (r, i) => {
      // Paced readers start spread over one period, as real readers do.
      let next = start + (o.paceMs ? (o.paceMs * i) / o.readers.length : 0)
      for (let seq = 1; seq <= o.maxRequestsPerReader && performance.now() < end; seq++) {
        if (o.paceMs) {
          const wait = next - performance.now()
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
          next += o.paceMs
        }
        // Depth grows with every heartbeat, as a reader scrolls down.
        const depth = Math.min(1, seq / 200)
        const sentAt = Date.now()
        const body = JSON.stringify({ heartbeats: [{ sessionId: r.sessionId, seq, item: { kind: 'article', id: r.articleId }, depth, engagedSeconds: 1, at: sentAt }], sentAt })
        const t0 = performance.now()
        let problem: string | null
        try {
          const res = await post(agent, url, r.token, body, o.requestTimeoutMs)
          problem = res.status === 200 ? problemOf(o.check, res.text, seq) : `HTTP ${res.status}`
        } catch (err) {
          problem = (err as Error).message
        }
        const ms = performance.now() - t0
        allRequests++
        if (!problem) ackedDepth.set(r.sessionId, depth)
        if (t0 >= windowStart && t0 < end && count < capacity) {
          startedAt[count] = t0
          latencyMs[count] = ms
          if (problem) {
            errors++
            problems[problem] = (problems[problem] ?? 0) + 1
          }
          count++
        }
      }
    }),
  )
  agent.destroy()
  loopDelay.disable()
  if (o.samplesFile) {
    const lines: string[] = []
    for (let i = 0; i < count; i++)
      lines.push(`${o.paceMs} ${Math.round(startedAt[i] - windowStart)} ${latencyMs[i].toFixed(1)} ${Math.round(performance.timeOrigin + startedAt[i])}\n`)
    fs.appendFileSync(o.samplesFile, lines.join(''))
  }
  const sorted = sortedMs(Array.from(latencyMs.subarray(0, count)))
  const slices: number[][] = Array.from({ length: Math.ceil(o.measureS / SLICE_S) }, () => [])
  for (let i = 0; i < count; i++) slices[Math.min(slices.length - 1, Math.floor((startedAt[i] - windowStart) / (SLICE_S * 1000)))].push(latencyMs[i])
  const cpu = process.cpuUsage(cpu0)
  return {
    readers: o.readers.length,
    seconds: round1(o.measureS),
    requests: count,
    // Closed loop: the requests started in the window, per second of the window.
    reqPerSec: Math.round((count - errors) / o.measureS),
    p50Ms: round1(percentile(sorted, 0.5)),
    p90Ms: round1(percentile(sorted, 0.9)),
    p99Ms: round1(percentile(sorted, 0.99)),
    maxMs: round1(sorted[sorted.length - 1]),
    errors,
    problems,
    generatorLoopDelayMs: { p99: round1(loopDelay.percentile(99) / 1e6), max: round1(loopDelay.max / 1e6) },
    sliceP99Ms: slices.map((slice) => round1(percentile(sortedMs(slice), 0.99))),
    ackedDepth: [...ackedDepth],
    allRequests,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  }
}

if (require.main === module) {
  process.once('message', (options) => {
    runLoad(options as LoadOptions).then(
      (result) => process.send!(result, () => process.exit(0)),
      (err) => {
        console.error(err)
        process.exit(1)
      },
    )
  })
}
