import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import mongoose from 'mongoose'
import { ManualClock } from '../../server/clock'
import { startEmbeddedDb, type EmbeddedDb } from '../../server/db/embedded'
import { closeTestDb, startTestServer, type TestServer } from '../helpers/server'
import { uploadTipPicture } from '../helpers/tips'

/**
 * Issue 13, finding 1, the part about files: after an anonymous tip with a picture (whose
 * pending upload is deleted when the tip claims it), the embedded database's file holds no
 * time of the tip finer than the hour — not in live documents, and not in old versions of
 * them. The tip happens at a known odd instant on the server's clock, far from anything else,
 * so any 64-bit integer or double in the file near that instant off the hour is a leak.
 */
const HOUR = 3600_000
const DAY = 24 * HOUR
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-tipfiles-'))
const tipAt = Math.floor(Date.now() / DAY) * DAY + 3 * DAY + 2 * HOUR + 23 * 60_000 + 45_678
let db: EmbeddedDb
let t: TestServer
const clock = new ManualClock(new Date(tipAt - 2 * HOUR))

before(async () => {
  db = await startEmbeddedDb({ dataDir })
  process.env.TEST_MONGODB_URI = db.uri
  t = await startTestServer({ clock })
})
after(async () => {
  await t.stop()
  await closeTestDb().catch(() => {})
  await db.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('the database file after an anonymous tip', () => {
  test('holds no time of the tip or its upload finer than the hour, also not in deleted records', async () => {
    const reader = await t.signInReader()
    clock.set(new Date(tipAt))
    const up = await uploadTipPicture(t, reader.token, 'draft-files-0000000001')
    assert.equal(up.status, 201, JSON.stringify(up.body))
    clock.advance(5 * 60_000 + 321)
    const tip = await t.api('post', '/api/tips', {
      token: reader.token,
      body: { category: 'campus-loan', description: '宿舍楼下有人放高利贷', attachmentIds: [up.body.attachmentId] },
    })
    assert.equal(tip.status, 201, JSON.stringify(tip.body))
    const windowEnd = clock.now().getTime() + 25 * HOUR // the pending upload's expiry is a day ahead
    // A control: one fine time stored on purpose, which the scan must find.
    const control = tipAt + 1_234
    await mongoose.connection.db!.collection('scan_control').insertOne({ at: new Date(control) })

    // Stop the database: the file is complete (and compacted, as at every stop).
    await t.stop()
    await closeTestDb().catch(() => {})
    await db.stop()
    const file = fs.readFileSync(path.join(dataDir, 'campus.mv.db'))
    const leaks: string[] = []
    const near = (ms: number) => ms >= tipAt - HOUR && ms <= windowEnd && ms % HOUR !== 0
    for (let i = 0; i + 8 <= file.length; i++) {
      const asInt = Number(file.readBigInt64LE(i))
      if (near(asInt)) leaks.push(`int64 at ${i}: ${new Date(asInt).toISOString()}`)
      const asDouble = file.readDoubleLE(i)
      if (Number.isInteger(asDouble) && near(asDouble)) leaks.push(`double at ${i}: ${new Date(asDouble).toISOString()}`)
    }
    // The scan can see: the same file holds the tip's hour-bucket times.
    let hourTimes = 0
    for (let i = 0; i + 8 <= file.length; i++) {
      const v = Number(file.readBigInt64LE(i))
      if (v >= tipAt - HOUR && v <= windowEnd && v % HOUR === 0) hourTimes++
    }
    assert.ok(hourTimes > 0, 'the tip’s own (hour) times are in the file, so the scan reads the right place')
    const controlHit = `int64 at`
    const found = leaks.filter((l) => !(l.startsWith(controlHit) && l.endsWith(new Date(control).toISOString())))
    assert.ok(found.length < leaks.length, 'the control time is found')
    assert.deepEqual(found, [])
  })
})
