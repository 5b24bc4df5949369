import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import mongoose from 'mongoose'
import { ManualClock } from '../../server/clock'
import { applyHeartbeats, heartbeatBatchStats } from '../../server/modules/progress/service'
import { ItemProgress, ItemStats, ReadingSession } from '../../server/modules/progress/model'
import { PersonSummary } from '../../server/modules/summary/model'
import { useTestServer } from '../helpers/server'

/**
 * Heartbeat requests arriving together are applied as one batch (server/modules/progress,
 * applyBatch): each must still be answered exactly as if it had been alone.
 */
const clock = new ManualClock('2026-11-21T02:00:00Z')
let articleId: string
const t = useTestServer({ clock }, async () => {
  const admin = (await t.signInAdmin('publicity_admin')).token
  const body = '扫黑除恶专项斗争事关社会大局稳定和国家长治久安。'.repeat(10).slice(0, 200)
  const created = await t.api('post', '/api/admin/articles', { token: admin, body: { title: '批量心跳测试文章', bodyMarkdown: body } })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  articleId = created.body.article.id
  assert.equal((await t.api('post', `/api/admin/articles/${articleId}/publish`, { token: admin })).status, 200)
})

let counter = 0
const newSession = () => `batch-${Date.now()}-${++counter}`
const hb = (sessionId: string, seq: number, depth: number, engagedSeconds: number) => ({ sessionId, seq, item: { kind: 'article' as const, id: articleId }, depth, engagedSeconds })
const record = (userId: string) => ItemProgress.findOne({ userId, itemKey: `article:${articleId}` }).lean()
const stats = async () => (await ItemStats.findById(`article:${articleId}`).lean()) as unknown as Record<string, number> | null
/** Sends the requests in the same turn of the event loop, so the batcher sees them together. */
const together = <T>(calls: (() => Promise<T>)[]) => Promise.allSettled(calls.map((call) => call()))

describe('heartbeat requests applied as one batch', () => {
  test('two requests of the same session sent together both apply, one after the other, in their own batches', async () => {
    const r = await t.signInReader()
    const s = newSession()
    await applyHeartbeats(r.userId, [hb(s, 0, 0.1, 0)], clock.now())
    clock.advance(30_000)
    const before = heartbeatBatchStats()
    const [first, second] = await together([() => applyHeartbeats(r.userId, [hb(s, 1, 0.3, 10)], clock.now()), () => applyHeartbeats(r.userId, [hb(s, 2, 0.5, 10)], clock.now())])
    assert.equal(first.status, 'fulfilled')
    assert.equal(second.status, 'fulfilled')
    assert.deepEqual((first as PromiseFulfilledResult<{ accepted: unknown }>).value.accepted, [{ sessionId: s, seq: 1 }])
    assert.deepEqual((second as PromiseFulfilledResult<{ accepted: unknown; items: unknown }>).value, {
      accepted: [{ sessionId: s, seq: 2 }],
      rejected: [],
      items: [{ itemKey: `article:${articleId}`, maxDepth: 0.5, engagedSeconds: 20, completed: false }],
    })
    assert.equal(heartbeatBatchStats().batches - before.batches, 2, 'a session is never in one batch twice')
    const p = (await record(r.userId))!
    assert.equal(p.maxDepth, 0.5)
    assert.equal(p.engagedSeconds, 20, 'both credits, each once')
    assert.equal((await ReadingSession.findById(s).lean())?.lastSeq, 2)
  })

  test('the same request sent twice together is applied once and acknowledged twice', async () => {
    const r = await t.signInReader()
    const s = newSession()
    await applyHeartbeats(r.userId, [hb(s, 0, 0.1, 0)], clock.now())
    clock.advance(30_000)
    const answers = await together([0, 1].map(() => () => applyHeartbeats(r.userId, [hb(s, 1, 0.4, 8)], clock.now())))
    for (const a of answers) {
      assert.equal(a.status, 'fulfilled')
      assert.deepEqual((a as PromiseFulfilledResult<{ accepted: unknown }>).value.accepted, [{ sessionId: s, seq: 1 }])
    }
    assert.equal((await record(r.userId))!.engagedSeconds, 8)
  })

  test('a request that fails inside a batch fails alone: its neighbours are applied once and answered', async () => {
    const readers = await Promise.all([0, 1, 2].map(() => t.signInReader()))
    const sessions = readers.map(() => newSession())
    await Promise.all(readers.map((r, i) => applyHeartbeats(r.userId, [hb(sessions[i], 0, 0.1, 0)], clock.now())))
    // The middle reader's record is damaged (a counter stored as text): the database refuses to add to it.
    await ItemProgress.collection.updateOne({ userId: new mongoose.Types.ObjectId(readers[1].userId), itemKey: `article:${articleId}` }, { $set: { engagedSeconds: 'damaged' } })
    clock.advance(30_000)
    const statsBefore = (await stats())!
    const batchesBefore = heartbeatBatchStats()
    const answers = await together(readers.map((r, i) => () => applyHeartbeats(r.userId, [hb(sessions[i], 1, 0.3, 5)], clock.now(), undefined, { personId: null })))
    assert.equal(heartbeatBatchStats().batches - batchesBefore.batches, 1, 'the three requests made one batch')
    assert.equal(answers[1].status, 'rejected', 'the request on the damaged record fails')
    for (const i of [0, 2]) {
      assert.equal(answers[i].status, 'fulfilled', `neighbour ${i} is answered`)
      assert.deepEqual((answers[i] as PromiseFulfilledResult<{ items: unknown }>).value.items, [
        { itemKey: `article:${articleId}`, maxDepth: 0.3, engagedSeconds: 5, completed: false },
      ])
      const p = (await record(readers[i].userId))!
      assert.equal(p.engagedSeconds, 5, 'applied once')
      assert.equal((await ReadingSession.findById(sessions[i]).lean())?.lastSeq, 1)
    }
    assert.equal((await ReadingSession.findById(sessions[1]).lean())?.lastSeq, 0, 'the failed request did not move its session')
    assert.equal((await stats())!.engagedSum - statsBefore.engagedSum, 10, "the item's counters hold the two applied requests only")
    // Resending the neighbours' requests changes nothing.
    await together([0, 2].map((i) => () => applyHeartbeats(readers[i].userId, [hb(sessions[i], 1, 0.3, 5)], clock.now())))
    for (const i of [0, 2]) assert.equal((await record(readers[i].userId))!.engagedSeconds, 5)
  })

  test('a first heartbeat in a batch of returning readers opens the item once and reaches the summary', async () => {
    const [returning, fresh] = await Promise.all([t.signInReader(), t.signInReader()])
    const s1 = newSession()
    const s2 = newSession()
    await applyHeartbeats(returning.userId, [hb(s1, 0, 0.2, 0)], clock.now())
    const opensBefore = (await stats())!.opens
    clock.advance(30_000)
    await together([() => applyHeartbeats(returning.userId, [hb(s1, 1, 0.4, 5)], clock.now()), () => applyHeartbeats(fresh.userId, [hb(s2, 0, 0.2, 5)], clock.now())])
    assert.equal((await stats())!.opens - opensBefore, 1, 'one new open: the fresh reader')
    const summary = await PersonSummary.findOne({ userId: fresh.userId }).lean()
    assert.deepEqual(summary?.itemsOpened, [`article:${articleId}`])
    assert.equal((await record(fresh.userId))!.completed, false)
  })
})
