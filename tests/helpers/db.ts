import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import mongoose from 'mongoose'
import { DRIVER_OPTIONS } from '../../server/db/connection'
import { startEmbeddedDb, type EmbeddedDb } from '../../server/db/embedded'

let own: EmbeddedDb | null = null
let connected: Promise<{ dbName: string }> | null = null

/**
 * Connects this test process to the real embedded database: the one the test runner
 * started (TEST_MONGODB_URI), or a private one when a file is run on its own.
 * Each test file (= process) gets its own database.
 */
export function connectTestDb(): Promise<{ dbName: string }> {
  connected ??= (async () => {
    // The runner's database (TEST_MONGODB_URI: the embedded one it started, or MONGODB_URI).
    let uri = process.env.TEST_MONGODB_URI
    if (!uri) {
      own = await startEmbeddedDb({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-db-')) })
      uri = own.uri
    }
    const dbName = `t${process.pid}_${Math.random().toString(36).slice(2, 8)}`
    mongoose.set('autoIndex', false)
    await mongoose.connect(uri, { dbName, ...DRIVER_OPTIONS })
    await Promise.all(Object.values(mongoose.models).map((m) => m.createIndexes()))
    return { dbName }
  })()
  return connected
}

export async function disconnectTestDb(): Promise<void> {
  if (!connected) return
  connected = null
  await mongoose.connection.db?.dropDatabase().catch(() => {})
  await mongoose.disconnect()
  await own?.stop()
  own = null
}

/** Runs `run` with the first database call to `collection.method` failing, as a crash there would; asserts it was reached and rejected. */
export async function failingAt(target: string, run: () => Promise<unknown>): Promise<void> {
  let failed = false
  mongoose.set('debug', (collection: string, method: string) => {
    if (!failed && `${collection}.${method}` === target) {
      failed = true
      throw new Error(`injected failure at ${target}`)
    }
  })
  try {
    await assert.rejects(run, /injected failure/)
  } finally {
    mongoose.set('debug', false)
  }
  assert.ok(failed, `${target} was never called`)
}
