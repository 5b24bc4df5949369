import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createApiClient, type TransportRequest, type TransportResponse } from '../../src/services/request'
import {
  DepthGauge,
  depthFromRect,
  HeartbeatQueue,
  isPermanentSendError,
  keepQueueFlushed,
  materialRect,
  ReadingTracker,
  throttle,
  type Heartbeat,
  type SendResult,
} from '../../src/services/tracker'

/** A simulated timeline: a clock we move, a storage map, and a network we can cut. */
function harness() {
  let now = 1_000_000
  const store = new Map<string, string>()
  const sent: Heartbeat[][] = []
  const sentAt: number[] = []
  let online = true
  let permanentFailure = false
  const queue = new HeartbeatQueue({
    storage: { get: (k) => store.get(k) ?? null, set: (k, v) => void store.set(k, v) },
    send: async (batch, at) => {
      if (permanentFailure) throw Object.assign(new Error('bad'), { permanent: true })
      if (!online) throw new Error('offline')
      sent.push(batch)
      sentAt.push(at)
      return { accepted: batch.map((b) => ({ sessionId: b.sessionId, seq: b.seq })) }
    },
    isPermanentError: (e) => (e as { permanent?: boolean }).permanent === true,
    now: () => now,
  })
  let n = 0
  const tracker = new ReadingTracker({ kind: 'article', id: 'a1' }, queue, { now: () => now, newSessionId: () => `session-${++n}` })
  const settle = () => new Promise((r) => setImmediate(r))
  return {
    tracker,
    queue,
    sent,
    sentAt,
    now: () => now,
    all: () => sent.flat(),
    advance: (ms: number) => (now += ms),
    /** A reader active for `count` heartbeat intervals of 10 s, each measured. */
    readFor: (count: number) => {
      for (let i = 0; i < count; i++) {
        now += 10_000
        tracker.reportActivity()
        tracker.tick()
      }
    },
    setOnline: (v: boolean) => (online = v),
    setPermanentFailure: (v: boolean) => (permanentFailure = v),
    settle,
  }
}

describe('reading tracker', () => {
  test('engaged time counts only within 30 s of the last scroll or touch', async () => {
    const h = harness()
    h.tracker.start()
    h.advance(10_000)
    h.tracker.reportDepth(0.2) // scrolling at 10 s
    h.advance(50_000) // idle until 60 s: engaged only until 40 s
    assert.equal(h.tracker.engagedSeconds, 40)
    h.tracker.reportActivity() // touch at 60 s
    h.advance(5_000)
    assert.equal(h.tracker.engagedSeconds, 45)
  })

  test('maximum depth only grows', () => {
    const h = harness()
    h.tracker.start()
    h.tracker.reportDepth(0.6)
    h.tracker.reportDepth(0.3)
    assert.equal(h.tracker.maxDepth, 0.6)
    h.tracker.reportDepth(1.4)
    assert.equal(h.tracker.maxDepth, 1)
  })

  test('hidden time never counts, and showing again is not engagement by itself', () => {
    const h = harness()
    h.tracker.start()
    h.advance(5_000)
    h.tracker.hide()
    h.advance(60_000)
    h.tracker.show()
    h.advance(10_000)
    assert.equal(h.tracker.engagedSeconds, 5)
    h.tracker.reportActivity()
    h.advance(10_000)
    assert.equal(h.tracker.engagedSeconds, 15)
  })

  test('heartbeats carry session, sequence, depth and the engaged seconds since the previous one', async () => {
    const h = harness()
    h.tracker.start()
    h.tracker.reportDepth(0.25)
    h.advance(10_000)
    h.tracker.tick()
    h.tracker.reportDepth(0.5)
    h.advance(10_000)
    h.tracker.tick()
    h.tracker.hide() // hide sends at once
    await h.settle()
    const beats = h.all()
    assert.deepEqual(
      beats.map((b) => b.seq),
      [0, 1, 2, 3],
    )
    assert.ok(beats.every((b) => b.sessionId === 'session-1'))
    assert.deepEqual(
      beats.map((b) => b.engagedSeconds),
      [0, 10, 10, 0],
    )
    assert.deepEqual(
      beats.map((b) => b.depth),
      [0, 0.25, 0.5, 0.5],
    )
    // Ticks while hidden send nothing.
    h.advance(10_000)
    h.tracker.tick()
    await h.settle()
    assert.equal(h.all().length, 4)
  })

  test('offline heartbeats wait in storage and go out once, in order, when back online', async () => {
    const h = harness()
    h.setOnline(false)
    h.tracker.start()
    h.readFor(3)
    await h.settle()
    assert.equal(h.sent.length, 0)
    assert.equal(h.queue.pending().length, 4)

    h.setOnline(true)
    await h.queue.flush()
    await h.queue.flush() // nothing left: no double sending
    const beats = h.all()
    assert.deepEqual(
      beats.map((b) => b.seq),
      [0, 1, 2, 3],
    )
    assert.equal(
      beats.reduce((s, b) => s + b.engagedSeconds, 0),
      30,
    )
    assert.equal(h.queue.pending().length, 0)
  })

  test('the queue survives a restart of the app (it lives in storage)', async () => {
    const h = harness()
    h.setOnline(false)
    h.tracker.start()
    h.tracker.stop()
    await h.settle()
    const saved = h.queue.pending()
    assert.equal(saved.length, 2)
    // A new queue over the same storage (app restarted) still has them.
    const again = new HeartbeatQueue({ storage: (h.queue as any).env.storage, send: async (b) => ({ accepted: b }) })
    assert.equal(again.pending().length, 2)
  })

  test('a batch the server refuses for good is dropped instead of blocking the queue', async () => {
    const h = harness()
    h.setPermanentFailure(true)
    h.tracker.start()
    await h.settle()
    await h.queue.flush()
    assert.equal(h.queue.pending().length, 0)
  })

  test('stop sends a final heartbeat once', async () => {
    const h = harness()
    h.tracker.start()
    h.advance(3_000)
    h.tracker.stop()
    h.tracker.stop()
    h.tracker.tick()
    await h.settle()
    assert.deepEqual(
      h.all().map((b) => [b.seq, b.engagedSeconds]),
      [
        [0, 0],
        [1, 3],
      ],
    )
  })
})

test('offline heartbeats keep the time they were made; each batch says when it was sent', async () => {
  const h = harness()
  h.setOnline(false)
  const opened = h.now()
  h.tracker.start()
  h.readFor(3)
  await h.settle()
  h.advance(2 * 3600_000) // back online two hours later
  h.setOnline(true)
  await h.queue.flush()
  assert.deepEqual(
    h.all().map((b) => b.at - opened),
    [0, 10_000, 20_000, 30_000],
  )
  assert.deepEqual(h.sentAt, [opened + 30_000 + 2 * 3600_000])
})

test('depth readings from layout or timers are not engagement; scrolling is', () => {
  const h = harness()
  h.tracker.start()
  h.advance(40_000) // idle since opening: engaged for the first 30 s only
  h.tracker.observeDepth(0.5)
  h.advance(10_000)
  assert.equal(h.tracker.engagedSeconds, 30)
  assert.equal(h.tracker.maxDepth, 0.5)
  h.tracker.reportDepth(0.6)
  h.advance(10_000)
  assert.equal(h.tracker.engagedSeconds, 40)
})

test('queued heartbeats are sent at once and whenever a trigger fires (signing in, network back)', async () => {
  const h = harness()
  h.setOnline(false)
  h.tracker.start()
  h.tracker.stop()
  await h.settle()
  assert.equal(h.queue.pending().length, 2)

  // App launch: nothing can be sent yet (offline); signing in later sends the queue.
  let signedIn: (() => void) | null = null
  let unbound = false
  const unbind = keepQueueFlushed(h.queue, [
    (flush) => {
      signedIn = flush
      return () => (unbound = true)
    },
  ])
  await h.settle()
  assert.equal(h.sent.length, 0)
  h.setOnline(true)
  signedIn!()
  await h.settle()
  assert.deepEqual(
    h.all().map((b) => b.seq),
    [0, 1],
  )
  assert.equal(h.queue.pending().length, 0)
  unbind()
  assert.equal(unbound, true)
})

describe('scroll depth', () => {
  test('from the material box position; a box not laid out yet is unknown, not read', () => {
    assert.equal(depthFromRect({ top: 0, height: 2000 }, 800), 0.4)
    assert.equal(depthFromRect({ top: -1200, height: 2000 }, 800), 1)
    assert.equal(depthFromRect({ top: 900, height: 2000 }, 800), 0)
    assert.equal(depthFromRect({ top: 0, height: 0 }, 800), 0)
    assert.equal(depthFromRect({ top: 0, height: 2000 }, 0), 0)
  })

  test('the material ends at the bottom of the end marker', () => {
    assert.deepEqual(materialRect({ top: 100, height: 5000 }, { top: 2050, height: 50 }), { top: 100, height: 2000 })
    assert.deepEqual(materialRect({ top: 100, height: 5000 }, null), { top: 100, height: 5000 })
    assert.equal(depthFromRect(materialRect({ top: -1300, height: 5000 }, { top: 650, height: 50 }), 800), 1, 'the end marker is on screen')
  })

  test('a reading taken before the images loaded does not stick', () => {
    let now = 0
    const gauge = new DepthGauge({ now: () => now })
    const h = harness()
    h.tracker.start()
    const observe = (m: Parameters<DepthGauge['read']>[0]) => {
      const d = gauge.read(m)
      if (d !== null) h.tracker.observeDepth(d)
      return d
    }
    // 300 ms after render the text fits on screen, but two images are still loading.
    now = 300
    assert.equal(observe({ rect: { top: 0, height: 600 }, viewportHeight: 800, pendingImages: 2 }), null)
    now = 2000
    assert.equal(observe({ rect: { top: 0, height: 3200 }, viewportHeight: 800, pendingImages: 0 }), 0.25)
    assert.equal(h.tracker.maxDepth, 0.25)
  })

  test('where images cannot be seen, a height counts once it has held for a second', () => {
    let now = 300
    const gauge = new DepthGauge({ now: () => now })
    assert.equal(gauge.read({ rect: { top: 0, height: 600 }, viewportHeight: 800 }), null, 'first sight of this height')
    now = 1500
    assert.equal(gauge.read({ rect: { top: 0, height: 3200 }, viewportHeight: 800 }), null, 'the height changed: images arrived')
    now = 2000
    assert.equal(gauge.read({ rect: { top: -400, height: 3200 }, viewportHeight: 800 }), null)
    now = 2600
    assert.equal(gauge.read({ rect: { top: -800, height: 3200 }, viewportHeight: 800 }), 0.5)
    assert.equal(gauge.read({ rect: { top: 0, height: 0 }, viewportHeight: 800 }), null, 'not laid out')
  })
})

describe('heartbeats sent through the real request client', () => {
  /** The app's wiring (useReadingTracker): queue → api.post → transport; the transport is scripted. */
  function wired(answer: (req: TransportRequest) => Promise<TransportResponse>) {
    const store = new Map<string, string>()
    const requests: TransportRequest[] = []
    const client = createApiClient({
      baseUrl: 'https://campus.example.edu.cn/api',
      storage: { get: (k) => store.get(k) ?? null, set: (k, v) => void store.set(k, v), remove: (k) => void store.delete(k) },
      transport: (req) => {
        requests.push(req)
        return answer(req)
      },
      sleep: async () => undefined,
    })
    const queue = new HeartbeatQueue({
      storage: { get: (k) => store.get(`q:${k}`) ?? null, set: (k, v) => void store.set(`q:${k}`, v) },
      send: (batch, sentAt) => client.post<SendResult>('/progress/heartbeats', { heartbeats: batch, sentAt }, { idempotent: true }),
      isPermanentError: isPermanentSendError,
    })
    const beat = (seq: number): Heartbeat => ({ item: { kind: 'article', id: 'a1' }, sessionId: 's1', seq, depth: 0.5, engagedSeconds: 10, at: 1_000 + seq })
    return { queue, requests, beat }
  }

  for (const [name, answer] of [
    ['503 Service Unavailable', async () => ({ statusCode: 503, data: { error: { code: 'UNAVAILABLE', message: '服务暂时不可用' } } })],
    ['a timeout (wx.request fails with "request:fail timeout")', async () => Promise.reject(new Error('request:fail timeout'))],
  ] as const) {
    test(`${name} leaves the heartbeats queued, and they go out later`, async () => {
      let down = true
      const w = wired((req) => (down ? answer() : Promise.resolve({ statusCode: 200, data: { accepted: (req.data as { heartbeats: Heartbeat[] }).heartbeats } })))
      w.queue.enqueue(w.beat(0))
      w.queue.enqueue(w.beat(1))
      await w.queue.flush()
      assert.ok(w.requests.length >= 1, 'it tried')
      assert.equal(w.requests[0]!.method, 'POST')
      assert.deepEqual(
        w.queue.pending().map((b) => b.seq),
        [0, 1],
      )
      down = false
      await w.queue.flush()
      assert.deepEqual(w.queue.pending(), [])
    })
  }

  test('a 400 drops the batch (it would never be accepted)', async () => {
    const w = wired(async () => ({ statusCode: 400, data: { error: { code: 'VALIDATION_FAILED', message: 'x' } } }))
    w.queue.enqueue(w.beat(0))
    await w.queue.flush()
    assert.deepEqual(w.queue.pending(), [])
  })
})

describe('scroll measurement throttle', () => {
  function clock() {
    let now = 0
    const timers: { at: number; fn: () => void }[] = []
    return {
      timers: {
        now: () => now,
        setTimeout: (fn: () => void, ms: number) => {
          const t = { at: now + ms, fn }
          timers.push(t)
          return t
        },
        clearTimeout: (h: unknown) => void timers.splice(timers.indexOf(h as (typeof timers)[number]), 1),
      },
      advance(ms: number) {
        const until = now + ms
        for (;;) {
          timers.sort((a, b) => a.at - b.at)
          const next = timers[0]
          if (!next || next.at > until) break
          timers.shift()
          now = next.at
          next.fn()
        }
        now = until
      },
    }
  }

  test('a burst of scroll events measures at most every 250 ms, and once at the end', () => {
    const c = clock()
    const at: number[] = []
    const t = throttle(() => at.push(c.timers.now()), 250, c.timers)
    // 60 scroll events a second for one second.
    for (let i = 0; i < 60; i++) {
      t.call()
      c.advance(1000 / 60)
    }
    c.advance(1000)
    assert.equal(at[0], 0, 'the first scroll measures at once')
    for (let i = 1; i < at.length; i++) assert.ok(at[i]! - at[i - 1]! >= 250, `measurements ${at[i - 1]} and ${at[i]} are too close`)
    assert.ok(at.length >= 4 && at.length <= 6, `${at.length} measurements`)
    assert.ok(at[at.length - 1]! >= 983, 'the position after the last scroll is measured')
  })

  test('cancel drops the pending measurement (page left)', () => {
    const c = clock()
    let n = 0
    const t = throttle(() => n++, 250, c.timers)
    t.call()
    t.call()
    t.cancel()
    c.advance(1000)
    assert.equal(n, 1)
  })
})
