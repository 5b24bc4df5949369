import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { dbAvailability } from '../../server/db/availability'
import { followEmbedded, trackConnection } from '../../server/db/connection'
import { startEmbeddedDb, type EmbeddedDb } from '../../server/db/embedded'
import { closeTestDb, startTestServer, type TestServer } from '../helpers/server'

/**
 * The embedded database's disk fills up under a running server: writes get 503 with a clear
 * code (never 500), health says why, nothing acknowledged is lost, and service resumes by
 * itself once space is back. The data directory is a small tmpfs (root, as in CI).
 */
const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-diskfull-'))
const filler = path.join(mountPoint, 'filler')
let db: EmbeddedDb
let t: TestServer
let untrack: () => void

before(async () => {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mountPoint])
  db = await startEmbeddedDb({ dataDir: path.join(mountPoint, 'db') })
  followEmbedded(db)
  process.env.TEST_MONGODB_URI = db.uri
  t = await startTestServer()
  untrack = trackConnection()
})
after(async () => {
  untrack?.()
  await t?.stop()
  await closeTestDb()
  await db?.stop()
  execFileSync('umount', ['-l', mountPoint])
})

/** Fills the file system, leaving nothing. */
function fillDisk() {
  const fd = fs.openSync(filler, 'w')
  const chunk = Buffer.alloc(1024 * 1024, 7)
  try {
    for (;;) fs.writeSync(fd, chunk)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err
  }
  const small = Buffer.alloc(4096, 7)
  try {
    for (;;) fs.writeSync(fd, small)
  } catch {
    /* full to the last block */
  }
  fs.closeSync(fd)
}

const signIn = (deviceId: string) => t.api('post', '/api/auth/dev', { body: { deviceId } })

describe('the disk of the embedded database fills up', () => {
  test('writes answer 503 with a clear code, health says so, and service resumes when space is back', async (ctx) => {
    const before = await signIn('disk-before-1')
    assert.equal(before.status, 200)

    fillDisk()
    const seen: { status: number; code?: string; retryAfter: string | null }[] = []
    for (let i = 0; i < 40 && !seen.some((s) => s.status === 503); i++) {
      const res = await signIn(`disk-full-${i}`)
      seen.push({ status: res.status, code: res.body?.error?.code, retryAfter: res.headers.get('retry-after') })
      await new Promise((r) => setTimeout(r, 100))
    }
    const failures = seen.filter((s) => s.status !== 200)
    assert.ok(failures.length > 0, `a write failed while the disk was full: ${JSON.stringify(seen)}`)
    for (const f of failures) {
      assert.equal(f.status, 503, JSON.stringify(f))
      assert.match(f.code ?? '', /^DB_(DISK_FULL|UNAVAILABLE)$/)
      assert.ok(Number(f.retryAfter) > 0)
    }
    const health = await t.api('get', '/api/health')
    assert.equal(health.status, 503)
    assert.match(health.body.db, /^(disk_full|down)$/)
    assert.ok(seen.some((s) => s.code === 'DB_DISK_FULL') || health.body.db === 'disk_full', 'the cause is named: the disk is full')

    fs.rmSync(filler)
    const freedAt = Date.now()
    let back = false
    while (Date.now() - freedAt < 20_000) {
      if ((await signIn('disk-after-1')).status === 200) {
        back = true
        break
      }
      await new Promise((r) => setTimeout(r, 250))
    }
    ctx.diagnostic(`while full: ${failures.map((f) => f.code).join(', ')}; health: ${health.body.db}; back ${Date.now() - freedAt} ms after space was freed`)
    assert.ok(back, 'service resumed by itself once space was back')
    assert.equal(dbAvailability.state, 'up')
    // The account acknowledged before the disk filled is still there.
    const again = await signIn('disk-before-1')
    assert.equal(again.body.user.id, before.body.user.id)
  })
})
