import mongoose from 'mongoose'
import type { Config } from '../config'
import type { Logger } from '../logger'
import { startEmbeddedDb, type EmbeddedDb } from './embedded'

export interface Database {
  uri: string
  dbName: string
  embedded: EmbeddedDb | null
  close(): Promise<void>
}

/** Connects mongoose to MONGODB_URI, or starts the embedded database when it is unset. */
export async function connectDatabase(config: Config, logger: Logger, overrides?: { uri?: string; dbName?: string }): Promise<Database> {
  let embedded: EmbeddedDb | null = null
  let uri = overrides?.uri ?? config.MONGODB_URI
  if (!uri) {
    embedded = await startEmbeddedDb({ dataDir: config.DATA_DIR, log: (m) => logger.info(m) })
    uri = embedded.uri
    logger.info({ uri, dataDir: config.DATA_DIR, dbPid: embedded.pid }, 'embedded database started')
  }
  const dbName = overrides?.dbName ?? (new URL(uri).pathname.slice(1) || config.DB_NAME)
  mongoose.set('strictQuery', true)
  // Auto index creation on model compile races with syncIndexes below; do it once, explicitly.
  mongoose.set('autoIndex', false)
  try {
    await mongoose.connect(uri, { dbName, serverSelectionTimeoutMS: 10_000 })
    await Promise.all(Object.values(mongoose.models).map((m) => m.createIndexes()))
  } catch (err) {
    await embedded?.stop()
    throw err
  }
  return {
    uri,
    dbName,
    embedded,
    async close() {
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
