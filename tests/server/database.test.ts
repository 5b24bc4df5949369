import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import zlib from 'node:zlib'
import mongoose from 'mongoose'
import { startEmbeddedDb } from '../../server/db/embedded'
import { closeTestDb } from '../helpers/server'
import { connectTestDb } from '../helpers/db'

// The embedded database must give the single-document atomicity MongoDB gives, because
// counters ($inc), monotonic fields ($max) and conditional updates throughout the server
// rely on it. FerretDB alone runs each of these as a read followed by a write.

before(async () => {
  await connectTestDb()
})
after(async () => {
  await closeTestDb()
})

const PARALLEL = 40

/** An empty data directory for a database of the test's own (the test removes it). */
const newDataDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix))

/** A database of the test's own on `dataDir`, and a client of it; the test stops, and may reopen, both. */
async function openOwnDb(dataDir: string) {
  const db = await startEmbeddedDb({ dataDir })
  return { db, client: new mongoose.mongo.MongoClient(db.uri, { serverSelectionTimeoutMS: 10_000 }) }
}

interface Doc {
  _id: string
  opens?: number
  depth?: number
  n?: number
  state?: string
  by?: number
}

function collection(name: string) {
  return mongoose.connection.db!.collection<Doc>(name)
}

describe('single-document writes are atomic on the embedded database', () => {
  test('concurrent $inc and $max on one document lose nothing', async () => {
    const c = collection('atomic_counters')
    await c.insertOne({ _id: 'item', opens: 0, depth: 0 })
    await Promise.all(Array.from({ length: PARALLEL }, (_, i) => c.updateOne({ _id: 'item' }, { $inc: { opens: 1 }, $max: { depth: i } })))
    const doc = await c.findOne({ _id: 'item' })
    assert.equal(doc?.opens, PARALLEL)
    assert.equal(doc?.depth, PARALLEL - 1)
  })

  test('concurrent upserts of one key create one document and count every call', async () => {
    const c = collection('atomic_upserts')
    await Promise.all(Array.from({ length: PARALLEL }, () => c.updateOne({ _id: 'day' }, { $inc: { n: 1 } }, { upsert: true })))
    assert.equal(await c.countDocuments({}), 1)
    assert.equal((await c.findOne({ _id: 'day' }))?.n, PARALLEL)
  })

  test('a conditional update is won by exactly one of many concurrent callers', async () => {
    const c = collection('atomic_claims')
    await c.insertOne({ _id: 'job', state: 'due' })
    const results = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => c.findOneAndUpdate({ _id: 'job', state: 'due' }, { $set: { state: 'taken', by: i } })))
    const winners = results.filter((r) => r !== null)
    assert.equal(winners.length, 1)
    const updates = await Promise.all(Array.from({ length: PARALLEL }, () => c.updateOne({ _id: 'job', state: 'taken' }, { $set: { state: 'done' } })))
    assert.equal(
      updates.reduce((sum, r) => sum + r.modifiedCount, 0),
      1,
    )
  })

  test('parallel writes to collections in two databases both stay exact', async () => {
    const a = collection('atomic_ns_a')
    const other = mongoose.connection.useDb(`${mongoose.connection.db!.databaseName}_b`)
    const b = other.db!.collection<Doc>('atomic_ns_b')
    await Promise.all([
      ...Array.from({ length: PARALLEL }, () => a.updateOne({ _id: 'x' }, { $inc: { n: 1 } }, { upsert: true })),
      ...Array.from({ length: PARALLEL }, () => b.updateOne({ _id: 'x' }, { $inc: { n: 1 } }, { upsert: true })),
    ])
    assert.equal((await a.findOne({ _id: 'x' }))?.n, PARALLEL)
    assert.equal((await b.findOne({ _id: 'x' }))?.n, PARALLEL)
    await other.dropDatabase()
  })
})

describe('the embedded database keeps each connection in step', () => {
  test('an unacknowledged (w:0) write leaves no stray reply for the next command on its connection', async () => {
    // One connection, so a reply to the w:0 insert (which asks for none) would be read as the
    // answer to the next command.
    const { host, port } = mongoose.connection
    const client = new mongoose.mongo.MongoClient(`mongodb://${host}:${port}/`, { maxPoolSize: 1, serverSelectionTimeoutMS: 10_000 })
    try {
      const c = client.db(mongoose.connection.db!.databaseName).collection<Doc>('unacknowledged')
      await c.insertOne({ _id: 'fire-and-forget', n: 1 }, { writeConcern: { w: 0 } })
      assert.deepEqual(await c.findOne({ _id: 'fire-and-forget' }), { _id: 'fire-and-forget', n: 1 })
      assert.equal(await c.countDocuments({}), 1)
    } finally {
      await client.close()
    }
  })
})

describe('creating collections and indexes at once', () => {
  test('parallel index creation on new collections succeeds (as at every start, for every model)', async () => {
    const db = mongoose.connection.db!
    const names = Array.from({ length: 12 }, (_, i) => `ddl_race_${i}`)
    await Promise.all(
      names.flatMap((name) => [
        db.collection(name).createIndex({ a: 1 }, { unique: true }),
        db.collection(name).createIndex({ b: 1 }),
        db.collection(name).insertOne({ a: 1, b: 2 }),
      ]),
    )
    for (const name of names) assert.equal(await db.collection(name).countDocuments({}), 1)
  })
})

describe('large documents (tip image chunks are 1 MB each)', () => {
  test('200 documents of 1 MB are stored and read back at the default heap, and the database stays up', async () => {
    const dataDir = newDataDir('campaign-bigdocs-')
    const { db, client } = await openOwnDb(dataDir)
    let downs = 0
    db.on('down', () => downs++)
    try {
      const c = client.db('bigdocs').collection<{ _id: number; data: Buffer }>('chunks')
      const mb = Buffer.alloc(1024 * 1024, 3)
      for (let i = 0; i < 200; i += 10) {
        await c.insertMany(Array.from({ length: 10 }, (_, j) => ({ _id: i + j, data: mb })))
      }
      assert.equal(await c.countDocuments({}), 200)
      const last = await c.findOne({ _id: 199 })
      assert.equal((last!.data as unknown as InstanceType<typeof mongoose.mongo.Binary>).buffer.length, 1024 * 1024)
      assert.equal(downs, 0, 'the database never went down')
    } finally {
      await client.close()
      await db.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe('documents crossing the size at which the engine keeps them decoded (64 KB)', () => {
  test('a document that grows past it and shrinks back keeps every field and its index entry, across restarts', async () => {
    const dataDir = newDataDir('campaign-growing-')
    type Note = { _id: number; key: string; text?: string; n: number }
    const open = async () => {
      const { db, client } = await openOwnDb(dataDir)
      return { db, client, notes: client.db('growing').collection<Note>('notes') }
    }
    const big = '长'.repeat(40_000) // 120 KB of UTF-8
    let run = await open()
    try {
      await run.notes.createIndex({ key: 1 }, { unique: true })
      await run.notes.insertMany([
        { _id: 1, key: 'a', n: 1 },
        { _id: 2, key: 'b', n: 1 },
      ])
      await run.notes.updateOne({ _id: 1 }, { $set: { text: big }, $inc: { n: 1 } })
      await run.client.close()
      await run.db.stop()
      run = await open()
      assert.deepEqual(await run.notes.findOne({ key: 'a' }), { _id: 1, key: 'a', n: 2, text: big })
      await run.notes.updateOne({ _id: 1 }, { $unset: { text: '' }, $inc: { n: 1 } })
      await assert.rejects(run.notes.updateOne({ _id: 2 }, { $set: { key: 'a' } }), /E11000/)
      await run.client.close()
      await run.db.stop()
      run = await open()
      assert.deepEqual(await run.notes.find({}).sort({ _id: 1 }).toArray(), [
        { _id: 1, key: 'a', n: 3 },
        { _id: 2, key: 'b', n: 1 },
      ])
    } finally {
      await run.client.close()
      await run.db.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe('queries answered through unique indexes return what a full scan returns', () => {
  test('extra conditions, $in on compound keys, arrays, patterns and missing keys', async () => {
    const db = mongoose.connection.db!
    const indexed = db.collection('lookup_indexed')
    const plain = db.collection('lookup_plain')
    await indexed.createIndex({ a: 1, b: 1 }, { unique: true })
    await indexed.createIndex({ p: 1 }, { unique: true, sparse: true })
    const docs = [
      { _id: 1, a: 'u', b: 't', z: 1, p: 'p1', r: 1 },
      { _id: 2, a: 'u', b: 'x-ray', z: 1, r: 1 },
      { _id: 3, a: 'v', b: ['t', 'u'], z: 1, p: 'p3', r: 2 },
      { _id: 4, a: 'u', b: 's', z: 2, p: 'p4', r: 1 },
    ]
    await indexed.insertMany(docs.map((d) => ({ ...d })) as never[])
    await plain.insertMany(docs.map((d) => ({ ...d })) as never[])
    const queries: Record<string, unknown>[] = [
      { _id: 1, z: 1 },
      { _id: { $in: [1, 4] }, z: 2 },
      { a: 'u', b: 't', z: 1 },
      { a: 'u', b: { $in: ['t', 's'] } },
      { a: 'u', b: { $in: ['t', 's'] }, z: 2 },
      { a: 'u', b: { $in: [/^x/] } },
      { a: 'u', b: /^x/, z: 1 },
      { a: 'v', b: 't', z: 1 },
      { a: 'v', b: ['t', 'u'], z: 1 },
      { a: 'u', b: { $ne: 't' } },
      { p: { $in: [null] }, r: 1 },
      { p: null, r: 1 },
      { p: 'p4', r: 1 },
    ]
    const idsOf = async (c: typeof plain, q: Record<string, unknown>) =>
      (
        await c
          .find(q as never)
          .sort({ _id: 1 })
          .toArray()
      ).map((d) => d._id)
    for (const q of queries) {
      assert.deepEqual(await idsOf(indexed, q), await idsOf(plain, q), `query ${JSON.stringify(q, (_k, v) => (v instanceof RegExp ? String(v) : v))}`)
    }
  })
})

describe('a data directory of the previous file format (2)', () => {
  test('opens, answers by _id and by unique index, and keeps what is written after the upgrade', async () => {
    // Written by the engine before ObjectIds and index keys were stored as bytes (Java serialization):
    // 300 ObjectId-keyed documents with a compound and a sparse unique index, 50 string-keyed ones.
    const dataDir = newDataDir('campaign-format2-')
    const fixture = path.join(__dirname, '..', 'fixtures', 'embedded-db-format2.mv.db.gz')
    fs.writeFileSync(path.join(dataDir, 'campus.mv.db'), zlib.gunzipSync(fs.readFileSync(fixture)))
    const { ObjectId } = mongoose.mongo
    const idOf = (i: number) => new ObjectId(i.toString(16).padStart(24, '0'))
    const open = async () => {
      const { db, client } = await openOwnDb(dataDir)
      return { db, client, people: client.db('campaign').collection('people'), sessions: client.db('campaign').collection<{ _id: string; n: number }>('sessions') }
    }
    let opened = await open()
    try {
      const { people, sessions } = opened
      assert.equal(await people.countDocuments({}), 300)
      assert.equal(await sessions.countDocuments({}), 50)
      assert.equal((await people.findOne({ _id: idOf(123) }))?.n, 123)
      assert.equal((await people.findOne({ userId: idOf((41 * 7) % 300), itemKey: 'article:11' }))?.n, 41)
      assert.equal((await people.findOne({ code: 'c77' }))?.n, 77)
      assert.equal((await sessions.findOne({ _id: 's-7' }))?.n, 7)
      await assert.rejects(people.insertOne({ userId: idOf(7), itemKey: 'article:1', n: -1 }), (err: { code?: number }) => err.code === 11000)
      // Writes after the upgrade mix the new encoding into pages of the old one.
      await people.updateOne({ _id: idOf(123) }, { $set: { n: 1123 } })
      await people.insertMany(Array.from({ length: 100 }, (_, i) => ({ _id: idOf(1000 + i), userId: idOf(1000 + i), itemKey: 'article:0', n: 1000 + i, code: `new${i}` })))
      await opened.client.close()
      await opened.db.stop()

      opened = await open()
      assert.equal(await opened.people.countDocuments({}), 400)
      assert.equal((await opened.people.findOne({ _id: idOf(123) }))?.n, 1123)
      assert.equal((await opened.people.findOne({ userId: idOf(1050), itemKey: 'article:0' }))?.n, 1050)
      assert.equal((await opened.people.findOne({ code: 'c77' }))?.n, 77)
      assert.equal((await opened.people.findOne({ code: 'new99' }))?.n, 1099)
      await assert.rejects(opened.people.insertOne({ userId: idOf(1050), itemKey: 'article:0' }), (err: { code?: number }) => err.code === 11000)
    } finally {
      await opened.client.close()
      await opened.db.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
