import mongoose, { Schema } from 'mongoose'
import { isDuplicateKeyError } from '../errors'

/**
 * Exactly-once claims. Inserting a document with a unique _id is atomic on MongoDB and on
 * the embedded FerretDB alike, whereas FerretDB v1 runs findAndModify and conditional
 * updates as a read followed by a write (two concurrent callers can both "win"; a test
 * caught this). Anything that must happen once across concurrent requests or server
 * instances — publishing an article, completing an item, applying a heartbeat — claims a
 * key here first.
 */
const claimSchema = new Schema({ _id: String, at: { type: Date, required: true }, owner: String }, { versionKey: false })
export const Claim = mongoose.model('Claim', claimSchema, 'claims')

export async function claimOnce(key: string, at: Date, owner?: string): Promise<boolean> {
  try {
    await Claim.create({ _id: key, at, owner })
    return true
  } catch (err) {
    if (isDuplicateKeyError(err)) return false
    throw err
  }
}

export async function claimOwner(key: string): Promise<string | null> {
  const claim = await Claim.findById(key, { owner: 1 }).lean()
  return claim?.owner ?? null
}
