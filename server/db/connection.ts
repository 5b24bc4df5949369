import mongoose from 'mongoose'
import type { Config } from '../config'
import type { Logger } from '../logger'
import { dbAvailability } from './availability'
import { startEmbeddedDb, type EmbeddedDb } from './embedded'

export interface Database {
  uri: string
  dbName: string
  embedded: EmbeddedDb | null
  close(): Promise<void>
}

/**
 * Driver options shared by the server and the tests. Server selection gives up after 5 s
 * (a request is answered 503 rather than hang); while the database is known to be down,
 * requests do not reach the driver at all (db/availability).
 */
export const DRIVER_OPTIONS = { serverSelectionTimeoutMS: 5_000, heartbeatFrequencyMS: 2_000 } as const

/** Follows mongoose's connection: lost → down, (re)connected → up. Returns an unsubscribe. */
export function trackConnection(logger?: Logger): () => void {
  const conn = mongoose.connection
  const onDown = () => {
    logger?.warn('database connection lost')
    dbAvailability.markDown('down')
  }
  const onUp = () => dbAvailability.markUp()
  conn.on('disconnected', onDown)
  conn.on('reconnected', onUp)
  return () => {
    conn.off('disconnected', onDown)
    conn.off('reconnected', onUp)
  }
}

/** We see the embedded child die before the driver does: answer 503 from that moment on. */
export function followEmbedded(embedded: EmbeddedDb, logger?: Logger): void {
  embedded.on('down', (info) => {
    logger?.error(info, 'embedded database stopped unexpectedly; restarting it')
    dbAvailability.markDown('down')
  })
  embedded.on('up', (info) => logger?.info(info, 'embedded database restarted'))
}

/** Connects mongoose to MONGODB_URI, or starts the embedded database when it is unset. */
export async function connectDatabase(config: Config, logger: Logger, overrides?: { uri?: string; dbName?: string }): Promise<Database> {
  let embedded: EmbeddedDb | null = null
  let uri = overrides?.uri ?? config.MONGODB_URI
  if (!uri) {
    embedded = await startEmbeddedDb({ dataDir: config.DATA_DIR, log: (m) => logger.info(m) })
    uri = embedded.uri
    logger.info({ uri, dataDir: config.DATA_DIR, dbPid: embedded.pid }, 'embedded database started')
    followEmbedded(embedded, logger)
  }
  const dbName = overrides?.dbName ?? (new URL(uri).pathname.slice(1) || config.DB_NAME)
  mongoose.set('strictQuery', true)
  // Auto index creation on model compile races with syncIndexes below; do it once, explicitly.
  mongoose.set('autoIndex', false)
  dbAvailability.markUp() // a fresh connection starts from a clean state
  const untrack = trackConnection(logger)
  try {
    await mongoose.connect(uri, { dbName, ...DRIVER_OPTIONS })
    await Promise.all(Object.values(mongoose.models).map((m) => m.createIndexes()))
  } catch (err) {
    untrack()
    await embedded?.stop()
    throw err
  }
  return {
    uri,
    dbName,
    embedded,
    async close() {
      untrack()
      await mongoose.disconnect()
      await embedded?.stop()
    },
  }
}

/** A real round trip to the database server (health checks). */
export async function pingDatabase(): Promise<boolean> {
  try {
    const db = mongoose.connection.db
    if (!db || mongoose.connection.readyState !== 1) return false
    const res = await db.admin().ping()
    return res?.ok === 1
  } catch {
    return false
  }
}
