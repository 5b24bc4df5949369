import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import mongoose from 'mongoose'
import { ManualClock } from '../../server/clock'
import { ItemProgress, ReadingSession } from '../../server/modules/progress/model'
import { useTestServerOnOwnDb } from '../helpers/server'

/**
 * The database dies while a batch of heartbeat requests is being written (server/modules/
 * progress, applyBatch): every request of that batch is answered 503 with Retry-After, none
 * 200, and once the database is back their resends are each applied exactly once.
 */
const own = useTestServerOnOwnDb('campaign-batch-outage-')
after(() => {
  mongoose.set('debug', false)
})

describe('a database outage in the middle of a heartbeat batch', () => {
  test('every request of the batch answers 503, and the resends apply once each', async () => {
    const { t } = own
    const admin = (await t.signInAdmin('publicity_admin')).token
    const created = await t.api('post', '/api/admin/articles', { token: admin, body: { title: '断电测试文章', bodyMarkdown: '扫黑除恶专项斗争事关社会大局稳定。'.repeat(20) } })
    const articleId = created.body.article.id as string
    assert.equal((await t.api('post', `/api/admin/articles/${articleId}/publish`, { token: admin })).status, 200)
    const readers = await Promise.all(Array.from({ length: 12 }, () => t.signInReader()))
    const sessions = readers.map((_, i) => `outage-${Date.now()}-${i}`)
    const hb = (i: number, seq: number, depth: number, engagedSeconds: number) => ({ sessionId: sessions[i], seq, item: { kind: 'article', id: articleId }, depth, engagedSeconds })
    const send = (i: number, beat: ReturnType<typeof hb>) => t.api('post', '/api/progress/heartbeats', { token: readers[i].token, body: { heartbeats: [beat] } })
    for (const [i] of readers.entries()) assert.equal((await send(i, hb(i, 0, 0.1, 0))).status, 200)
    ;(t.clock as ManualClock).advance(30_000)

    // The database is killed the moment a batch sends its last, durable write (the sessions).
    let killedBatch: string[] = []
    mongoose.set('debug', (collection: string, method: string, ops: unknown) => {
      if (killedBatch.length || collection !== 'reading_sessions' || method !== 'bulkWrite') return
      killedBatch = (ops as { updateOne: { filter: { _id: string } } }[]).map((op) => op.updateOne.filter._id)
      process.kill(own.db.pid, 'SIGKILL')
    })
    const answers = await Promise.all(readers.map((_, i) => send(i, hb(i, 1, 0.5, 5))))
    mongoose.set('debug', false)

    assert.ok(killedBatch.length > 0, 'a batch was writing when the database died')
    for (const [i, a] of answers.entries()) {
      if (!killedBatch.includes(sessions[i]) && a.status === 200) continue // in a batch after the restart: stored
      assert.equal(a.status, 503, `request ${i}: ${JSON.stringify(a.body)}`)
      assert.ok(Number(a.headers.get('retry-after')) > 0, 'Retry-After is set')
    }

    // The supervisor restarts the database; the app follows. Then every reader resends.
    const deadline = Date.now() + 30_000
    while ((await t.api('get', '/api/health')).body?.db !== 'ok') {
      assert.ok(Date.now() < deadline, 'the database came back')
      await new Promise((r) => setTimeout(r, 200))
    }
    for (const [i] of readers.entries()) {
      let res = await send(i, hb(i, 1, 0.5, 5))
      while (res.status === 503 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200))
        res = await send(i, hb(i, 1, 0.5, 5))
      }
      assert.equal(res.status, 200, JSON.stringify(res.body))
      assert.deepEqual(res.body.accepted, [{ sessionId: sessions[i], seq: 1 }])
    }
    for (const [i, r] of readers.entries()) {
      const p = (await ItemProgress.findOne({ userId: r.userId, itemKey: `article:${articleId}` }).lean())!
      assert.equal(p.maxDepth, 0.5, `reader ${i}: the depth is stored`)
      assert.equal(p.engagedSeconds, 5, `reader ${i}: engaged time counted once`)
      assert.equal((await ReadingSession.findById(sessions[i]).lean())?.lastSeq, 1)
    }
  })
})
