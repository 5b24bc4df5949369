import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import mongoose from 'mongoose'
import { classifyDbError, dbAvailability } from '../../server/db/availability'
import { startEmbeddedDb } from '../../server/db/embedded'
import { useTestServerOnOwnDb } from '../helpers/server'

/**
 * The database server goes away under a running app, as a MongoDB behind MONGODB_URI can:
 * the app learns it only from the driver (no child process to watch). Requests must get 503
 * with Retry-After, quickly, never a 500, and service must resume by itself.
 */
const own = useTestServerOnOwnDb('campaign-availability-')

describe('the database disappears under a running server (MONGODB_URI)', () => {
  test('requests get 503 with Retry-After during the outage, never a 500, and service resumes by itself', async () => {
    const { t } = own
    const reader = await t.signInReader()
    const ok = await t.api('get', '/api/me', { token: reader.token })
    assert.equal(ok.status, 200)

    // The server is gone for longer than the driver's server selection waits (5 s), then comes
    // back on the same address with the same data.
    const port = Number(new URL(own.db.uri).port)
    const killedAt = Date.now()
    await own.db.stop()
    let restartedAt = 0
    const restarted = new Promise<void>((resolve) =>
      setTimeout(async () => {
        own.db = await startEmbeddedDb({ dataDir: own.dataDir, port })
        restartedAt = Date.now()
        resolve()
      }, 7_000),
    )

    const seen: { status: number; ms: number; retryAfter: string | null; code?: string }[] = []
    let backAt = 0
    while (Date.now() - killedAt < 30_000) {
      const started = Date.now()
      const res = await t.api('get', '/api/me', { token: reader.token })
      seen.push({ status: res.status, ms: Date.now() - started, retryAfter: res.headers.get('retry-after'), code: res.body?.error?.code })
      if (res.status === 200 && seen.some((s) => s.status === 503)) {
        backAt = Date.now()
        break
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    await restarted
    assert.ok(seen.length > 0)
    const failures = seen.filter((s) => s.status !== 200)
    assert.ok(failures.length > 0, 'the outage was seen')
    for (const f of failures) {
      assert.equal(f.status, 503, JSON.stringify(f))
      assert.equal(f.code, 'DB_UNAVAILABLE')
      assert.ok(Number(f.retryAfter) > 0, 'Retry-After is set')
      assert.ok(f.ms < 8_000, `answered in ${f.ms} ms (server selection gives up after 5 s)`)
    }
    assert.ok(backAt > 0, `service came back: ${JSON.stringify(seen.slice(-3))}`)
    // The app follows within a few seconds of the database's return (pings every 250 ms).
    assert.ok(backAt - restartedAt < 5_000, `back ${backAt - restartedAt} ms after the database returned`)
    assert.equal(dbAvailability.state, 'up')
    const health = await t.api('get', '/api/health')
    assert.deepEqual([health.status, health.body], [200, { status: 'ok', db: 'ok' }])
  })
})

describe('which database errors mean "unavailable"', () => {
  test('a lost connection, also inside a bulk write (insertMany), is "down"; a full disk is "disk_full"; a duplicate key is none', () => {
    const lost = new mongoose.mongo.MongoNetworkError('connection 3 to 127.0.0.1:1 closed')
    // What the driver throws when insertMany's connection closes under it (seen in tests/process/faults.test.ts).
    const bulk = new mongoose.mongo.MongoBulkWriteError(lost, {} as never)
    assert.equal(classifyDbError(lost), 'down')
    assert.equal(classifyDbError(bulk), 'down')
    // What a write to a socket the database had just closed throws, unwrapped (seen in faults.test.ts).
    const ended = Object.assign(new Error('This socket has been ended by the other party'), { code: 'EPIPE' })
    assert.equal(classifyDbError(ended), 'down')
    assert.equal(classifyDbError(new mongoose.mongo.MongoServerError({ code: 14031, codeName: 'OutOfDiskSpace', errmsg: 'no space' })), 'disk_full')
    assert.equal(classifyDbError(new mongoose.mongo.MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key' })), null)
  })
})
